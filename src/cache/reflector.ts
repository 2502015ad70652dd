/**
 * The reflector: keeps a store in step with the server by listing once, then watching from the
 * list's resourceVersion; re-watches after the server closes the stream or the connection drops,
 * and relists only when the resourceVersion is gone (client-go's `tools/cache/reflector.go`).
 * @packageDocumentation
 */
import type { KubeList, KubeObject } from '../meta/object.js';
import type { ListOptions, WatchOptions } from '../meta/options.js';
import type { WatchEvent } from '../meta/watch-event.js';
import { AbortError, ApiError, isClientClosed, isGone, isResourceVersionTooLarge, isTooManyRequests, KubeClientError, NetworkError } from '../rest/errors.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { delay } from './delay.js';
import { defaultCacheErrorHandler, type CacheErrorContext, type CacheErrorHandler } from './error-handler.js';
import type { ListerWatcher } from './lister-watcher.js';
import { metaNamespaceKey } from './object-key.js';
import type { ReflectorStore } from './store.js';

/** Annotation of the bookmark that ends the initial events of a streaming list (WatchList). */
export const initialEventsEndAnnotation = 'k8s.io/initial-events-end';

/** Options of a {@link Reflector}. */
export interface ReflectorOptions<T> {
  /** Name used in error reports (default `reflector`). */
  name?: string;
  /**
   * Page size of lists. When set, every list is paginated with it (0 lists in one request). When
   * unset: consistent lists in pages of 500; with {@link ReflectorOptions.listFromWatchCache}, lists
   * at a resourceVersion go unpaginated (client-go), until the first one at `"0"` comes back
   * paginated (no watch cache).
   */
  pageSize?: number;
  /**
   * List as client-go's reflector does: the first list at `resourceVersion=0` and relists at the
   * last resourceVersion seen, both unpaginated so that the API server's watch cache answers them
   * (in one response, however large the collection); a consistent list only after 410 or "too
   * large resource version". Default false: every list is consistent (`resourceVersion` unset) and
   * paginated, so that no answer grows with the collection (this client holds a whole answer in
   * one string, which V8 caps near 512 MiB); kube-apiserver >= 1.34 serves those from its cache
   * too.
   */
  listFromWatchCache?: boolean;
  /**
   * Load the initial state with a streaming list (WatchList: a watch with
   * `sendInitialEvents=true`, ended by a bookmark annotated `k8s.io/initial-events-end`) instead
   * of paginated lists. When the server rejects it, the reflector falls back to a plain list.
   * Default false.
   */
  watchList?: boolean;
  /**
   * Lower bound of the server-side watch timeout, in seconds: each watch asks for a random
   * `timeoutSeconds` in [min, 2*min) and is re-established from the last resourceVersion when it
   * ends (default 300, i.e. 5 to 10 minutes).
   */
  minWatchTimeoutSeconds?: number;
  /** Backoff between relists and between failed watch attempts (default 800 ms doubling to 30 s, jitter, reset after 2 min). */
  backoff?: Partial<BackoffOptions>;
  /** Applied to every listed or watched object before it enters the store (e.g. drop managedFields). */
  transform?: (obj: T) => T;
  /** Receives the errors the reflector recovers from (default: a warning on stderr). */
  onError?: CacheErrorHandler;
  /** Random source in [0, 1) for timeouts and jitter (default `Math.random`). */
  random?: () => number;
}

/** Default page size of the reflector's lists (client-go's pager). */
export const defaultReflectorPageSize = 500;
/** Default lower bound of the watch timeout, in seconds (client-go's `minWatchTimeout`). */
export const defaultMinWatchTimeoutSeconds = 300;

/** A watch that closed without an event this fast (ms) is treated as a failed attempt and backed off. */
const shortWatchMs = 1000;

/** Errors after which a watch is re-established (after backoff) from the same resourceVersion, without a relist. */
function isRetriableWatchError(err: unknown): boolean {
  if (isClientClosed(err)) return false;
  if (err instanceof NetworkError) return true;
  if (err instanceof AbortError) return true; // a transport timeout, not our stop signal
  if (err instanceof ApiError) return err.code >= 500 || isTooManyRequests(err);
  return false;
}

