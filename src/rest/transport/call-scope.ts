/**
 * The lifetime of one call: the caller's AbortSignal and the call's `timeoutMs` combined into one
 * source of "stop now" with a known reason, and a single timer that is always cleared.
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import { AbortError, ClientClosedError, type KubeClientError, type RequestContext } from '../errors.js';
import { onAbort } from './abort-listeners.js';

/** Why a call was stopped: the caller's signal, its timeout, or the client closing. */
export type StopReason = 'signal' | 'timeout' | 'closed';

/** Combines a call's signal and timeout. Call `dispose()` when the call is over. */
export class CallScope {
  #reason: StopReason | undefined;
  readonly #listeners = new Set<(reason: StopReason) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #signal: AbortSignal | undefined;
  /** Unregisters the call from its signal. */
  readonly #offAbort: (() => void) | undefined;
  readonly #timeoutMs: number | undefined;
  #controller: AbortController | undefined;

  /**
   * @param opts - the call's signal and timeout (`timeoutMs <= 0` means none)
   */
  constructor(opts: CallOptions = {}) {
    this.#signal = opts.signal;
    this.#timeoutMs = opts.timeoutMs;
    if (opts.signal?.aborted) {
      this.#reason = 'signal';
    } else if (opts.signal) {
      this.#offAbort = onAbort(opts.signal, () => this.#stop('signal'));
    }
    const t = opts.timeoutMs;
    // As in CallDeadline: timeoutMs <= 0 (or not finite) means no timeout.
    if (this.#reason === undefined && t !== undefined && t > 0 && Number.isFinite(t)) {
      this.#timer = setTimeout(() => this.#stop('timeout'), t);
    }
  }

  /** The reason the call was stopped, if it was. */
  get reason(): StopReason | undefined {
    return this.#reason;
  }

  /** An AbortSignal that aborts when the call stops (for work the call waits on, e.g. an exec plugin). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  /** Stops the call because the client is closing. */
  close(): void {
    this.#stop('closed');
  }

  #stop(reason: StopReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#clear();
    this.#controller?.abort();
    for (const fn of [...this.#listeners]) fn(reason);
    this.#listeners.clear();
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#offAbort?.();
  }

  /**
   * Registers a function to run when the call is stopped (at once if it already was).
   * @param fn - receives the reason
   * @returns a function that unregisters it
   */
  onStop(fn: (reason: StopReason) => void): () => void {
    if (this.#reason !== undefined) {
      fn(this.#reason);
      return () => {};
    }
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * The error for the reason the call stopped: `AbortError`, or `ClientClosedError` when the
   * client closed.
   * @param request - the request the error is about
   * @returns the error
   */
  error(request?: RequestContext): KubeClientError {
    if (this.#reason === 'closed') return new ClientClosedError({ request, notSent: false, message: 'the client was closed during the call' });
    if (this.#reason === 'timeout') {
      return new AbortError(`request timed out after ${this.#timeoutMs} ms`, { request, timedOut: true });
    }
    const cause: unknown = this.#signal?.reason;
    return new AbortError('request aborted', { request, cause });
  }

  /**
   * Throws the AbortError when the call has been stopped.
   * @param request - the request the error is about
   */
  throwIfStopped(request?: RequestContext): void {
    if (this.#reason !== undefined) throw this.error(request);
  }

  /**
   * Waits for a promise unless the call is stopped first.
   * @param promise - what to wait for
   * @param request - the request an AbortError is about
   * @returns the promise's value
   * @throws AbortError when the call stops first
   */
  race<T>(promise: Promise<T>, request?: RequestContext): Promise<T> {
    if (this.#reason !== undefined) {
      promise.catch(() => {});
      return Promise.reject(this.error(request));
    }
    return new Promise<T>((resolve, reject) => {
      const off = this.onStop(() => {
        promise.catch(() => {});
        reject(this.error(request));
      });
      promise.then(
        (v) => {
          off();
          resolve(v);
        },
        (e: unknown) => {
          off();
          reject(e);
        },
      );
    });
  }

  /** Clears the timer and the signal listener. */
  dispose(): void {
    this.#clear();
    this.#listeners.clear();
  }
}
