// A kubeconfig cluster with proxy-url: requests (and watches) go through an HTTP CONNECT proxy on
// loopback to the real API server; a proxy that refuses makes a typed error.
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Clientset } from '../../src/generated/clientset.js';
import { KubeClientError } from '../../src/rest/errors.js';
import { envtestInfo } from './env.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

/** A minimal HTTP CONNECT proxy that records the targets it tunnels to. */
function startConnectProxy(refuse = false): Promise<{ server: Server; url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    if (refuse) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host, () => {
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

/** The envtest kubeconfig with `proxy-url` set on its cluster. */
async function kubeconfigWithProxy(proxyUrl: string): Promise<string> {
  const kc = parse(await readFile(envtestInfo().kubeconfigPath, 'utf8')) as { clusters: Array<{ cluster: Record<string, unknown> }> };
  for (const c of kc.clusters) c.cluster['proxy-url'] = proxyUrl;
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
