/**
 * The NodeMetric controller side by side with the same controller written with controller-runtime,
 * on one real kube-apiserver (envtest): examples/nodemetric-controller (through
 * bench/support/nodemetric-controller-child.ts, bundled into one JavaScript file and run on plain
 * node as a compiled controller runs; the variant `koordinator-client/tsx`, with `--only`, runs
 * the sources through the tsx loader) against bench/go-controller (`nodemetric` mode:
 * `For(NodeMetric, GenerationChanged)` + `Watches(Node, LabelChanged)` +
 * `Watches(ConfigMap koordinator-system/slo-controller-config)`, controller-runtime v0.25 over
 * client-go v0.37, NodeMetrics as a minimal typed struct registered in the scheme; the variant
 * `controller-runtime/unstructured`, with `--only`, uses unstructured objects).
 *
 * Setup (once): N Nodes (half labelled `pool=b`) and a `slo-controller-config` whose colocation
 * strategy is enabled, with a `nodeConfigs` override for `pool=b`. Then, for every run and every
 * implementation in turn, from the same state (no NodeMetric, config A):
 * 1. Converge: the controller process is started; the time until all N NodeMetrics exist with
 *    the expected spec, as seen by a watch in this process (the same harness for both), from the
 *    spawn and from the controller's first output line.
 * 2. Reconfigure: the ConfigMap changes (config B); the time until all N specs follow.
 * 3. After a 1 s settle: the controller's CPU time and peak RSS from /proc (the same reading for
 *    both), then SIGTERM; the controller reports how many reconciles it ran (and the Node one its
 *    V8 heap, used and reserved). CPU per reconcile is the process's CPU (startup included) over
 *    its reconciles.
 * The row `koordinator-client (--max-semi-space-size=8)` runs the bundle with V8's young
 * generation capped at two 8 MiB semi-spaces: by default V8 sizes it by the machine's memory.
 * Both controllers run 4 workers with no client-side rate limit (controller-runtime's default;
 * `--qps`/`--burst` set one for both), and strip managedFields from their caches.
 *
 * Run (Node 24; Go >= 1.26 on PATH for the controller-runtime rows):
 *   KOORD_ENVTEST_ASSETS=... npx tsx bench/controller-converge.ts [--count 10000] [--runs 3]
 *     [--only koordinator-client,controller-runtime] [--workers 4] [--qps Q --burst B] [--json out.json]
 *     [--cpu-prof DIR]  (the Node controller writes a V8 CPU profile there on exit)
 * Client and server share the machine's cores: on a small machine the API server is the larger
 * part of the time. A measurement, not a test.
 */
import { loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { renderTable } from './support/measure.js';
import { median, mib } from './support/memory.js';
import { procStats } from './support/proc-stats.js';
import { buildGoProgram } from './support/go-build.js';
import { bundleNodeProgram } from './support/node-bundle.js';
import { startJsonLinesChild, type JsonLinesChild } from './support/json-lines-child.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(benchDir);

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string', default: '4' },
    qps: { type: 'string', default: '-1' },
    burst: { type: 'string', default: '-1' },
    only: { type: 'string' },
    json: { type: 'string' },
    'timeout-s': { type: 'string', default: '900' },
    'cpu-prof': { type: 'string' },
  },
});
const count = Number(args.count);
const runs = Number(args.runs);
const timeoutMs = Number(args['timeout-s']) * 1000;
const only = args.only === undefined ? undefined : new Set(args.only.split(',').map((x) => x.trim()));
const childFlags = [`--qps=${args.qps!}`, `--burst=${args.burst!}`, `--workers=${args.workers!}`];
/** The bundled controller on `node --max-semi-space-size=8`. */
const SMALL_YOUNG_GEN = 'koordinator-client (--max-semi-space-size=8)';

/** The colocation strategy of a run's phase: A at start, B after the reconfiguration. */
interface Phase {
  config: Record<string, unknown>;
  /** The spec.metricCollectPolicy a Node in pool `a` or `b` must end up with. */
  expected: (pool: 'a' | 'b') => Record<string, unknown>;
}

