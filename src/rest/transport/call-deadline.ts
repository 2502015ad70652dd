/**
 * The caller's limits on one call, as a transport decorator enforces them around its own waits
 * (token, backoff): the `AbortSignal` and the overall `timeoutMs`. The deadline is fixed when the
 * call enters the decorator, so retries and throttling share one budget, and every inner call is
 * given only the time that is left (`timeoutMs` = remaining).
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import { onAbort } from './abort-listeners.js';
import type { Clock } from './clock.js';
import { AbortError, type RequestContext } from '../errors.js';

/** A signal that never aborts, for calls with neither a signal nor a timeout. */
const neverAborted: AbortSignal = new AbortController().signal;

/** The signal and deadline of one call. */
export class CallDeadline {
  /** Clock time after which the call has timed out, when it has a `timeoutMs`. */
  readonly deadline?: number;

  /**
   * @param opts - the caller's options (`timeoutMs <= 0` means no timeout)
   * @param clock - time source
   * @param request - what the call is about, for the `AbortError`
   */
  constructor(
    private readonly opts: CallOptions | undefined,
    private readonly clock: Clock,
    private readonly request: RequestContext,
  ) {
    const t = opts?.timeoutMs;
    if (t !== undefined && t > 0 && Number.isFinite(t)) this.deadline = clock.now() + t;
  }

  /** Milliseconds left before the deadline (undefined without one; may be <= 0). */
  remainingMs(): number | undefined {
    return this.deadline === undefined ? undefined : this.deadline - this.clock.now();
  }

  /** True when the caller aborted or the deadline passed. */
  get done(): boolean {
    const r = this.remainingMs();
    return !!this.opts?.signal?.aborted || (r !== undefined && r <= 0);
  }

  /** Throws the call's `AbortError` when the caller aborted or the deadline passed. */
  throwIfDone(): void {
    if (this.opts?.signal?.aborted) throw this.abortError(false, this.opts.signal.reason);
    const r = this.remainingMs();
    if (r !== undefined && r <= 0) throw this.abortError(true);
  }

  /** Options for an inner call: the caller's signal, and `timeoutMs` set to the time left. */
  innerOptions(): CallOptions {
    this.throwIfDone();
    const r = this.remainingMs();
    const out: CallOptions = { ...this.opts };
    if (r === undefined) delete out.timeoutMs;
    else out.timeoutMs = Math.max(1, Math.ceil(r));
    return out;
  }

  /**
   * Runs `fn` with a signal that aborts when the caller aborts or the deadline passes; a
   * rejection caused by that abort becomes the call's `AbortError` (`timedOut` when the deadline
   * passed). Other rejections pass through.
   */
  async guard<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.throwIfDone();
    const userSignal = this.opts?.signal;
    const remaining = this.remainingMs();
    if (!userSignal && remaining === undefined) return fn(neverAborted);
    const ac = new AbortController();
    const stopTimer = new AbortController();
    let timedOut = false;
    // Not aborted (throwIfDone above).
    const off = userSignal === undefined ? undefined : onAbort(userSignal, () => ac.abort(userSignal.reason));
    if (remaining !== undefined) {
      this.clock.sleep(remaining, stopTimer.signal).then(
        () => {
          timedOut = true;
          ac.abort();
        },
        () => {},
      );
    }
    try {
      return await fn(ac.signal);
    } catch (err) {
      if (ac.signal.aborted) throw this.abortError(timedOut, timedOut ? undefined : userSignal?.reason);
      throw err;
    } finally {
      off?.();
      stopTimer.abort();
    }
  }

  /** Sleeps `ms`, stopped at once (with the call's `AbortError`) by an abort or the deadline. */
  sleep(ms: number): Promise<void> {
    return this.guard((signal) => this.clock.sleep(ms, signal));
  }

  /** The `AbortError` of this call. */
  abortError(timedOut: boolean, cause?: unknown): AbortError {
    const message = timedOut ? `the call timed out after ${this.opts?.timeoutMs} ms` : 'the call was aborted';
    return new AbortError(message, cause === undefined ? { request: this.request, timedOut } : { request: this.request, timedOut, cause });
  }
}
