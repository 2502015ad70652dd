/**
 * `RestConfig`: everything needed to talk to one API server, resolved from a kubeconfig, the
 * in-cluster service account, or given directly (client-go `rest.Config`).
 * @packageDocumentation
 */

/** An exec credential plugin as declared in a kubeconfig `user.exec`. */
export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  /** Directory relative commands are resolved against (the kubeconfig file's directory). */
  baseDir?: string;
}

/** TLS settings of the connection to the API server. */
export interface TlsConfig {
  /** PEM CA bundle to verify the server with; the system roots when absent. */
  ca?: string;
  /** PEM client certificate. */
  cert?: string;
  /** PEM client key. */
  key?: string;
  /** Skips server certificate verification (only when the kubeconfig says so). */
  insecureSkipVerify?: boolean;
  /** Overrides the name the server certificate is checked against. */
  serverName?: string;
}

/** Credentials; at most one of token / tokenFile / basic / exec / authProvider is normally set. */
export interface AuthConfig {
  token?: string;
  /** A file holding the bearer token, re-read periodically so that rotated tokens are picked up. */
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  /**
   * A legacy auth-provider: `oidc` is handled here (id-token refresh through the IdP, refreshed
   * tokens written back to `persistTo`); others (gcp, azure, ...) by `@kubernetes/client-node`,
   * loaded lazily.
   */
  authProvider?: {
    name: string;
    config?: Record<string, string>;
    /** The kubeconfig file and user entry the provider came from, where refreshed tokens are persisted. */
    persistTo?: { file: string; user: string };
  };
}

/** Impersonation headers (`Impersonate-User`, `Impersonate-Group`, ...). */
export interface ImpersonationConfig {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** Everything needed to talk to one API server. */
export interface RestConfig {
  /** Base URL, e.g. `https://127.0.0.1:6443`. */
  server: string;
  tls: TlsConfig;
  auth: AuthConfig;
  impersonate?: ImpersonationConfig;
  /**
   * HTTP(S) or SOCKS5 proxy URL from the kubeconfig cluster entry (`proxy-url`). When absent,
   * `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` from the environment apply, as in client-go (see
   * `proxyFromEnvironment`).
   */
  proxyUrl?: string;
  /**
   * Do not ask for gzip-compressed answers (client-go `rest.Config.DisableCompression`; a
   * kubeconfig cluster's `disable-compression: true` sets it). By
   * default requests carry `Accept-Encoding: gzip`, and kube-apiserver compresses answers larger
   * than 128 KiB (lists, mostly); on a fast local network compression can cost more CPU than it saves.
   */
  disableCompression?: boolean;
  /** User-Agent header; a default naming this library is used when absent. */
  userAgent?: string;
  /** Default namespace of the selected context (`default` when unset). */
  namespace?: string;
  /** Name of the kubeconfig context this came from, if any. */
  contextName?: string;
}
