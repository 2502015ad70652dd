/**
 * The shared index informer: one reflector feeding one indexed cache, fanned out to any number
 * of event handlers, each with its own queue and resync period (client-go's
 * `sharedIndexInformer` + `sharedProcessor`).
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { KubeObject } from '../meta/object.js';
import { KubeClientError } from '../rest/errors.js';
import { DeletedFinalStateUnknown } from './deleted-final-state-unknown.js';
import { defaultCacheErrorHandler, type CacheErrorHandler } from './error-handler.js';
import type { EventHandlerOptions, ResourceEventHandler, ResourceEventHandlerRegistration } from './event-handler.js';
import { Indexer, type CacheFormat, type Indexers, type ReadonlyIndexer } from './indexer.js';
import type { ListerWatcher } from './lister-watcher.js';
import { metaNamespaceKey } from './object-key.js';
import { ProcessorListener, type Notification } from './processor-listener.js';
import { Reflector, type ReflectorOptions } from './reflector.js';
import type { ReadonlyStore, ReflectorStore } from './store.js';
import { ValueInterner } from './value-interner.js';

/** Shortest resync period a handler may ask for, in ms (client-go's `minimumResyncPeriod`). */
export const minimumResyncPeriodMs = 1000;

/** Options of a {@link SharedIndexInformer}. */
export interface SharedIndexInformerOptions<T> extends Omit<ReflectorOptions<T>, 'name' | 'onError' | 'transform'> {
  /** Name used in error reports (default `informer`). */
  name?: string;
  /** Resync period of handlers registered without one, in ms (default 0: no resync). */
  resyncPeriodMs?: number;
  /** Index functions besides the `namespace` index, which is always present. */
  indexers?: Indexers<T>;
  /** Applied to every object before it enters the cache (e.g. drop `managedFields`); must not throw. */
  transform?: (obj: T) => T;
  /** How the cache holds its objects (default `object`; `json` trades reads for memory, see {@link CacheFormat}). */
  cacheFormat?: CacheFormat;
  /**
   * Intern the values of cached objects (default true): equal strings, and `managedFields`'
   * `fieldsV1` trees, held once across the cache instead of once per object (see
   * {@link ValueInterner}). Runs after `transform`, once per object entering the cache. Objects
   * stay full and plain; only the `fieldsV1` trees become shared and frozen. `false` keeps the
   * objects exactly as parsed. Has no effect with `cacheFormat: 'json'`.
   */
  internValues?: boolean;
  /** Receives the errors the informer recovers from: failed lists and watches, throwing handlers (default: a warning on stderr). */
  onError?: CacheErrorHandler;
}

/** Thrown when an informer is used in a way its lifecycle does not allow. */
export class InformerStateError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'InformerStateError';
  override readonly name = 'InformerStateError';
}

interface ListenerEntry<T> {
  readonly listener: ProcessorListener<T>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

function resourceVersionOf(obj: unknown): string | undefined {
  return (obj as KubeObject).metadata?.resourceVersion;
}

/**
 * Watches one collection into an indexed cache and notifies handlers of changes.
 *
 * ```ts
 * const informer = new SharedIndexInformer(cs.sloV1alpha1.nodeMetrics(), { resyncPeriodMs: 60_000 });
 * informer.addEventHandler({ onUpdate: (oldObj, newObj) => ... });
 * void informer.run(signal);
 * await informer.waitForSync(signal);
 * ```
 */
export class SharedIndexInformer<T extends KubeObject> {
  /** Name used in error reports. */
  readonly name: string;
  private readonly indexer: Indexer<T>;
  private readonly entries = new Set<ListenerEntry<T>>();
  private readonly controller = new AbortController();
  private readonly syncWaiters = new Set<(synced: boolean) => void>();
  private readonly onError: CacheErrorHandler;
  private readonly defaultResyncMs: number;
  private transform: ((obj: T) => T) | undefined;
  private reflector: Reflector<T> | undefined;
  private synced = false;
  private started = false;
  private stopped = false;
  private done: Promise<void> | undefined;

