import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from '../../../src/controller/rate-limiter.js';

describe('rate limiters', () => {
  it('exponential: base doubling per failure, capped, per item', () => {
    const rl = new ItemExponentialFailureRateLimiter<string>(5, 1000);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => rl.when('a'))).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1000]);
    expect(rl.when('b')).toBe(5);
    expect(rl.numRequeues('a')).toBe(9);
    rl.forget('a');
    expect(rl.when('a')).toBe(5);
  });

  it('exponential never overflows past the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (n) => {
        const rl = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
        let last = 0;
        for (let i = 0; i < n; i++) last = rl.when('x');
        return last <= 1_000_000 && last >= 5;
      }),
      { numRuns: 30 },
    );
  });

  it('fast-slow', () => {
    const rl = new ItemFastSlowRateLimiter<string>(10, 5000, 2);
    expect([rl.when('a'), rl.when('a'), rl.when('a')]).toEqual([10, 10, 5000]);
  });

  it('bucket: burst at once, then 1/qps apart, refilled with time', async () => {
    const clock = new ManualClock(0);
    const rl = new BucketRateLimiter<string>(10, 3, clock);
    expect([rl.when('a'), rl.when('b'), rl.when('c')]).toEqual([0, 0, 0]);
    expect(rl.when('d')).toBeCloseTo(100);
    expect(rl.when('e')).toBeCloseTo(200);
    await clock.advance(1000);
    // 10 tokens accrued minus 2 owed, capped at burst 3
    expect(rl.when('f')).toBe(0);
  });

  it('default controller limiter: max of exponential (5 ms..1000 s) and bucket (10 qps, burst 100)', () => {
    const clock = new ManualClock(0);
    const rl = defaultControllerRateLimiter<string>(clock);
    // Distinct items: the per-item part says 5 ms; after the burst of 100 the bucket dominates.
    const delays = Array.from({ length: 102 }, (_, i) => rl.when(`k${i}`));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays[100]).toBeCloseTo(100);
    expect(delays[101]).toBeCloseTo(200);
    const one = defaultControllerRateLimiter<string>(clock);
    let d = 0;
    for (let i = 0; i < 40; i++) d = one.when('same');
    expect(d).toBe(1_000_000);
    expect(one.numRequeues('same')).toBe(40);
  });

  it('max-of forgets in every limiter', () => {
    const rl = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter(1, 100), new ItemFastSlowRateLimiter(50, 60, 1));
    expect(rl.when('a')).toBe(50);
    expect(rl.when('a')).toBe(60);
    rl.forget('a');
    expect(rl.numRequeues('a')).toBe(0);
  });
});
