/**
 * Informers side by side on one real kube-apiserver (envtest), for N objects of a few KB each:
 * NodeMetrics (`--kind nodemetrics`, the default; koordlet-like status: node usage with
 * aggregates, ~20 pods' usage) or Pods (`--kind pods`; a Deployment's running Pod: two containers
 * with env, resources, probes, mounts; an init container; volumes, affinity, tolerations; a
 * Running status with conditions and container statuses):
 *
 * 1. Initial sync: time until the cache is synced, CPU spent, and memory held afterwards (RSS
 *    and heap, deltas from the process's own baseline after a warm-up list, settled by full
 *    GCs), per cached object and relative to the objects' average JSON size. Each
 *    implementation runs in a fresh process, one after the other, `--runs` times.
 * 2. Live updates: a separate, unthrottled writer (this parent process, `--concurrency` patches
 *    in flight) patches every object's status once while the three informers watch, all at
 *    the same time, so that they see the same stream from the same server in the same state.
 *    Reported: update notifications per second at a handler (first to last), the CPU the
 *    client spent per 1000 updates, and how long after the last write the last one came. When
 *    the API server takes writes (and fans them out) more slowly than the informers consume
 *    them, events/s is the server's rate for everybody; the CPU column then tells the clients
 *    apart.
 * 3. Replay: the same N changes, delivered as fast as server and client go: each informer, in
 *    turn, reads its initial list at exactly the resourceVersion from before the writes, so
 *    that its watch replays all N from the watch cache. Closer to the informer's own
 *    throughput (decode, cache, dispatch), though the server still has to encode every event:
 *    the CPU kube-apiserver and etcd spent from the first to the last update, per update, and
 *    how busy the machine's cores were meanwhile are reported beside it (support/proc-stats.ts),
 *    with the garbage collections kube-apiserver ran during the run. Before each run the bench
 *    has kube-apiserver collect its garbage (support/server-gc.ts; `--no-server-gc` leaves it
 *    be), so that every client's run starts from the same server heap. Since client and server
 *    share the cores, the report also puts every client on the same server CPU per event ("At
 *    equal server cost"): what each client's own CPU per event and machine busy are worth.
 * 4. Replay from memory: the list and the watch of (3), recorded once from kube-apiserver byte for
 *    byte and served by a stand-in server (support/recorded-api-server.ts, plain HTTP/1.1, in a
 *    process of its own) as fast as each informer takes them: the informers' own throughput,
 *    which (3) cannot show when the server's encoding sets the pace.
 *
 * Implementations:
 * - koordinator-client: the generated `InformerFactory` (`sloV1alpha1.nodeMetrics.informer()`)
 *   or `KubeInformerFactory` (`coreV1.pods.informer()`), a consistent list in pages of 500, then
 *   watch.
 *   Its cache interns values by default (`internValues`: equal strings and managedFields trees held
 *   once across the cache). Sync-only variants: `/no-intern` (`internValues: false`: objects
 *   exactly as parsed), `/watchlist` (streaming initial list), `/strip-managed-fields` (a transform
 *   dropping metadata.managedFields), `/no-intern+strip`, `/json-cache` (`cacheFormat: 'json'`), `/json-cache+strip`, `/http1`
 *   (HTTP/1.1 instead of HTTP/2; it replays too) and `/watch-cache` (`listFromWatchCache`: the initial list at
 *   resourceVersion "0", answered whole by the watch cache, as client-go's reflector asks for it).
 *   `/no-intern` and `/http1` replay too. Replay-only variants: `/h2-window-256k` (HTTP/2 with undici's default receive windows, 256 KiB
 *   per stream and 512 KiB per connection, instead of ours: 4 MiB / 16 MiB), `/no-gzip` (`disableCompression`: its
 *   list pages come uncompressed) and `koordinator-client (--max-semi-space-size=8)` (the default informer in a node
 *   whose V8 young generation is capped, as docs/controllers.md suggests).
 *   With `--event-runs 0`, one round of updates is written with nobody watching, for the replays.
 * - client-node: `@kubernetes/client-node` `makeInformer` (one unpaginated list, then watch), over
 *   `CustomObjectsApi` for NodeMetrics and the typed `CoreV1Api` (objects as `V1Pod`) for Pods.
 * - client-go: bench/go-informer, a `dynamicinformer` shared informer of unstructured objects for
 *   NodeMetrics, the typed Pod informer of client-go's generated informer factory for Pods
 *   (client-go v0.37 defaults: JSON, streaming initial list, i.e. WatchList, over HTTP/2);
 *   sync-only variants `/list` with WatchListClient off (replay runs with it off too) and, for
 *   Pods, `/protobuf` (what Kubernetes' own components speak; this package has no protobuf).
 * - json-floor (sync only): one unpaginated `list()` held in an array, i.e. the V8 cost of the
 *   parsed objects with no cache around them.
 * - watch-floor (replay only): the informers' list at the same resourceVersion, read and dropped
 *   unparsed (the server does the same work), then a plain undici HTTP/2 watch from it, each line
 *   parsed and counted, with no cache or handler: the fastest any client takes these events from
 *   this server. An informer near it is bound by the server, not by itself.
 * No client is rate limited (client-go runs with QPS -1). The API server runs with
 * `--request-timeout=10m` (which makes the watch cache keep 10 minutes of events instead of
 * 75 s) and without etcd compaction, so that the replay's starting point stays available.
 *
 * Run (Node 24; Go >= 1.26 on PATH for the client-go rows):
 *   KOORD_ENVTEST_ASSETS=... npx tsx bench/informer-sync.ts [--kind nodemetrics|pods] [--count 10000] [--runs 3]
 *     [--event-runs 1] [--replay-runs 3] [--recorded-runs 3] [--no-events] [--no-variants] [--no-server-gc] [--only impl,impl] [--concurrency 32]
 *     [--json out.json]
 * (about 10 minutes with the defaults on 2 cores, most of it the API server taking writes)
 * The Node children run as one bundled JavaScript file on plain `node`, as users run compiled code
 * (see support/node-bundle.ts).
 * The Go program is built with `go build` into a temporary directory (no binary in the tree).
 * Client and server share the machine's cores: on a small machine the live figures say as much
 * about kube-apiserver as about the clients. A measurement, not a test.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildGoProgram } from './support/go-build.js';
import type { EventsSample, SyncSample } from './support/informer-child.js';
import { renderTable } from './support/measure.js';
import { median, mib } from './support/memory.js';
import { bundleNodeProgram } from './support/node-bundle.js';
import { CpuTimeline } from './support/proc-stats.js';
import { serverGc } from './support/server-gc.js';
import { rotated, runChild, sinceSynced, smallYoungGeneration, startChild, type Child } from './support/replay-runs.js';
import { recordReplay, startRecordedServer } from './support/watch-recording.js';
import type { KubeObject } from '../src/meta/object.js';
import { nodeMetricName, nodeMetricObject, nodeMetricStatus } from './support/node-metric-fixture.js';
import { podName, podNamespace, podObject, podStatus } from './support/pod-fixture.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(benchDir);
const childScript = join(benchDir, 'support', 'informer-child.ts');
/** The child program bundled into plain JavaScript (set by `main`), run as users run compiled code. */
let childProgram = '';

