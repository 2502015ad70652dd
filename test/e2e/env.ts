/**
 * Typed access, from e2e test files, to the envtest that `global-setup.ts` started for the run
 * (vitest `provide` / `inject`).
 */
import { inject } from 'vitest';
import type { RestConfig } from '../../src/rest/config/config.js';

/** What the global setup shares about the running envtest (plain data, structured-cloneable). */
export interface EnvtestInfo {
  /** Admin kubeconfig (cluster/context `envtest`, user `envtest-admin`). */
  kubeconfigPath: string;
  /** API server base URL, e.g. `https://127.0.0.1:41234`. */
  server: string;
  /** CA certificate PEM. */
  caPem: string;
  /** Admin client certificate PEM (`envtest-admin`, group `system:masters`). */
  clientCertPem: string;
  /** Admin client key PEM. */
  clientKeyPem: string;
  /** etcd client URL. */
  etcdUrl: string;
  /** Directory holding the `etcd` and `kube-apiserver` binaries in use (to start more envtests). */
  assetsDir: string;
  /** The envtest's temporary directory. */
  tempDir: string;
  /** Start timings of the shared envtest, in ms. */
  timings: { certificatesMs: number; etcdReadyMs: number; apiServerReadyMs: number; totalMs: number };
}

declare module 'vitest' {
  export interface ProvidedContext {
    envtest: EnvtestInfo;
  }
}

/** The shared envtest; throws when the file is not run by the `e2e` project (no global setup). */
export function envtestInfo(): EnvtestInfo {
  const info = inject('envtest');
  if (!info) throw new Error('no envtest was provided: run this file through the vitest "e2e" project, whose globalSetup starts one');
  return info;
}

/** An admin `RestConfig` for the shared envtest. */
export function envtestRestConfig(): RestConfig {
  const info = envtestInfo();
  return { server: info.server, tls: { ca: info.caPem, cert: info.clientCertPem, key: info.clientKeyPem }, auth: {}, contextName: 'envtest', namespace: 'default' };
}
