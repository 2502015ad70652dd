/**
 * Options of `startEnvtest`, and of stopping its API servers.
 * @packageDocumentation
 */
import type { Flags } from './flags.js';
import type { TokenUser } from './token-auth-file.js';

/** How to start an envtest. Every field is optional. */
export interface EnvtestOptions {
  /**
   * Directory holding `etcd` and `kube-apiserver`. When absent, `KUBEBUILDER_ASSETS` and then
   * `KOORD_ENVTEST_ASSETS` are consulted.
   */
  binaryAssetsDir?: string;
  /**
   * Extra kube-apiserver flags, merged over envtest's defaults (names with or without `--`; a
   * list repeats the flag; `null` removes a default), e.g.
   * `{ 'max-requests-inflight': '1', 'enable-priority-and-fairness': 'false' }`.
   * Ports, addresses and certificate files are envtest's: overriding `secure-port`,
   * `bind-address` or `etcd-servers` is not supported.
   */
  apiServerFlags?: Flags;
  /** Extra etcd flags, merged over envtest's defaults like `apiServerFlags`. */
  etcdFlags?: Flags;
  /**
   * Users authenticated by static bearer tokens: envtest writes them to a `--token-auth-file`.
   * Cannot be combined with a `token-auth-file` in `apiServerFlags`.
   */
  tokenUsers?: readonly TokenUser[];
  /** How long each server may take to become ready, in ms (120 000 by default). */
  startTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL when stopping a server, in ms (10 000 by default). */
  stopTimeoutMs?: number;
  /** Parent of the temporary directory (the OS temp directory by default). */
  tempDirParent?: string;
  /** Keeps the temporary directory (data, certificates, logs) after `stop()`, for debugging. */
  keepTempDir?: boolean;
  /** Lines of each server's output kept in memory for error messages (50 by default). */
  outputTailLines?: number;
  /** Environment used to resolve the binaries (`process.env` by default). */
  env?: NodeJS.ProcessEnv;
}

/** How to stop a kube-apiserver of an envtest. */
export interface StopApiServerOptions {
  /**
   * Kill it at once with SIGKILL, as a crash would: no graceful shutdown, open connections
   * (watches included) are reset. By default it gets SIGTERM and shuts down gracefully (SIGKILL
   * only after the grace period).
   */
  kill?: boolean;
}
