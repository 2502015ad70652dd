/**
 * Time to detect a black-holed watch, side by side on one real kube-apiserver (envtest) behind
 * one TCP proxy (test/support/fault-proxy.ts, `tcp` mode: TLS and ALPN pass through, so each
 * client negotiates what it would with the real server).
 *
 * Each round: every client has an informer on the ConfigMaps of one namespace, synced and
 * watching through the proxy; the proxy then silently drops every byte of every open connection
 * (no FIN, no RST: a partition, a dead NAT entry) while new connections pass; a ConfigMap is
 * created directly on the server; reported is how long after its creation each informer's
 * handler sees it (detection of the dead connection + re-watch).
 *
 * Clients:
 * - koordinator-client: `SharedIndexInformer` over a Clientset with its defaults (HTTP/2 with a
 *   PING every 22.5 s, dead after 45 s at most), or `--bound MS` / `--http1`;
 * - client-go: bench/go-deadconn, a dynamic shared informer with client-go v0.37 defaults
 *   (HTTP/2, read-idle PING after 30 s, PING timeout 15 s);
 * - client-node: `@kubernetes/client-node` `makeInformer` (`--no-client-node` to skip).
 *
 * Run (Node 24; Go >= 1.26 on PATH for the client-go row):
 *   KOORD_ENVTEST_ASSETS=... npx tsx bench/dead-connection.ts [--rounds 1] [--max-wait 120]
 *     [--bound 45000] [--http1] [--no-client-node]
 * (one round with the defaults takes about 1 minute; client-node's row is "not seen" when it
 * does not recover within --max-wait seconds). A measurement, not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SharedIndexInformer } from '../src/cache/shared-informer.js';
import { ResourceClient } from '../src/client/resource-client.js';
import { resolveBinaries, startEnvtest } from '../src/envtest/index.js';
import { Clientset } from '../src/generated/clientset.js';
import type { ResourceDescriptor } from '../src/meta/descriptor.js';
import type { KubeObject } from '../src/meta/object.js';
import { FaultProxy } from '../test/support/fault-proxy.js';
import { buildGoProgram } from './support/go-build.js';
import { renderTable } from './support/measure.js';

const benchDir = dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '1' },
    'max-wait': { type: 'string', default: '120' },
    bound: { type: 'string' },
    http1: { type: 'boolean', default: false },
    'no-client-node': { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const maxWaitMs = Number(args['max-wait']) * 1000;

const configMaps: ResourceDescriptor = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: [],
  namespaced: true,
  subresources: { status: false },
  printerColumns: [],
};
const namespaces: ResourceDescriptor = { ...configMaps, kind: 'Namespace', listKind: 'NamespaceList', plural: 'namespaces', singular: 'namespace', namespaced: false };

/** When (performance.now()) each client saw each object. */
type Seen = Map<string, number>;