const { values: args } = parseArgs({
  options: {
    kind: { type: 'string', default: 'nodemetrics' },
    count: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'event-runs': { type: 'string', default: '1' },
    'replay-runs': { type: 'string', default: '3' },
    'recorded-runs': { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    'no-events': { type: 'boolean', default: false },
    'no-variants': { type: 'boolean', default: false },
    'no-server-gc': { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'string' },
  },
});
const count = Number(args.count);
const runs = Number(args.runs);
const eventRuns = args['no-events'] ? 0 : Number(args['event-runs']);
const replayRuns = args['no-events'] ? 0 : Number(args['replay-runs']);
const recordedRuns = args['no-events'] ? 0 : Number(args['recorded-runs']);
const concurrency = Number(args.concurrency);
/** `--only a,b`: measure these implementations (and variants) only. */
const only = args.only === undefined ? undefined : new Set(args.only.split(',').map((x) => x.trim()));
const kind = args.kind as 'nodemetrics' | 'pods';
if (kind !== 'nodemetrics' && kind !== 'pods') throw new Error(`--kind must be nodemetrics or pods, got ${String(args.kind)}`);

/** What a measured process is asked to do. */
type Mode = { kind: 'sync' } | { kind: 'events' } | { kind: 'replay'; from: string };

/** One implementation to measure: how to start its process. */
interface Impl {
  name: string;
  command: (kubeconfig: string, mode: Mode) => { file: string; args: string[]; env: NodeJS.ProcessEnv };
}

function modeArgs(mode: Mode): string[] {
  if (mode.kind === 'sync') return [];
  if (mode.kind === 'events') return ['events', String(count)];
  return ['replay', String(count), mode.from];
}

/**
 * A Node implementation of support/informer-child.ts; `as` runs the child's implementation of
 * that name under this one, in a node started with `nodeFlags` too.
 */
function nodeImpl(name: string, { as = name, nodeFlags = [] }: { as?: string; nodeFlags?: readonly string[] } = {}): Impl {
  return {
    name,
    command: (kubeconfig, mode) => ({
      file: process.execPath,
      args: ['--expose-gc', ...nodeFlags, childProgram, `--kind=${kind}`, as, kubeconfig, ...(mode.kind === 'sync' ? ['sync'] : modeArgs(mode))],
      env: process.env,
    }),
  };
}

function goImpl(name: string, binary: string, env: NodeJS.ProcessEnv = {}, flags: string[] = []): Impl {
  return {
    name,
    command: (kubeconfig, mode) => ({
      file: binary,
      args: [`-kind=${kind}`, ...flags, kubeconfig, ...modeArgs(mode)],
      // A streaming list cannot start at an exact resourceVersion: replay lists.
      env: { ...process.env, ...env, ...(mode.kind === 'replay' ? { KUBE_FEATURE_WatchListClient: 'false' } : {}) },
    }),
  };
}

/** Runs `fn` over 0..n-1 with at most `limit` calls in flight. */
async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

/** Starts `impl` in `mode` against `kubeconfig` (see support/replay-runs.ts). */
function startImpl<T>(impl: Impl, kubeconfig: string, mode: Mode): Child<T> {
  return startChild<T>(impl.name, { ...impl.command(kubeconfig, mode), cwd: repoDir }, `${impl.name} (${mode.kind})`);
}

/** Runs `impl` in `mode` to completion (within `graceMs`). */
function runImpl<T>(impl: Impl, kubeconfig: string, mode: Mode, graceMs: number): Promise<T> {
  return runChild<T>(impl.name, { ...impl.command(kubeconfig, mode), cwd: repoDir }, graceMs, `${impl.name} (${mode.kind})`);
}

/** The objects under measurement, as the writer (this process) sees them. */
interface Workload {
  /** Plural for humans, e.g. `NodeMetrics`. */
  label: string;
  /** The collection the informers watch, e.g. `/apis/slo.koordinator.sh/v1alpha1/nodemetrics`. */
  path: string;
  /** What the kind needs before its objects can be created (CRDs, a namespace). */
  prepare(): Promise<void>;
  /** Creates the i-th object with its status. */
  create(i: number): Promise<void>;
  /** Changes the i-th object's status for update `round` (1, 2, ...). */
  update(i: number, round: number): Promise<void>;
  /** Every object, page by page. */
  listAll(): AsyncIterable<KubeObject>;
  /** The collection's resourceVersion now. */
  resourceVersion(): Promise<string>;
}

/** A replay sample from kube-apiserver, with what the server and the machine spent meanwhile. */
interface ServerSharedSample extends EventsSample {
  /** CPU ms kube-apiserver and etcd spent from the child's first to its last update. */
  serverCpuMs?: number;
  /** Share of the machine's cores busy over that span (0..1). */
  machineBusy?: number;
  /** Garbage collections kube-apiserver ran during the child's whole run (its list and its watch). */
  serverGcs?: number;
}

/** A live events sample, with the writer's side. */
interface LiveSample extends EventsSample {
  writesPerSec: number;
  /** From the writer's last answer to the last notification, in ms. */
  lagMs: number;
}

async function main(): Promise<void> {
  const go = buildGoProgram(join(benchDir, 'go-informer'), 'go-informer'); // in parallel with the API server and the objects
  // The Node children run as compiled JavaScript, not through tsx (see support/node-bundle.ts).
  const childBundle = await bundleNodeProgram(repoDir, childScript, 'informer-child');
  childProgram = childBundle.file;
  const { startEnvtest } = await import('../src/envtest/index.js');
  const { ClientsetBase } = await import('../src/client/clientset-base.js');
  const { allResources } = await import('../src/generated/index.js');
  const { installCrds } = await import('../src/client/crd-installer.js');
  const { createHttpTransport } = await import('../src/rest/transport/http-transport.js');

  // A 10 min request timeout makes the watch cache keep 10 min of events (max(75 s, timeout + 15 s)),
  // and no compaction keeps old revisions listable: both for the replay.
  const env = await startEnvtest({ apiServerFlags: { 'request-timeout': '10m', 'etcd-compaction-interval': '0' } });
  const cs = await ClientsetBase.create({ transport: createHttpTransport(env.restConfig), validateWrites: false });
  const syncSamples: SyncSample[] = [];
  const liveSamples: LiveSample[] = [];
  const replaySamples: ServerSharedSample[] = [];
  const recordedSamples: EventsSample[] = [];
  let goBuild: Awaited<typeof go>;
  let avgJson = 0;
  let avgJsonNoManaged = 0;
  try {
    let workload: Workload;
    if (kind === 'nodemetrics') {
      const { SloV1alpha1Client } = await import('../src/generated/slo.koordinator.sh/v1alpha1/client.js');
      const client = new SloV1alpha1Client(cs.ctx).nodeMetrics();
      workload = {
        label: 'NodeMetrics',
        path: '/apis/slo.koordinator.sh/v1alpha1/nodemetrics',
        prepare: async () => void (await installCrds(cs, allResources, { waitTimeoutMs: 120_000 })),
        // Metadata and spec, then the status as koordlet reports it.
        create: async (i) => {
          await client.create(nodeMetricObject(i), { validate: false });
          await client.patchStatus(nodeMetricName(i), { type: 'merge', patch: { status: nodeMetricStatus(i) } });
        },
        update: async (i, round) => {
          const st = nodeMetricStatus(i, round);
          await client.patchStatus(nodeMetricName(i), { type: 'merge', patch: { status: { updateTime: st.updateTime, nodeMetric: { nodeUsage: st.nodeMetric!.nodeUsage! } } } });
        },
        listAll: () => client.listAll(),
        resourceVersion: async () => (await client.list({ limit: 1 })).metadata?.resourceVersion ?? '',
      };
    } else {
      const { CoreV1Client } = await import('../src/generated/core/v1/client.js');
      const core = new CoreV1Client(cs.ctx);
      const pods = core.pods(podNamespace);
      workload = {
        label: 'Pods',
        path: '/api/v1/pods',
        prepare: async () => void (await core.namespaces().create({ metadata: { name: podNamespace } })),
        // Metadata and spec (already bound to a node), then the status as the kubelet reports it.
        create: async (i) => {
          await pods.create(podObject(i), { validate: false });
          await pods.patchStatus(podName(i), { type: 'merge', patch: { status: podStatus(i) } });
        },
        update: async (i, round) => {
          await pods.patchStatus(podName(i), { type: 'merge', patch: { status: podStatus(i, round) } });
        },
        listAll: () => pods.listAll(),
        resourceVersion: async () => (await pods.list({ limit: 1 })).metadata?.resourceVersion ?? '',
      };
    }
    await workload.prepare();

    const t0 = performance.now();
    await pool(count, concurrency, (i) => workload.create(i));
    const createMs = performance.now() - t0;

    let total = 0;
    let totalNoManaged = 0;
    let n = 0;
    for await (const obj of workload.listAll()) {
      total += Buffer.byteLength(JSON.stringify(obj));
      const { managedFields: _mf, ...meta } = obj.metadata ?? {};
      totalNoManaged += Buffer.byteLength(JSON.stringify({ ...obj, metadata: meta }));
      n++;
    }
    avgJson = total / n;
    avgJsonNoManaged = totalNoManaged / n;
    console.log(
      `created ${n} ${workload.label} in ${Math.round(createMs)} ms (${Math.round((2 * count * 1000) / createMs)} writes/s at concurrency ${concurrency}); ` +
        `average JSON ${Math.round(avgJson)} B (${Math.round(avgJsonNoManaged)} B without managedFields)`,
    );

    goBuild = await go;
    const kubeconfig = env.kubeconfigPath;
    const impls: Impl[] = [nodeImpl('koordinator-client'), nodeImpl('client-node')];
    if (goBuild) impls.push(goImpl('client-go', goBuild.binary));
    // NodeMetrics: a typed client-go informer (NodeMetric structs over a gentype client) beside the dynamic one.
    if (goBuild && kind === 'nodemetrics') impls.push(goImpl('client-go/typed', goBuild.binary, {}, ['-typed']));
    label = workload.label;
    const variants: Impl[] = args['no-variants']
      ? []
      : [
          nodeImpl('koordinator-client/watchlist'),
          nodeImpl('koordinator-client/no-intern'),
          nodeImpl('koordinator-client/strip-managed-fields'),
          nodeImpl('koordinator-client/no-intern+strip'),
          nodeImpl('koordinator-client/http1'),
          nodeImpl('koordinator-client/watch-cache'),
          nodeImpl('koordinator-client/json-cache'),
          nodeImpl('koordinator-client/json-cache+strip'),
          ...(goBuild ? [goImpl('client-go/list', goBuild.binary, { KUBE_FEATURE_WatchListClient: 'false' })] : []),
          ...(goBuild && kind === 'pods' ? [goImpl('client-go/protobuf', goBuild.binary, {}, ['-protobuf'])] : []),
          nodeImpl('json-floor'),
        ];

    for (let r = 0; r < runs; r++) {
      for (const impl of [...impls, ...variants].filter((x) => only === undefined || only.has(x.name))) {
        let s: SyncSample;
        try {
          s = await runImpl<SyncSample>(impl, kubeconfig, { kind: 'sync' }, 600_000);
        } catch (err) {
          // One failed or stuck process (e.g. killed at its deadline on an overloaded machine) costs its row, not the run.
          console.warn(`sync run ${r + 1}/${runs} ${impl.name}: ${(err as Error).message}`);
          continue;
        }
        syncSamples.push(s);
        console.log(`sync run ${r + 1}/${runs} ${impl.name}: ${Math.round(s.syncMs)} ms (CPU ${Math.round(s.cpuMs)} ms), ${s.objects} objects, RSS +${mib(s.rssBytes)} MiB, heap +${mib(s.heapBytes)} MiB`);
      }
    }

    let replayFrom = '';
    for (let r = 0; r < eventRuns; r++) {
      const children = impls.map((impl) => startImpl<EventsSample>(impl, kubeconfig, { kind: 'events' }));
      await Promise.all(children.map((c) => c.ready));
      // The collection's resourceVersion before the writes: where a replay of them starts.
      replayFrom = await workload.resourceVersion();
      const writeStart = performance.timeOrigin + performance.now();
      await pool(count, concurrency, (i) => workload.update(i, r + 1));
      const writeEnd = performance.timeOrigin + performance.now();
      const writesPerSec = (count * 1000) / (writeEnd - writeStart);
      for (const c of children) c.deadline(120_000);
      for (const s of await Promise.all(children.map((c) => c.result))) {
        const sample: LiveSample = { ...s, writesPerSec, lagMs: s.lastEventAt - writeEnd };
        liveSamples.push(sample);
        console.log(
          `live run ${r + 1}/${eventRuns} ${s.impl}: ${s.events} updates, ${Math.round(s.eventsPerSec)}/s over ${Math.round(s.firstToLastMs)} ms, CPU ${Math.round(s.cpuMs)} ms; ` +
            `writer ${Math.round(writesPerSec)}/s; last update ${Math.round(sample.lagMs)} ms after the last write`,
        );
      }
    }
    if (!replayFrom && (replayRuns > 0 || recordedRuns > 0)) {
      // No live run: write one round of updates with nobody watching, for the replays to read.
      replayFrom = await workload.resourceVersion();
      const t1 = performance.now();
      await pool(count, concurrency, (i) => workload.update(i, eventRuns + 1));
      console.log(`wrote ${count} updates for the replay in ${Math.round(performance.now() - t1)} ms (no live run)`);
    }
    if (replayFrom) {
      // HTTP/1.1 replays too: the same informer over the other protocol; over HTTP/2 with
      // undici's default receive windows (256 KiB / 512 KiB) instead of ours; without value
      // interning; without gzip (no Accept-Encoding on its list and watch); in a node whose
      // young generation is capped (docs/controllers.md); and the floor, a bare watch.
      const replayVariants = [
        ...variants.filter((v) => v.name === 'koordinator-client/http1' || v.name === 'koordinator-client/no-intern'),
        ...(args['no-variants'] ? [] : [nodeImpl('koordinator-client/h2-window-256k')]),
        nodeImpl('koordinator-client/no-gzip'),
        nodeImpl(smallYoungGeneration.name, smallYoungGeneration),
        nodeImpl('watch-floor'),
      ];
      const replayImpls = [...impls, ...replayVariants].filter((v) => only === undefined || only.has(v.name));
      // kube-apiserver's garbage collector: counted over each run, and (unless --no-server-gc)
      // run once before it, so that every client's replay starts from the same server heap.
      const gc = serverGc({ server: env.server, tls: { ca: env.caPem, cert: env.clientCertPem, key: env.clientKeyPem } });
      try {
        for (let r = 0; r < replayRuns; r++) {
          // Rotate the order: the server's replay speed drifts.
          for (const impl of rotated(replayImpls, r)) {
            if (!args['no-server-gc']) await gc.collect();
            const gcsBefore = await gc.count();
            // What the server (kube-apiserver and etcd) and the machine spent meanwhile, read for
            // the span from the child's first to its last update.
            const timeline = new CpuTimeline([env.apiServerPid, env.etcdPid].filter((p) => p !== undefined));
            let s: ServerSharedSample;
            try {
              s = await runImpl<EventsSample>(impl, kubeconfig, { kind: 'replay', from: replayFrom }, 300_000);
            } catch (err) {
              // As in the replay from memory: a failed or stuck child costs its row, not the run.
              console.warn(`replay run ${r + 1}/${replayRuns} ${impl.name}: ${(err as Error).message}`);
              continue;
            } finally {
              timeline.stop();
            }
            const span = timeline.between(s.firstEventAt, s.lastEventAt);
            if (span) {
              s.serverCpuMs = span.processesMs;
              s.machineBusy = span.machineBusy;
            }
            s.serverGcs = (await gc.count()) - gcsBefore;
            replaySamples.push(s);
            console.log(
              `replay run ${r + 1}/${replayRuns} ${impl.name}: ${s.events} updates, ${Math.round(s.eventsPerSec)}/s over ${Math.round(s.firstToLastMs)} ms, CPU ${Math.round(s.cpuMs)} ms, server CPU ${Math.round(s.serverCpuMs ?? Number.NaN)} ms, ${s.serverGcs} server GCs in the run, machine ${Math.round((s.machineBusy ?? Number.NaN) * 100)}% busy`,
            );
          }
        }
      } finally {
        await gc.close();
      }
    }
    if (replayFrom && recordedRuns > 0) {
      const recording = await recordReplay({
        server: env.server,
        tls: { ca: env.caPem, cert: env.clientCertPem, key: env.clientKeyPem },
        path: workload.path,
        resourceVersion: replayFrom,
        updates: count,
      });
      console.log(`recorded the list (${mib(recording.listBytes)} MiB) and ${recording.updates} updates (${mib(recording.watchBytes)} MiB) to replay from memory`);
      const served = await startRecordedServer(repoDir, recording);
      try {
        // The informer without value interning too, and the floor.
        const recordedImpls = [...impls, ...variants.filter((v) => v.name === 'koordinator-client/no-intern'), nodeImpl('watch-floor')].filter(
          (v) => only === undefined || only.has(v.name),
        );
        for (let r = 0; r < recordedRuns; r++) {
          for (const impl of rotated(recordedImpls, r)) {
            let s: EventsSample;
            try {
              s = await runImpl<EventsSample>(impl, served.kubeconfig, { kind: 'replay', from: replayFrom }, 300_000);
            } catch (err) {
              console.warn(`replay from memory ${r + 1}/${recordedRuns} ${impl.name}: ${(err as Error).message}`);
              continue;
            }
            recordedSamples.push(s);
            const t = sinceSynced(s);
            console.log(`replay from memory ${r + 1}/${recordedRuns} ${impl.name}: ${t.events} updates, ${Math.round(t.eventsPerSec)}/s over ${Math.round(t.firstToLastMs)} ms from synced, CPU ${Math.round(t.cpuMs)} ms`);
          }
        }
      } finally {
        await served.stop();
        recording.dispose();
      }
    }
  } finally {
    await cs.close();
    await env.stop();
    goBuild?.dispose();
    childBundle.dispose();
  }

  report(syncSamples, liveSamples, replaySamples, recordedSamples, avgJson, avgJsonNoManaged);
  if (args.json) {
    const out = { kind, count, runs, eventRuns, replayRuns, concurrency, node: process.version, cpus: cpus().length, loadAverage: loadavg(), avgJson, avgJsonNoManaged, syncSamples, liveSamples, replaySamples, recordedSamples };
    writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
  }
}

/** Plural of the kind measured, for the report. */
let label = 'NodeMetrics';

const fmt = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function report(sync: SyncSample[], live: LiveSample[], replay: ServerSharedSample[], recorded: EventsSample[], avgJson: number, avgJsonNoManaged: number): void {
  console.log(`\nnode ${process.version}, ${cpus().length} CPUs, load average now ${loadavg()[0]!.toFixed(1)}`);
  const names = [...new Set(sync.map((s) => s.impl))];
  const med = (impl: string, f: (s: SyncSample) => number): number => median(sync.filter((s) => s.impl === impl).map(f));
  console.log(`\nInitial sync of ${count} ${label} (average JSON ${Math.round(avgJson)} B; ${Math.round(avgJsonNoManaged)} B without managedFields), median of ${runs} fresh processes`);
  console.log(
    renderTable(
      ['implementation', 'objects', 'sync ms', 'CPU ms', 'RSS +MiB', 'heap +MiB', 'RSS B/obj', 'heap B/obj', 'RSS/JSON', 'heap/JSON', 'peak RSS MiB'],
      names.map((impl) => {
        const rss = med(impl, (s) => s.rssBytes) / count;
        const heap = med(impl, (s) => s.heapBytes) / count;
        return [
          impl,
          fmt(med(impl, (s) => s.objects)),
          fmt(med(impl, (s) => s.syncMs)),
          fmt(med(impl, (s) => s.cpuMs)),
          mib(med(impl, (s) => s.rssBytes)),
          mib(med(impl, (s) => s.heapBytes)),
          fmt(rss),
          fmt(heap),
          fmt(rss / avgJson, 2),
          fmt(heap / avgJson, 2),
          mib(med(impl, (s) => s.peakRssBytes)),
        ];
      }),
    ),
  );
  const ours = med('koordinator-client', (s) => s.syncMs);
  const lines = [`koordinator-client sync: ${fmt(ours)} ms`];
  if (names.includes('client-node')) {
    const cn = med('client-node', (s) => s.syncMs);
    lines.push(`  client-node takes ${fmt(cn / ours, 2)}x as long (goal: > 1)`);
  }
  if (names.includes('client-go')) {
    const cg = med('client-go', (s) => s.syncMs);
    lines.push(`  ${fmt(ours / cg, 2)}x client-go's time (goal: <= 1.5)`);
  }
  const heapPerObj = med('koordinator-client', (s) => s.heapBytes) / count;
  const rssPerObj = med('koordinator-client', (s) => s.rssBytes) / count;
  lines.push(`koordinator-client memory per cached object: heap ${fmt(heapPerObj)} B = ${fmt(heapPerObj / avgJson, 2)}x its JSON (goal: <= 1.5); RSS ${fmt(rssPerObj)} B = ${fmt(rssPerObj / avgJson, 2)}x`);
  if (names.includes('koordinator-client/no-intern')) {
    const ratio = (f: (s: SyncSample) => number): string => fmt(med('koordinator-client', f) / med('koordinator-client/no-intern', f), 2);
    lines.push(`  value interning (default) vs internValues: false: heap ${ratio((s) => s.heapBytes)}x, client CPU ${ratio((s) => s.cpuMs)}x (goal: <= ~1.1), sync time ${ratio((s) => s.syncMs)}x`);
  }
  console.log(lines.join('\n'));

  /** CPU milliseconds a sample spent, per update: µs per update, i.e. ms per 1000 updates. */
  const perUpdate = (s: EventsSample, ms: number): number => (ms * 1000) / Math.max(1, s.events - 1);
  /** The median, over one implementation's samples, of `f`. */
  type ImplMedian = (impl: string, f: (s: ServerSharedSample & Partial<LiveSample>) => number) => number;

  /**
   * One table of update notifications. `from`: the span measured, from the first update (a
   * server sets the pace) or from the moment the informer was synced (replay from memory, where
   * the first notification can come after much of the work).
   */
  const eventsTable = (title: string, raw: (ServerSharedSample & Partial<LiveSample>)[], withWriter: boolean, from: 'first' | 'synced' = 'first'): void => {
    if (raw.length === 0) return;
    const samples = from === 'first' ? raw : raw.map(sinceSynced);
    const enames = [...new Set(samples.map((s) => s.impl))];
    const emed: ImplMedian = (impl, f) => median(samples.filter((s) => s.impl === impl).map(f));
    const withServer = samples.some((s) => s.serverCpuMs !== undefined);
    console.log(`\n${title}, median of ${samples.length / enames.length}`);
    const header = ['implementation', 'updates', from === 'first' ? 'first->last ms' : 'synced->last ms', 'events/s', 'client CPU ms', 'CPU ms / 1000 updates'];
    if (withWriter) header.push('writer writes/s', 'last update after last write ms');
    if (withServer) header.push('server CPU ms / 1000 updates', 'machine busy %', 'server GCs');
    console.log(
      renderTable(
        header,
        enames.map((impl) => {
          const row = [
            impl,
            fmt(emed(impl, (s) => s.events)),
            fmt(emed(impl, (s) => s.firstToLastMs)),
            fmt(emed(impl, (s) => s.eventsPerSec)),
            fmt(emed(impl, (s) => s.cpuMs)),
            fmt(emed(impl, (s) => perUpdate(s, s.cpuMs)), 1),
          ];
          if (withWriter) row.push(fmt(emed(impl, (s) => s.writesPerSec ?? Number.NaN)), fmt(emed(impl, (s) => s.lagMs ?? Number.NaN)));
          if (withServer) {
            row.push(
              fmt(emed(impl, (s) => perUpdate(s, s.serverCpuMs ?? Number.NaN)), 1),
              fmt(emed(impl, (s) => (s.machineBusy ?? Number.NaN) * 100)),
              fmt(emed(impl, (s) => s.serverGcs ?? Number.NaN)),
            );
          }
          return row;
        }),
      ),
    );
    const oursEps = emed('koordinator-client', (s) => s.eventsPerSec);
    const oursCpu = emed('koordinator-client', (s) => s.cpuMs);
    for (const other of enames.filter((x) => x !== 'koordinator-client')) {
      console.log(`koordinator-client vs ${other}: ${fmt(oursEps / emed(other, (s) => s.eventsPerSec), 2)}x the events/s, ${fmt(oursCpu / emed(other, (s) => s.cpuMs), 2)}x the CPU`);
    }
    if (withServer && enames.includes('client-node')) equalServerCost(samples, enames, emed);
  };
  /**
   * Client and server share the cores, so a replay's events/s is about cores x machine busy /
   * (client + server CPU per event). The server's CPU per event moves from one replay to the next
   * whatever the client, so the events/s of two clients also compare two runs of the server. This
   * puts every client on the same server cost (the median of all replays), keeping its own CPU
   * per event and how busy it kept the machine: what those are worth against client-node's, and
   * the most a client that took no CPU at all could get (as busy as client-node's runs).
   */
  const equalServerCost = (samples: ServerSharedSample[], enames: string[], emed: ImplMedian): void => {
    const serverUs = median(samples.flatMap((s) => (s.serverCpuMs === undefined ? [] : [perUpdate(s, s.serverCpuMs)])));
    const rate = (impl: string, clientUs: number): number => emed(impl, (s) => s.machineBusy ?? Number.NaN) / (serverUs + clientUs);
    const base = rate('client-node', emed('client-node', (s) => perUpdate(s, s.cpuMs)));
    console.log(`At equal server cost (${fmt(serverUs)} µs of server CPU per event, the median of all replays): events/s vs client-node, from each client's CPU per event and machine busy`);
    for (const impl of enames) console.log(`  ${impl}: ${fmt(rate(impl, emed(impl, (s) => perUpdate(s, s.cpuMs))) / base, 2)}x`);
    console.log(`  a client that took no CPU: ${fmt(rate('client-node', 0) / base, 2)}x`);
    // How well that reading holds: each replay's events/s against cores x busy / CPU per event.
    const fit = samples.flatMap((s) =>
      s.serverCpuMs === undefined || s.machineBusy === undefined ? [] : [s.eventsPerSec / ((cpus().length * s.machineBusy * 1e6) / perUpdate(s, s.cpuMs + s.serverCpuMs))],
    );
    if (fit.length > 0) console.log(`  (each replay's events/s was ${fmt(Math.min(...fit), 2)}x to ${fmt(Math.max(...fit), 2)}x of ${cpus().length} cores x machine busy / (client + server CPU per event))`);
  };
  eventsTable(`Live: ${count} status patches (writer: this process, concurrency ${concurrency}, unthrottled), the three informers watching at once`, live, true);
  eventsTable(`Replay: the last ${count} changes from the watch cache (list at the resourceVersion before them, then watch), one informer at a time`, replay, false);
  eventsTable(`Replay from memory: the same list and ${count} changes, recorded from kube-apiserver and served by a stand-in server (HTTP/1.1) as fast as each informer takes them (from synced to the last update)`, recorded, false, 'synced');
}

await main();
