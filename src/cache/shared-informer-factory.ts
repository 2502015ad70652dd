/**
 * The shared informer factory: one informer (one list+watch) per kind per factory, shared by
 * every consumer, with factory-wide defaults; started, synced and shut down together (client-go's
 * `SharedInformerFactory` / `dynamicinformer`).
 * @packageDocumentation
 */
import type { ClientContext } from '../client/client-context.js';
import { ResourceReader } from '../client/resource-reader.js';
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { KubeObject } from '../meta/object.js';
import { ValidationError } from '../rest/errors.js';
import type { BackoffOptions } from './backoff.js';
import type { CacheErrorHandler } from './error-handler.js';
import type { CacheFormat, Indexers } from './indexer.js';
import type { ClusterKindInformer, GenericInformer, NamespacedKindInformer } from './kind-informer.js';
import { clusterLister, namespacedLister, type ClusterLister, type NamespacedLister } from './lister.js';
import { tweakListerWatcher, type ListerWatcher, type TweakListOptions } from './lister-watcher.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from './shared-informer.js';

/** Options of a {@link SharedInformerFactory}; every one is optional. */
export interface SharedInformerFactoryOptions {
  /** Resync period of handlers registered without one, in ms, for every kind (default 0: none). */
  defaultResyncMs?: number | undefined;
  /** Per-kind resync periods in ms, overriding `defaultResyncMs` (client-go's `WithCustomResyncConfig`). */
  customResync?: Iterable<readonly [ResourceDescriptor, number]> | undefined;
  /** Watch namespaced kinds in this namespace only (cluster-scoped kinds are unaffected). Default: all namespaces. */
  namespace?: string | undefined;
  /** Label selector sent with every list and watch. */
  labelSelector?: string | undefined;
  /** Field selector sent with every list and watch. */
  fieldSelector?: string | undefined;
  /** Adjusts the options of every list and watch (after the selectors above are set). */
  tweakListOptions?: TweakListOptions | undefined;
  /** Applied to every object before it enters any cache of this factory (e.g. drop `managedFields`). */
  transform?: ((obj: KubeObject) => KubeObject) | undefined;
  /** The kinds `forResource(group, version, plural)` can find (e.g. the generated `allResources`). */
  resources?: readonly ResourceDescriptor[] | undefined;
  /** How every cache of this factory holds its objects (default `object`; `json` trades reads for memory, see {@link CacheFormat}). */
  cacheFormat?: CacheFormat | undefined;
  /** Intern the values of every cache's objects (default true; see {@link SharedIndexInformerOptions.internValues}). */
  internValues?: boolean | undefined;
  /** Load initial state with streaming lists (WatchList), falling back to lists. Default false. */
  watchList?: boolean | undefined;
  /** Page size of every list (default 500; see `listFromWatchCache`). */
  pageSize?: number | undefined;
  /** List as client-go's reflector does, from the API server's watch cache in one response (default false: consistent lists in pages). */
  listFromWatchCache?: boolean | undefined;
  /** Lower bound of the randomized watch timeout, in seconds (default 300). */
  minWatchTimeoutSeconds?: number | undefined;
  /** Reflector backoff (default 800 ms doubling to 30 s with jitter). */
  backoff?: Partial<BackoffOptions> | undefined;
  /** Receives errors every informer recovers from (default: a warning on stderr). */
  onError?: CacheErrorHandler | undefined;
}

/** Options of one kind's informer, used when the factory creates it (ignored afterwards). */
export interface InformerForOptions<T> {
  /** Resync period of handlers registered without one, in ms (default: the factory's for this kind). */
  resyncPeriodMs?: number | undefined;
  /** Extra index functions (more can be added later with `addIndexers`). */
  indexers?: Indexers<T> | undefined;
  /** Transform for this kind, replacing the factory's. */
  transform?: ((obj: T) => T) | undefined;
  /** How this kind's cache holds its objects, replacing the factory's. */
  cacheFormat?: CacheFormat | undefined;
  /** Intern the values of this kind's cached objects, replacing the factory's choice. */
  internValues?: boolean | undefined;
}

/** `group/version/plural`: how the factory tells kinds apart. */
export function resourceKey(d: Pick<ResourceDescriptor, 'group' | 'version' | 'plural'>): string {
  return `${d.group}/${d.version}/${d.plural}`;
}

interface Entry {
  readonly descriptor: ResourceDescriptor;
  readonly informer: SharedIndexInformer<KubeObject>;
  running?: Promise<void>;
}

function contextOf(source: ClientContext | { readonly ctx: ClientContext }): ClientContext {
  return 'transport' in source ? source : source.ctx;
}