const phases: { a: Phase; b: Phase } = {
  a: {
    config: {
      enable: true,
      metricAggregateDurationSeconds: 120,
      metricReportIntervalSeconds: 30,
      metricAggregatePolicy: { durations: ['5m0s', '10m0s'] },
      metricMemoryCollectPolicy: 'usageWithPageCache',
      nodeConfigs: [{ name: 'pool-b', nodeSelector: { matchLabels: { pool: 'b' } }, metricReportIntervalSeconds: 15 }],
    },
    expected: (pool) => ({ aggregateDurationSeconds: 120, reportIntervalSeconds: pool === 'b' ? 15 : 30, nodeAggregatePolicy: { durations: ['5m0s', '10m0s'] }, nodeMemoryCollectPolicy: 'usageWithPageCache' }),
  },
  b: {
    config: {
      enable: true,
      metricAggregateDurationSeconds: 180,
      metricReportIntervalSeconds: 30,
      metricAggregatePolicy: { durations: ['5m0s', '10m0s', '30m0s'] },
      metricMemoryCollectPolicy: 'usageWithPageCache',
      nodeConfigs: [{ name: 'pool-b', nodeSelector: { matchLabels: { pool: 'b' } }, metricReportIntervalSeconds: 20 }],
    },
    expected: (pool) => ({ aggregateDurationSeconds: 180, reportIntervalSeconds: pool === 'b' ? 20 : 30, nodeAggregatePolicy: { durations: ['5m0s', '10m0s', '30m0s'] }, nodeMemoryCollectPolicy: 'usageWithPageCache' }),
  },
};

const nodeName = (i: number) => `bench-node-${String(i).padStart(5, '0')}`;
const poolOf = (i: number): 'a' | 'b' => (i % 2 === 0 ? 'a' : 'b');

/** Key-order independent JSON equality of plain data. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** One implementation: how to start its controller. */
interface Impl {
  name: string;
  start(kubeconfig: string): JsonLinesChild;
}

/** One run's figures. */
interface Sample {
  impl: string;
  convergeMs: number;
  convergeFromStartMs: number;
  reconfigureMs: number;
  cpuMs: number;
  reconciles: number;
  peakRssBytes: number;
  /** V8 heap in use when SIGTERM came (the Node controller only). */
  heapUsedBytes: number;
  /** V8 heap reserved when SIGTERM came, the young generation included (the Node controller only). */
  heapTotalBytes: number;
}

async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n) await fn(next++);
  }));
}

