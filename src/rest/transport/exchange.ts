/**
 * One HTTP exchange over an undici dispatcher: a `DispatchHandler` that either buffers the whole
 * body (for `request`) or hands it out chunk by chunk with backpressure (for `stream`).
 *
 * Written against `dispatcher.dispatch()` directly, so that undici's `lib/api` (Readable streams,
 * AsyncResource) is not needed. It also records whether undici ever started writing the request
 * (`onRequestStart` runs right before the request is written to a connected socket): a failure
 * before that point provably never reached the server.
 *
 * A `Content-Encoding: gzip` body is decompressed as it arrives (as Go's transport does for the
 * `Accept-Encoding: gzip` it adds): callers see the plain bytes and headers without
 * `content-encoding` / `content-length`. The size cap of buffer mode counts decompressed bytes, so
 * a small compressed answer cannot expand past it; a corrupt or truncated gzip body fails.
 *
 * An HTTP/2 request with a body that is stopped before its answer has begun fails for the caller
 * at once, but its stream is only reset once the answer begins (the server has then read the
 * whole body), or ends by itself. Resetting an HTTP/2 stream whose body may still wait in the
 * session's send queue makes undici destroy it under the queued data, and Node's HTTP/2 session
 * then spins forever emitting empty DATA frames until the process dies of memory (undici 8, Node
 * 22 and 24). The server answers in any case: kube-apiserver times a request out after 60 s, and
 * HTTP/2 PINGs bound the wait on a dead connection. Over HTTP/1.1 a stop closes the connection at
 * once, as before.
 * @packageDocumentation
 */
import type { Dispatcher } from 'undici';
import { createGunzip, type Gunzip } from 'node:zlib';

/** Why an exchange was stopped from our side. */
export type AbortKind = 'signal' | 'timeout' | 'cancel' | 'closed';

/** Status and headers of a response. */
export interface ExchangeHead {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A failure as the exchange saw it, for the transport to turn into a typed error. */
export interface ExchangeFailure {
  /** The low-level error, when there was one (absent for our own aborts). */
  error?: unknown;
  /** Whether undici started writing the request. */
  started: boolean;
  /** Set when we stopped the exchange. */
  abortKind?: AbortKind;
  /** Set when the body passed the size cap (buffer mode). */
  tooLarge?: number;
  /** Set when a gzip-encoded body could not be decompressed. */
  corruptEncoding?: string;
}

type Controller = Dispatcher.DispatchController;

const HIGH_WATER = 256 * 1024;
const LOW_WATER = 64 * 1024;

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // observed by the caller; never an unhandled rejection
  return { promise, resolve, reject };
}

/** A dispatch handler for one request. */
export class Exchange implements Dispatcher.DispatchHandler {
  readonly #mode: 'buffer' | 'stream';
  readonly #toError: (f: ExchangeFailure) => Error;
  readonly #maxBytes: number;
  #bytes = 0;
  #controller: Controller | undefined;
  readonly #holdReset: boolean;
  /** A reset held back until the answer begins (see the module notes). */
  #heldReset: Error | undefined;
  #queuedCancel: ((reason: Error) => void) | undefined;
  #started = false;
  #abortKind: AbortKind | undefined;
  #settled = false;
  #headReceived = false;
  readonly #head = deferred<ExchangeHead>();
  readonly #whole = deferred<string>();
  readonly #chunks: Buffer[] = [];
  #queuedBytes = 0;
  #ended = false;
  #error: Error | undefined;
  #waiters: (() => void)[] = [];
  #onFinish: (() => void)[] = [];
  #gunzip: Gunzip | undefined;
  #wireBytes = 0;
  #encoded = false;

  /**
   * @param mode - `buffer` collects the whole body; `stream` queues chunks for an async iterator
   * @param toError - turns a failure into the error callers see
   * @param maxBytes - buffer mode: a body larger than this fails with `tooLarge` (default: no cap)
   * @param holdReset - a stop before the answer resets the stream only once the answer begins (an
   *   HTTP/2 request with a body, see the module notes)
   */
  constructor(mode: 'buffer' | 'stream', toError: (f: ExchangeFailure) => Error, maxBytes = Infinity, holdReset = false) {
    this.#mode = mode;
    this.#toError = toError;
    this.#maxBytes = maxBytes;
    this.#holdReset = holdReset;
  }

  /** Whether undici started writing the request. */
  get started(): boolean {
    return this.#started;
  }

  /** True once the exchange has ended, failed or been stopped. */
  get finished(): boolean {
    return this.#settled;
  }

  /** Bytes of body received from the server (compressed bytes when the body was gzip-encoded). */
  get wireBytes(): number {
    return this.#wireBytes;
  }

  /** Whether the server sent the body gzip-encoded (and it was decompressed here). */
  get decompressed(): boolean {
    return this.#encoded;
  }

  /** Resolves with status and headers (stream mode). */
  get head(): Promise<ExchangeHead> {
    return this.#head.promise;
  }

