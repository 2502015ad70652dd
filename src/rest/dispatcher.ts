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
import type { ClientCertificate } from './auth.js';
import type { TlsConfig } from './config.js';
import { ConfigError } from './errors.js';

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
  /** Negotiate HTTP/2 through ALPN. Off by default: HTTP/1.1, keep-alive, no pipelining. */
  http2?: boolean;
}

/** The undici internals this library uses, loaded once. */
export interface UndiciInternals {
  Pool: typeof Pool;
  /** Hook letting a handler take a still-queued request out of the queue on abort (undici >= 8). */
  kQueuedAbort: symbol | undefined;
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
    return { Pool: pool.default, kQueuedAbort: typeof k === 'symbol' ? k : undefined };
  })();
  return internals;
}

function hidePassword(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.origin;
  } catch {
    return 'the proxy';
  }
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
  const common = { connections: s.connections ?? null, pipelining: 1, allowH2: s.http2 ?? false };

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
      return new mod.default({ ...common, uri: s.proxyUrl, requestTls: tls });
    } catch {
      // undici's message may quote the URL, credentials included.
      throw new ConfigError(`proxy-url ${hidePassword(s.proxyUrl)} cannot be used`);
    }
  }
  const { Pool: PoolCtor } = await loadUndici();
  return new PoolCtor(s.origin, { ...common, connect: tls });
}
