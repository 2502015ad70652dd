/**
 * Configuration and HTTP transport: load a `RestConfig` (kubeconfig, in-cluster, or an existing
 * client-node KubeConfig) and create a `Transport` for it.
 * @packageDocumentation
 */
export type { AuthConfig, ExecConfig, ImpersonationConfig, RestConfig, TlsConfig } from './config.js';
export type { HttpMethod, RestRequest, RestResponse, RestStream, Transport } from './transport.js';
export * from './errors.js';
export { loadKubeconfig, kubeconfigPaths, restConfigFromKubeConfig, type LoadKubeconfigOptions } from './kubeconfig.js';
export { inClusterConfig, isInCluster, DEFAULT_SERVICE_ACCOUNT_PATHS, type ServiceAccountPaths } from './in-cluster.js';
export {
  ExecCredentialProvider,
  type ExecCredential,
  type ExecClusterInfo,
  type ExecCredentialProviderOptions,
} from './exec-credential.js';
export { TokenFileSource, type TokenFileSourceOptions } from './token-file.js';
export {
  createAuthenticator,
  type Authenticator,
  type AuthenticatorOptions,
  type AuthState,
  type ClientCertificate,
} from './auth.js';
export { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
export { defaultUserAgent, CLIENT_VERSION } from './user-agent.js';
