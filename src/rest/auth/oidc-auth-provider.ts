/**
 * The kubeconfig `auth-provider` named `oidc` (client-go `plugin/pkg/client/auth/oidc`), without
 * `@kubernetes/client-node`:
 *
 * - `id-token` is sent as a bearer token while its JWT `exp` is more than 10 s away.
 * - Otherwise it is refreshed with `refresh-token`: the token endpoint comes from OpenID Connect
 *   discovery (`<idp-issuer-url>/.well-known/openid-configuration`), then an OAuth2
 *   `refresh_token` grant authenticates as `client-id` / `client-secret` (HTTP basic first, then
 *   in the form body if the endpoint refused it, as Go's oauth2 auto-detection does). The answer
 *   must hold an `id_token`; a new `refresh_token` replaces the old one.
 * - The refreshed tokens are written back to the kubeconfig file that defines the user, as
 *   client-go's persister does (`users[].user.auth-provider.config`), so the next process starts
 *   with them; a write that fails fails the call, as in client-go.
 * - The IdP is reached over TLS verified against `idp-certificate-authority(-data)` when given,
 *   else the system roots. One refresh at a time; concurrent calls share it.
 * - `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` apply to the IdP as Go's `ProxyFromEnvironment`
 *   applies them (the client-go provider's transport has it): an `https://` IdP is reached
 *   through a `CONNECT` tunnel, an `http://` one by asking the proxy for the absolute URL.
 *   A cluster's `proxy-url` is for the API server only.
 *
 * Tokens, the client secret and the IdP's answers never appear in errors: only HTTP statuses,
 * the OAuth2 `error` code and its description.
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { isIP, type Socket } from 'node:net';
import { ConfigError } from '../errors.js';
import { proxyEnvironment, proxyForUrl, type ProxyEnvironment } from '../transport/proxy-from-environment.js';
import { openProxyTunnel, proxyAuthorization, proxyOrigin, socketHost } from '../transport/proxy-tunnel.js';

/** Where refreshed tokens are written back: the kubeconfig file defining the user, and its name. */
export interface AuthProviderPersistTarget {
  /** Absolute path of the kubeconfig file. */
  file: string;
  /** The user entry's name. */
  user: string;
}

/** Options of {@link OidcAuthProvider}. */
export interface OidcAuthProviderOptions {
  /** Where to persist refreshed tokens; nowhere (memory only) when absent. */
  persistTo?: AuthProviderPersistTarget;
  /** Clock in ms, for tests. */
  now?: () => number;
  /** Bound on each request to the IdP, in ms (default 30000). */
  timeoutMs?: number;
  /** The proxy settings for IdP requests (default: read from `process.env` when created). */
  proxyEnvironment?: ProxyEnvironment;
}

/** client-go refreshes an id-token this long before it expires. */
const EXPIRY_DELTA_MS = 10_000;
const MAX_IDP_ANSWER_BYTES = 1024 * 1024;

interface IdpAnswer {
  status: number;
  contentType: string;
  body: string;
}

function fail(message: string): ConfigError {
  return new ConfigError(`auth-provider "oidc": ${message}`);
}

/** The `exp` claim of a JWT in ms, or throws when it is not a JWT (client-go: "ID Token is not a valid JWT"). */
function jwtExpiryMs(token: string): number {
  const parts = token.split('.');
  if (parts.length !== 3) throw fail('the id-token is not a valid JWT');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw fail('the id-token is not a valid JWT (its claims are not JSON)');
  }
  const exp = (claims as { exp?: unknown } | null)?.exp;
  const n = typeof exp === 'number' ? exp : typeof exp === 'string' && exp.trim() !== '' ? Number(exp) : 0;
  // Go: a missing exp is the zero time, so the token counts as expired.
  return Number.isFinite(n) ? Math.trunc(n) * 1000 : 0;
}

/** `error` and `error_description` of an OAuth2 error answer, trimmed; never the rest of the body. */
function oauthErrorOf(answer: IdpAnswer): string {
  let fields: Record<string, unknown> = {};
  try {
    if (answer.contentType.includes('json')) fields = JSON.parse(answer.body) as Record<string, unknown>;
    else fields = Object.fromEntries(new URLSearchParams(answer.body));
  } catch {
    fields = {};
  }
  const code = typeof fields['error'] === 'string' ? fields['error'].slice(0, 100) : '';
  const desc = typeof fields['error_description'] === 'string' ? fields['error_description'].slice(0, 200) : '';
  return [code, desc].filter(Boolean).join(': ');
}

/** Go's url.QueryEscape, as oauth2 uses it for basic client credentials. */
function queryEscape(s: string): string {
  return new URLSearchParams({ v: s }).toString().slice(2);
}

