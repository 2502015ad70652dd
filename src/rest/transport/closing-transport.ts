/**
 * `ClosingTransport`: the outermost layer of a Clientset's transport stack, which makes `close()`
 * final for the whole stack. The layers below it wait on their own (a rate-limiter token, a retry
 * backoff) before anything reaches the HTTP transport; closing that one alone would leave those
 * waits running until their timers fire. This layer
 * - refuses every call after `close()` with `ClientClosedError` (also calls made in the same tick),
 * - hands every call a signal that `close()` aborts, so that waits in any layer end at once,
 * - reports a call stopped that way as `ClientClosedError`, not as the caller's `AbortError`.
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import { ClientClosedError, isClientClosed, type RequestContext } from '../errors.js';
import { onAbort } from './abort-listeners.js';
import type { RestRequest, RestResponse, RestStream, Transport } from './transport.js';

/** Makes `close()` stop every layer below it. */
export class ClosingTransport implements Transport {
  readonly #inner: Transport;
  readonly #closing = new AbortController();
  /** Signals of the requests in flight that carry a caller's signal: `close()` aborts them. */
  readonly #inFlight = new Set<AbortController>();
  #closed: Promise<void> | undefined;

  /** @param inner - the stack to close */
  constructor(inner: Transport) {
    this.#inner = inner;
  }

  /** True once `close()` has been called. */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  #options(req: RestRequest, opts: CallOptions | undefined): CallOptions {
    if (this.#closed) throw new ClientClosedError({ request: req.context });
    const signal = opts?.signal ? AbortSignal.any([opts.signal, this.#closing.signal]) : this.#closing.signal;
    return { ...opts, signal };
  }

  /**
   * The signal of one request: the caller's and `close()`'s together. Cheaper than
   * `AbortSignal.any` (which registers a composite signal that lives until garbage collection):
   * one controller, tracked while the request runs, and one registration on the caller's signal
   * (see abort-listeners.ts), removed by `done`.
   */
  #requestOptions(req: RestRequest, opts: CallOptions | undefined): { options: CallOptions; done: () => void } {
    if (this.#closed) throw new ClientClosedError({ request: req.context });
    const caller = opts?.signal;
    if (!caller) return { options: { ...opts, signal: this.#closing.signal }, done: () => {} };
    const ctl = new AbortController();
    if (caller.aborted) {
      ctl.abort(caller.reason);
      return { options: { ...opts, signal: ctl.signal }, done: () => {} };
    }
    const off = onAbort(caller, () => ctl.abort(caller.reason));
    this.#inFlight.add(ctl);
    return {
      options: { ...opts, signal: ctl.signal },
      done: () => {
        off();
        this.#inFlight.delete(ctl);
      },
    };
  }

  #map(err: unknown, request: RequestContext, opts: CallOptions | undefined): unknown {
    if (this.#closed && !isClientClosed(err) && !opts?.signal?.aborted) return new ClientClosedError({ request, notSent: false, message: 'the client was closed during the call' });
    return err;
  }

  /** Sends through the stack; fails with `ClientClosedError` once closed. */
  async request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    const { options, done } = this.#requestOptions(req, opts);
    try {
      return await this.#inner.request(req, options);
    } catch (err) {
      throw this.#map(err, req.context, opts);
    } finally {
      done();
    }
  }

  /** Opens a stream through the stack; fails with `ClientClosedError` once closed. */
  async stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    const o = this.#options(req, opts);
    try {
      return await this.#inner.stream(req, o);
    } catch (err) {
      throw this.#map(err, req.context, opts);
    }
  }

  /**
   * Closes the stack: calls in flight (streams included) fail with `ClientClosedError`, waits in
   * any layer end, connections are destroyed. Idempotent.
   */
  close(): Promise<void> {
    if (!this.#closed) {
      // The HTTP transport first: its exchanges then fail as "closed" rather than "aborted".
      const inner = this.#inner.close();
      this.#closing.abort();
      for (const ctl of this.#inFlight) ctl.abort(this.#closing.signal.reason);
      this.#inFlight.clear();
      this.#closed = inner;
    }
    return this.#closed;
  }
}
