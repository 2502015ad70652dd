/**
 * The HTTP transport: sends `RestRequest`s to one API server over a single undici dispatcher
 * (keep-alive, pipelining 1), adding User-Agent, Accept, auth and impersonation headers.
 *
 * - Any HTTP status is returned; connection failures throw `NetworkError` (`notSent` when the
 *   request provably never reached the server), aborts and timeouts throw `AbortError`.
 * - A 401 with refreshable credentials (token file, exec plugin) refreshes them once and retries
 *   once, when the refresh produced different credentials.
 * - An exec plugin that issues client certificates gets a new dispatcher (new TLS connections)
 *   whenever the certificate changes; the old one is closed once its requests finish.
 * - Requests ask for gzip (`Accept-Encoding: gzip`, as Go's transport does for client-go) unless
 *   `config.disableCompression`; gzip-encoded answers are decompressed as they stream in.
 * - A proxy: the kubeconfig's `proxy-url`, else `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` from the
 *   environment as client-go reads them (see `proxyForUrl`), read when the transport is created.
 * - undici is loaded on the first request, not when this module is imported.
 * - Dead connections are detected within `deadConnectionTimeoutMs` (45 s by default, as
 *   client-go's HTTP/2 health check): HTTP/2 PINGs, an idle-body timeout on HTTP/1.1 (see
 *   `connectionHealth`). The call on it fails with a `NetworkError`.
 * - `close()` stops everything: calls in flight (also those still waiting for credentials or a
 *   connection) fail with `ClientClosedError`, exec plugins are killed, connections destroyed;
 *   every later call fails with `ClientClosedError`.
 * @packageDocumentation
 */
import type { Dispatcher } from 'undici';
import type { CallOptions } from '../../meta/options.js';
import { createAuthenticator, type AuthState, type Authenticator, type ClientCertificate } from '../auth/auth.js';
import { CallScope } from './call-scope.js';
import type { RestConfig } from '../config/config.js';
import { connectionHealth, createDispatcher, loadUndici, onConnectionProtocol, type ConnectionHealth, type Http2Windows } from './dispatcher.js';
import { ClientClosedError, ConfigError, type RequestContext } from '../errors.js';
import { Exchange } from './exchange.js';
import { impersonationHeaders } from '../auth/impersonation.js';
import { proxyForUrl } from './proxy-from-environment.js';
import type { RestRequest, RestResponse, RestStream, Transport } from './transport.js';
import { exchangeError } from './transport-errors.js';
import { defaultUserAgent } from './user-agent.js';

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions {
  /** User-Agent header; overrides `config.userAgent` and the default. */
  userAgent?: string;
  /**
   * Maximum concurrent connections to the server. Unlimited by default: with HTTP/1.1 every open
   * watch holds a connection, so a small limit would starve ordinary requests behind watches.
   */
  connections?: number;
  /**
   * Offer HTTP/2 through ALPN (default true; kube-apiserver accepts it over TLS, and HTTP/1.1 is
   * used when the server does not). HTTP/2 multiplexes every request and watch over one
   * connection and checks its health with PINGs, so a dead connection is detected even under a
   * quiet watch; with HTTP/1.1 every open watch holds its own connection.
   */
  http2?: boolean;
  /**
   * Bound on detecting a dead (half-open, black-holed) connection under a call, in ms (default
   * 45000, client-go's HTTP/2 read-idle 30 s + ping timeout 15 s; 0 disables). HTTP/2: a PING
   * every half of it. HTTP/1.1: a response body (a watch too) that stays silent this long fails.
   */
  deadConnectionTimeoutMs?: number;
  /**
   * HTTP/2 receive window of each stream (a watch, a list), in bytes (default
   * {@link DEFAULT_HTTP2_STREAM_WINDOW_BYTES}): how much the server may send on one stream before
   * the client has taken it. A small window makes a server that pushes large events fast (a watch
   * replaying from the watch cache) wait a round trip per window.
   */
  http2StreamWindowBytes?: number;
  /**
   * HTTP/2 receive window of the whole connection, shared by every stream on it, in bytes (default
   * {@link DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES}).
   */
  http2ConnectionWindowBytes?: number;
  /** Largest answer `request()` buffers, in bytes (default 500 MiB); larger ones fail with `ResponseTooLargeError`. */
  maxResponseBytes?: number;
  /** Supplies credentials; built from `config.auth` by default. */
  authenticator?: Authenticator;
}

