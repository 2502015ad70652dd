import { describe, expect, it } from 'vitest';
import { Controller } from '../../../src/controller/controller.js';
import { ItemExponentialFailureRateLimiter } from '../../../src/controller/rate-limiter.js';
import type { ReconcileOutcome } from '../../../src/controller/reconcile-metrics.js';
import type { Request } from '../../../src/controller/reconcile.js';
import type { Logger } from '../../../src/rest/transport/logger.js';

function captureLogger() {
  const lines: Array<{ level: string; obj: unknown; msg?: string }> = [];
  const mk = (level: string) => ((obj: unknown, msg?: string) => void lines.push({ level, obj, msg })) as Logger['info'];
  const logger: Logger = { debug: mk('debug'), info: mk('info'), warn: mk('warn'), error: mk('error') };
  return { lines, logger };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(2);
  }
}

const fastLimiter = () => new ItemExponentialFailureRateLimiter<string>(1, 20);

describe('Controller', () => {
  it('never runs two reconciles of one key at once; an enqueue during a reconcile runs it again after', async () => {
    const { logger } = captureLogger();
    let running = new Map<string, number>();
    let maxSameKey = 0;
    let maxTotal = 0;
    const calls: string[] = [];
    const ctl = new Controller(
      'c',
      async (req: Request) => {
        const k = `${req.namespace}/${req.name}`;
        calls.push(k);
        running.set(k, (running.get(k) ?? 0) + 1);
        maxSameKey = Math.max(maxSameKey, running.get(k)!);
        maxTotal = Math.max(maxTotal, [...running.values()].reduce((a, b) => a + b, 0));
        await sleep(15);
        running.set(k, running.get(k)! - 1);
      },
      { maxConcurrentReconciles: 4, logger, rateLimiter: fastLimiter() },
    );
    const ac = new AbortController();
    const done = ctl.start(ac.signal);
    ctl.enqueue({ namespace: 'ns', name: 'a' });
    ctl.enqueue({ namespace: 'ns', name: 'b' });
    await sleep(5);
    ctl.enqueue({ namespace: 'ns', name: 'a' }); // while a is reconciling
    ctl.enqueue({ namespace: 'ns', name: 'a' }); // collapses
    await until(() => calls.filter((c) => c === 'ns/a').length === 2 && ctl.activeReconciles === 0);
    expect(maxSameKey).toBe(1);
    expect(maxTotal).toBe(2);
    ac.abort();
    await done;
    running = new Map();
  });

  it('requeue, requeueAfterMs, throw and rejection: requeued, logged, never crash', async () => {
    const { lines, logger } = captureLogger();
    const outcomes: ReconcileOutcome[] = [];
    const seen: Record<string, number> = {};
    const ctl = new Controller(
      'c',
      (req) => {
        const n = (seen[req.name] = (seen[req.name] ?? 0) + 1);
        if (req.name === 'sync-throw' && n < 3) throw new Error('boom sync');
        if (req.name === 'reject' && n < 3) return Promise.reject(new Error('boom async'));
        if (req.name === 'requeue' && n < 3) return { requeue: true };
        if (req.name === 'after' && n < 2) return { requeueAfterMs: 30 };
        return undefined;
      },
      {
        logger,
        rateLimiter: fastLimiter(),
        reconcileMetrics: { reconcileDone: (_c, o) => void outcomes.push(o), activeWorkers() {}, maxConcurrentReconciles() {} },
      },
    );
    const ac = new AbortController();
    const done = ctl.start(ac.signal);
    const t0 = Date.now();
    for (const name of ['sync-throw', 'reject', 'requeue', 'after']) ctl.enqueue({ namespace: '', name });
    await until(() => seen['sync-throw'] === 3 && seen.reject === 3 && seen.requeue === 3 && seen.after === 2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25); // requeueAfterMs honoured
    expect(outcomes.filter((o) => o === 'error')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'requeue')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'requeue_after')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'success')).toHaveLength(4);
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(4);
    expect(JSON.stringify(errors[0]!.obj)).toMatch(/boom/);
    // success forgets the failure history
    expect(ctl.queue.numRequeues('sync-throw')).toBe(0);
    ac.abort();
    await done;
  });

  it('aborts the signal of a reconcile that runs past reconcileTimeoutMs', async () => {
    const { logger } = captureLogger();
    let aborted = false;
    const ctl = new Controller(
      'c',
      async (_req, signal) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        aborted = signal.aborted;
      },
      { logger, reconcileTimeoutMs: 20 },
    );
    const ac = new AbortController();
    const done = ctl.start(ac.signal);
    ctl.enqueue({ namespace: '', name: 'slow' });
    await until(() => aborted);
    ac.abort();
    await done;
  });

  it('stop drains an in-flight reconcile within the grace period and takes no new work', async () => {
    const { logger } = captureLogger();
    const started: string[] = [];
    const finished: string[] = [];
    const ctl = new Controller(
      'c',
      async (req, signal) => {
        started.push(req.name);
        await sleep(40);
        if (!signal.aborted) finished.push(req.name);
      },
      { logger, gracefulShutdownMs: 2000 },
    );
    const ac = new AbortController();
    const done = ctl.start(ac.signal);
    ctl.enqueue({ namespace: '', name: 'a' });
    ctl.enqueue({ namespace: '', name: 'b' });
    await until(() => started.length === 1);
    ac.abort();
    await done;
    expect(finished).toEqual(['a']);
    expect(started).toEqual(['a']); // b was never taken
  });

  it('after the grace period, in-flight reconciles see their signal abort', async () => {
    const { lines, logger } = captureLogger();
    let sawAbort = false;
    const ctl = new Controller(
      'c',
      async (_req, signal) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        sawAbort = true;
      },
      { logger, gracefulShutdownMs: 30 },
    );
    const ac = new AbortController();
    const done = ctl.start(ac.signal);
    ctl.enqueue({ namespace: '', name: 'stuck' });
    await until(() => ctl.activeReconciles === 1);
    const t0 = Date.now();
    ac.abort();
    await done;
    expect(sawAbort).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(lines.some((l) => l.level === 'warn' && /grace period/.test(l.msg ?? ''))).toBe(true);
  });

  it('a reconcile that ignores its aborted signal is abandoned after abortedReconcileWaitMs: stop still ends', async () => {
    const { lines, logger } = captureLogger();
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    let returned = false;
    const ctl = new Controller(
      'c',
      async () => {
        await stuck; // ignores its signal
        returned = true;
      },
      { logger, gracefulShutdownMs: 30, abortedReconcileWaitMs: 50 },
    );
    const ac = new AbortController();
    const done = ctl.start(ac.signal);
    ctl.enqueue({ namespace: '', name: 'deaf' });
    await until(() => ctl.activeReconciles === 1);
    const t0 = Date.now();
    ac.abort();
    await done;
    const took = Date.now() - t0;
    expect(returned).toBe(false);
    expect(took).toBeGreaterThanOrEqual(70); // grace period + the wait after the abort
    expect(took).toBeLessThan(2000);
    expect(lines.some((l) => l.level === 'error' && /abandoned/.test(l.msg ?? ''))).toBe(true);
    release();
    await until(() => returned);
  });

  it('a throwing logger does not break the controller', async () => {
    const bad: Logger = {
      debug() {},
      info() {
        throw new Error('logger broken');
      },
      warn() {},
      error() {
        throw new Error('logger broken');
      },
    };
    let n = 0;
    const ctl = new Controller(
      'c',
      () => {
        n++;
        if (n === 1) throw new Error('first fails');
      },
      { logger: bad, rateLimiter: fastLimiter() },
    );
    const ac = new AbortController();
    const done = ctl.start(ac.signal);
    ctl.enqueue({ namespace: '', name: 'x' });
    await until(() => n === 2);
    ac.abort();
    await done;
  });
});
