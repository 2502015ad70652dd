/**
 * Exponential backoff with jitter and reset after a quiet period (client-go's
 * `NewExponentialBackoffManager(800ms, 30s, 2min, 2.0, 1.0)`, used by the reflector).
 * @packageDocumentation
 */

/** Parameters of a {@link Backoff}. */
export interface BackoffOptions {
  /** First delay, in ms (default 800). */
  initialMs: number;
  /** Cap of the base delay, in ms (default 30 000). */
  maxMs: number;
  /** Multiplier between steps (default 2). */
  factor: number;
  /**
   * Random extra on top of each base delay, as a fraction of it: a step of `d` waits between
   * `d` and `d * (1 + jitter)` (default 1, as client-go).
   */
  jitter: number;
  /** When no backoff was needed for this long (ms), the next one starts again from `initialMs` (default 120 000). */
  resetAfterMs: number;
}

/** The reflector's defaults: 800 ms doubling to 30 s, jitter 1.0, reset after 2 min. */
export const defaultBackoffOptions: Readonly<BackoffOptions> = Object.freeze({ initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1, resetAfterMs: 120_000 });

/** Computes successive backoff delays. */
export class Backoff {
  private readonly opts: BackoffOptions;
  private base: number;
  private lastAt: number | undefined;

  /**
   * @param options - overrides of {@link defaultBackoffOptions}
   * @param random - source of jitter in [0, 1) (default `Math.random`)
   * @param now - clock in ms (default `Date.now`)
   */
  constructor(
    options: Partial<BackoffOptions> = {},
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {
    this.opts = { ...defaultBackoffOptions, ...options };
    this.base = this.opts.initialMs;
  }

  /** The delay before the next attempt, in ms; advances the sequence. */
  next(): number {
    const t = this.now();
    if (this.lastAt !== undefined && t - this.lastAt > this.opts.resetAfterMs) this.base = this.opts.initialMs;
    this.lastAt = t;
    const d = this.base;
    this.base = Math.min(this.base * this.opts.factor, this.opts.maxMs);
    return Math.round(d * (1 + this.opts.jitter * this.random()));
  }

  /** Starts again from the initial delay. */
  reset(): void {
    this.base = this.opts.initialMs;
    this.lastAt = undefined;
  }
}
