/**
 * One measured informer, run in a fresh process by bench/informer-sync.ts so that its memory is
 * its own. Prints one JSON line on stdout (and, in events mode, `ready` once the cache is synced).
 * Run by bench/informer-sync.ts as a bundle (plain JavaScript, see node-bundle.ts); by hand:
 *   node --expose-gc --import tsx bench/support/informer-child.ts [--kind=pods] IMPL KUBECONFIG sync
 *   node --expose-gc --import tsx bench/support/informer-child.ts [--kind=pods] IMPL KUBECONFIG events N
 *   node --expose-gc --import tsx bench/support/informer-child.ts [--kind=pods] IMPL KUBECONFIG replay N RV
 *
 * KIND: `nodemetrics` (default; slo.koordinator.sh/v1alpha1, cluster-scoped) or `pods` (core/v1,
 * across all namespaces).
 *
 * `events` prints `ready` once synced, then counts N update notifications (the parent writes).
 * `replay` reads the initial list at exactly resourceVersion RV, so that the watch that follows
 * replays every change made since RV as fast as server and client go; it counts N updates.
 *
 * IMPL: `koordinator-client` (the generated factory: `InformerFactory` for NodeMetrics,
 * `KubeInformerFactory` for Pods), `koordinator-client/watchlist` (streaming initial list),
 * `koordinator-client/strip-managed-fields` (transform dropping metadata.managedFields),
 * `koordinator-client/json-cache` (`cacheFormat: 'json'`: objects held as JSON text),
 * `koordinator-client/http1` (HTTP/1.1 instead of the default HTTP/2),
 * `koordinator-client/h2-window-256k` (HTTP/2 with undici's default receive windows, 256 KiB / 512 KiB),
 * `koordinator-client/no-gzip` (`disableCompression`: no `Accept-Encoding: gzip`),
 * `koordinator-client/watch-cache` (`listFromWatchCache`: the initial list at resourceVersion "0", as client-go),
 * `koordinator-client/json-cache+strip` (both),
 * `koordinator-client/no-intern` (`internValues: false`: objects exactly as parsed, the default
 * before value interning), `koordinator-client/no-intern+strip` (that and stripManagedFields),
 * `client-node` (`makeInformer` over `CustomObjectsApi` or the typed `CoreV1Api`), or
 * `json-floor` (one unpaginated list held in an array: what the parsed objects alone cost in V8,
 * with no cache around them), or, for `replay` only, `watch-floor` (the same list at RV, read and
 * dropped, then a plain undici HTTP/2 watch from RV whose lines are parsed and counted, with no
 * cache or handlers: the fastest any client can take these events from this server).
 *
 * Every implementation warms up with one small list (connection, TLS, lazily loaded modules)
 * before the baseline is taken; the clock starts when the informer is created.
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { SharedInformerFactory, SharedInformerFactoryOptions } from '../../src/cache/shared-informer-factory.js';
import type { KindInformer } from '../../src/cache/kind-informer.js';
import type { ClientContext } from '../../src/client/client-context.js';
import { allNamespaces } from '../../src/client/group-client.js';
import type { KubeList, KubeObject } from '../../src/meta/object.js';
import { stripManagedFields } from '../../src/cache/transforms.js';
import { peakRss, settledMemory, type MemorySnapshot } from './memory.js';

/** The kinds the benchmark caches. */
export type BenchKind = 'nodemetrics' | 'pods';

/** A kind's informer and lister, whatever its scope. */
type AnyKindInformer = KindInformer<KubeObject, { list(): readonly unknown[] }>;

