/**
 * The rate-limiting work queue (client-go `RateLimitingInterface`): a delaying queue whose
 * `addRateLimited` waits as long as the rate limiter says, `forget` clears an item's failure
 * history and `numRequeues` reports it.
 * @packageDocumentation
 */
import { DelayingQueue } from './delaying-queue.js';
import { defaultControllerRateLimiter, type ItemRateLimiter } from './rate-limiter.js';
import type { WorkQueueOptions } from './work-queue.js';

/** Options of a {@link RateLimitingQueue}. */
export interface RateLimitingQueueOptions<T> extends WorkQueueOptions {
  /** The rate limiter (default: client-go's default controller rate limiter). */
  rateLimiter?: ItemRateLimiter<T>;
}

/**
 * A {@link DelayingQueue} with per-item rate-limited retries.
 *
 * ```ts
 * const q = new RateLimitingQueue<string>({ name: 'nodes' });
 * const key = await q.get();
 * try { await reconcile(key); q.forget(key); } catch { q.addRateLimited(key); } finally { q.done(key); }
 * ```
 */
export class RateLimitingQueue<T extends NonNullable<unknown>> extends DelayingQueue<T> {
  /** The rate limiter deciding retry delays. */
  readonly rateLimiter: ItemRateLimiter<T>;

  /** @param options - rate limiter, name, metrics provider, clock */
  constructor(options: RateLimitingQueueOptions<T> = {}) {
    super(options);
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
  }

  /** Adds `item` once the rate limiter allows it (records a failure). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Clears `item`'s failure history (it does not remove the item from the queue). */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  /** How many times `item` has been re-added through the rate limiter since its last `forget`. */
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
