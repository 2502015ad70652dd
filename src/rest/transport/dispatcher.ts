/**
 * Building the one undici dispatcher a transport sends through: a `Pool` for the API server's
 * origin, or a `ProxyAgent` when the cluster has a `proxy-url`.
 *
 * Import cost matters for CLIs and short scripts, so undici's main entry (fetch, WebSocket, mocks,
 * caches: ~0.1-0.2 s) is never loaded: only `lib/dispatcher/pool.js` (and `proxy-agent.js` when a
 * proxy is configured), and only when the first request is sent. undici has no `exports` map, so
 * these deep imports are legal; they are pinned by the undici major version in package.json.
 * @packageDocumentation
 */
import type { Dispatcher, Pool, ProxyAgent } from 'undici';
import type { ClientCertificate } from '../auth/auth.js';
import type { TlsConfig } from '../config/config.js';
import { ConfigError } from '../errors.js';
import { proxyOrigin } from './proxy-tunnel.js';

/** What a dispatcher is built from. */
export interface DispatcherSettings {
  /** `https://host:port` of the API server. */
  origin: string;
  tls: TlsConfig;
  /** A client certificate issued by an exec plugin; replaces `tls.cert` / `tls.key`. */
  clientCertificate?: ClientCertificate;
  /** `http(s)://` or `socks5://` proxy. */
  proxyUrl?: string;
  /** Maximum connections to the server; unlimited when absent (each watch holds one). */
  connections?: number;
  /** Negotiate HTTP/2 through ALPN (HTTP/1.1 when the server does not offer it). */
  http2?: boolean;
  /** Connection health settings (see {@link connectionHealth}). */
  health?: ConnectionHealth;
  /** HTTP/2 flow-control windows the client advertises (see {@link Http2Windows}). */
  http2Windows?: Http2Windows;
}

/**
 * HTTP/2 receive windows: how many bytes the server may send before the client acknowledges
 * them. A watch that replays many large events is throttled by the stream window when it is small.
 */
export interface Http2Windows {
  /** Per-stream window (SETTINGS_INITIAL_WINDOW_SIZE), in bytes. */
  stream: number;
  /** Whole-connection window, in bytes. */
  connection: number;
}

/** How dead connections are detected, derived from one bound. */
export interface ConnectionHealth {
  /** HTTP/2: PING interval; a PING still unanswered at the next one resets the connection (0: none). */
  pingIntervalMs: number;
  /** HTTP/1.1 and HTTP/2: longest silence inside a response body before it fails (0: none). */
  bodyIdleTimeoutMs: number;
  /** Longest wait for the response headers (0: none). */
  headersTimeoutMs: number;
  /** TCP keep-alive probes start after this much idle time. */
  keepAliveInitialDelayMs: number;
}

/**
 * The health settings for a dead-connection bound (client-go: HTTP/2 read-idle 30 s + ping
 * timeout 15 s = 45 s).
 * - HTTP/2: a PING every `bound / 2`; one unanswered at the next tick resets the connection, so
 *   a black-holed connection fails between `bound / 2` and `bound` after it died, whether or not
 *   anything was flowing.
 * - HTTP/1.1 (no PING): a response body that stays silent for `bound` fails. A watch is exempt
 *   only under HTTP/2; under HTTP/1.1 a quiet watch ends after `bound` and is re-established (the
 *   reflector does it from its resourceVersion).
 * - Headers: `2 * bound`, but never less than 90 s, longer than kube-apiserver's own 60 s request
 *   timeout, so a slow but live server always answers first.
 * - TCP keep-alive after `bound / 3` idle (for partitions the kernel can see).
 * @param boundMs - the bound, or 0 to disable detection
 * @returns the settings
 */
export function connectionHealth(boundMs: number): ConnectionHealth {
  if (!(boundMs > 0) || !Number.isFinite(boundMs)) return { pingIntervalMs: 0, bodyIdleTimeoutMs: 0, headersTimeoutMs: 0, keepAliveInitialDelayMs: 60_000 };
  const b = Math.max(2, Math.round(boundMs));
  return {
    pingIntervalMs: Math.floor(b / 2),
    bodyIdleTimeoutMs: b,
    headersTimeoutMs: Math.max(2 * b, 90_000),
    keepAliveInitialDelayMs: Math.max(1000, Math.floor(b / 3)),
  };
}

/** The undici internals this library uses, loaded once. */
export interface UndiciInternals {
  Pool: typeof Pool;
  /** Hook letting a handler take a still-queued request out of the queue on abort (undici >= 8). */
  kQueuedAbort: symbol | undefined;
  /** Where an undici client keeps its protocol context (`{ version: 'h1' | 'h2' }`). */
  kHTTPContext: symbol | undefined;
}