/** Default of {@link HttpTransportOptions.deadConnectionTimeoutMs}. */
export const DEFAULT_DEAD_CONNECTION_TIMEOUT_MS = 45_000;
/** Default of {@link HttpTransportOptions.maxResponseBytes}: 500 MiB, just under the longest string V8 can hold. */
export const DEFAULT_MAX_RESPONSE_BYTES = 500 * 1024 * 1024;
/** Default of {@link HttpTransportOptions.http2}. */
export const DEFAULT_HTTP2 = true;
/** Default of {@link HttpTransportOptions.http2StreamWindowBytes}: 4 MiB, as Go's HTTP/2 transport (client-go). */
export const DEFAULT_HTTP2_STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
/** Default of {@link HttpTransportOptions.http2ConnectionWindowBytes}: 16 MiB (Go's transport: 1 GiB). */
export const DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES = 16 * 1024 * 1024;
/** Largest HTTP/2 flow-control window (RFC 9113: 2^31 - 1). */
const MAX_HTTP2_WINDOW = 2 ** 31 - 1;

function windowSize(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 65_535 || value > MAX_HTTP2_WINDOW) {
    throw new ConfigError(`${name} must be an integer from 65535 to ${MAX_HTTP2_WINDOW} (got ${value})`);
  }
  return value;
}

interface DispatcherSlot {
  key: string;
  dispatcher: Promise<Dispatcher>;
  /** The protocol its connections negotiated, once one has connected. */
  protocol?: 'h1' | 'h2';
}

function certKey(cc: ClientCertificate | undefined): string {
  return cc ? `${cc.cert}\u0000${cc.key}` : '';
}

/**
 * Creates the transport for one API server.
 * @param config - server, TLS, auth, impersonation and proxy
 * @param opts - user agent, connection limit, HTTP/2, authenticator
 * @returns the transport; call `close()` when done with it
 * @throws ConfigError when the server URL is invalid
 */
export function createHttpTransport(config: RestConfig, opts: HttpTransportOptions = {}): Transport {
  return new HttpTransport(config, opts);
}

class HttpTransport implements Transport {
  readonly #config: RestConfig;
  readonly #opts: HttpTransportOptions;
  readonly #origin: string;
  readonly #prefix: string;
  readonly #baseHeaders: Record<string, string | string[]>;
  readonly #auth: Authenticator;
  #slot: DispatcherSlot | undefined;
  readonly #retired = new Set<Promise<Dispatcher>>();
  readonly #open = new Set<Exchange>();
  readonly #scopes = new Set<CallScope>();
  readonly #health: ConnectionHealth;
  readonly #http2: boolean;
  readonly #http2Windows: Http2Windows;
  readonly #maxResponseBytes: number;
  readonly #proxyUrl: string | undefined;
  #closed = false;

