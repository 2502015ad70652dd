/**
 * Informer initial sync: time until the cache is synced and memory held, for N NodeMetrics of a
 * few KB each on one real kube-apiserver (envtest), koordinator-client's SharedInformerFactory
 * side by side with @kubernetes/client-node's `makeInformer`. Each informer runs in a fresh
 * child process (so RSS is its own); the parent starts envtest, installs the CRDs and creates the
 * objects once. Both warm up with one small list first, so connection set-up and lazily loaded
 * modules are not counted. koordinator-client lists in pages of 500; client-node's informer
 * lists everything in one request.
 *
 * Run: `npx tsx bench/informer-sync.ts [count=10000] [runs=3]` with KUBEBUILDER_ASSETS (or
 * KOORD_ENVTEST_ASSETS) pointing at etcd + kube-apiserver. A measurement, not a test.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';

const group = 'slo.koordinator.sh';
const version = 'v1alpha1';
const plural = 'nodemetrics';

interface Sample {
  impl: string;
  syncMs: number;
  objects: number;
  rssMiB: number;
  heapMiB: number;
}

function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function settleGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

async function childKoordinator(kubeconfig: string): Promise<Sample> {
  const { Clientset } = await import('../src/generated/clientset.js');
  const { nodeMetricResource } = await import('../src/generated/slo.koordinator.sh/v1alpha1/resources.js');
  const { SharedInformerFactory } = await import('../src/cache/shared-informer-factory.js');
  const cs = await Clientset.create({ kubeconfig });
  await cs.sloV1alpha1.nodeMetrics().list({ limit: 1 }); // warm up: connection, TLS, lazy modules
  settleGc();
  const base = process.memoryUsage();
  const t0 = performance.now();
  const factory = new SharedInformerFactory(cs);
  const nm = factory.clusterKind(nodeMetricResource);
  nm.informer();
  factory.start();
  await factory.waitForCacheSync();
  const syncMs = performance.now() - t0;
  const objects = nm.lister().list().length;
  settleGc();
  const mem = process.memoryUsage();
  await factory.shutdown();
  await cs.close();
  return { impl: 'koordinator-client', syncMs, objects, rssMiB: mib(mem.rss - base.rss), heapMiB: mib(mem.heapUsed - base.heapUsed) };
}

async function childClientNode(kubeconfig: string): Promise<Sample> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  await api.listClusterCustomObject({ group, version, plural, limit: 1 }); // warm up: connection, TLS, lazy modules
  settleGc();
  const base = process.memoryUsage();
  const t0 = performance.now();
  const informer = k8s.makeInformer<KubernetesObject>(kc, `/apis/${group}/${version}/${plural}`, () => api.listClusterCustomObject({ group, version, plural }) as Promise<KubernetesListObject<KubernetesObject>>);
  informer.on('error', () => {});
  await informer.start();
  const syncMs = performance.now() - t0;
  const objects = informer.list().length;
  settleGc();
  const mem = process.memoryUsage();
  await informer.stop();
  return { impl: '@kubernetes/client-node', syncMs, objects, rssMiB: mib(mem.rss - base.rss), heapMiB: mib(mem.heapUsed - base.heapUsed) };
}

async function createObjects(count: number): Promise<{ kubeconfig: string; stop: () => Promise<void> }> {
  const { startEnvtest } = await import('../src/envtest/index.js');
  const { Clientset } = await import('../src/generated/clientset.js');
  const { allResources } = await import('../src/generated/index.js');
  const { installCrds } = await import('../src/client/crd-installer.js');
  const { createHttpTransport } = await import('../src/rest/http-transport.js');
  const env = await startEnvtest();
  const cs = await Clientset.create({ transport: createHttpTransport(env.restConfig) });
  await installCrds(cs, allResources, { waitTimeoutMs: 120_000 });
  const client = cs.sloV1alpha1.nodeMetrics();
  const t0 = performance.now();
  let next = 0;
  // ~3 KB per object: a status listing per-pod usage, as NodeMetrics of a busy node carry.
  const podsMetric = Array.from({ length: 12 }, (_, i) => ({
    namespace: 'team-a',
    name: `pod-${i}-abcdefghij`,
    podUsage: { resources: { cpu: `${100 + i}m`, memory: `${200 + i}Mi` } },
    priority: 'koord-prod',
  }));
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const name = `bench-node-${String(i).padStart(5, '0')}`;
      const created = await client.create({ metadata: { name, labels: { bench: 'informer-sync', pool: `p${i % 10}` } }, spec: { metricCollectPolicy: { reportIntervalSeconds: 60, aggregateDurationSeconds: 300 } } }, { validate: false });
      await client.updateStatus({ ...created, status: { updateTime: new Date().toISOString(), nodeMetric: { nodeUsage: { resources: { cpu: '3500m', memory: '12Gi' } } }, podsMetric } } as typeof created, { validate: false });
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  const sample = await client.list({ limit: 1 });
  console.log(`created ${count} NodeMetrics in ${Math.round(performance.now() - t0)} ms (${JSON.stringify(sample.items[0]).length} bytes of JSON each)`);
  await cs.close();
  return { kubeconfig: env.kubeconfigPath, stop: () => env.stop() };
}

async function main(): Promise<void> {
  const [mode, arg1, arg2] = process.argv.slice(2);
  if (mode === '--child') {
    const sample = arg1 === 'client-node' ? await childClientNode(arg2!) : await childKoordinator(arg2!);
    process.stdout.write(`${JSON.stringify(sample)}\n`);
    return;
  }
  const count = Number(mode ?? 10_000);
  const runs = Number(arg1 ?? 3);
  const cluster = await createObjects(count);
  const self = fileURLToPath(import.meta.url);
  const samples: Sample[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      for (const impl of ['koordinator-client', 'client-node']) {
        const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', impl, cluster.kubeconfig], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
        samples.push(JSON.parse(out.trim().split('\n').pop()!) as Sample);
      }
    }
  } finally {
    await cluster.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\ninformer initial sync of ${count} NodeMetrics, median of ${runs} runs (fresh process each)`);
  console.log('implementation               objects   sync ms   RSS +MiB   heap +MiB');
  for (const impl of ['koordinator-client', '@kubernetes/client-node']) {
    const s = samples.filter((x) => x.impl === impl);
    console.log(`${impl.padEnd(28)} ${String(s[0]?.objects ?? 0).padStart(7)} ${String(Math.round(median(s.map((x) => x.syncMs)))).padStart(9)} ${String(median(s.map((x) => x.rssMiB))).padStart(10)} ${String(median(s.map((x) => x.heapMiB))).padStart(11)}`);
  }
}

await main();
