/**
 * A token bucket with client-go's semantics (`flowcontrol.NewTokenBucketRateLimiter`, itself
 * `golang.org/x/time/rate`): it holds at most `burst` tokens, starts full, and refills
 * continuously at `qps` tokens per second. Each acquisition takes one token; when none is left it
 * *reserves* the next one (the count goes negative) and waits until that token has accrued. So
 * waiters are served in arrival order without a queue, and `burst` calls pass at once followed
 * by one call every `1/qps` seconds.
 *
 * Why not Bottleneck's reservoir: Bottleneck refills its reservoir from a polling `setInterval`
 * heartbeat (250 ms by default) that adds at most one increment per tick and restarts the
 * interval from the tick time, so a 200 ms refill (QPS 5) actually runs at 4 QPS and any rate
 * drifts with the tick; it reads `Date.now()` (no injectable clock, so no deterministic tests);
 * and a queued job cannot be withdrawn when its caller aborts. The reservation model below needs
 * no queue at all (arrival order is the reservation order, an abort hands its token back in
 * O(1)), so Bottleneck is not used here; `bench/rate-limit.ts` measures both.
 * @packageDocumentation
 */
import { systemClock, type Clock } from '../transport/clock.js';
import type { RateLimiter } from './rate-limiter.js';

/** A token promised to one caller: when it may proceed. */
interface Reservation {
  /** Clock time at which the caller may act. */
  timeToAct: number;
}

/** A token bucket rate limiter: `burst` tokens, refilled at `qps` per second, starting full. */
export class TokenBucket implements RateLimiter {
  /** Tokens added per second. */
  readonly qps: number;
  /** Capacity of the bucket, and the number of calls that pass at once from a full bucket. */
  readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  /** Last time `tokens` was brought up to date. */
  private last: number;
  /** Latest `timeToAct` handed out (used to decide how much an aborted reservation gives back). */
  private lastEvent: number;

  /**
   * @param qps - refill rate in tokens per second (> 0, finite)
   * @param burst - capacity (an integer >= 1)
   * @param clock - time source (the system clock by default; a `ManualClock` in tests)
   */
  constructor(qps: number, burst: number, clock: Clock = systemClock) {
    if (!(qps > 0) || !Number.isFinite(qps)) throw new RangeError(`TokenBucket: qps must be a finite number > 0 (got ${qps})`);
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`TokenBucket: burst must be an integer >= 1 (got ${burst})`);
    this.qps = qps;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.now();
    this.lastEvent = this.last;
  }

  /** Tokens available right now (negative while callers are waiting for reserved tokens). */
  available(): number {
    this.advance(this.clock.now());
    return this.tokens;
  }

  /** Takes a token if one is available now, without waiting. */
  tryAcquire(): boolean {
    const now = this.clock.now();
    this.advance(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Takes a token, waiting until one has accrued. Resolves with the milliseconds waited (0 when
   * a token was available). When `signal` aborts while waiting, rejects at once with the
   * signal's reason and gives the reserved token back (as far as later callers have not
   * already been scheduled on it).
   */
  async acquire(signal?: AbortSignal): Promise<number> {
    signal?.throwIfAborted();
    const start = this.clock.now();
    const r = this.reserve(start);
    const waitMs = r.timeToAct - start;
    if (waitMs <= 0) return 0;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (err) {
      this.cancel(r);
      throw err;
    }
    return Math.max(0, this.clock.now() - start);
  }

  private advance(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
      this.last = now;
    }
  }

  private reserve(now: number): Reservation {
    this.advance(now);
    this.tokens -= 1;
    const waitMs = this.tokens < 0 ? (-this.tokens * 1000) / this.qps : 0;
    const r = { timeToAct: now + waitMs };
    if (r.timeToAct > this.lastEvent) this.lastEvent = r.timeToAct;
    return r;
  }

  /**
   * Gives back the token of an abandoned reservation, minus what later reservations already
   * count on: if k callers were scheduled after this one, their slots stay where they are and
   * only `1 - k` tokens (never less than 0) return to the bucket, so the rate is never exceeded.
   */
  private cancel(r: Reservation): void {
    const now = this.clock.now();
    if (r.timeToAct <= now) return;
    const restore = 1 - ((this.lastEvent - r.timeToAct) * this.qps) / 1000;
    if (restore <= 0) return;
    this.advance(now);
    this.tokens = Math.min(this.burst, this.tokens + restore);
    if (r.timeToAct === this.lastEvent) {
      const previous = r.timeToAct - 1000 / this.qps;
      if (previous >= now) this.lastEvent = previous;
    }
  }
}
