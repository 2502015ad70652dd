/**
 * Where the cache reports errors it recovers from (failed lists and watches, throwing handlers):
 * client-go's `WatchErrorHandler` and `utilruntime.HandleError`.
 * @packageDocumentation
 */

/** What was going on when an error happened. */
export interface CacheErrorContext {
  /** Name of the informer or reflector (by default `group/version/plural`). */
  name: string;
  /** `list`, `watch` or `watchList` for the reflector; `handler` for an event handler that threw. */
  phase: 'list' | 'watch' | 'watchList' | 'handler';
}

/** Receives errors the cache recovered from; it must not throw. */
export type CacheErrorHandler = (err: unknown, context: CacheErrorContext) => void;

/** The default handler: one warning line on stderr (error messages never hold credentials). */
export const defaultCacheErrorHandler: CacheErrorHandler = (err, context) => {
  const message = err instanceof Error ? err.message : String(err);
  console.warn(`[koordinator-client cache] ${context.name}: ${context.phase} failed: ${message}`);
};