/** Obtains (and refreshes) the id-token of an `oidc` auth-provider user. */
export class OidcAuthProvider {
  #cfg: Record<string, string>;
  readonly #issuer: string;
  readonly #clientId: string;
  readonly #opts: OidcAuthProviderOptions;
  readonly #now: () => number;
  readonly #proxyEnv: ProxyEnvironment;
  #ca: Promise<string | undefined> | undefined;
  #refreshing: Promise<string> | undefined;
  /** The client authentication that worked (oauth2 remembers it per endpoint). */
  #authStyle: 'header' | 'params' | undefined;

  /**
   * @param config - the auth-provider's `config` map (copied; never changed in place)
   * @param opts - persistence target, clock, IdP timeout
   * @throws ConfigError when `idp-issuer-url` or `client-id` is missing
   */
  constructor(config: Readonly<Record<string, string>>, opts: OidcAuthProviderOptions = {}) {
    this.#cfg = { ...config };
    const issuer = this.#cfg['idp-issuer-url'];
    if (!issuer) throw fail('idp-issuer-url must be provided');
    const clientId = this.#cfg['client-id'];
    if (!clientId) throw fail('client-id must be provided');
    this.#issuer = issuer;
    this.#clientId = clientId;
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#proxyEnv = opts.proxyEnvironment ?? proxyEnvironment();
  }

