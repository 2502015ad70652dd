/**
 * `koordinator-client/envtest`: start a real kube-apiserver and etcd on 127.0.0.1 for tests, the
 * way controller-runtime's envtest does, with certificates generated in-process (no openssl).
 *
 * ```ts
 * import { startTestCluster } from 'koordinator-client/envtest';
 * await using cluster = await startTestCluster(); // CRDs installed, cluster.clientset connected
 * await cluster.clientset.schedulingV1alpha1.reservations().list();
 * ```
 *
 * Or step by step:
 * ```ts
 * import { startEnvtest } from 'koordinator-client/envtest';
 * const env = await startEnvtest(); // binaries from KUBEBUILDER_ASSETS or KOORD_ENVTEST_ASSETS
 * try {
 *   // env.restConfig, env.kubeconfigPath, env.server ...
 * } finally {
 *   await env.stop();
 * }
 * ```
 * @packageDocumentation
 */
export { startEnvtest, Envtest, type EnvtestTimings, type EnvtestPaths } from './envtest.js';
export type { EnvtestOptions, StopApiServerOptions } from './options.js';
export { SecondaryApiServer, type SecondaryApiServerOptions } from './secondary-api-server.js';
export { EnvtestError, type EnvtestComponent } from './errors.js';
export { resolveBinaries, ASSETS_ENV_VARS, type EnvtestBinaries } from './binaries.js';
export type { Flags, FlagValue } from './flags.js';
export type { TokenUser } from './token-auth-file.js';
export { CertificateAuthority, type CertificateKeyPair, type CertificateAuthorityOptions } from './certificate-authority.js';
export type { DistinguishedName } from './x509.js';
export { ADMIN_USER, SERVING_DNS_NAMES, SERVING_IP_ADDRESSES } from './certificates.js';
export { SERVICE_ACCOUNT_ISSUER } from './kube-apiserver.js';
export { startTestCluster, type TestCluster, type TestClusterOptions } from './test-cluster.js';
