/**
 * The authenticator: per-request credentials from a `RestConfig` (bearer token, token file, basic
 * auth, exec plugin, legacy auth-provider), and their refresh after a 401.
 *
 * Precedence, as in client-go: a static token or token file, else an exec plugin, else basic
 * auth, else an auth-provider (`oidc` natively, others through `@kubernetes/client-node`). Client certificates from the kubeconfig live in `RestConfig.tls`;
 * an exec plugin may also issue one, returned by `authorize()` for the transport to present on
 * new connections.
 * @packageDocumentation
 */
import { AuthProviderCredentials } from './auth-provider.js';
import type { RestConfig } from '../config/config.js';
import { ExecCredentialProvider, type ExecCredential, type ExecCredentialProviderOptions } from './exec-credential.js';
import { OidcAuthProvider } from './oidc-auth-provider.js';
import { TokenFileSource } from './token-file.js';

/** A client certificate and key (PEM). */
export interface ClientCertificate {
  cert: string;
  key: string;
}

/** The credentials for one request. Pass it back to `onUnauthorized` if the request got a 401. */
export interface AuthState {
  /** Headers to add (lower-case names), e.g. `authorization`. */
  readonly headers: Readonly<Record<string, string>>;
  /** A client certificate issued by an exec plugin, when it issued one. */
  readonly clientCertificate?: ClientCertificate;
}

/** Supplies per-request credentials and refreshes them after a 401. */
export interface Authenticator {
  /** True when `onUnauthorized` can obtain different credentials (token file, exec plugin). */
  readonly refreshable: boolean;
  /**
   * The credentials for the next request.
   * @param opts - `signal`: the call gave up waiting; work started only for it (an exec plugin
   *   nobody else waits for) is stopped
   */
  authorize(opts?: { signal?: AbortSignal }): Promise<AuthState>;
  /** Just the headers of `authorize()`. */
  headers(): Promise<Record<string, string>>;
  /**
   * Refreshes credentials after a 401.
   * @param used - the credentials the rejected request carried; when given, concurrent 401s for
   *   the same credentials cause one refresh, and the result compares against them
   * @returns true when the credentials changed, so that one retry is worthwhile
   */
  onUnauthorized(used?: AuthState): Promise<boolean>;
  /** Stops whatever is still running (exec plugins); called when the transport closes. */
  close?(): void;
}

/** Options of {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  /** Re-read a token file at most this often. Default 60000 ms. */
  tokenFileRefreshMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Options of the exec plugin runner (environment, timeout, expiry margin). */
  exec?: Omit<ExecCredentialProviderOptions, 'cluster' | 'now'>;
}

const NONE: AuthState = Object.freeze({ headers: Object.freeze({}) });

function bearer(token: string): AuthState {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** What each state was built from, to tell on a 401 whether credentials have changed since. */
const origins = new WeakMap<AuthState, ExecCredential | string>();

/**
 * Builds the authenticator for a RestConfig.
 * @param config - the configuration (auth, plus server and TLS for exec cluster info)
 * @param opts - refresh periods, clock, exec runner options
 * @returns the authenticator
 */
export function createAuthenticator(config: RestConfig, opts: AuthenticatorOptions = {}): Authenticator {
  const auth = config.auth;
  const now = opts.now;

  if (auth.tokenFile) {
    const source = new TokenFileSource(auth.tokenFile, { refreshMs: opts.tokenFileRefreshMs, now });
    const fallback = auth.token;
    const authorize = async (): Promise<AuthState> => {
      let token: string;
      try {
        token = await source.token();
      } catch (err) {
        // client-go: a static token, when also given, is used until the file becomes readable.
        if (fallback === undefined) throw err;
        token = fallback;
      }
      const state = bearer(token);
      origins.set(state, token);
      return state;
    };
    return {
      refreshable: true,
      authorize,
      headers: async () => ({ ...(await authorize()).headers }),
      async onUnauthorized(used) {
        let before = used ? origins.get(used) : undefined;
        if (!used) before = await authorize().then((s) => origins.get(s), () => undefined);
        source.invalidate();
        const fresh = await authorize();
        return origins.get(fresh) !== before;
      },
    };
  }

  if (auth.token !== undefined) {
    const state = bearer(auth.token);
    return staticAuthenticator(state);
  }

  if (auth.exec) {
    const provider = new ExecCredentialProvider(auth.exec, {
      ...opts.exec,
      now,
      cluster: {
        server: config.server,
        tlsServerName: config.tls.serverName,
        insecureSkipTlsVerify: config.tls.insecureSkipVerify,
        certificateAuthorityData: config.tls.ca,
        proxyUrl: config.proxyUrl,
        disableCompression: config.disableCompression,
      },
    });
    const authorize = async (o?: { signal?: AbortSignal }): Promise<AuthState> => {
      const cred = await provider.get(o?.signal);
      const headers: Record<string, string> = cred.token !== undefined ? { authorization: `Bearer ${cred.token}` } : {};
      const state: AuthState =
        cred.clientCertificateData !== undefined && cred.clientKeyData !== undefined
          ? { headers, clientCertificate: { cert: cred.clientCertificateData, key: cred.clientKeyData } }
          : { headers };
      origins.set(state, cred);
      return state;
    };
    return {
      refreshable: true,
      authorize,
      close: () => provider.close(),
      headers: async () => ({ ...(await authorize()).headers }),
      async onUnauthorized(used) {
        const usedCred = used ? origins.get(used) : undefined;
        if (typeof usedCred === 'object') provider.invalidate(usedCred);
        else provider.invalidate();
        const fresh = await authorize();
        const freshCred = origins.get(fresh) as ExecCredential;
        if (typeof usedCred !== 'object') return true;
        return (
          freshCred.token !== usedCred.token ||
          freshCred.clientCertificateData !== usedCred.clientCertificateData ||
          freshCred.clientKeyData !== usedCred.clientKeyData
        );
      },
    };
  }

  if (auth.username !== undefined || auth.password !== undefined) {
    const basic = Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`, 'utf8').toString('base64');
    return staticAuthenticator({ headers: { authorization: `Basic ${basic}` } });
  }

  if (auth.authProvider?.name === 'oidc') {
    const oidc = new OidcAuthProvider(auth.authProvider.config ?? {}, {
      ...(auth.authProvider.persistTo ? { persistTo: auth.authProvider.persistTo } : {}),
      ...(now ? { now } : {}),
    });
    const authorize = async (o?: { signal?: AbortSignal }): Promise<AuthState> => bearer(await oidc.idToken(o?.signal));
    return {
      // client-go's oidc provider does not refresh after a 401 either: only an expiring id-token is refreshed.
      refreshable: false,
      authorize,
      headers: async () => ({ ...(await authorize()).headers }),
      onUnauthorized: async () => false,
    };
  }

  if (auth.authProvider) {
    const provider = new AuthProviderCredentials(auth.authProvider, config.server);
    const authorize = async (): Promise<AuthState> => ({ headers: await provider.headers() });
    return {
      refreshable: false,
      authorize,
      headers: async () => ({ ...(await authorize()).headers }),
      onUnauthorized: async () => false,
    };
  }

  return staticAuthenticator(NONE);
}

function staticAuthenticator(state: AuthState): Authenticator {
  return {
    refreshable: false,
    authorize: () => Promise.resolve(state),
    headers: () => Promise.resolve({ ...state.headers }),
    onUnauthorized: () => Promise.resolve(false),
  };
}
