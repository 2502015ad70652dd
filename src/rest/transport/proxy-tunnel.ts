/**
 * A TCP tunnel through an HTTP or HTTPS proxy with `CONNECT`, for the few connections this
 * package makes outside its undici dispatcher (the OpenID Connect IdP of the `oidc`
 * auth-provider). The API server's own connections go through undici's `ProxyAgent` instead.
 * @packageDocumentation
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

/** Why a tunnel could not be opened; its message never carries the proxy's credentials. */
export class ProxyTunnelError extends Error {
  override readonly name = 'ProxyTunnelError';
  /** The proxy's HTTP status when it answered the CONNECT with something else than 2xx. */
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** The proxy's origin, without user name or password, for messages. */
export function proxyOrigin(proxyUrl: string): string {
  try {
    return new URL(proxyUrl).origin;
  } catch {
    return 'the proxy';
  }
}

/** A URL's `hostname` as sockets take it: an IPv6 address without its brackets. */
export function socketHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** `Proxy-Authorization: Basic ...` from the proxy URL's user info, as Go sends it. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === '' && proxy.password === '') return undefined;
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * Opens a tunnel to `host:port` through the proxy (`http://` or `https://`, with optional basic
 * credentials in its URL).
 * @param proxyUrl - the proxy
 * @param host - the target host name or IP (IPv6 without brackets)
 * @param port - the target port
 * @param timeoutMs - bound on reaching the proxy and getting its answer
 * @returns the socket, connected to the target through the proxy
 * @throws ProxyTunnelError when the proxy cannot be reached, refuses, or is not http(s)
 */
export function openProxyTunnel(proxyUrl: string, host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    let proxy: URL;
    try {
      proxy = new URL(proxyUrl);
    } catch {
      reject(new ProxyTunnelError('the proxy URL is not a valid URL'));
      return;
    }
    const origin = proxyOrigin(proxyUrl);
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
      reject(new ProxyTunnelError(`the proxy ${proxy.protocol}// is not supported here (http and https proxies are)`));
      return;
    }
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const headers: Record<string, string> = { host: authority };
    const auth = proxyAuthorization(proxy);
    if (auth) headers['proxy-authorization'] = auth;
    const send = proxy.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send({
      host: socketHost(proxy),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new ProxyTunnelError(`the proxy ${origin} did not open a tunnel to ${authority} within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    req.once('connect', (res: IncomingMessage, socket: Socket, head: Buffer) => {
      clearTimeout(timer);
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        reject(new ProxyTunnelError(`the proxy ${origin} refused the tunnel to ${authority}: HTTP ${status}`, status));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(new ProxyTunnelError(`cannot reach the proxy ${origin}: ${err.code ?? 'connection failed'}`));
    });
    req.end();
  });
}