/** What the child needs to know about a kind, for each client. */
interface KindAccess {
  /** The collection's path across all namespaces. */
  path: string;
  /** Loads our generated informer factory; the function it resolves to creates it and the kind's accessor on it. */
  factory(): Promise<(cs: { readonly ctx: ClientContext }, options: SharedInformerFactoryOptions) => { factory: SharedInformerFactory; kind: AnyKindInformer }>;
  /** An unpaginated list (or one page with `limit`) across the whole cluster through our client. */
  list(cs: { readonly ctx: ClientContext }, limit?: number): Promise<KubeList<KubeObject>>;
  /** client-node: the watch path and the list function of `makeInformer`. */
  clientNode(k8s: typeof import('@kubernetes/client-node'), kc: import('@kubernetes/client-node').KubeConfig): {
    path: string;
    list: (opts: { limit?: number; resourceVersion?: string; resourceVersionMatch?: string }) => Promise<KubernetesListObject<KubernetesObject>>;
  };
}

const kinds: Record<BenchKind, KindAccess> = {
  nodemetrics: {
    path: '/apis/slo.koordinator.sh/v1alpha1/nodemetrics',
    async factory() {
      const { InformerFactory } = await import('../../src/generated/informer-factory.js');
      return (cs, options) => {
        const factory = new InformerFactory(cs, options);
        return { factory, kind: factory.sloV1alpha1.nodeMetrics as unknown as AnyKindInformer };
      };
    },
    async list(cs, limit) {
      const { SloV1alpha1Client } = await import('../../src/generated/slo.koordinator.sh/v1alpha1/client.js');
      return new SloV1alpha1Client(cs.ctx).nodeMetrics().list(limit === undefined ? {} : { limit });
    },
    clientNode(k8s, kc) {
      const api = kc.makeApiClient(k8s.CustomObjectsApi);
      const [group, version, plural] = ['slo.koordinator.sh', 'v1alpha1', 'nodemetrics'];
      return {
        path: `/apis/${group}/${version}/${plural}`,
        list: (opts) => api.listClusterCustomObject({ group, version, plural, ...opts }) as Promise<KubernetesListObject<KubernetesObject>>,
      };
    },
  },
  pods: {
    path: '/api/v1/pods',
    async factory() {
      const { KubeInformerFactory } = await import('../../src/generated/kube-informer-factory.js');
      return (cs, options) => {
        const factory = new KubeInformerFactory(cs, options);
        return { factory, kind: factory.coreV1.pods as unknown as AnyKindInformer };
      };
    },
    async list(cs, limit) {
      const { CoreV1Client } = await import('../../src/generated/core/v1/client.js');
      return new CoreV1Client(cs.ctx).pods(allNamespaces).list(limit === undefined ? {} : { limit });
    },
    clientNode(k8s, kc) {
      const api = kc.makeApiClient(k8s.CoreV1Api);
      // The typed API: objects are deserialized into V1Pod (dates as Date), as client-node users get them.
      return { path: '/api/v1/pods', list: (opts) => api.listPodForAllNamespaces(opts) };
    },
  },
};

/** What a sync run reports. */
export interface SyncSample {
  impl: string;
  syncMs: number;
  /** CPU time (user + system) this process spent from the start of the informer to synced. */
  cpuMs: number;
  objects: number;
  rssBytes: number;
  heapBytes: number;
  externalBytes: number;
  peakRssBytes: number;
}

/** What an events run reports. `*At` are epoch milliseconds. */
export interface EventsSample {
  impl: string;
  events: number;
  firstToLastMs: number;
  eventsPerSec: number;
  /** CPU time (user + system) this process spent between the first and the last update. */
  cpuMs: number;
  firstEventAt: number;
  lastEventAt: number;
  /**
   * When the informer was synced (its initial list held; for the watch floor, when its watch was
   * opened), epoch ms, and the CPU it spent from then to the last update: the span of the replay
   * from memory, where events arrive faster than a client takes them and the first notification
   * can come after much of the work.
   */
  syncedAt: number;
  cpuSyncedToLastMs: number;
}

