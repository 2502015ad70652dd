/**
 * Configuration and HTTP transport: load a `RestConfig` (kubeconfig, in-cluster, or an existing
 * client-node KubeConfig) and create a `Transport` for it.
 * @packageDocumentation
 */
export type { AuthConfig, ExecConfig, ImpersonationConfig, RestConfig, TlsConfig } from './config.js';
export type { HttpMethod, RestRequest, RestResponse, RestStream, Transport } from './transport.js';
export * from './errors.js';
export {
  loadKubeconfig,
  kubeconfigPaths,
  restConfigFromKubeConfig,
  type LoadKubeconfigOptions,
  type KubeConfigLike,
  type KubeConfigLikeCluster,
  type KubeConfigLikeContext,
  type KubeConfigLikeUser,
} from './kubeconfig.js';
export { inClusterConfig, isInCluster, DEFAULT_SERVICE_ACCOUNT_PATHS, type ServiceAccountPaths } from './in-cluster.js';
export {
  ExecCredentialProvider,
  type ExecCredential,
  type ExecClusterInfo,
  type ExecCredentialProviderOptions,
} from './exec-credential.js';
export { TokenFileSource, type TokenFileSourceOptions } from './token-file.js';
export { OidcAuthProvider, type OidcAuthProviderOptions, type AuthProviderPersistTarget } from './oidc-auth-provider.js';
export { proxyEnvironment, proxyForUrl, useProxy, type ProxyEnvironment } from './proxy-from-environment.js';
export {
  createAuthenticator,
  type Authenticator,
  type AuthenticatorOptions,
  type AuthState,
  type ClientCertificate,
} from './auth.js';
export { createHttpTransport, DEFAULT_DEAD_CONNECTION_TIMEOUT_MS, DEFAULT_HTTP2, DEFAULT_MAX_RESPONSE_BYTES, type HttpTransportOptions } from './http-transport.js';
export { connectionHealth, type ConnectionHealth } from './dispatcher.js';
export { ClosingTransport } from './closing-transport.js';
export { DEFAULT_MAX_WATCH_EVENT_BYTES, decodeWatchStream, type WatchDecoderOptions } from './watch-decoder.js';
export { REDACTED, redactOnInspect, redactedRestConfig } from './redact-config.js';
export { checkTlsMaterial, type TlsMaterial } from './tls-material.js';
export { findCircularReference, serializeBody } from './serialize-body.js';
export { decodeResponse, type ResponseShape } from './decode-response.js';
export { defaultUserAgent, CLIENT_VERSION } from './user-agent.js';
export { composeTransport, type ComposeTransportOptions } from './compose-transport.js';
export { createRateLimiter, unlimitedRateLimiter, DEFAULT_QPS, DEFAULT_BURST, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export { TokenBucket } from './token-bucket.js';
export { DEFAULT_RETRY_OPTIONS, decideRetry, type RetryOptions } from './retry-policy.js';
export { RetryingTransport } from './retrying-transport.js';
export { RateLimitedTransport } from './rate-limited-transport.js';
export { ObservedTransport, type TransportHooks, type TransportRequestInfo, type TransportRequestEndInfo, type TransportRetryInfo, type TransportThrottleInfo } from './observability.js';
export { retryAttemptsOf, type RetryAttempt } from './retry-attempts.js';
export { RetryExhaustedError } from './retry-exhausted-error.js';
export { defaultLogger, silentLogger, type Logger } from './logger.js';
export { deduplicateWarnings, loggerWarningHandler, type ServerWarning, type WarningHandler } from './warning-handler.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