interface Peer {
  name: string;
  seen: Seen;
  errors: number;
  stop(): Promise<void>;
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

async function ours(server: string, tls: { ca: string; cert: string; key: string }, ns: string): Promise<Peer> {
  const cs = await Clientset.create({
    config: { server, tls, auth: {} },
    rateLimiter: false,
    ...(args.bound !== undefined ? { deadConnectionTimeoutMs: Number(args.bound) } : {}),
    ...(args.http1 ? { http2: false } : {}),
  });
  const peer: Peer = { name: `koordinator-client${args.http1 ? ' (HTTP/1.1)' : ''}`, seen: new Map(), errors: 0, stop: async () => {} };
  const informer = new SharedIndexInformer<KubeObject>(new ResourceClient<KubeObject>(cs.ctx, configMaps, ns), { onError: () => void peer.errors++ });
  informer.addEventHandler({ onAdd: (o, initial) => void (initial || peer.seen.set(o.metadata?.name ?? '', performance.now())) });
  const running = informer.run();
  if (!(await informer.waitForSync(AbortSignal.timeout(30_000)))) throw new Error('koordinator-client never synced');
  peer.stop = async () => {
    await informer.stop();
    await running;
    await cs.close();
  };
  return peer;
}

function goPeer(binary: string, kubeconfig: string, ns: string): Promise<Peer> {
  const child: ChildProcess = spawn(binary, [kubeconfig, ns], { stdio: ['pipe', 'pipe', 'inherit'] });
  // Go reports Unix ms; map them onto this process's clock.
  const offset = performance.timeOrigin;
  const peer: Peer = {
    name: 'client-go v0.37',
    seen: new Map(),
    errors: 0,
    stop: async () => {
      child.stdin?.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`go-deadconn exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [kind, a, b] = line.split(' ');
      if (kind === 'ready') resolve(peer);
      else if (kind === 'seen' && a && b) peer.seen.set(a, Number(b) - offset);
      else if (kind === 'error') peer.errors++;
    });
  });
}

async function clientNodePeer(kubeconfig: string, ns: string): Promise<Peer> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/configmaps`, () => api.listNamespacedConfigMap({ namespace: ns }));
  const peer: Peer = { name: 'client-node', seen: new Map(), errors: 0, stop: () => informer.stop() };
  let synced = false;
  informer.on('add', (o) => void (synced && peer.seen.set(o.metadata?.name ?? '', performance.now())));
  informer.on('error', () => void peer.errors++);
  await informer.start();
  synced = true;
  return peer;
}

async function main(): Promise<void> {
  const env = await startEnvtest({ binaryAssetsDir: resolveBinaries().assetsDir });
  const proxy = new FaultProxy({ upstream: env.server, upstreamCa: env.caPem, mode: 'tcp' });
  await proxy.start();
  const work = mkdtempSync(join(tmpdir(), 'dead-connection-'));
  const kubeconfig = join(work, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: proxy
clusters: [{name: proxy, cluster: {server: "${proxy.url}", certificate-authority-data: ${b64(env.caPem)}}}]
users: [{name: admin, user: {client-certificate-data: ${b64(env.clientCertPem)}, client-key-data: ${b64(env.clientKeyPem)}}}]
contexts: [{name: proxy, context: {cluster: proxy, user: admin}}]
`,
  );
  const admin = await Clientset.create({ config: env.restConfig, rateLimiter: false });
  const ns = `dead-${Date.now().toString(36)}`;
  await new ResourceClient<KubeObject>(admin.ctx, namespaces).create({ metadata: { name: ns } });
  const go = await buildGoProgram(join(benchDir, 'go-deadconn'), 'go-deadconn');
  const peers: Peer[] = [await ours(proxy.url, { ca: env.caPem, cert: env.clientCertPem, key: env.clientKeyPem }, ns)];
  if (go) peers.push(await goPeer(go.binary, kubeconfig, ns));
  if (!args['no-client-node']) peers.push(await clientNodePeer(kubeconfig, ns));

  const latencies = new Map<string, number[]>(peers.map((p) => [p.name, []]));
  try {
    for (let r = 0; r < rounds; r++) {
      await new Promise((res) => setTimeout(res, 2000)); // every watch open and idle
      proxy.blackHole();
      const name = `probe-${r}`;
      const created = performance.now();
      await new ResourceClient<KubeObject>(admin.ctx, configMaps, ns).create({ metadata: { name } });
      while (performance.now() - created < maxWaitMs && !peers.every((p) => p.seen.has(name))) await new Promise((res) => setTimeout(res, 100));
      for (const p of peers) latencies.get(p.name)!.push((p.seen.get(name) ?? Infinity) - created);
      console.log(`round ${r + 1}: ${peers.map((p) => `${p.name} ${fmt(latencies.get(p.name)!.at(-1)!)}`).join(', ')}`);
    }
  } finally {
    await Promise.all(peers.map((p) => p.stop().catch(() => {})));
    await admin.close();
    await proxy.close();
    await env.stop();
    rmSync(work, { recursive: true, force: true });
    go?.dispose();
  }

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Infinity;
  const goMedian = median(latencies.get('client-go v0.37') ?? []);
  console.log(`\nTime from a black hole + create to the informer seeing the object (${rounds} round(s), max wait ${maxWaitMs / 1000} s)`);
  console.log(
    renderTable(
      ['client', 'median', 'rounds', 'vs client-go'],
      peers.map((p) => {
        const xs = latencies.get(p.name)!;
        const m = median(xs);
        return [p.name, fmt(m), xs.map(fmt).join(' '), Number.isFinite(m) && Number.isFinite(goMedian) ? `${(m / goMedian).toFixed(2)}x` : '-'];
      }),
    ),
  );
}

function fmt(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'not seen';
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