/** CPU time (user + system) of this process so far, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Counts update notifications; resolves `done` at `wanted`, or when the parent closes stdin. */
class UpdateCounter {
  count = 0;
  first = 0;
  last = 0;
  cpuFirst = 0;
  cpuLast = 0;
  syncedAt = 0;
  cpuSynced = 0;
  readonly done: Promise<void>;
  private finish!: () => void;

  constructor(private readonly wanted: number) {
    this.done = new Promise<void>((resolve) => (this.finish = resolve));
  }

  /** Marks the moment the informer is synced. */
  synced(): void {
    this.syncedAt = performance.timeOrigin + performance.now();
    this.cpuSynced = cpuMs();
  }

  readonly onUpdate = (): void => {
    const now = performance.timeOrigin + performance.now();
    if (this.count++ === 0) {
      this.first = now;
      this.cpuFirst = cpuMs();
    }
    this.last = now;
    if (this.count === this.wanted) {
      this.cpuLast = cpuMs();
      this.finish();
    }
  };

  /** Tells the parent the cache is synced (unless replaying), then waits for the updates (or for stdin to close). */
  async collect(impl: string, replay: boolean): Promise<EventsSample> {
    if (!replay) process.stdout.write('ready\n');
    process.stdin.on('end', () => this.finish());
    process.stdin.resume();
    await this.done;
    process.stdin.pause();
    const span = this.last - this.first;
    // CPU at the last update (or now, when stdin closed before the last one came).
    const cpuEnd = this.cpuLast || cpuMs();
    return {
      impl,
      events: this.count,
      firstToLastMs: span,
      eventsPerSec: span > 0 ? ((this.count - 1) * 1000) / span : 0,
      cpuMs: this.count > 0 ? cpuEnd - this.cpuFirst : 0,
      firstEventAt: this.first,
      lastEventAt: this.last,
      syncedAt: this.syncedAt,
      cpuSyncedToLastMs: this.count > 0 ? cpuEnd - this.cpuSynced : 0,
    };
  }
}

/** The clock and CPU time at the start of a measurement. */
interface Start {
  t0: number;
  cpu0: number;
}

function start(): Start {
  return { t0: performance.now(), cpu0: cpuMs() };
}

function syncSample(impl: string, { t0, cpu0 }: Start, objects: number, base: MemorySnapshot): SyncSample {
  const syncMs = performance.now() - t0;
  const cpu = cpuMs() - cpu0;
  const mem = settledMemory();
  return {
    impl,
    syncMs,
    cpuMs: cpu,
    objects,
    rssBytes: mem.rss - base.rss,
    heapBytes: mem.heapUsed - base.heapUsed,
    externalBytes: mem.external - base.external,
    peakRssBytes: peakRss(),
  };
}

/** Which run, and for `replay` the resourceVersion to start from. */
interface RunMode {
  wanted: number;
  replayFrom?: string;
}

/** Our Clientset, unthrottled as the other two clients under test. */
async function connect(kubeconfig: string, impl = 'koordinator-client'): Promise<{ readonly ctx: ClientContext; close(): Promise<void> }> {
  const { loadKubeconfig } = await import('../../src/rest/config/kubeconfig.js');
  const { createHttpTransport } = await import('../../src/rest/transport/http-transport.js');
  const { ClientsetBase } = await import('../../src/client/clientset-base.js');
  const opts = {
    http2: impl !== 'koordinator-client/http1',
    // undici's own defaults, for comparison with ours.
    ...(impl === 'koordinator-client/h2-window-256k' ? { http2StreamWindowBytes: 256 * 1024, http2ConnectionWindowBytes: 512 * 1024 } : {}),
  };
  const config = await loadKubeconfig({ kubeconfig });
  return ClientsetBase.create({ transport: createHttpTransport(impl === 'koordinator-client/no-gzip' ? { ...config, disableCompression: true } : config, opts) });
}