  /** The provider's current config map (tokens included), as it would be persisted. */
  get config(): Readonly<Record<string, string>> {
    return { ...this.#cfg };
  }

  /**
   * A valid id-token, refreshed first when it expires within 10 s.
   * @param signal - stops waiting (the refresh itself goes on for other callers)
   * @returns the id-token
   * @throws ConfigError when there is no valid token and it cannot be refreshed
   */
  async idToken(signal?: AbortSignal): Promise<string> {
    const current = this.#cfg['id-token'];
    if (current && jwtExpiryMs(current) > this.#now() + EXPIRY_DELTA_MS) return current;
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    const refreshing = this.#refreshing;
    if (!signal) return refreshing;
    signal.throwIfAborted();
    return new Promise<string>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      refreshing.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  async #refresh(): Promise<string> {
    const rt = this.#cfg['refresh-token'];
    if (!rt) throw fail('no valid id-token, and cannot refresh without refresh-token');
    const tokenUrl = await this.#tokenEndpoint();

    const form = (withClient: boolean): string => {
      const p = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt });
      if (withClient) {
        p.set('client_id', this.#clientId);
        const secret = this.#cfg['client-secret'];
        if (secret) p.set('client_secret', secret);
      }
      return p.toString();
    };
    const basic = `Basic ${Buffer.from(`${queryEscape(this.#clientId)}:${queryEscape(this.#cfg['client-secret'] ?? '')}`).toString('base64')}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    let answer: IdpAnswer;
    if (this.#authStyle === 'params') {
      answer = await this.#send('POST', tokenUrl, headers, form(true));
    } else {
      answer = await this.#send('POST', tokenUrl, { ...headers, authorization: basic }, form(false));
      if (this.#authStyle === undefined) {
        if (answer.status >= 200 && answer.status < 300) this.#authStyle = 'header';
        else {
          answer = await this.#send('POST', tokenUrl, headers, form(true));
          if (answer.status >= 200 && answer.status < 300) this.#authStyle = 'params';
        }
      }
    }
    if (answer.status < 200 || answer.status > 299) {
      const why = oauthErrorOf(answer);
      throw fail(`failed to refresh the id-token: the token endpoint answered HTTP ${answer.status}${why ? ` (${why})` : ''}`);
    }
    let fields: Record<string, unknown>;
    try {
      fields =
        answer.contentType.includes('application/x-www-form-urlencoded') || answer.contentType.includes('text/plain')
          ? Object.fromEntries(new URLSearchParams(answer.body))
          : (JSON.parse(answer.body) as Record<string, unknown>);
    } catch {
      throw fail('failed to refresh the id-token: the token endpoint answered something that is not JSON');
    }
    const idToken = fields?.['id_token'];
    if (typeof idToken !== 'string' || idToken === '') {
      throw fail('the token response did not contain an id_token: either the scope "openid" was not requested at login, or the provider does not return id_tokens when refreshing');
    }
    const next: Record<string, string> = { ...this.#cfg, 'id-token': idToken };
    const newRt = fields['refresh_token'];
    if (typeof newRt === 'string' && newRt !== '' && newRt !== rt) next['refresh-token'] = newRt;
    if (this.#opts.persistTo) {
      try {
        // Loaded on the first refresh: it needs the YAML parser.
        const { persistAuthProviderConfig } = await import('../config/kubeconfig-persist.js');
        await persistAuthProviderConfig(this.#opts.persistTo.file, this.#opts.persistTo.user, next);
      } catch (err) {
        const reason = err instanceof ConfigError ? err.message : ((err as { code?: string } | null)?.code ?? 'unknown error');
        throw fail(`could not persist the new tokens to ${this.#opts.persistTo.file}: ${reason}`);
      }
    }
    this.#cfg = next;
    return idToken;
  }

  async #tokenEndpoint(): Promise<string> {
    const wellKnown = `${this.#issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const answer = await this.#send('GET', wellKnown, { accept: 'application/json' });
    if (answer.status !== 200) throw fail(`failed to query the IdP's discovery document ${wellKnown}: HTTP ${answer.status}`);
    let tokenUrl: unknown;
    try {
      tokenUrl = (JSON.parse(answer.body) as { token_endpoint?: unknown } | null)?.token_endpoint;
    } catch {
      throw fail(`the IdP's discovery document ${wellKnown} is not JSON`);
    }
    if (typeof tokenUrl !== 'string' || tokenUrl === '') throw fail(`the IdP's discovery document ${wellKnown} has no token_endpoint`);
    return tokenUrl;
  }

  #caPem(): Promise<string | undefined> {
    this.#ca ??= (async () => {
      const data = this.#cfg['idp-certificate-authority-data'];
      if (data) return Buffer.from(data, 'base64').toString('utf8');
      const file = this.#cfg['idp-certificate-authority'];
      if (!file) return undefined;
      try {
        return await readFile(file, 'utf8');
      } catch (err) {
        throw fail(`idp-certificate-authority file ${file} cannot be read (${(err as { code?: string }).code ?? 'unknown error'})`);
      }
    })();
    return this.#ca;
  }

  async #send(method: 'GET' | 'POST', target: string, headers: Record<string, string>, body?: string): Promise<IdpAnswer> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw fail('the IdP URL is not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail(`the IdP URL must use https or http, not ${url.protocol}`);
    const ca = url.protocol === 'https:' ? await this.#caPem() : undefined;
    const timeoutMs = this.#opts.timeoutMs ?? 30_000;
    const where = url.origin;
    const proxy = proxyForUrl(url, this.#proxyEnv);
    const via = proxy === undefined ? '' : ` through the proxy ${proxyOrigin(proxy)}`;
    const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise<IdpAnswer>((resolve, reject) => {
      const req = openIdpRequest(
        url,
        proxy,
        { method, headers: sized, timeout: timeoutMs, ...(ca ? { ca } : {}) },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_IDP_ANSWER_BYTES) {
              req.destroy();
              reject(fail(`the IdP at ${where} answered more than ${MAX_IDP_ANSWER_BYTES} bytes`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? '').toLowerCase(), body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', () => reject(fail(`the connection to the IdP at ${where} failed`)));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        reject(fail(`the IdP at ${where} did not answer within ${timeoutMs} ms`));
      });
      req.on('error', (err: Error & { code?: string }) =>
        reject(fail(`cannot reach the IdP at ${where}${via}: ${err.name === 'ProxyTunnelError' ? err.message : (err.code ?? 'connection failed')}`)),
      );
      req.end(body);
    });
  }
}

type Respond = (res: IncomingMessage) => void;

/**
 * Starts a request to the IdP: direct, or through `proxy` (an `https://` IdP over a `CONNECT`
 * tunnel with TLS to the IdP inside it; an `http://` one as an absolute-form request to the proxy).
 */
function openIdpRequest(url: URL, proxy: string | undefined, options: RequestOptions & { ca?: string }, respond: Respond): ClientRequest {
  if (proxy === undefined) return (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, respond);
  if (url.protocol === 'https:') {
    const host = socketHost(url);
    const port = Number(url.port || 443);
    const createConnection = (_: unknown, done: (err: Error | null, socket?: Socket) => void): undefined => {
      openProxyTunnel(proxy, host, port, options.timeout ?? 30_000).then(
        (tunnel) => done(null, tlsConnect({ socket: tunnel, host, ...(isIP(host) === 0 ? { servername: host } : {}), ...(options.ca ? { ca: options.ca } : {}), ALPNProtocols: ['http/1.1'] })),
        (err: Error) => done(err),
      );
      return undefined;
    };
    return httpsRequest(url, { ...options, createConnection } as RequestOptions, respond);
  }
  const p = new URL(proxy);
  const auth = proxyAuthorization(p);
  const send = p.protocol === 'https:' ? httpsRequest : httpRequest;
  const { ca: _idpCa, ...rest } = options;
  return send(
    {
      ...rest,
      protocol: p.protocol,
      hostname: socketHost(p),
      port: p.port || (p.protocol === 'https:' ? 443 : 80),
      path: url.href,
      headers: { ...options.headers, host: url.host, ...(auth ? { 'proxy-authorization': auth } : {}) },
    },
    respond,
  );
}
