import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import { createRateLimiter, DEFAULT_BURST, DEFAULT_QPS, unlimitedRateLimiter } from '../../../src/rest/flow-control/rate-limiter.js';
import { TokenBucket } from '../../../src/rest/flow-control/token-bucket.js';
import { isSettled } from './support.js';

/** Starts `n` acquisitions and records, for each, the clock time at which it resolved. */
function acquireMany(bucket: TokenBucket, clock: ManualClock, n: number, signal?: AbortSignal) {
  const resolvedAt: (number | undefined)[] = new Array(n).fill(undefined);
  const waited: (number | undefined)[] = new Array(n).fill(undefined);
  const promises = Array.from({ length: n }, (_, i) =>
    bucket.acquire(signal).then((w) => {
      resolvedAt[i] = clock.now();
      waited[i] = w;
    }),
  );
  return { resolvedAt, waited, all: Promise.allSettled(promises), promises };
}

describe('TokenBucket (client-go flowcontrol semantics)', () => {
  it('starts full: burst acquisitions pass at once, then one per 1/qps', async () => {
    const clock = new ManualClock(1000);
    const bucket = new TokenBucket(5, 10, clock);
    const { resolvedAt, waited, all } = acquireMany(bucket, clock, 14);
    await clock.advance(0);
    expect(resolvedAt.slice(0, 10)).toEqual(new Array(10).fill(1000));
    expect(waited.slice(0, 10)).toEqual(new Array(10).fill(0));
    expect(resolvedAt.slice(10)).toEqual([undefined, undefined, undefined, undefined]);
    await clock.advance(199);
    expect(resolvedAt[10]).toBeUndefined();
    await clock.advance(1);
    expect(resolvedAt[10]).toBe(1200);
    await clock.advance(600);
    await all;
    expect(resolvedAt.slice(10)).toEqual([1200, 1400, 1600, 1800]);
    expect(waited.slice(10)).toEqual([200, 400, 600, 800]);
  });

  it('refills at qps up to burst, never beyond', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(2, 3, clock);
    for (let i = 0; i < 3; i++) expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
    await clock.advance(500); // one token at 2 QPS
    expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
    await clock.advance(60_000); // a long rest fills the bucket only to its capacity
    expect(bucket.available()).toBe(3);
    const { resolvedAt } = acquireMany(bucket, clock, 4);
    await clock.advance(0);
    expect(resolvedAt.filter((t) => t !== undefined)).toHaveLength(3);
  });

  it('keeps the average rate: 100 acquisitions at qps 20 / burst 5 take (100 - 5) / 20 s', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(20, 5, clock);
    const { resolvedAt, all } = acquireMany(bucket, clock, 100);
    await clock.advance(10_000);
    await all;
    expect(Math.max(...(resolvedAt as number[]))).toBeCloseTo(4750, 6);
    // arrival order is service order
    for (let i = 1; i < 100; i++) expect(resolvedAt[i]!).toBeGreaterThanOrEqual(resolvedAt[i - 1]!);
  });

  it('rejects at once with the abort reason when aborted while waiting, and gives the token back', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(1, 1, clock);
    expect(await bucket.acquire()).toBe(0);
    const ac = new AbortController();
    const waiting = bucket.acquire(ac.signal);
    expect(await isSettled(waiting)).toBe(false);
    const reason = new Error('stop');
    ac.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(clock.pendingSleeps).toBe(0);
    // the abandoned reservation was returned: the next caller waits 1 s from now, not 2 s
    await clock.advance(100);
    const next = bucket.acquire();
    await clock.advance(900);
    expect(await next).toBe(900);
  });

  it('does not let an aborted early reservation make room ahead of later waiters', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(1, 1, clock);
    await bucket.acquire();
    const ac = new AbortController();
    const first = bucket.acquire(ac.signal); // due at 1000
    const second = bucket.acquire(); // due at 2000
    ac.abort();
    await expect(first).rejects.toBeDefined();
    // a third caller must not jump ahead of `second` by reusing the aborted token
    const third = bucket.acquire();
    await clock.advance(2000);
    expect(await second).toBe(2000);
    expect(await isSettled(third)).toBe(false);
    await clock.advance(1000);
    expect(await third).toBe(3000);
  });

  it('rejects immediately when the signal is already aborted, without taking a token', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(1, 1, clock);
    await expect(bucket.acquire(AbortSignal.abort())).rejects.toBeDefined();
    expect(bucket.tryAcquire()).toBe(true);
  });

  it('validates qps and burst', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(5, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(5, 1.5)).toThrow(RangeError);
  });
});

describe('createRateLimiter', () => {
  it('defaults to client-go QPS 5 / burst 10', () => {
    const limiter = createRateLimiter();
    expect(limiter).toBeInstanceOf(TokenBucket);
    expect((limiter as TokenBucket).qps).toBe(DEFAULT_QPS);
    expect((limiter as TokenBucket).burst).toBe(DEFAULT_BURST);
    expect([DEFAULT_QPS, DEFAULT_BURST]).toEqual([5, 10]);
  });

  it('is disabled by { disabled: true }, qps <= 0 and qps Infinity', async () => {
    for (const opts of [{ disabled: true }, { qps: 0 }, { qps: -1 }, { qps: Number.POSITIVE_INFINITY }]) {
      const limiter = createRateLimiter(opts);
      expect(limiter).toBe(unlimitedRateLimiter);
      const waits = await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire()));
      expect(waits.every((w) => w === 0)).toBe(true);
    }
    await expect(unlimitedRateLimiter.acquire(AbortSignal.abort())).rejects.toBeDefined();
  });
});
