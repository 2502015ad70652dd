/**
 * The minimal source a reflector needs: list and watch one collection. A `ResourceReader` (and
 * so every generated typed client) satisfies it; tests script one in memory.
 * @packageDocumentation
 */
import type { KubeList } from '../meta/object.js';
import type { ListOptions, WatchOptions } from '../meta/options.js';
import type { WatchEvent } from '../meta/watch-event.js';

/**
 * Lists and watches one collection (client-go's `cache.ListerWatcher`).
 *
 * `watch` yields typed events and must: end without error when `opts.signal` aborts or when the
 * server closes the stream; throw an `ApiError` for an `ERROR` event (410 Expired included).
 */
export interface ListerWatcher<T> {
  /** One page of the collection (`limit` / `continue` as the API server pages). */
  list(opts: ListOptions): Promise<KubeList<T>>;
  /** A stream of changes after `opts.resourceVersion`. */
  watch(opts: WatchOptions): AsyncIterable<WatchEvent<T>>;
  /**
   * Optional: the same stream as `watch`, with the events that arrived together yielded as one
   * (non-empty) array. A reflector uses it when present, to apply a chunk's events in one
   * synchronous step; `ResourceReader` has it.
   */
  watchBatches?(opts: WatchOptions): AsyncIterable<readonly WatchEvent<T>[]>;
}

/** Adjusts the options of every list and watch in place (client-go's `TweakListOptionsFunc`), e.g. to add selectors. */
export type TweakListOptions = (opts: ListOptions | WatchOptions) => void;

/**
 * Wraps `lw` so that `tweak` adjusts (a copy of) the options of every list and watch it sends.
 */
export function tweakListerWatcher<T>(lw: ListerWatcher<T>, tweak: TweakListOptions): ListerWatcher<T> {
  const tweaked = <O extends ListOptions | WatchOptions>(opts: O): O => {
    const o = { ...opts };
    tweak(o);
    return o;
  };
  const out: ListerWatcher<T> = {
    list: (opts) => lw.list(tweaked(opts)),
    watch: (opts) => lw.watch(tweaked(opts)),
  };
  if (lw.watchBatches) {
    const batches = lw.watchBatches.bind(lw);
    out.watchBatches = (opts) => batches(tweaked(opts));
  }
  return out;
}