  constructor(config: RestConfig, opts: HttpTransportOptions) {
    let url: URL;
    try {
      url = new URL(config.server);
    } catch {
      throw new ConfigError('server is not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`server must use http or https, not ${url.protocol}`);
    this.#config = config;
    this.#opts = opts;
    // client-go: the kubeconfig's proxy-url, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
    this.#proxyUrl = config.proxyUrl ?? proxyForUrl(url);
    this.#origin = url.origin;
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#baseHeaders = {
      'user-agent': opts.userAgent ?? config.userAgent ?? defaultUserAgent(),
      accept: 'application/json',
      ...(config.disableCompression ? {} : { 'accept-encoding': 'gzip' }),
      ...impersonationHeaders(config.impersonate),
    };
    this.#auth = opts.authenticator ?? createAuthenticator(config);
    const bound = opts.deadConnectionTimeoutMs ?? DEFAULT_DEAD_CONNECTION_TIMEOUT_MS;
    if (!(bound >= 0)) throw new ConfigError(`deadConnectionTimeoutMs must be a number >= 0 (got ${bound})`);
    this.#health = connectionHealth(bound);
    this.#http2 = opts.http2 ?? DEFAULT_HTTP2;
    this.#http2Windows = {
      stream: windowSize('http2StreamWindowBytes', opts.http2StreamWindowBytes, DEFAULT_HTTP2_STREAM_WINDOW_BYTES),
      connection: windowSize('http2ConnectionWindowBytes', opts.http2ConnectionWindowBytes, DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES),
    };
    this.#maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!(this.#maxResponseBytes > 0)) throw new ConfigError(`maxResponseBytes must be a number > 0 (got ${this.#maxResponseBytes})`);
  }

  #assertOpen(request: RequestContext): void {
    if (this.#closed) throw new ClientClosedError({ request });
  }