let internals: Promise<UndiciInternals> | undefined;

/**
 * Loads `Pool` (and undici's symbols) on first use.
 * @returns the loaded internals
 */
export function loadUndici(): Promise<UndiciInternals> {
  internals ??= (async () => {
    const [pool, symbols] = await Promise.all([
      import('undici/lib/dispatcher/pool.js' as string) as Promise<{ default: typeof Pool }>,
      import('undici/lib/core/symbols.js' as string) as Promise<{ default: Record<string, unknown> }>,
    ]);
    const k = symbols.default['kQueuedAbort'];
    const h = symbols.default['kHTTPContext'];
    return { Pool: pool.default, kQueuedAbort: typeof k === 'symbol' ? k : undefined, kHTTPContext: typeof h === 'symbol' ? h : undefined };
  })();
  return internals;
}

/**
 * Creates the dispatcher for a server: keep-alive, one request per connection at a time
 * (pipelining 1), TLS verified against `tls.ca` (or the system roots) unless
 * `insecureSkipVerify`, presenting the client certificate when there is one.
 * @param s - origin, TLS, proxy and pool settings
 * @returns the dispatcher
 * @throws ConfigError when the proxy URL is unusable
 */
export async function createDispatcher(s: DispatcherSettings): Promise<Dispatcher> {
  const tls: Record<string, unknown> = { rejectUnauthorized: !s.tls.insecureSkipVerify };
  if (s.tls.ca !== undefined) tls['ca'] = s.tls.ca;
  const cert = s.clientCertificate?.cert ?? s.tls.cert;
  const key = s.clientCertificate?.key ?? s.tls.key;
  if (cert !== undefined && key !== undefined) {
    tls['cert'] = cert;
    tls['key'] = key;
  }
  if (s.tls.serverName) tls['servername'] = s.tls.serverName;
  const health = s.health ?? connectionHealth(0);
  tls['keepAlive'] = true;
  tls['keepAliveInitialDelay'] = health.keepAliveInitialDelayMs;
  const common = {
    connections: s.connections ?? null,
    pipelining: 1,
    allowH2: s.http2 ?? false,
    pingInterval: health.pingIntervalMs,
    bodyTimeout: health.bodyIdleTimeoutMs,
    headersTimeout: health.headersTimeoutMs,
    ...(s.http2Windows ? { h2Options: { initialWindowSize: s.http2Windows.stream, connectionWindowSize: s.http2Windows.connection, pingInterval: health.pingIntervalMs } } : {}),
  };

  if (s.proxyUrl) {
    const [mod, dispatcher, connect] = (await Promise.all([
      import('undici/lib/dispatcher/proxy-agent.js' as string),
      import('undici/lib/dispatcher/dispatcher.js' as string),
      import('undici/lib/api/api-connect.js' as string),
    ])) as [{ default: typeof ProxyAgent }, { default: { prototype: { connect?: unknown } } }, { default: unknown }];
    // ProxyAgent tunnels with `dispatcher.connect()` (HTTP CONNECT), an API method undici's main
    // entry mixes into every dispatcher; we do not load that entry, so add just this one method.
    dispatcher.default.prototype.connect ??= connect.default;
    try {
      return new mod.default({ ...common, uri: s.proxyUrl, requestTls: tls, proxyTls: { keepAlive: true, keepAliveInitialDelay: health.keepAliveInitialDelayMs } });
    } catch {
      // undici's message may quote the URL, credentials included.
      throw new ConfigError(`proxy-url ${proxyOrigin(s.proxyUrl)} cannot be used`);
    }
  }
  const { Pool: PoolCtor } = await loadUndici();
  return new PoolCtor(s.origin, { ...common, connect: tls });
}

/**
 * Calls `fn` with the protocol (`h1` or `h2`) of every connection the dispatcher opens, as ALPN
 * negotiated it (when undici tells: a `Pool`; not through a proxy).
 * @param dispatcher - the dispatcher
 * @param fn - receives the protocol
 */
export async function onConnectionProtocol(dispatcher: Dispatcher, fn: (protocol: 'h1' | 'h2') => void): Promise<void> {
  const { kHTTPContext } = await loadUndici();
  if (!kHTTPContext) return;
  dispatcher.on('connect', (_origin, targets) => {
    const client = targets[targets.length - 1] as unknown as Record<symbol, { version?: unknown } | null | undefined> | undefined;
    const v = client?.[kHTTPContext]?.version;
    if (v === 'h1' || v === 'h2') fn(v);
  });
}
