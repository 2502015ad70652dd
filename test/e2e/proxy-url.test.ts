// A kubeconfig cluster with proxy-url: requests (and watches) go through an HTTP CONNECT proxy on
// loopback to the real API server; a proxy that refuses makes a typed error.
// HTTPS_PROXY / NO_PROXY from the environment: Go never proxies loopback addresses, so these tests
// name the server `kubernetes.default.svc` (in the envtest serving certificate, and resolvable by
// nobody here): only a proxy that tunnels it to 127.0.0.1 can reach the server.
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Clientset } from '../../src/generated/clientset.js';
import { KubeClientError, NetworkError } from '../../src/rest/errors.js';
import { envtestInfo } from './env.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

/** A minimal HTTP CONNECT proxy that records the targets it tunnels to (every host goes to 127.0.0.1). */
function startConnectProxy(refuse = false): Promise<{ server: Server; url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    if (refuse) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const [, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const close = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels })));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'proxy-url-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The envtest kubeconfig with `proxy-url` set on its cluster, and the server renamed when `host` is given. */
async function kubeconfigWithProxy(proxyUrl: string | undefined, host?: string): Promise<string> {
  const kc = parse(await readFile(envtestInfo().kubeconfigPath, 'utf8')) as { clusters: Array<{ cluster: Record<string, unknown> }> };
  for (const c of kc.clusters) {
    if (proxyUrl !== undefined) c.cluster['proxy-url'] = proxyUrl;
    if (host !== undefined) {
      const u = new URL(String(c.cluster['server']));
      u.hostname = host;
      c.cluster['server'] = u.origin;
    }
  }
  const path = join(dir, `kubeconfig-${suffix()}`);
  await writeFile(path, stringify(kc));
  return path;
}

describe('proxy-url', () => {
  it('sends requests and watches through the proxy named by the kubeconfig', async () => {
    const proxy = await startConnectProxy();
    const cs = await Clientset.create({ kubeconfig: await kubeconfigWithProxy(proxy.url) });
    try {
      const name = `via-proxy-${suffix()}`;
      const nodeMetrics = cs.sloV1alpha1.nodeMetrics();
      const ac = new AbortController();
      const seen: string[] = [];
      const start = await nodeMetrics.list({ limit: 1 });
      const watching = (async () => {
        for await (const ev of nodeMetrics.watch({ resourceVersion: start.metadata.resourceVersion, fieldSelector: `metadata.name=${name}`, signal: ac.signal })) {
          seen.push(ev.type);
          ac.abort();
        }
      })();
      await cluster.cs.sloV1alpha1.nodeMetrics().create({ metadata: { name } });
      await watching;
      expect(seen).toEqual(['ADDED']);
      expect((await nodeMetrics.get(name)).metadata?.name).toBe(name);
      const server = new URL(envtestInfo().server);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([`${server.hostname}:${server.port}`]));
    } finally {
      await cs.close();
      proxy.server.close();
    }
  });

  it('a proxy that refuses the tunnel is a typed error, not a hang', async () => {
    const proxy = await startConnectProxy(true);
    const cs = await Clientset.create({ kubeconfig: await kubeconfigWithProxy(proxy.url), retry: false });
    try {
      const err = await cs.sloV1alpha1.nodeMetrics().list({ timeoutMs: 10_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KubeClientError);
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await cs.close();
      proxy.server.close();
    }
  });
});

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** Runs `fn` with these proxy variables set (and the others unset), restoring the environment after. */
async function withProxyEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map(PROXY_VARS.map((k) => [k, process.env[k]]));
  for (const k of PROXY_VARS) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('HTTPS_PROXY / NO_PROXY from the environment', () => {
  const host = 'kubernetes.default.svc';
  const port = new URL(envtestInfo().server).port;

  it('HTTPS_PROXY (or https_proxy) carries requests and watches to a server only the proxy can reach', async () => {
    for (const variable of ['HTTPS_PROXY', 'https_proxy']) {
      const proxy = await startConnectProxy();
      try {
        const kubeconfig = await kubeconfigWithProxy(undefined, host);
        const cs = await withProxyEnv({ [variable]: proxy.url.replace('http://', '') }, () => Clientset.create({ kubeconfig, retry: false }));
        try {
          const name = `env-proxy-${suffix()}`;
          await cluster.cs.sloV1alpha1.nodeMetrics().create({ metadata: { name } });
          expect((await cs.sloV1alpha1.nodeMetrics().get(name, { timeoutMs: 10_000 })).metadata?.name).toBe(name);
          const ac = new AbortController();
          for await (const ev of cs.sloV1alpha1.nodeMetrics().watch({ fieldSelector: `metadata.name=${name}`, signal: ac.signal, timeoutMs: 10_000 })) {
            expect(ev.object.metadata?.name).toBe(name);
            ac.abort();
          }
          await cluster.cs.sloV1alpha1.nodeMetrics().delete(name);
          expect(new Set(proxy.tunnels)).toEqual(new Set([`${host}:${port}`]));
        } finally {
          await cs.close();
        }
      } finally {
        proxy.server.close();
      }
    }
  });

  it('NO_PROXY matching the server: a direct connection (which cannot resolve the name), the proxy unused', async () => {
    const proxy = await startConnectProxy();
    try {
      const kubeconfig = await kubeconfigWithProxy(undefined, host);
      const cs = await withProxyEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,.svc' }, () => Clientset.create({ kubeconfig, retry: false }));
      try {
        const err = await cs.sloV1alpha1.nodeMetrics().list({ timeoutMs: 10_000 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(NetworkError);
        expect(proxy.tunnels).toEqual([]);
      } finally {
        await cs.close();
      }
    } finally {
      proxy.server.close();
    }
  });

  it('the kubeconfig proxy-url wins over HTTPS_PROXY; a loopback server is never proxied from the environment', async () => {
    const good = await startConnectProxy();
    const refusing = await startConnectProxy(true);
    try {
      const viaKubeconfig = await kubeconfigWithProxy(good.url, host);
      const cs = await withProxyEnv({ HTTPS_PROXY: refusing.url }, () => Clientset.create({ kubeconfig: viaKubeconfig, retry: false }));
      const direct = await withProxyEnv({ HTTPS_PROXY: refusing.url }, () => Clientset.create({ kubeconfig: envtestInfo().kubeconfigPath, retry: false }));
      try {
        expect((await cs.sloV1alpha1.nodeMetrics().list({ limit: 1, timeoutMs: 10_000 })).kind).toBe('NodeMetricList');
        expect((await direct.sloV1alpha1.nodeMetrics().list({ limit: 1, timeoutMs: 10_000 })).kind).toBe('NodeMetricList');
        expect(good.tunnels.length).toBeGreaterThan(0);
        expect(refusing.tunnels).toEqual([]);
      } finally {
        await cs.close();
        await direct.close();
      }
    } finally {
      good.server.close();
      refusing.server.close();
    }
  });
});