async function koordinator(access: KindAccess, impl: string, kubeconfig: string, { wanted, replayFrom }: RunMode): Promise<SyncSample | EventsSample> {
  const cs = await connect(kubeconfig, impl);
  const createFactory = await access.factory();
  await access.list(cs, 1);
  const counter = new UpdateCounter(wanted);
  const base = settledMemory();
  const t0 = start();
  const { factory, kind } = createFactory(cs, {
    watchList: impl === 'koordinator-client/watchlist',
    ...(impl === 'koordinator-client/watch-cache' ? { listFromWatchCache: true } : {}),
    ...(replayFrom
      ? {
          // The first page of the initial list (not its continuations, not the watch) is read at
          // exactly replayFrom; the watch then resumes from there.
          tweakListOptions: (opts) => {
            if (('allowWatchBookmarks' in opts && opts.allowWatchBookmarks) || ('continue' in opts && opts.continue)) return;
            opts.resourceVersion = replayFrom;
            opts.resourceVersionMatch = 'Exact';
          },
        }
      : {}),
    ...(impl === 'koordinator-client/strip-managed-fields' || impl === 'koordinator-client/json-cache+strip' || impl === 'koordinator-client/no-intern+strip'
      ? { transform: stripManagedFields }
      : {}),
    ...(impl.startsWith('koordinator-client/json-cache') ? { cacheFormat: 'json' as const } : {}),
    ...(impl === 'koordinator-client/no-intern' || impl === 'koordinator-client/no-intern+strip' ? { internValues: false } : {}),
  });
  const informer = kind.informer();
  if (wanted > 0) informer.addEventHandler({ onUpdate: counter.onUpdate });
  factory.start();
  await factory.waitForCacheSync();
  counter.synced();
  let out: SyncSample | EventsSample;
  if (wanted > 0) {
    out = await counter.collect(impl, replayFrom !== undefined);
  } else {
    out = syncSample(impl, t0, kind.lister().list().length, base);
  }
  await factory.shutdown();
  await cs.close();
  return out;
}

async function clientNode(access: KindAccess, kubeconfig: string, { wanted, replayFrom }: RunMode): Promise<SyncSample | EventsSample> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const { path, list } = access.clientNode(k8s, kc);
  await list({ limit: 1 });
  const counter = new UpdateCounter(wanted);
  const base = settledMemory();
  const t0 = start();
  const informer = k8s.makeInformer<KubernetesObject>(kc, path, () => list(replayFrom ? { resourceVersion: replayFrom, resourceVersionMatch: 'Exact' } : {}));
  informer.on('error', (err) => console.error('client-node informer error:', err));
  if (wanted > 0) informer.on('update', counter.onUpdate);
  await informer.start();
  counter.synced();
  const out = wanted > 0 ? await counter.collect('client-node', replayFrom !== undefined) : syncSample('client-node', t0, informer.list().length, base);
  await informer.stop();
  return out;
}

/**
 * The replay floor: the informers' list at `replayFrom`, read and dropped, then one raw HTTP/2
 * watch from it (undici with our receive windows), each line parsed and each update counted;
 * nothing else.
 */