async function main(): Promise<void> {
  const goBuild = only && ![...only].some((o) => o.startsWith('controller-runtime')) ? Promise.resolve(undefined) : buildGoProgram(join(benchDir, 'go-controller'), 'go-controller');
  const childSource = join(benchDir, 'support', 'nodemetric-controller-child.ts');
  const bundle = await bundleNodeProgram(repoDir, childSource, 'nodemetric-controller-child');
  const { startEnvtest } = await import('../src/envtest/index.js');
  const { GenericClientset } = await import('../src/generated/generic-clientset.js');
  const { GenericInformerFactory } = await import('../src/generated/generic-informer-factory.js');
  const { allResources } = await import('../src/generated/all-resources.js');
  const { installCrds } = await import('../src/client/crd-installer.js');

  const env = await startEnvtest();
  const cs = await GenericClientset.create({ config: env.restConfig, qps: -1, validateWrites: false });
  const samples: Sample[] = [];
  const go = await goBuild;
  try {
    await installCrds(cs, allResources, { waitTimeoutMs: 120_000 });
    await cs.coreV1.namespaces().create({ metadata: { name: 'koordinator-system' } });
    const cms = cs.coreV1.configMaps('koordinator-system');
    const setConfig = async (p: Phase, create = false): Promise<void> => {
      const body = { metadata: { name: 'slo-controller-config' }, data: { 'colocation-config': JSON.stringify(p.config) } };
      if (create) await cms.create(body);
      else await cms.patch('slo-controller-config', { type: 'merge', patch: { data: body.data } });
    };
    await setConfig(phases.a, true);
    const t0 = performance.now();
    const nodes = cs.coreV1.nodes();
    await pool(count, 32, async (i) => {
      await nodes.create({ metadata: { name: nodeName(i), labels: { pool: poolOf(i), 'topology.kubernetes.io/zone': `zone-${i % 3}`, 'kubernetes.io/hostname': nodeName(i) } } });
    });
    console.log(`created ${count} Nodes in ${Math.round(performance.now() - t0)} ms`);
    const poolByName = new Map(Array.from({ length: count }, (_, i) => [nodeName(i), poolOf(i)]));

    const profFlags = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [];
    const impls: Impl[] = [
      // Bundled into one JavaScript file on plain node, as a user's compiled controller runs.
      { name: 'koordinator-client', start: (kc) => startJsonLinesChild('koordinator-client', process.execPath, [...profFlags, bundle.file, ...childFlags, kc], repoDir) },
      // The bundle again with V8's young generation capped: V8 sizes it by the machine's memory
      // (64 MiB on 24 GiB), and it is most of the gap in peak RSS to a Go controller.
      { name: SMALL_YOUNG_GEN, start: (kc) => startJsonLinesChild(SMALL_YOUNG_GEN, process.execPath, [...profFlags, '--max-semi-space-size=8', bundle.file, ...childFlags, kc], repoDir) },
      // The same sources through the tsx loader (what `npx tsx examples/...` costs).
      { name: 'koordinator-client/tsx', start: (kc) => startJsonLinesChild('koordinator-client/tsx', process.execPath, [...profFlags, '--import', 'tsx', childSource, ...childFlags, kc], repoDir) },
    ];
    if (go) {
      impls.push({ name: 'controller-runtime', start: (kc) => startJsonLinesChild('controller-runtime', go.binary, ['nodemetric', ...childFlags, kc], repoDir) });
      // NodeMetrics as unstructured objects: only with --only naming it.
      impls.push({ name: 'controller-runtime/unstructured', start: (kc) => startJsonLinesChild('controller-runtime/unstructured', go.binary, ['nodemetric', '-unstructured', ...childFlags, kc], repoDir) });
    }
    const selected = impls.filter((i) => (only ? only.has(i.name) : !i.name.includes('/')));

    const nodeMetrics = cs.sloV1alpha1.nodeMetrics();
    for (let run = 0; run < runs; run++) {
      // Every other run in reverse order: neither side always meets the server in the same state.
      for (const impl of run % 2 === 0 ? selected : [...selected].reverse()) {
        // The same starting state for everybody: no NodeMetric, config A.
        await nodeMetrics.deleteCollection({});
        for (let waited = 0; (await nodeMetrics.list({ limit: 1 })).items.length > 0; waited++) {
          if (waited > 600) throw new Error('NodeMetrics are not gone after 60 s');
          await new Promise((r) => setTimeout(r, 100));
        }
        await setConfig(phases.a);

        // The harness: a watch on NodeMetrics counting those whose spec is the expected one.
        let phase: Phase = phases.a;
        const matching = new Set<string>();
        let onChange = (): void => {};
        const check = (o: { metadata?: { name?: string }; spec?: { metricCollectPolicy?: unknown } }): void => {
          const name = o.metadata?.name ?? '';
          const p = poolByName.get(name);
          if (p && sameJson(o.spec?.metricCollectPolicy, phase.expected(p))) matching.add(name);
          else matching.delete(name);
          onChange();
        };
        const factory = new GenericInformerFactory(cs);
        const informer = factory.sloV1alpha1.nodeMetrics.informer();
        informer.addEventHandler({ onAdd: check, onUpdate: (_o, n) => check(n), onDelete: () => {} });
        factory.start();
        await factory.waitForCacheSync(AbortSignal.timeout(60_000));
        const allMatch = (what: string): Promise<number> =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${impl.name}: ${what}: ${matching.size}/${count} after ${timeoutMs} ms`)), timeoutMs);
            onChange = () => {
              if (matching.size === count) {
                clearTimeout(timer);
                onChange = () => {};
                resolve(performance.now());
              }
            };
            onChange();
          });

        const spawnedAt = performance.now();
        const spawnedWall = Date.now();
        const child = impl.start(env.kubeconfigPath);
        try {
          const converged = allMatch('converge');
          const first = await child.waitFor((l) => l.msg === 'starting', 60_000, 'its first line');
          const convergedAt = await converged;
          const convergeMs = convergedAt - spawnedAt;
          const convergeFromStartMs = convergeMs - (first.readAt - spawnedWall);

          matching.clear();
          phase = phases.b;
          for (const o of informer.getStore().list()) check(o as never);
          const reconfigure = allMatch('reconfigure');
          const r0 = performance.now();
          await setConfig(phases.b);
          const reconfigureMs = (await reconfigure) - r0;

          await new Promise((r) => setTimeout(r, 1000));
          const stats = procStats(child.pid);
          const code = await child.stop('SIGTERM', 30_000);
          const stopped = child.lines.find((l) => l.msg === 'stopped');
          const memory = child.lines.find((l) => l.msg === 'memory');
          if (code !== 0 || !stopped) throw new Error(`${impl.name} exited with ${code} without a final report`);
          const sample: Sample = {
            impl: impl.name,
            convergeMs,
            convergeFromStartMs,
            reconfigureMs,
            cpuMs: stats?.cpuMs ?? Number.NaN,
            reconciles: Number(stopped.reconciles),
            peakRssBytes: stats?.peakRssBytes ?? Number.NaN,
            heapUsedBytes: memory ? Number(memory.heapUsed) : Number.NaN,
            heapTotalBytes: memory ? Number(memory.heapTotal) : Number.NaN,
          };
          samples.push(sample);
          console.log(`run ${run + 1} ${impl.name}: converged in ${Math.round(convergeMs)} ms, reconfigured in ${Math.round(reconfigureMs)} ms, ${sample.reconciles} reconciles, CPU ${Math.round(sample.cpuMs)} ms`);
        } finally {
          await child.stop('SIGKILL', 5_000);
          await factory.shutdown();
        }
      }
    }
  } finally {
    await cs.close();
    await env.stop();
    go?.dispose();
    bundle.dispose();
  }
  report(samples);
}

function report(samples: Sample[]): void {
  if (args.json) writeFileSync(args.json, JSON.stringify({ count, runs, loadavg: loadavg(), cpus: cpus().length, samples }, null, 2));
  const names = [...new Set(samples.map((s) => s.impl))];
  const med = (impl: string, f: (s: Sample) => number) => median(samples.filter((s) => s.impl === impl).map(f));
  const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  console.log(`\nNodeMetric controller on ${count} Nodes, median of ${runs} runs (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${cpus().length} cores)`);
  console.log(
    renderTable(
      ['implementation', 'converge ms', 'from first line ms', 'reconfigure ms', 'reconciles', 'CPU ms', 'CPU µs / reconcile', 'peak RSS MiB', 'heap used MiB', 'heap total MiB'],
      names.map((impl) => [
        impl,
        fmt(med(impl, (s) => s.convergeMs)),
        fmt(med(impl, (s) => s.convergeFromStartMs)),
        fmt(med(impl, (s) => s.reconfigureMs)),
        fmt(med(impl, (s) => s.reconciles)),
        fmt(med(impl, (s) => s.cpuMs)),
        fmt(med(impl, (s) => (s.cpuMs * 1000) / s.reconciles)),
        mib(med(impl, (s) => s.peakRssBytes)),
        Number.isFinite(med(impl, (s) => s.heapUsedBytes)) ? mib(med(impl, (s) => s.heapUsedBytes)) : 'n/a',
        Number.isFinite(med(impl, (s) => s.heapTotalBytes)) ? mib(med(impl, (s) => s.heapTotalBytes)) : 'n/a',
      ]),
    ),
  );
  if (names.includes('koordinator-client') && names.includes('controller-runtime')) {
    for (const impl of ['koordinator-client', SMALL_YOUNG_GEN].filter((n) => names.includes(n))) {
      const ratio = (f: (s: Sample) => number) => fmt(med(impl, f) / med('controller-runtime', f), 2);
      console.log(`${impl} / controller-runtime: converge ${ratio((s) => s.convergeMs)}x (goal <= 1.5), reconfigure ${ratio((s) => s.reconfigureMs)}x, CPU per reconcile ${ratio((s) => s.cpuMs / s.reconciles)}x, peak RSS ${ratio((s) => s.peakRssBytes)}x`);
    }
  }
}

await main();