  /**
   * @param lw - what to list and watch, e.g. a typed client or `cs.group.kinds(allNamespaces)`
   * @param options - resync, indexers, transform, paging, WatchList, error handler
   */
  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly options: SharedIndexInformerOptions<T> = {},
  ) {
    this.name = options.name ?? 'informer';
    this.indexer = new Indexer<T>(options.indexers, { format: options.cacheFormat });
    this.onError = options.onError ?? defaultCacheErrorHandler;
    this.defaultResyncMs = options.resyncPeriodMs ?? 0;
    this.transform = options.transform;
  }

  /** The cache, with its indices. Objects are shared: never mutate them. */
  getIndexer(): ReadonlyIndexer<T> {
    return this.indexer;
  }

  /** The cache as a plain store. */
  getStore(): ReadonlyStore<T> {
    return this.indexer;
  }

  /** Adds index functions, before or after start (existing objects are indexed at once). */
  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Sets the transform applied before objects enter the cache; only before `run`. */
  setTransform(transform: (obj: T) => T): void {
    if (this.started) throw new InformerStateError(`${this.name}: the transform cannot change after the informer has started`);
    this.transform = transform;
  }

  /** The user's transform followed by value interning, when either applies. */
  private cacheTransform(): ((obj: T) => T) | undefined {
    const user = this.transform;
    if (this.options.internValues === false || this.options.cacheFormat === 'json') return user;
    const interner = new ValueInterner();
    return user ? (obj) => interner.intern(user(obj)) : (obj) => interner.intern(obj);
  }

  /** True once the initial list is in the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** True once `run` has been called. */
  get isStarted(): boolean {
    return this.started;
  }

