/**
 * The client-side rate limiter contract and its construction from `qps`/`burst` (client-go
 * `rest.Config.QPS/Burst/RateLimiter`, defaults 5 and 10). One limiter per Clientset, shared by
 * every group client; watches are not rate limited.
 * @packageDocumentation
 */
import type { Clock } from '../transport/clock.js';
import { TokenBucket } from './token-bucket.js';

/**
 * Decides when a request may be sent. Implement it to plug in your own limiter (e.g. one shared
 * between processes).
 */
export interface RateLimiter {
  /**
   * Waits for permission to send one request and resolves with the milliseconds waited. When
   * `signal` aborts while waiting it must reject promptly (with the signal's reason) and must
   * not count the abandoned request against the rate.
   */
  acquire(signal?: AbortSignal): Promise<number>;
  /**
   * Optional: takes permission at once if it is available now, without waiting, and says whether
   * it did. The rate-limited transport tries it first, so that a request under the rate pays for
   * no abortable wait.
   */
  tryAcquire?(): boolean;
}

/** client-go's default QPS (`rest.DefaultQPS`). */
export const DEFAULT_QPS = 5;
/** client-go's default burst (`rest.DefaultBurst`). */
export const DEFAULT_BURST = 10;

/** How to build the client-side rate limiter. */
export interface RateLimiterOptions {
  /** Requests per second once the burst is spent (default 5). `<= 0` or `Infinity` disables limiting. */
  qps?: number;
  /** Requests that may be sent at once from a rested client (default 10). */
  burst?: number;
  /** Disables client-side rate limiting altogether. */
  disabled?: boolean;
  /** Time source (tests). */
  clock?: Clock;
}

/** A limiter that never waits. */
export const unlimitedRateLimiter: RateLimiter = {
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return Promise.resolve(0);
  },
  tryAcquire: () => true,
};

/**
 * Builds the limiter for `opts`: a `TokenBucket(qps, burst)` that starts full, or
 * `unlimitedRateLimiter` when `disabled` is set or `qps <= 0` / `Infinity`.
 */
export function createRateLimiter(opts: RateLimiterOptions = {}): RateLimiter {
  if (opts.disabled) return unlimitedRateLimiter;
  const qps = opts.qps ?? DEFAULT_QPS;
  if (!(qps > 0) || qps === Number.POSITIVE_INFINITY) return unlimitedRateLimiter;
  const burst = opts.burst ?? DEFAULT_BURST;
  return new TokenBucket(qps, burst, opts.clock);
}
