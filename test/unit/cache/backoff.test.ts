import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../src/cache/backoff.js';
import { delay } from '../../../src/cache/delay.js';

describe('Backoff', () => {
  it('starts at 800 ms and doubles up to 30 s (no jitter at random 0)', () => {
    const b = new Backoff({}, () => 0, () => 0);
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
  });

  it('adds up to 100% jitter by default', () => {
    const b = new Backoff({}, () => 0.999, () => 0);
    const d = b.next();
    expect(d).toBeGreaterThan(1590);
    expect(d).toBeLessThan(1600);
    const c = new Backoff({ jitter: 0.1 }, () => 1, () => 0);
    expect(c.next()).toBe(880);
  });

  it('resets after a healthy period without backoff', () => {
    let now = 0;
    const b = new Backoff({}, () => 0, () => now);
    b.next();
    b.next();
    now += 60_000;
    expect(b.next()).toBe(3200);
    now += 120_001;
    expect(b.next()).toBe(800);
    b.next();
    b.reset();
    expect(b.next()).toBe(800);
  });
});

describe('delay', () => {
  it('resolves true after the time, false at once on abort, and leaves no timer', async () => {
    expect(await delay(5)).toBe(true);
    const ac = new AbortController();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const p = delay(60_000, ac.signal);
    ac.abort();
    expect(await p).toBe(false);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
    expect(await delay(10, ac.signal)).toBe(false);
  });
});