/**
 * Hands out shared informers over one Clientset's transport.
 *
 * ```ts
 * const factory = new SharedInformerFactory(cs, { defaultResyncMs: 10 * 60_000 });
 * const nodeMetrics = factory.clusterKind<NodeMetric>(nodeMetricResource);
 * nodeMetrics.informer().addEventHandler({ onAdd: (nm) => ... });
 * factory.start();
 * await factory.waitForCacheSync(signal);
 * nodeMetrics.lister().get('node-1');
 * await factory.shutdown();
 * ```
 */
export class SharedInformerFactory {
  /** The shared transport and defaults. */
  readonly ctx: ClientContext;
  private readonly entries = new Map<string, Entry>();
  private readonly resync = new Map<string, number>();
  private readonly resources = new Map<string, ResourceDescriptor>();
  private readonly groups = new Map<unknown, unknown>();
  private readonly controller = new AbortController();
  private shuttingDown = false;
  private started = false;

  /**
   * @param source - a Clientset (or anything with its `ctx`), or a `ClientContext`
   * @param options - factory-wide defaults
   */
  constructor(
    source: ClientContext | { readonly ctx: ClientContext },
    private readonly options: SharedInformerFactoryOptions = {},
  ) {
    this.ctx = contextOf(source);
    for (const [d, ms] of options.customResync ?? []) this.resync.set(resourceKey(d), ms);
    for (const d of options.resources ?? []) this.resources.set(resourceKey(d), d);
  }