  /** Resolves with status, headers and the utf-8 body (buffer mode). */
  async response(): Promise<ExchangeHead & { body: string }> {
    const [head, body] = await Promise.all([this.#head.promise, this.#whole.promise]);
    return { ...head, body };
  }

  /**
   * Registers a function to run once when the exchange is over, whichever way it ended
   * (at once if it already is).
   * @param fn - the callback
   */
  onFinish(fn: () => void): void {
    if (this.#settled) fn();
    else this.#onFinish.push(fn);
  }

  /**
   * The hook undici calls while the request waits for a connection, with a function that takes
   * it out of the queue; passed in the dispatch options under `kQueuedAbort`.
   * @returns the hook
   */
  queuedAbortHook(): (cancel: (reason: Error) => void) => void {
    return (cancel) => {
      if (this.#abortKind !== undefined) cancel(new Error(`exchange ${this.#abortKind}`));
      else this.#queuedCancel = cancel;
    };
  }

  /**
   * Stops the exchange. Before the response it fails at once (without waiting for a queued
   * request to reach a connection); during a stream, `cancel` ends the body quietly while
   * `signal`, `timeout` and `closed` end it with an error.
   * @param kind - why
   */
  abort(kind: AbortKind): void {
    if (this.#abortKind !== undefined || this.#settled) return;
    this.#abortKind = kind;
    // Settle first: undici may call onResponseError synchronously from controller.abort().
    if (this.#headReceived && this.#mode === 'stream' && kind === 'cancel') {
      this.#chunks.length = 0;
      this.#queuedBytes = 0;
      this.#end();
    } else {
      this.#fail({ started: this.#started, abortKind: kind });
    }
    const reason = new Error(`exchange ${kind}`);
    if (this.#controller) {
      if (this.#holdReset && !this.#headReceived) this.#heldReset = reason;
      else this.#controller.abort(reason);
    } else {
      this.#queuedCancel?.(reason);
    }
  }

  #finish(): void {
    const fns = this.#onFinish;
    this.#onFinish = [];
    for (const fn of fns) fn();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  #end(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#gunzip?.destroy();
    this.#ended = true;
    this.#wake();
    this.#finish();
  }

  #fail(f: ExchangeFailure): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#gunzip?.destroy();
    this.#ended = true;
    const err = this.#toError(f);
    this.#error = err;
    if (!this.#headReceived) this.#head.reject(err);
    this.#whole.reject(err);
    this.#wake();
    this.#finish();
  }

  /** @internal undici callback */
  onRequestStart(controller: Controller): void {
    this.#started = true;
    this.#controller = controller;
    this.#queuedCancel = undefined;
    if (this.#abortKind !== undefined) controller.abort(new Error(`exchange ${this.#abortKind}`));
  }

  /** @internal undici callback */
  onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (this.#heldReset && statusCode >= 200) {
      const reason = this.#heldReset;
      this.#heldReset = undefined;
      controller.abort(reason);
      return;
    }
    if (this.#settled || statusCode < 200) return; // 1xx informational
    this.#controller = controller;
    this.#headReceived = true;
    const encoding = headers['content-encoding'];
    const enc = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? '')).trim().toLowerCase();
    if (enc === 'gzip' || enc === 'x-gzip') {
      const { 'content-encoding': _e, 'content-length': _l, ...plain } = headers;
      this.#startGunzip(controller);
      this.#head.resolve({ status: statusCode, headers: plain });
      return;
    }
    this.#head.resolve({ status: statusCode, headers });
  }

  #startGunzip(controller: Controller): void {
    this.#encoded = true;
    const g = createGunzip();
    this.#gunzip = g;
    g.on('data', (chunk: Buffer) => this.#accept(this.#controller ?? controller, chunk));
    g.on('end', () => this.#complete());
    g.on('error', (err: Error) => this.#fail({ started: true, corruptEncoding: err.message }));
  }

  /** @internal undici callback */
  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#settled) return;
    this.#wireBytes += chunk.length;
    if (this.#gunzip) {
      this.#gunzip.write(chunk);
      return;
    }
    this.#accept(controller, chunk);
  }

  /** Takes one chunk of the (decoded) body. */
  #accept(controller: Controller, chunk: Buffer): void {
    if (this.#settled) return;
    if (this.#mode === 'buffer') {
      this.#bytes += chunk.length;
      if (this.#bytes > this.#maxBytes) {
        this.#chunks.length = 0;
        this.#fail({ started: true, tooLarge: this.#maxBytes });
        controller.abort(new Error('response too large'));
        return;
      }
    }
    this.#chunks.push(chunk);
    if (this.#mode === 'stream') {
      this.#queuedBytes += chunk.length;
      if (this.#queuedBytes >= HIGH_WATER && !controller.paused) controller.pause();
      this.#wake();
    }
  }

  /** @internal undici callback */
  onResponseEnd(): void {
    if (this.#settled) return;
    if (this.#gunzip && this.#wireBytes > 0) {
      // Completes on the decompressor's 'end' (or fails on a truncated body).
      this.#gunzip.end();
      return;
    }
    // An empty body labelled gzip (a 204, a proxy's answer) is empty, as for Go's gzip reader.
    this.#complete();
  }

  #complete(): void {
    if (this.#settled) return;
    if (this.#mode === 'buffer') {
      this.#whole.resolve(Buffer.concat(this.#chunks).toString('utf8'));
      this.#chunks.length = 0;
    }
    this.#end();
  }

  /** @internal undici callback */
  onResponseError(_controller: Controller | null, error: Error): void {
    this.#fail({ error, started: this.#started, abortKind: this.#abortKind });
  }

  /**
   * The body as an async iterable of chunks (stream mode; one consumer). Breaking out of a
   * `for await` cancels the exchange.
   * @returns the iterable
   */
  body(): AsyncIterable<Uint8Array> {
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<Uint8Array> => ({
        next: () => this.#next(),
        return: () => {
          this.abort('cancel');
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
  }

  async #next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) {
        this.#queuedBytes -= chunk.length;
        const c = this.#controller;
        if (c && c.paused && !this.#settled && this.#queuedBytes <= LOW_WATER) c.resume();
        return { done: false, value: chunk };
      }
      if (this.#error) {
        const err = this.#error;
        this.#error = undefined;
        throw err;
      }
      if (this.#ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }
}