  /** True once the informer has been stopped (it cannot run again). */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** The resourceVersion of the last list, event or bookmark seen (`''` before the first list). */
  lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion ?? '';
  }

  /**
   * Resolves true once the cache has synced, or false when `signal` aborts or the informer stops
   * first (client-go's `WaitForCacheSync`).
   */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.stopped || signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const finish = (synced: boolean): void => {
        this.syncWaiters.delete(finish);
        signal?.removeEventListener('abort', onAbort);
        resolve(synced);
      };
      const onAbort = (): void => finish(false);
      this.syncWaiters.add(finish);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Registers a handler. Registered after start, it first receives a synthetic add (with
   * `isInInitialList` true) for every cached object. Throws once the informer has stopped.
   */
  addEventHandler(handler: ResourceEventHandler<T>, options: EventHandlerOptions = {}): ResourceEventHandlerRegistration {
    if (this.stopped) throw new InformerStateError(`${this.name}: cannot add an event handler to a stopped informer`);
    let resync = options.resyncPeriodMs ?? this.defaultResyncMs;
    if (resync > 0 && resync < minimumResyncPeriodMs) resync = minimumResyncPeriodMs;
    const listener = new ProcessorListener<T>(handler, Math.max(0, resync), (err) => this.report(err, 'handler'));
    const entry: ListenerEntry<T> = { listener, timer: undefined };
    this.entries.add(entry);
    if (this.started) {
      for (const obj of this.indexer.list()) listener.add({ type: 'add', obj, isInInitialList: true }, true);
      listener.start();
      this.armResync(entry);
    }
    return {
      hasSynced: () => this.synced && this.entries.has(entry) && listener.initialListProcessed(),
      remove: () => this.removeEntry(entry),
    };
  }

  /** Number of registered handlers. */
  get handlerCount(): number {
    return this.entries.size;
  }

  /**
   * Lists, watches and notifies until `signal` aborts or `stop()` is called. Resolves once
   * everything has stopped: no request, timer or handler call is left. Calling it again returns
   * the same promise; after a stop it cannot run again.
   */
  run(signal?: AbortSignal): Promise<void> {
    if (this.done) return this.done;
    if (this.stopped) return Promise.reject(new InformerStateError(`${this.name}: a stopped informer cannot run again`));
    this.started = true;
    const ctl = this.controller;
    const onAbort = (): void => ctl.abort();
    if (signal?.aborted) ctl.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    for (const e of this.entries) {
      e.listener.start();
      this.armResync(e);
    }
    const reflectorOptions: ReflectorOptions<T> = { ...this.options, name: this.name, onError: this.onError };
    const transform = this.cacheTransform();
    if (transform) reflectorOptions.transform = transform;
    this.reflector = new Reflector<T>(this.lw, this.sink(), reflectorOptions);
    const reflector = this.reflector;
    this.done = (async () => {
      try {
        await reflector.run(ctl.signal);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        this.stopped = true;
        for (const finish of [...this.syncWaiters]) finish(false);
        await Promise.all([...this.entries].map((e) => this.stopEntry(e)));
      }
    })();
    return this.done;
  }

  /** Stops the informer; resolves once everything has stopped (see {@link SharedIndexInformer.run}). */
  stop(): Promise<void> {
    this.controller.abort();
    if (!this.done) {
      this.stopped = true;
      for (const finish of [...this.syncWaiters]) finish(false);
      return Promise.resolve();
    }
    return this.done;
  }

  private report(err: unknown, phase: 'handler'): void {
    try {
      this.onError(err, { name: this.name, phase });
    } catch {
      // An error handler must not break the informer.
    }
  }

  private distribute(n: Notification<T>, initial = false): void {
    for (const e of this.entries) e.listener.add(n, initial);
  }

  private armResync(entry: ListenerEntry<T>): void {
    const period = entry.listener.resyncPeriodMs;
    if (period <= 0 || this.stopped || entry.timer !== undefined) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (!this.entries.has(entry) || this.stopped) return;
      if (this.synced) {
        for (const obj of this.indexer.list()) entry.listener.add({ type: 'update', oldObj: obj, newObj: obj });
      }
      this.armResync(entry);
    }, period);
  }

  private stopEntry(entry: ListenerEntry<T>): Promise<void> {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    return entry.listener.stop();
  }

  private removeEntry(entry: ListenerEntry<T>): Promise<void> {
    this.entries.delete(entry);
    return this.stopEntry(entry);
  }

  /** What the reflector writes into: the indexer, plus notifications for every change. */
  private sink(): ReflectorStore<T> {
    const upsert = (obj: T): void => {
      const old = this.indexer.upsert(metaNamespaceKey(obj), obj);
      const now = obj as DeepReadonly<T>;
      this.distribute(old === undefined ? { type: 'add', obj: now, isInInitialList: false } : { type: 'update', oldObj: old, newObj: now });
    };
    return {
      add: upsert,
      update: upsert,
      delete: (obj) => {
        const old = this.indexer.deleteByKey(metaNamespaceKey(obj));
        if (old === undefined) return;
        this.distribute({ type: 'delete', obj: obj as DeepReadonly<T> });
      },
      replace: (items) => {
        const initial = !this.synced;
        const previous = new Map(this.indexer.entries());
        this.indexer.replace(items);
        for (const obj of items) {
          const key = metaNamespaceKey(obj);
          const now = obj as DeepReadonly<T>;
          const old = previous.get(key);
          if (old === undefined) {
            this.distribute({ type: 'add', obj: now, isInInitialList: initial }, initial);
            continue;
          }
          previous.delete(key);
          // Unchanged objects (same opaque resourceVersion) are not re-announced.
          if (resourceVersionOf(old) !== resourceVersionOf(obj)) this.distribute({ type: 'update', oldObj: old, newObj: now });
        }
        for (const [key, old] of previous) this.distribute({ type: 'delete', obj: new DeletedFinalStateUnknown(key, old) });
        if (!this.synced) {
          this.synced = true;
          for (const finish of [...this.syncWaiters]) finish(true);
        }
      },
    };
  }
}