  /** A scope for one call, stopped by `close()`. */
  #openScope(opts: CallOptions | undefined): CallScope {
    const scope = new CallScope(opts);
    this.#scopes.add(scope);
    return scope;
  }

  #disposeScope(scope: CallScope): void {
    this.#scopes.delete(scope);
    scope.dispose();
  }

  /** The protocol of the slot's connections: as negotiated once one has connected, else as expected. */
  #protocolOf(slot: DispatcherSlot | undefined): 'h1' | 'h2' {
    return slot?.protocol ?? (this.#http2 && this.#origin.startsWith('https:') ? 'h2' : 'h1');
  }

  /** Idle-body timeout of a stream: none under HTTP/2 (PINGs watch the connection), the bound under HTTP/1.1. */
  #streamBodyTimeout(slot: DispatcherSlot | undefined): number {
    return this.#protocolOf(slot) === 'h2' ? 0 : this.#health.bodyIdleTimeoutMs;
  }

  #dispatcherFor(cc: ClientCertificate | undefined): Promise<Dispatcher> {
    if (this.#closed) return Promise.reject(new ClientClosedError({}));
    const key = certKey(cc);
    const current = this.#slot;
    if (current && current.key === key) return current.dispatcher;
    const dispatcher = createDispatcher({
      origin: this.#origin,
      tls: this.#config.tls,
      clientCertificate: cc,
      proxyUrl: this.#proxyUrl,
      connections: this.#opts.connections,
      http2: this.#http2,
      health: this.#health,
      http2Windows: this.#http2Windows,
    });
    dispatcher.catch(() => {});
    const slot: DispatcherSlot = { key, dispatcher };
    dispatcher
      .then((d) =>
        onConnectionProtocol(d, (p) => {
          slot.protocol = p;
        }),
      )
      .catch(() => {});
    this.#slot = slot;
    if (current) {
      // A new exec-issued certificate: new connections use it; old ones drain and close.
      const old = current.dispatcher;
      this.#retired.add(old);
      old
        .then((d) => d.close())
        .catch(() => {})
        .finally(() => this.#retired.delete(old));
    }
    return dispatcher;
  }

  #headers(req: RestRequest, auth: AuthState): Record<string, string | string[]> {
    const h: Record<string, string | string[]> = { ...this.#baseHeaders };
    for (const [k, v] of Object.entries(req.headers ?? {})) h[k.toLowerCase()] = v;
    if (req.body !== undefined && h['content-type'] === undefined) h['content-type'] = 'application/json';
    Object.assign(h, auth.headers);
    return h;
  }

  async #send(mode: 'buffer' | 'stream', req: RestRequest, auth: AuthState, scope: CallScope): Promise<Exchange> {
    const ctx = req.context;
    this.#assertOpen(ctx);
    // A stopped write waits for its answer before its HTTP/2 stream is reset (see exchange.ts).
    const holdReset = req.body !== undefined && this.#protocolOf(this.#slot) === 'h2';
    const ex = new Exchange(mode, (f) => exchangeError(f, ctx, scope, this.#origin), mode === 'buffer' ? this.#maxResponseBytes : Infinity, holdReset);
    const off = scope.onStop((reason) => ex.abort(reason));
    this.#open.add(ex);
    ex.onFinish(() => {
      off();
      this.#open.delete(ex);
    });
    let dispatcher: Dispatcher;
    let kQueuedAbort: symbol | undefined;
    try {
      [dispatcher, { kQueuedAbort }] = await Promise.all([this.#dispatcherFor(auth.clientCertificate), loadUndici()]);
    } catch (err) {
      ex.abort('cancel');
      throw err;
    }
    if (ex.finished) return ex; // stopped while undici was loading
    if (this.#closed) {
      ex.abort('closed');
      return ex;
    }
    const options: Dispatcher.DispatchOptions & Record<symbol, unknown> = {
      origin: this.#origin,
      path: `${this.#prefix}${req.path.startsWith('/') ? '' : '/'}${req.path}`,
      method: req.method,
      headers: this.#headers(req, auth),
      body: req.body ?? null,
    };
    if (mode === 'stream') options.bodyTimeout = this.#streamBodyTimeout(this.#slot);
    if (kQueuedAbort) options[kQueuedAbort] = ex.queuedAbortHook();
    dispatcher.dispatch(options, ex);
    return ex;
  }

  async request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    this.#assertOpen(req.context);
    const scope = this.#openScope(opts);
    try {
      scope.throwIfStopped(req.context);
      let auth = await scope.race(this.#auth.authorize(scope), req.context);
      let res = await (await this.#send('buffer', req, auth, scope)).response();
      if (res.status === 401 && this.#auth.refreshable && (await scope.race(this.#auth.onUnauthorized(auth), req.context))) {
        this.#assertOpen(req.context);
        auth = await scope.race(this.#auth.authorize(scope), req.context);
        res = await (await this.#send('buffer', req, auth, scope)).response();
      }
      return res;
    } finally {
      this.#disposeScope(scope);
    }
  }

  async stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    this.#assertOpen(req.context);
    const scope = this.#openScope(opts);
    try {
      scope.throwIfStopped(req.context);
      let auth = await scope.race(this.#auth.authorize(scope), req.context);
      let ex = await this.#send('stream', req, auth, scope);
      let head = await ex.head;
      if (head.status === 401 && this.#auth.refreshable) {
        const retry = await scope.race(this.#auth.onUnauthorized(auth), req.context).catch((err: unknown) => {
          ex.abort('cancel');
          throw err;
        });
        if (retry) {
          ex.abort('cancel');
          this.#assertOpen(req.context);
          auth = await scope.race(this.#auth.authorize(scope), req.context);
          ex = await this.#send('stream', req, auth, scope);
          head = await ex.head;
        }
      }
      const live = ex;
      live.onFinish(() => this.#disposeScope(scope));
      return {
        status: head.status,
        headers: head.headers,
        body: live.body(),
        cancel: () => live.abort('cancel'),
      };
    } catch (err) {
      this.#disposeScope(scope);
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const scope of [...this.#scopes]) scope.close();
    this.#scopes.clear();
    for (const ex of [...this.#open]) ex.abort('closed');
    this.#auth.close?.();
    const all = [...this.#retired];
    if (this.#slot) all.push(this.#slot.dispatcher);
    this.#slot = undefined;
    await Promise.all(all.map((p) => p.then((d) => d.destroy()).catch(() => {})));
  }
}
