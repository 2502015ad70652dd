/**
 * Per-item rate limiters of the rate-limiting work queue (client-go `workqueue` rate limiters):
 * how long an item waits before it is retried. `when(item)` records a failure and returns the
 * delay, `forget(item)` clears the item's history, `numRequeues(item)` counts its failures.
 * @packageDocumentation
 */
import { systemClock, type Clock } from '../rest/transport/clock.js';

/** Decides how long an item waits before its next attempt (client-go `TypedRateLimiter`). */
export interface ItemRateLimiter<T> {
  /** Records one more failure of `item`; returns how long it must wait, in ms. */
  when(item: T): number;
  /** Forgets `item`'s failures (call it after a success). */
  forget(item: T): void;
  /** How many failures of `item` are on record. */
  numRequeues(item: T): number;
}

/**
 * Exponential backoff per item: `baseDelayMs * 2^failures`, capped at `maxDelayMs`
 * (client-go `ItemExponentialFailureRateLimiter`).
 */
export class ItemExponentialFailureRateLimiter<T> implements ItemRateLimiter<T> {
  private readonly failures = new Map<T, number>();
  /**
   * @param baseDelayMs - delay after the first failure
   * @param maxDelayMs - the cap
   */
  constructor(
    readonly baseDelayMs: number,
    readonly maxDelayMs: number,
  ) {}

  /** Backoff for this failure: base doubled once per earlier failure, capped. */
  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(backoff) ? Math.min(backoff, this.maxDelayMs) : this.maxDelayMs;
  }

  /** Clears the item's failures. */
  forget(item: T): void {
    this.failures.delete(item);
  }

  /** The item's failures on record. */
  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * `fastDelayMs` for the first `maxFastAttempts` failures of an item, `slowDelayMs` afterwards
 * (client-go `ItemFastSlowRateLimiter`).
 */
export class ItemFastSlowRateLimiter<T> implements ItemRateLimiter<T> {
  private readonly failures = new Map<T, number>();
  /**
   * @param fastDelayMs - delay of the first attempts
   * @param slowDelayMs - delay afterwards
   * @param maxFastAttempts - how many attempts are fast
   */
  constructor(
    readonly fastDelayMs: number,
    readonly slowDelayMs: number,
    readonly maxFastAttempts: number,
  ) {}

  /** Fast delay for the first attempts, slow afterwards. */
  when(item: T): number {
    const n = (this.failures.get(item) ?? 0) + 1;
    this.failures.set(item, n);
    return n <= this.maxFastAttempts ? this.fastDelayMs : this.slowDelayMs;
  }

  /** Clears the item's failures. */
  forget(item: T): void {
    this.failures.delete(item);
  }

  /** The item's failures on record. */
  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket shared by all items (client-go `BucketRateLimiter` over
 * `rate.Limiter.Reserve()`): `burst` retries pass at once, then one every `1/qps` s. Each call
 * reserves a token, so the delays handed out grow in arrival order. It keeps no per-item state.
 */
export class BucketRateLimiter<T> implements ItemRateLimiter<T> {
  private tokens: number;
  private last: number;
  /**
   * @param qps - tokens per second
   * @param burst - bucket size (starts full)
   * @param clock - time source
   */
  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(qps > 0)) throw new RangeError(`BucketRateLimiter: qps must be > 0 (got ${qps})`);
    if (!(burst >= 1)) throw new RangeError(`BucketRateLimiter: burst must be >= 1 (got ${burst})`);
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Reserves a token; returns how long until it is available, in ms. */
  when(_item: T): number {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  /** No per-item state. */
  forget(_item: T): void {}

  /** Always 0: the bucket keeps no per-item history. */
  numRequeues(_item: T): number {
    return 0;
  }
}

/** The longest delay of several limiters; requeues are the most any of them counts (client-go `MaxOfRateLimiter`). */
export class MaxOfRateLimiter<T> implements ItemRateLimiter<T> {
  private readonly limiters: readonly ItemRateLimiter<T>[];
  /** @param limiters - consulted on every call */
  constructor(...limiters: ItemRateLimiter<T>[]) {
    this.limiters = limiters;
  }

  /** The maximum of every limiter's delay (each one records the failure). */
  when(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }

  /** Forgets the item in every limiter. */
  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  /** The maximum requeue count of any limiter. */
  numRequeues(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/**
 * client-go's `DefaultTypedControllerRateLimiter`: the max of per-item exponential backoff
 * (5 ms doubling to 1000 s) and an overall token bucket (10 qps, burst 100).
 */
export function defaultControllerRateLimiter<T>(clock: Clock = systemClock): ItemRateLimiter<T> {
  return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1_000_000), new BucketRateLimiter<T>(10, 100, clock));
}