  /**
   * The shared informer of a kind, created on first use (with `options`) and returned as is
   * afterwards. An informer first asked for after `start()` starts at once (as controller-runtime's
   * cache does), so its lister fills without another `start()`; after `shutdown()` it never runs.
   */
  informerFor<T extends KubeObject>(descriptor: ResourceDescriptor, options: InformerForOptions<T> = {}): SharedIndexInformer<T> {
    const key = resourceKey(descriptor);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { descriptor, informer: this.createInformer<T>(descriptor, options) as unknown as SharedIndexInformer<KubeObject> };
      this.entries.set(key, entry);
      if (this.started) this.run(entry);
    }
    return entry.informer as unknown as SharedIndexInformer<T>;
  }

  /** A lister over the shared informer of a cluster-scoped kind (registers the informer). */
  clusterListerFor<T extends KubeObject>(descriptor: ResourceDescriptor): ClusterLister<T> {
    if (descriptor.namespaced) throw new ValidationError(`${descriptor.kind} is namespaced: use namespacedListerFor`, []);
    return clusterLister<T>(this.informerFor<T>(descriptor).getIndexer(), descriptor);
  }

  /** A lister over the shared informer of a namespaced kind (registers the informer). */
  namespacedListerFor<T extends KubeObject>(descriptor: ResourceDescriptor): NamespacedLister<T> {
    if (!descriptor.namespaced) throw new ValidationError(`${descriptor.kind} is cluster-scoped: use clusterListerFor`, []);
    return namespacedLister<T>(this.informerFor<T>(descriptor).getIndexer(), descriptor);
  }

  /** Informer and lister of a cluster-scoped kind, created lazily (what generated accessors return). */
  clusterKind<T extends KubeObject>(descriptor: ResourceDescriptor): ClusterKindInformer<T> {
    if (descriptor.namespaced) throw new ValidationError(`${descriptor.kind} is namespaced: use namespacedKind`, []);
    return { informer: () => this.informerFor<T>(descriptor), lister: () => this.clusterListerFor<T>(descriptor) };
  }

  /** Informer and lister of a namespaced kind, created lazily (what generated accessors return). */
  namespacedKind<T extends KubeObject>(descriptor: ResourceDescriptor): NamespacedKindInformer<T> {
    if (!descriptor.namespaced) throw new ValidationError(`${descriptor.kind} is cluster-scoped: use clusterKind`, []);
    return { informer: () => this.informerFor<T>(descriptor), lister: () => this.namespacedListerFor<T>(descriptor) };
  }

  /**
   * Informer and lister of a kind chosen at run time: by descriptor, or by group, version and
   * plural among the factory's `resources`. Throws a `ValidationError` for an unknown kind.
   */
  forResource<T extends KubeObject = KubeObject>(descriptor: ResourceDescriptor): GenericInformer<T>;
  forResource<T extends KubeObject = KubeObject>(group: string, version: string, plural: string): GenericInformer<T>;
  forResource<T extends KubeObject = KubeObject>(first: ResourceDescriptor | string, version?: string, plural?: string): GenericInformer<T> {
    let d: ResourceDescriptor | undefined;
    if (typeof first === 'string') {
      d = this.resources.get(resourceKey({ group: first, version: version ?? '', plural: plural ?? '' }));
      if (!d) {
        const known = [...this.resources.keys()].sort().join(', ') || 'none (pass them as the `resources` option)';
        throw new ValidationError(`no informer for resource ${resourceKey({ group: first, version: version ?? '', plural: plural ?? '' })}`, [{ path: 'resource', message: `known: ${known}` }]);
      }
    } else {
      d = first;
    }
    return d.namespaced ? { namespaced: true, ...this.namespacedKind<T>(d) } : { namespaced: false, ...this.clusterKind<T>(d) };
  }

  /**
   * Starts every informer not started yet (a no-op after `shutdown()`). Informers asked for
   * later start as soon as they are created.
   */
  start(): void {
    if (this.shuttingDown) return;
    this.started = true;
    for (const entry of this.entries.values()) this.run(entry);
  }

  private run(entry: Entry): void {
    if (entry.running || this.shuttingDown) return;
    entry.running = entry.informer.run(this.controller.signal);
  }

  /**
   * Waits until every started informer has synced, `signal` aborts or the factory shuts down;
   * returns whether each one synced, by `group/version/plural`.
   */
  async waitForCacheSync(signal?: AbortSignal): Promise<Map<string, boolean>> {
    const started = [...this.entries].filter(([, e]) => e.running);
    const synced = await Promise.all(started.map(([, e]) => e.informer.waitForSync(signal)));
    return new Map(started.map(([key], i) => [key, synced[i] ?? false]));
  }

  /**
   * Stops every informer and resolves once all of them have stopped: no request, timer or
   * handler call of the factory is left. The factory cannot start again.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.controller.abort();
    await Promise.all([...this.entries.values()].map((e) => e.running ?? e.informer.stop()));
  }

  /** Supports `await using factory = new SharedInformerFactory(cs)`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Returns the generated group accessor of type `ctor`, creating it once. */
  protected group<G>(ctor: new (factory: SharedInformerFactory) => G): G {
    let g = this.groups.get(ctor) as G | undefined;
    if (!g) {
      g = new ctor(this);
      this.groups.set(ctor, g);
    }
    return g;
  }

  /** The list+watch source of a kind, honouring the namespace restriction and the selectors. */
  protected listerWatcher<T extends KubeObject>(descriptor: ResourceDescriptor): ListerWatcher<T> {
    const namespace = descriptor.namespaced ? this.options.namespace : undefined;
    const reader: ListerWatcher<T> = new ResourceReader<T>(this.ctx, descriptor, namespace);
    const { labelSelector, fieldSelector, tweakListOptions } = this.options;
    if (labelSelector === undefined && fieldSelector === undefined && !tweakListOptions) return reader;
    return tweakListerWatcher(reader, (opts) => {
      if (labelSelector !== undefined) opts.labelSelector = labelSelector;
      if (fieldSelector !== undefined) opts.fieldSelector = fieldSelector;
      tweakListOptions?.(opts);
    });
  }

  private createInformer<T extends KubeObject>(descriptor: ResourceDescriptor, options: InformerForOptions<T>): SharedIndexInformer<T> {
    const key = resourceKey(descriptor);
    const o = this.options;
    const informerOptions: SharedIndexInformerOptions<T> = {
      name: key,
      resyncPeriodMs: options.resyncPeriodMs ?? this.resync.get(key) ?? o.defaultResyncMs ?? 0,
    };
    if (options.indexers) informerOptions.indexers = options.indexers;
    const transform = options.transform ?? (o.transform as ((obj: T) => T) | undefined);
    if (transform) informerOptions.transform = transform;
    if (o.watchList !== undefined) informerOptions.watchList = o.watchList;
    const cacheFormat = options.cacheFormat ?? o.cacheFormat;
    if (cacheFormat !== undefined) informerOptions.cacheFormat = cacheFormat;
    const internValues = options.internValues ?? o.internValues;
    if (internValues !== undefined) informerOptions.internValues = internValues;
    if (o.pageSize !== undefined) informerOptions.pageSize = o.pageSize;
    if (o.listFromWatchCache !== undefined) informerOptions.listFromWatchCache = o.listFromWatchCache;
    if (o.minWatchTimeoutSeconds !== undefined) informerOptions.minWatchTimeoutSeconds = o.minWatchTimeoutSeconds;
    if (o.backoff) informerOptions.backoff = o.backoff;
    if (o.onError) informerOptions.onError = o.onError;
    return new SharedIndexInformer<T>(this.listerWatcher<T>(descriptor), informerOptions);
  }
}
