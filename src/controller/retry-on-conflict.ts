/**
 * `retryOnConflict` (client-go `retry.RetryOnConflict`): runs a read-modify-write function
 * again when the write lost an optimistic-concurrency race (409 Conflict), with a short backoff.
 * @packageDocumentation
 */
import { systemClock, type Clock } from '../rest/transport/clock.js';
import { isConflict } from '../rest/errors.js';

/** A backoff: `steps` attempts, the first waiting `durationMs`, each wait multiplied by `factor`, plus up to `jitter` times more. */
export interface RetryBackoff {
  /** Maximum number of attempts. */
  steps: number;
  /** First wait, in ms. */
  durationMs: number;
  /** Multiplier of the wait after each attempt. */
  factor: number;
  /** Random extra wait, as a fraction of the wait (0.1 = up to 10 % more). */
  jitter: number;
  /** Upper bound of a wait, in ms (default none). */
  capMs?: number;
}

/** client-go's `retry.DefaultRetry`: 5 attempts, 10 ms apart, 10 % jitter. */
export const defaultRetry: Readonly<RetryBackoff> = Object.freeze({ steps: 5, durationMs: 10, factor: 1, jitter: 0.1 });

/** client-go's `retry.DefaultBackoff`: 4 attempts from 10 ms, times 5, 10 % jitter. */
export const defaultBackoff: Readonly<RetryBackoff> = Object.freeze({ steps: 4, durationMs: 10, factor: 5, jitter: 0.1 });

/** Options of {@link retryOnError}. */
export interface RetryOptions {
  /** Stops waiting (rejects with the signal's reason) when it aborts. */
  signal?: AbortSignal;
  /** Time source (tests). */
  clock?: Clock;
  /** Random source in [0, 1) for the jitter (tests). */
  random?: () => number;
}

/**
 * Calls `fn` until it succeeds, throws an error `retriable` rejects, or `backoff.steps` attempts
 * have failed (the last error is thrown).
 */
export async function retryOnError<R>(backoff: Readonly<RetryBackoff>, retriable: (err: unknown) => boolean, fn: () => Promise<R> | R, options: RetryOptions = {}): Promise<R> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  let wait = backoff.durationMs;
  const steps = Math.max(1, backoff.steps);
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn();
    } catch (err) {
      if (attempt >= steps || !retriable(err)) throw err;
    }
    let d = wait * (1 + (backoff.jitter > 0 ? random() * backoff.jitter : 0));
    if (backoff.capMs !== undefined) d = Math.min(d, backoff.capMs);
    await clock.sleep(d, options.signal);
    wait *= backoff.factor;
  }
}

/**
 * Runs `fn` (which should read the latest object, change it and write it) again whenever it
 * throws a conflict, up to `backoff.steps` times; other errors are thrown at once.
 *
 * ```ts
 * await retryOnConflict(defaultRetry, async () => {
 *   const nm = await client.get('node-1');
 *   nm.spec = { ...nm.spec, metricCollectPolicy: { reportIntervalSeconds: 60 } };
 *   await client.update(nm);
 * });
 * ```
 */
export function retryOnConflict<R>(backoff: Readonly<RetryBackoff>, fn: () => Promise<R> | R, options: RetryOptions = {}): Promise<R> {
  return retryOnError(backoff, isConflict, fn, options);
}
