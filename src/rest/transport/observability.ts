/**
 * Observability of the transport: hooks called for every attempt sent to the server, every
 * retry and every client-side throttling wait (for metrics or tracing), and `ObservedTransport`,
 * the decorator next to the wire that calls the per-attempt hooks and hands the server's
 * `Warning` headers to the warning handler.
 *
 * Hook payloads carry the verb, resource, HTTP method and the URL path *without its query
 * string* — never headers, bodies or credentials. A hook that throws is ignored (and logged at
 * `error`): observing a call never changes its outcome.
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import { systemClock, type Clock } from './clock.js';
import { describeError, redact, silentLogger, type Logger } from './logger.js';
import { attemptNumberOf } from '../flow-control/retry-attempts.js';
import type { RestRequest, RestResponse, RestStream, Transport } from './transport.js';
import { handleWarnings, type WarningHandler } from './warning-handler.js';

/** What a hook is told about the request it concerns. */
export interface TransportRequestInfo {
  /** API verb (get, list, watch, create, update, patch, apply, delete, deletecollection, discovery, ...). */
  verb: string;
  /** `group/version/plural`, when the request is about a resource. */
  resource?: string;
  namespace?: string;
  name?: string;
  /** HTTP method. */
  method: string;
  /** URL path without the query string. */
  path: string;
  /** 1-based attempt number within the call. */
  attempt: number;
  /** True for a streaming request (watch). */
  stream: boolean;
}

/** Passed to `onRequestEnd` after each attempt. */
export interface TransportRequestEndInfo extends TransportRequestInfo {
  /** HTTP status, when the server answered. */
  status?: number;
  /** The error, when the attempt failed without an answer (a `NetworkError` or `AbortError`). */
  error?: unknown;
  /** Time from sending to the answer's headers (or the failure), in ms. */
  latencyMs: number;
}

/** Passed to `onRetry` when a failed attempt is going to be retried. */
export interface TransportRetryInfo extends TransportRequestInfo {
  /** The attempt that failed (the next one is `attempt + 1`). */
  attempt: number;
  /** How long the client waits before the next attempt, in ms. */
  delayMs: number;
  /** Why the attempt failed, e.g. `HTTP 429 TooManyRequests, Retry-After 1s` or `ECONNRESET`. */
  reason: string;
  /** HTTP status of the failed attempt, when there was an answer. */
  status?: number;
  /** Low-level error code (ECONNRESET, ...) when the attempt failed without an answer. */
  errorCode?: string;
}

/** Passed to `onThrottle` when the client-side rate limiter delayed a request. */
export interface TransportThrottleInfo extends TransportRequestInfo {
  /** How long the request waited for a token, in ms. */
  waitedMs: number;
}

/** Observability hooks (all optional, all synchronous; return values are ignored). */
export interface TransportHooks {
  /** An attempt is about to be sent. */
  onRequestStart?(info: TransportRequestInfo): void;
  /** An attempt got its answer (any status) or failed. */
  onRequestEnd?(info: TransportRequestEndInfo): void;
  /** A failed attempt will be retried after `delayMs`. */
  onRetry?(info: TransportRetryInfo): void;
  /** A request waited `waitedMs` for the client-side rate limiter. */
  onThrottle?(info: TransportThrottleInfo): void;
}

/** What every transport decorator may be given besides its own settings. */
export interface DecoratorOptions {
  /** Observability hooks. */
  hooks?: TransportHooks;
  /** Where diagnostics go (silent by default). */
  logger?: Logger;
  /** Time source (tests). */
  clock?: Clock;
}

/** The URL path of a request without its query string. */
export function pathWithoutQuery(path: string): string {
  const q = path.indexOf('?');
  return redact(q < 0 ? path : path.slice(0, q));
}

/** The hook description of a request. */
export function requestInfo(req: RestRequest, stream: boolean, attempt: number = attemptNumberOf(req)): TransportRequestInfo {
  const info: TransportRequestInfo = { verb: req.context.verb, method: req.method, path: pathWithoutQuery(req.path), attempt, stream };
  if (req.context.resource !== undefined) info.resource = req.context.resource;
  if (req.context.namespace !== undefined) info.namespace = req.context.namespace;
  if (req.context.name !== undefined) info.name = req.context.name;
  return info;
}

/** Calls one hook, never letting it throw into the call. */
export function callHook<K extends keyof TransportHooks>(hooks: TransportHooks | undefined, name: K, info: Parameters<NonNullable<TransportHooks[K]>>[0], logger: Logger): void {
  const fn = hooks?.[name] as ((i: typeof info) => void) | undefined;
  if (!fn) return;
  try {
    fn.call(hooks, info);
  } catch (err) {
    try {
      logger.error({ hook: name, error: describeError(err) }, `transport hook ${name} threw; ignored`);
    } catch {
      // a broken logger must not break the call either
    }
  }
}

/** Settings of `ObservedTransport`. */
export interface ObservedTransportOptions extends DecoratorOptions {
  /** Receives the server's `Warning` headers (none when absent). */
  warningHandler?: WarningHandler;
}

/**
 * The decorator next to the wire: calls `onRequestStart` / `onRequestEnd` for every attempt
 * (with its attempt number and latency, client-side waits excluded) and passes the `Warning`
 * headers of every answer to the warning handler.
 */
export class ObservedTransport implements Transport {
  private readonly hooks: TransportHooks | undefined;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly warningHandler: WarningHandler | undefined;

  /**
   * @param inner - the transport that sends the requests
   * @param opts - hooks, logger, warning handler, clock
   */
  constructor(
    private readonly inner: Transport,
    opts: ObservedTransportOptions = {},
  ) {
    this.hooks = opts.hooks;
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.warningHandler = opts.warningHandler;
  }

  /** Sends the request, reporting it to the hooks and its warnings to the handler. */
  request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    return this.observe(req, false, () => this.inner.request(req, opts));
  }

  /** Opens the stream, reporting its establishment to the hooks and its warnings to the handler. */
  stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    return this.observe(req, true, () => this.inner.stream(req, opts));
  }

  /** Closes the inner transport. */
  close(): Promise<void> {
    return this.inner.close();
  }

  private async observe<R extends { status: number; headers: RestResponse['headers'] }>(req: RestRequest, stream: boolean, send: () => Promise<R>): Promise<R> {
    if (!this.hooks?.onRequestStart && !this.hooks?.onRequestEnd) {
      // Nobody listens: skip building the request info (path redaction) on the hot path.
      const answer = await send();
      if (this.warningHandler) handleWarnings(answer.headers, req.context, this.warningHandler);
      return answer;
    }
    const info = requestInfo(req, stream);
    callHook(this.hooks, 'onRequestStart', info, this.logger);
    const start = this.clock.now();
    let answer: R;
    try {
      answer = await send();
    } catch (error) {
      callHook(this.hooks, 'onRequestEnd', { ...info, error, latencyMs: this.clock.now() - start }, this.logger);
      throw error;
    }
    callHook(this.hooks, 'onRequestEnd', { ...info, status: answer.status, latencyMs: this.clock.now() - start }, this.logger);
    if (this.warningHandler) handleWarnings(answer.headers, req.context, this.warningHandler);
    return answer;
  }
}
