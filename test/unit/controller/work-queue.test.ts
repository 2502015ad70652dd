import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../../../src/rest/transport/clock.js';
import { WorkQueue, WorkQueueStateError } from '../../../src/controller/work-queue.js';
import { DelayingQueue } from '../../../src/controller/delaying-queue.js';
import { RateLimitingQueue } from '../../../src/controller/rate-limiting-queue.js';
import type { QueueMetricsProvider } from '../../../src/controller/queue-metrics.js';

function recordingMetrics() {
  const values: Record<string, number> = { depth: 0, adds: 0, retries: 0, unfinished: 0, longest: 0 };
  const observed: Record<string, number[]> = { latency: [], work: [] };
  const provider: QueueMetricsProvider = {
    newDepthMetric: () => ({ inc: () => void values.depth!++, dec: () => void values.depth!-- }),
    newAddsMetric: () => ({ inc: () => void values.adds!++ }),
    newLatencyMetric: () => ({ observe: (v) => void observed.latency!.push(v) }),
    newWorkDurationMetric: () => ({ observe: (v) => void observed.work!.push(v) }),
    newUnfinishedWorkSecondsMetric: () => ({ set: (v) => void (values.unfinished = v) }),
    newLongestRunningProcessorSecondsMetric: () => ({ set: (v) => void (values.longest = v) }),
    newRetriesMetric: () => ({ inc: () => void values.retries!++ }),
  };
  return { values, observed, provider };
}

describe('WorkQueue', () => {
  it('is FIFO and collapses duplicates waiting in the queue', async () => {
    const q = new WorkQueue<string>();
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    expect(q.len()).toBe(3);
    expect([await q.get(), await q.get(), await q.get()]).toEqual(['a', 'b', 'c']);
    expect(q.len()).toBe(0);
  });

  it('never hands an item to two workers; an add during processing requeues it after done', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const first = await q.get();
    expect(first).toBe('a');
    q.add('a'); // while processing
    q.add('a'); // collapses
    expect(q.len()).toBe(0);
    let second: string | undefined;
    const waiting = q.get().then((v) => (second = v));
    await flushMicrotasks();
    expect(second).toBeUndefined(); // not handed out while the first worker holds it
    q.done('a');
    await waiting;
    expect(second).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting worker on add, one item per worker', async () => {
    const q = new WorkQueue<string>();
    const got: string[] = [];
    const w1 = q.get().then((v) => v && got.push(v));
    const w2 = q.get().then((v) => v && got.push(v));
    q.add('x');
    q.add('y');
    await Promise.all([w1, w2]);
    expect(got.sort()).toEqual(['x', 'y']);
  });

  it('done() for an item not being processed is a typed error', () => {
    const q = new WorkQueue<string>();
    expect(() => q.done('nope')).toThrow(WorkQueueStateError);
  });

  it('shutDown wakes every waiter, hands out what is left, ignores later adds', async () => {
    const q = new WorkQueue<string>();
    const waiters = [q.get(), q.get(), q.get()];
    q.shutDown();
    expect(await Promise.all(waiters)).toEqual([undefined, undefined, undefined]);
    const q2 = new WorkQueue<string>();
    q2.add('left');
    q2.shutDown();
    q2.add('ignored');
    expect(await q2.get()).toBe('left');
    expect(await q2.get()).toBeUndefined();
  });

  it('get() resolves undefined when its signal aborts', async () => {
    const q = new WorkQueue<string>();
    const ac = new AbortController();
    const p = q.get(ac.signal);
    ac.abort();
    expect(await p).toBeUndefined();
    q.add('a'); // not swallowed by the aborted waiter
    expect(await q.get()).toBe('a');
  });

  it('shutDownWithDrain waits for in-flight items, bounded by a signal', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    q.add('b');
    const a = (await q.get())!;
    let drained: boolean | undefined;
    const p = q.shutDownWithDrain().then((v) => (drained = v));
    await flushMicrotasks();
    expect(drained).toBeUndefined();
    expect(q.isDraining).toBe(true);
    q.done(a);
    await p;
    expect(drained).toBe(true);

    const q2 = new WorkQueue<string>();
    q2.add('stuck');
    await q2.get();
    const ac = new AbortController();
    const p2 = q2.shutDownWithDrain(ac.signal);
    ac.abort();
    expect(await p2).toBe(false);
  });

  it('records depth, adds, latency, work duration, unfinished work and longest running', async () => {
    const clock = new ManualClock(0);
    const m = recordingMetrics();
    const q = new WorkQueue<string>({ name: 'test', metricsProvider: m.provider, clock });
    q.add('a');
    q.add('a');
    q.add('b');
    expect(m.values.adds).toBe(2);
    expect(m.values.depth).toBe(2);
    await clock.advance(1500);
    const a = (await q.get())!;
    expect(m.values.depth).toBe(1);
    expect(m.observed.latency).toEqual([1.5]);
    await clock.advance(2000);
    q.updateUnfinishedWork();
    expect(m.values.unfinished).toBe(2);
    expect(m.values.longest).toBe(2);
    q.done(a);
    expect(m.observed.work).toEqual([2]);
    q.shutDown();
  });

  it('an unnamed queue records no metrics', () => {
    const m = recordingMetrics();
    const q = new WorkQueue<string>({ metricsProvider: m.provider });
    q.add('a');
    expect(m.values.adds).toBe(0);
  });
});

describe('DelayingQueue', () => {
  it('adds an item once its delay has passed, in due order, the earliest time winning', async () => {
    const clock = new ManualClock(0);
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('late', 300);
    q.addAfter('early', 100);
    q.addAfter('late', 200); // earlier than 300: wins
    q.addAfter('early', 500); // later than 100: ignored
    expect(q.len()).toBe(0);
    expect(q.waitingCount).toBe(2);
    await clock.advance(99);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('early');
    await clock.advance(100);
    expect(await q.get()).toBe('late');
    expect(q.waitingCount).toBe(0);
    await clock.advance(1000);
    expect(q.len()).toBe(0); // the superseded entries did not fire
  });

  it('a zero or negative delay adds at once; shutdown drops waiting items and the timer', async () => {
    const clock = new ManualClock(0);
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('now', 0);
    expect(q.len()).toBe(1);
    q.addAfter('later', 1000);
    expect(clock.pendingSleeps).toBe(1);
    q.shutDown();
    await flushMicrotasks();
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(2000);
    expect(q.len()).toBe(1);
  });

  it('counts delayed adds as retries', () => {
    const m = recordingMetrics();
    const q = new DelayingQueue<string>({ name: 'd', metricsProvider: m.provider, clock: new ManualClock() });
    q.addAfter('a', 10);
    q.addAfter('b', 0);
    expect(m.values.retries).toBe(2);
    q.shutDown();
  });
});

describe('RateLimitingQueue', () => {
  it('backs off per item 5 ms doubling, forget resets, numRequeues counts', async () => {
    const clock = new ManualClock(0);
    const q = new RateLimitingQueue<string>({ clock });
    q.addRateLimited('a'); // 5 ms
    expect(q.numRequeues('a')).toBe(1);
    await clock.advance(4);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    const a = (await q.get())!;
    q.done(a);
    q.addRateLimited('a'); // 10 ms
    await clock.advance(9);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    expect(q.numRequeues('a')).toBe(2);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    q.shutDown();
  });
});
