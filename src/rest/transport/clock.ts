/**
 * Time as the transport decorators see it: a `Clock` gives the current time and sleeps, so rate
 * limiting, backoff and deadlines can be tested without real waiting (client-go `clock.Clock`).
 * `systemClock` is the real one; `ManualClock` only moves when a test advances it.
 * @packageDocumentation
 */

/** The current time and a cancellable sleep. */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences between two calls are meaningful). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. When `signal` aborts first, rejects at once with
   * `signal.reason` and releases the timer.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/** The real clock: `performance.now()` and `setTimeout` (a pending sleep keeps the process alive, as the call awaiting it expects). */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (ms <= 0 && !signal) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface Sleeper {
  at: number;
  seq: number;
  resolve(): void;
}

/**
 * A clock that stands still until `advance()` moves it: sleepers whose time has come are woken
 * in order of their due time, with pending promise callbacks run between wake-ups so that code
 * reacting to one wake-up (and sleeping again) is seen before the clock moves on.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  /** @param start - the initial time in ms (0 by default) */
  constructor(start = 0) {
    this.current = start;
  }

  /** The current (manual) time in ms. */
  now(): number {
    return this.current;
  }

  /** Sleeps until the clock has been advanced by `ms`; rejects at once with the abort reason. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** How many sleeps are pending. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Due time of the earliest pending sleep, if any. */
  get nextWakeUp(): number | undefined {
    let min: number | undefined;
    for (const s of this.sleepers) if (min === undefined || s.at < min) min = s.at;
    return min;
  }

  /**
   * Moves the clock forward by `ms`, waking every sleeper due on the way (in order), and lets
   * pending promise callbacks run after each wake-up.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    await flushMicrotasks();
    for (;;) {
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.current = Math.max(this.current, due.at);
      due.resolve();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Advances to the earliest pending sleep (if any) and wakes it. Returns false when none was pending. */
  async advanceToNext(): Promise<boolean> {
    const next = this.nextWakeUp;
    if (next === undefined) return false;
    await this.advance(next - this.current);
    return true;
  }
}

/** Lets every queued promise callback (and the ones they queue) run: waits one event-loop turn. */
export function flushMicrotasks(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