/** A server answer that says it does not support a streaming list (as opposed to a transient failure). */
function isWatchListRejection(err: unknown): boolean {
  return err instanceof ApiError && err.code >= 400 && err.code < 500 && !isGone(err) && !isTooManyRequests(err);
}

/** The initial events of a streaming list ended without the `initial-events-end` bookmark. */
export class WatchListIncompleteError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'WatchListIncompleteError';
  override readonly name = 'WatchListIncompleteError';
}

/**
 * Lists and watches one collection into a {@link ReflectorStore}, until its `run` signal aborts.
 *
 * - Initial state: a consistent list in pages of 500, or with `watchList` a streaming list; with
 *   `listFromWatchCache`, as client-go's reflector: the first list at `resourceVersion=0`, a relist
 *   at the last resourceVersion seen, and a consistent list only after 410 Expired/Gone or
 *   "resource version too large".
 * - Then a watch from the list's resourceVersion with `allowWatchBookmarks` and a randomized
 *   server timeout; bookmarks only advance the resourceVersion, which is opaque and never
 *   compared or parsed.
 * - A watch that ends or drops is re-established from the last resourceVersion (connection
 *   errors, 429 and 5xx after backoff) without relisting; 410 Gone/Expired relists; any other
 *   failure is reported, then relists after backoff.
 */
export class Reflector<T extends KubeObject> {
  private rv = '';
  /** The last resourceVersion cannot be listed or watched from (410, too large): the next list is consistent. */
  private rvUnavailable = false;
  /** The first list at `"0"` came back paginated: the server has no watch cache for this resource. */
  private paginatedResult = false;
  private clientClosed = false;
  private watchListRejected = false;
  private readonly name: string;
  private readonly pageSize: number;
  private readonly explicitPageSize: boolean;
  private readonly listFromWatchCache: boolean;
  private readonly minWatchTimeoutSeconds: number;
  private readonly relistBackoff: Backoff;
  private readonly watchBackoff: Backoff;
  private readonly random: () => number;
  private readonly onError: CacheErrorHandler;
  private readonly transform: (obj: T) => T;

