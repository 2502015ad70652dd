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
 * - undici is loaded on the first request, not when this module is imported.
 * @packageDocumentation
 */
import type { Dispatcher } from 'undici';
import type { CallOptions } from '../meta/options.js';
import { createAuthenticator, type AuthState, type Authenticator, type ClientCertificate } from './auth.js';
import { CallScope } from './call-scope.js';
import type { RestConfig } from './config.js';
import { createDispatcher, loadUndici } from './dispatcher.js';
import { ConfigError, NetworkError, type RequestContext } from './errors.js';
import { Exchange } from './exchange.js';
import { impersonationHeaders } from './impersonation.js';
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
  /** Negotiate HTTP/2 via ALPN (multiplexes watches on one connection). Off by default. */
  http2?: boolean;
  /** Supplies credentials; built from `config.auth` by default. */
  authenticator?: Authenticator;
}

interface DispatcherSlot {
  key: string;
  dispatcher: Promise<Dispatcher>;
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
    this.#origin = url.origin;
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#baseHeaders = {
      'user-agent': opts.userAgent ?? config.userAgent ?? defaultUserAgent(),
      accept: 'application/json',
      ...impersonationHeaders(config.impersonate),
    };
    this.#auth = opts.authenticator ?? createAuthenticator(config);
  }

  #assertOpen(request: RequestContext): void {
    if (this.#closed) throw new NetworkError('the transport is closed', { request, errorCode: 'ERR_TRANSPORT_CLOSED', notSent: true });
  }

  #dispatcherFor(cc: ClientCertificate | undefined): Promise<Dispatcher> {
    const key = certKey(cc);
    const current = this.#slot;
    if (current && current.key === key) return current.dispatcher;
    const dispatcher = createDispatcher({
      origin: this.#origin,
      tls: this.#config.tls,
      clientCertificate: cc,
      proxyUrl: this.#config.proxyUrl,
      connections: this.#opts.connections,
      http2: this.#opts.http2,
    });
    dispatcher.catch(() => {});
    this.#slot = { key, dispatcher };
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
    const ex = new Exchange(mode, (f) => exchangeError(f, ctx, scope, this.#origin));
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
    const options: Dispatcher.DispatchOptions & Record<symbol, unknown> = {
      origin: this.#origin,
      path: `${this.#prefix}${req.path.startsWith('/') ? '' : '/'}${req.path}`,
      method: req.method,
      headers: this.#headers(req, auth),
      body: req.body ?? null,
    };
    if (mode === 'stream') options.bodyTimeout = 0; // a quiet watch is not a dead one
    if (kQueuedAbort) options[kQueuedAbort] = ex.queuedAbortHook();
    dispatcher.dispatch(options, ex);
    return ex;
  }

  async request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    this.#assertOpen(req.context);
    const scope = new CallScope(opts);
    try {
      scope.throwIfStopped(req.context);
      let auth = await scope.race(this.#auth.authorize(), req.context);
      let res = await (await this.#send('buffer', req, auth, scope)).response();
      if (res.status === 401 && this.#auth.refreshable && (await scope.race(this.#auth.onUnauthorized(auth), req.context))) {
        this.#assertOpen(req.context);
        auth = await scope.race(this.#auth.authorize(), req.context);
        res = await (await this.#send('buffer', req, auth, scope)).response();
      }
      return res;
    } finally {
      scope.dispose();
    }
  }

  async stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    this.#assertOpen(req.context);
    const scope = new CallScope(opts);
    try {
      scope.throwIfStopped(req.context);
      let auth = await scope.race(this.#auth.authorize(), req.context);
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
          auth = await scope.race(this.#auth.authorize(), req.context);
          ex = await this.#send('stream', req, auth, scope);
          head = await ex.head;
        }
      }
      const live = ex;
      live.onFinish(() => scope.dispose());
      return {
        status: head.status,
        headers: head.headers,
        body: live.body(),
        cancel: () => live.abort('cancel'),
      };
    } catch (err) {
      scope.dispose();
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ex of [...this.#open]) ex.abort('closed');
    const all = [...this.#retired];
    if (this.#slot) all.push(this.#slot.dispatcher);
    this.#slot = undefined;
    await Promise.all(all.map((p) => p.then((d) => d.destroy()).catch(() => {})));
  }
}
