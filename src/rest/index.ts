/**
 * Configuration and HTTP transport: load a `RestConfig` (kubeconfig, in-cluster, or an existing
 * client-node KubeConfig) and create a `Transport` for it. The rooms:
 * - `config/`: the `RestConfig` and where it comes from (kubeconfig files, merging, contexts,
 *   in-cluster, an adopted client-node KubeConfig), TLS material, redaction;
 * - `auth/`: per-request credentials (tokens, token files, exec plugins, auth-providers and OIDC
 *   refresh, impersonation);
 * - `transport/`: sending a request over undici (dispatcher, proxies, exchanges, the composed
 *   stack, call scopes and deadlines, user agent, logging, observation, warnings);
 * - `flow-control/`: client-side rate limiting and retries;
 * - `wire/`: what goes over the wire (request building, body serialization, response and watch
 *   decoding);
 * - `errors.ts`: the error types every layer throws.
 * @packageDocumentation
 */
export type { AuthConfig, ExecConfig, ImpersonationConfig, RestConfig, TlsConfig } from './config/config.js';
export type { HttpMethod, RestRequest, RestResponse, RestStream, Transport } from './transport/transport.js';
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
} from './config/kubeconfig.js';
export { inClusterConfig, isInCluster, DEFAULT_SERVICE_ACCOUNT_PATHS, type ServiceAccountPaths } from './config/in-cluster.js';
export {
  ExecCredentialProvider,
  type ExecCredential,
  type ExecClusterInfo,
  type ExecCredentialProviderOptions,
} from './auth/exec-credential.js';
export { TokenFileSource, type TokenFileSourceOptions } from './auth/token-file.js';
export { OidcAuthProvider, type OidcAuthProviderOptions, type AuthProviderPersistTarget } from './auth/oidc-auth-provider.js';
export { proxyEnvironment, proxyForUrl, useProxy, type ProxyEnvironment } from './transport/proxy-from-environment.js';
export {
  createAuthenticator,
  type Authenticator,
  type AuthenticatorOptions,
  type AuthState,
  type ClientCertificate,
} from './auth/auth.js';
export {
  createHttpTransport,
  DEFAULT_DEAD_CONNECTION_TIMEOUT_MS,
  DEFAULT_HTTP2,
  DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES,
  DEFAULT_HTTP2_STREAM_WINDOW_BYTES,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpTransportOptions,
} from './transport/http-transport.js';
export { connectionHealth, type ConnectionHealth } from './transport/dispatcher.js';
export { ClosingTransport } from './transport/closing-transport.js';
export { DEFAULT_MAX_WATCH_EVENT_BYTES, decodeWatchBatches, decodeWatchStream, type WatchDecoderOptions } from './wire/watch-decoder.js';
export { REDACTED, redactOnInspect, redactedRestConfig } from './config/redact-config.js';
export { checkTlsMaterial, type TlsMaterial } from './config/tls-material.js';
export { findCircularReference, serializeBody } from './wire/serialize-body.js';
export { decodeResponse, type ResponseShape } from './wire/decode-response.js';
export { defaultUserAgent, CLIENT_VERSION } from './transport/user-agent.js';
export { composeTransport, type ComposeTransportOptions } from './transport/compose-transport.js';
export { createRateLimiter, unlimitedRateLimiter, DEFAULT_QPS, DEFAULT_BURST, type RateLimiter, type RateLimiterOptions } from './flow-control/rate-limiter.js';
export { TokenBucket } from './flow-control/token-bucket.js';
export { DEFAULT_RETRY_OPTIONS, decideRetry, type RetryOptions } from './flow-control/retry-policy.js';
export { RetryingTransport } from './flow-control/retrying-transport.js';
export { RateLimitedTransport } from './flow-control/rate-limited-transport.js';
export { ObservedTransport, type TransportHooks, type TransportRequestInfo, type TransportRequestEndInfo, type TransportRetryInfo, type TransportThrottleInfo } from './transport/observability.js';
export { retryAttemptsOf, type RetryAttempt } from './flow-control/retry-attempts.js';
export { RetryExhaustedError } from './flow-control/retry-exhausted-error.js';
export { defaultLogger, silentLogger, type Logger } from './transport/logger.js';
export { deduplicateWarnings, loggerWarningHandler, type ServerWarning, type WarningHandler } from './transport/warning-handler.js';
export { systemClock, ManualClock, type Clock } from './transport/clock.js';