  /**
   * @param lw - where to list and watch
   * @param store - what to keep in step
   * @param options - paging, WatchList, timeouts, backoff, transform, error handler
   */
  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly store: ReflectorStore<T>,
    private readonly options: ReflectorOptions<T> = {},
  ) {
    this.name = options.name ?? 'reflector';
    this.pageSize = options.pageSize ?? defaultReflectorPageSize;
    this.explicitPageSize = options.pageSize !== undefined;
    this.listFromWatchCache = options.listFromWatchCache ?? false;
    this.minWatchTimeoutSeconds = options.minWatchTimeoutSeconds ?? defaultMinWatchTimeoutSeconds;
    this.random = options.random ?? Math.random;
    this.relistBackoff = new Backoff(options.backoff, this.random);
    this.watchBackoff = new Backoff(options.backoff, this.random);
    this.onError = options.onError ?? defaultCacheErrorHandler;
    this.transform = options.transform ?? ((o) => o);
  }

  /** The resourceVersion of the last list, event or bookmark seen (`''` before the first list). */
  get lastSyncResourceVersion(): string {
    return this.rv;
  }

  /** True while the reflector loads its state with streaming lists (WatchList) rather than paginated ones. */
  get usesWatchList(): boolean {
    return (this.options.watchList ?? false) && !this.watchListRejected;
  }

  /**
   * Lists and watches until `signal` aborts, or until the client it uses is closed (reported to
   * the error handler as the `ClientClosedError`); resolves once every request has ended. Never
   * rejects.
   */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && !this.clientClosed) {
      await this.listAndWatch(signal);
      if (signal.aborted || this.clientClosed) break;
      await delay(this.relistBackoff.next(), signal);
    }
  }

  /** True once the reflector stopped because its client was closed. */
  get stoppedByClientClose(): boolean {
    return this.clientClosed;
  }

  private report(err: unknown, phase: CacheErrorContext['phase']): void {
    if (isClientClosed(err)) this.clientClosed = true;
    try {
      this.onError(err, { name: this.name, phase });
    } catch {
      // An error handler must not break the reflector.
    }
  }

  private watchTimeoutSeconds(): number {
    return Math.floor(this.minWatchTimeoutSeconds * (1 + this.random()));
  }

  /** One list (or streaming list) followed by watches until a relist is needed or the signal aborts. */
  private async listAndWatch(signal: AbortSignal): Promise<void> {
    let stream: OpenWatch<T> | undefined;
    if (this.usesWatchList) {
      try {
        stream = await this.streamInitialState(signal);
      } catch (err) {
        if (signal.aborted) return;
        if (isGone(err) || isResourceVersionTooLarge(err)) this.rvUnavailable = true;
        this.report(err, 'watchList');
        if (this.clientClosed) return;
        if (isWatchListRejection(err)) this.watchListRejected = true;
      }
    }
    if (!stream) {
      try {
        await this.listInitialState(signal);
      } catch (err) {
        if (!signal.aborted) this.report(err, 'list');
        return;
      }
    }
    await this.watch(signal, stream);
  }

  /** The resourceVersion a (re)list asks for (client-go's `relistResourceVersion`). */
  private relistResourceVersion(): string {
    if (!this.listFromWatchCache || this.rvUnavailable) return '';
    return this.rv === '' ? '0' : this.rv;
  }

  /** The page size of a list at `resourceVersion` (client-go's reflector and pager). */
  private listPageSize(resourceVersion: string): number {
    if (this.explicitPageSize || this.paginatedResult) return this.pageSize;
    // A list at a given resourceVersion is served from the watch cache only without a limit; the
    // cache ignores the limit at "0" anyway. A consistent list ("") goes to etcd in pages.
    return resourceVersion !== '' && resourceVersion !== '0' ? 0 : defaultReflectorPageSize;
  }

  /** A (paginated) list, then one atomic replace of the store. */
  private async listInitialState(signal: AbortSignal): Promise<void> {
    const resourceVersion = this.relistResourceVersion();
    let result: { items: T[]; rv: string; paginated: boolean };
    try {
      result = await this.listPages(resourceVersion, signal);
    } catch (err) {
      if (!isGone(err) && !isResourceVersionTooLarge(err)) throw err;
      // The resourceVersion is compacted or ahead of this server's cache: list consistently.
      this.rvUnavailable = true;
      result = await this.listPages(this.relistResourceVersion(), signal);
    }
    if (resourceVersion === '0' && result.paginated) this.paginatedResult = true;
    this.rvUnavailable = false;
    this.store.replace(result.items, result.rv);
    this.rv = result.rv;
  }

  /**
   * Lists every page at `resourceVersion` (continue pages carry no resourceVersion); when a continue
   * token expires, falls back to one full list at `resourceVersion` (client-go's pager).
   */
  private async listPages(resourceVersion: string, signal: AbortSignal): Promise<{ items: T[]; rv: string; paginated: boolean }> {
    const items: T[] = [];
    const first: ListOptions = { signal };
    if (resourceVersion !== '') first.resourceVersion = resourceVersion;
    const limit = this.listPageSize(resourceVersion);
    if (limit > 0) first.limit = limit;
    let opts = first;
    let rv = '';
    let paginated = false;
    for (;;) {
      let page: KubeList<T>;
      try {
        page = await this.lw.list(opts);
      } catch (err) {
        if (opts.continue && isGone(err)) {
          // The continue token expired: fall back to one full, unpaginated list.
          items.length = 0;
          opts = { signal };
          if (resourceVersion !== '') opts.resourceVersion = resourceVersion;
          continue;
        }
        throw err;
      }
      for (const obj of page.items) items.push(this.transform(obj));
      rv = page.metadata?.resourceVersion ?? '';
      const next = page.metadata?.continue;
      if (!next) break;
      paginated = true;
      opts = { signal, continue: next };
      if (first.limit !== undefined) opts.limit = first.limit;
    }
    return { items, rv, paginated };
  }

  /**
   * Streaming list: collects the initial events until the `initial-events-end` bookmark, replaces
   * the store, and returns the still-open stream for the watch to go on with.
   */
  private async streamInitialState(signal: AbortSignal): Promise<OpenWatch<T>> {
    const opts: WatchOptions = { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true, timeoutSeconds: this.watchTimeoutSeconds(), signal };
    // client-go's rewatchResourceVersion: the last one seen, or a consistent start ("").
    if (!this.rvUnavailable && this.rv !== '') opts.resourceVersion = this.rv;
    const it = this.openWatch(opts);
    const initial = new Map<string, T>();
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) throw new WatchListIncompleteError('the streaming list ended before its initial-events-end bookmark');
        const batch = r.value;
        for (let i = 0; i < batch.length; i++) {
          const ev = batch[i]!;
          if (ev.type === 'BOOKMARK') {
            const meta = ev.object.metadata;
            if (meta?.annotations?.[initialEventsEndAnnotation] === 'true') {
              const rv = meta.resourceVersion ?? '';
              this.store.replace([...initial.values()], rv);
              this.rv = rv;
              this.rvUnavailable = false;
              // Events after the bookmark in its batch are the watch's first.
              return { it, pending: batch.slice(i + 1) };
            }
            continue;
          }
          const obj = this.transform(ev.object);
          if (ev.type === 'DELETED') initial.delete(metaNamespaceKey(obj));
          else initial.set(metaNamespaceKey(obj), obj);
        }
      }
    } catch (err) {
      await closeQuietly(it);
      throw err;
    }
  }

  /** Watches from the last resourceVersion, re-establishing the watch until a relist is needed. */
  private async watch(signal: AbortSignal, open: OpenWatch<T> | undefined): Promise<void> {
    let it = open?.it;
    let pending = open?.pending ?? [];
    while (!signal.aborted) {
      const started = Date.now();
      let events = 0;
      try {
        it ??= this.openWatch({ resourceVersion: this.rv, allowWatchBookmarks: true, timeoutSeconds: this.watchTimeoutSeconds(), signal });
        for (;;) {
          // The events that arrived together are applied in one synchronous step, in order.
          for (const ev of pending) {
            if (signal.aborted) break;
            events++;
            this.apply(ev);
          }
          const r = await it.next();
          if (r.done) break;
          pending = r.value;
        }
        pending = [];
      } catch (err) {
        pending = [];
        if (it) await closeQuietly(it);
        it = undefined;
        if (signal.aborted) return;
        if (isGone(err) || isResourceVersionTooLarge(err)) {
          // The resourceVersion is compacted (or ahead of this server): relist consistently.
          this.rvUnavailable = true;
          return;
        }
        this.report(err, 'watch');
        if (!isRetriableWatchError(err)) return;
        await delay(this.watchBackoff.next(), signal);
        continue;
      }
      it = undefined;
      if (signal.aborted) return;
      // The server closed the stream (timeout, restart, dropped connection): watch again from the
      // last resourceVersion. A stream that closed at once, empty, is backed off.
      if (events === 0 && Date.now() - started < shortWatchMs) await delay(this.watchBackoff.next(), signal);
    }
  }

  /** Opens a watch whose events come in batches: the lister-watcher's own, or one event each. */
  private openWatch(opts: WatchOptions): AsyncIterator<readonly WatchEvent<T>[]> {
    const batches = this.lw.watchBatches ? this.lw.watchBatches(opts) : oneEventEach(this.lw.watch(opts));
    return batches[Symbol.asyncIterator]();
  }

  /** Applies one watch event to the store and advances the resourceVersion. */
  private apply(ev: WatchEvent<T>): void {
    const rv = ev.object?.metadata?.resourceVersion;
    try {
      switch (ev.type) {
        case 'ADDED':
          this.store.add(this.transform(ev.object));
          break;
        case 'MODIFIED':
          this.store.update(this.transform(ev.object));
          break;
        case 'DELETED':
          this.store.delete(this.transform(ev.object));
          break;
        case 'BOOKMARK':
          break;
      }
    } catch (err) {
      this.report(err, 'watch');
    }
    if (rv) this.rv = rv;
  }
}

/** A watch that is open, and the events it already yielded that are still to be applied. */
interface OpenWatch<T> {
  it: AsyncIterator<readonly WatchEvent<T>[]>;
  pending: readonly WatchEvent<T>[];
}

/** A lister-watcher's events without batches, as batches of one. */
async function* oneEventEach<T>(events: AsyncIterable<WatchEvent<T>>): AsyncGenerator<readonly WatchEvent<T>[]> {
  for await (const ev of events) yield [ev];
}

async function closeQuietly(it: AsyncIterator<unknown>): Promise<void> {
  try {
    await it.return?.();
  } catch {
    // The stream already failed; closing it is best effort.
  }
}