async function watchFloor(access: KindAccess, kubeconfig: string, { wanted, replayFrom }: RunMode): Promise<EventsSample> {
  if (!replayFrom) throw new Error('watch-floor only replays');
  const { loadKubeconfig } = await import('../../src/rest/config/kubeconfig.js');
  const { Pool } = await import('undici');
  const { DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES, DEFAULT_HTTP2_STREAM_WINDOW_BYTES } = await import('../../src/rest/transport/http-transport.js');
  const config = await loadKubeconfig({ kubeconfig });
  const pool = new Pool(config.server, {
    allowH2: true,
    connect: { ...(config.tls.ca ? { ca: config.tls.ca } : {}), ...(config.tls.cert ? { cert: config.tls.cert, key: config.tls.key } : {}) },
    h2Options: { initialWindowSize: DEFAULT_HTTP2_STREAM_WINDOW_BYTES, connectionWindowSize: DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES },
  } as ConstructorParameters<typeof Pool>[1]);
  const headers = { accept: 'application/json', ...(config.auth.token ? { authorization: `Bearer ${config.auth.token}` } : {}) };
  await (await pool.request({ method: 'GET', path: `${access.path}?limit=1`, headers })).body.text();
  const counter = new UpdateCounter(wanted);
  const ac = new AbortController();
  // The same list the informers read first (pages of 500 at exactly `replayFrom`), read and
  // dropped unparsed: the server does the informers' work (and makes their garbage), the floor
  // keeps nothing.
  const rv = encodeURIComponent(replayFrom);
  let cont = '';
  do {
    const query = cont ? `continue=${encodeURIComponent(cont)}` : `resourceVersion=${rv}&resourceVersionMatch=Exact`;
    const page = await pool.request({ method: 'GET', path: `${access.path}?limit=500&${query}`, headers });
    const text = await page.body.text();
    if (page.statusCode !== 200) throw new Error(`watch-floor list: HTTP ${page.statusCode}: ${text.slice(0, 200)}`);
    // The continue token is in the list's metadata, after the items (kube-apiserver writes a
    // custom resource list's keys in order), and no item's metadata has one: no need to parse.
    cont = /"continue":"([^"]*)"/.exec(text.slice(-4096))?.[1] ?? '';
  } while (cont);
  counter.synced();
  const res = await pool.request({ method: 'GET', path: `${access.path}?watch=1&resourceVersion=${rv}`, headers, signal: ac.signal });
  if (res.statusCode !== 200) throw new Error(`watch-floor: HTTP ${res.statusCode}: ${await res.body.text()}`);
  const reading = (async () => {
    let rest = '';
    for await (const chunk of res.body) {
      const text = rest + (chunk as Buffer).toString('utf8');
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        const event = JSON.parse(text.slice(from, nl)) as { type: string };
        from = nl + 1;
        if (event.type === 'MODIFIED') counter.onUpdate();
      }
      rest = text.slice(from);
    }
  })().catch(() => {});
  const out = await counter.collect('watch-floor', true);
  ac.abort();
  await reading;
  await pool.destroy();
  return out;
}

/** Keeps the floor's objects reachable until the memory is read. */
let held: unknown[] = [];

async function jsonFloor(access: KindAccess, kubeconfig: string): Promise<SyncSample> {
  const cs = await connect(kubeconfig);
  await access.list(cs, 1);
  const base = settledMemory();
  const t0 = start();
  held = (await access.list(cs)).items;
  const out = syncSample('json-floor', t0, held.length, base);
  await cs.close();
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const kindName = (argv[0]?.startsWith('--kind=') ? argv.shift()!.slice('--kind='.length) : 'nodemetrics') as BenchKind;
  const access = kinds[kindName];
  const [impl, kubeconfig, mode = 'sync', n = '0', rv] = argv;
  if (!access || !impl || !kubeconfig || (mode === 'replay' && !rv)) throw new Error('usage: informer-child.ts [--kind=nodemetrics|pods] IMPL KUBECONFIG [sync | events N | replay N RV]');
  const run: RunMode = { wanted: mode === 'sync' ? 0 : Number(n) };
  if (mode === 'replay') run.replayFrom = rv;
  let out: SyncSample | EventsSample;
  if (impl.startsWith('koordinator-client')) out = await koordinator(access, impl, kubeconfig, run);
  else if (impl === 'client-node') out = await clientNode(access, kubeconfig, run);
  else if (impl === 'json-floor') out = await jsonFloor(access, kubeconfig);
  else if (impl === 'watch-floor') out = await watchFloor(access, kubeconfig, run);
  else throw new Error(`unknown implementation ${impl}`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
  // Whatever a client leaves behind (keep-alive sockets, timers) must not hold the run up.
  process.exit(0);
}

await main();
