/**
 * Runs the kube-apiserver of an envtest on loopback, serving TLS with the envtest CA's
 * certificate, authenticating client certificates of that CA (and optionally static tokens),
 * authorizing with RBAC, and storing into the envtest's etcd.
 * @packageDocumentation
 */
import { mergeFlags, renderFlags, type FlagValue, type Flags } from './flags.js';
import { probe, type ProbeTls } from './health-probe.js';
import { ManagedProcess } from './managed-process.js';
import { waitUntilReady } from './wait-ready.js';

/** Files the API server reads. */
export interface KubeApiServerFiles {
  /** Directory for `--cert-dir` (unused while the TLS files are given, but must exist). */
  certDir: string;
  servingCert: string;
  servingKey: string;
  /** CA bundle client certificates are verified against. */
  clientCa: string;
  /** Public key service account tokens are verified with. */
  serviceAccountKey: string;
  /** Private key service account tokens are signed with. */
  serviceAccountSigningKey: string;
  /** Static token CSV (`--token-auth-file`), when there are token users. */
  tokenAuthFile?: string;
}

/** Where and how to run kube-apiserver. */
export interface KubeApiServerConfig {
  /** Path of the kube-apiserver binary. */
  binary: string;
  etcdUrl: string;
  /** Secure (HTTPS) port on 127.0.0.1. */
  securePort: number;
  files: KubeApiServerFiles;
  /** Caller's flags, merged over the defaults (`null` removes a default). */
  flags?: Flags;
  /** Full output goes here when set. */
  logFile?: string;
  /** Lines of output kept in memory for error messages (50 by default). */
  tailLines?: number;
  /** How long to wait for `/readyz` (ms). */
  startTimeoutMs: number;
  /** CA and admin client certificate used for the `/readyz` check. */
  probeTls: ProbeTls;
}

/** A running, ready kube-apiserver. */
export interface RunningKubeApiServer {
  process: ManagedProcess;
  /** Base URL, e.g. `https://127.0.0.1:6443`. */
  url: string;
  /** Milliseconds from spawn to `/readyz` answering `ok`. */
  readyMs: number;
}

/** The service account issuer envtest configures. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc';

/** The base URL of the API server for a config. */
export function kubeApiServerUrl(config: Pick<KubeApiServerConfig, 'securePort'>): string {
  return `https://127.0.0.1:${config.securePort}`;
}

/** The flags envtest starts kube-apiserver with before the caller's overrides. */
export function kubeApiServerDefaultFlags(config: Pick<KubeApiServerConfig, 'etcdUrl' | 'securePort' | 'files'>): Record<string, FlagValue> {
  const { files } = config;
  return {
    'etcd-servers': config.etcdUrl,
    'cert-dir': files.certDir,
    'tls-cert-file': files.servingCert,
    'tls-private-key-file': files.servingKey,
    'client-ca-file': files.clientCa,
    'secure-port': String(config.securePort),
    'bind-address': '127.0.0.1',
    'advertise-address': '127.0.0.1',
    // Since Kubernetes 1.37 the lease and master-count reconcilers refuse a loopback advertise
    // address (it cannot be stored in the `kubernetes` Endpoints); nothing in envtest needs them.
    'endpoint-reconciler-type': 'none',
    'authorization-mode': 'RBAC',
    'service-cluster-ip-range': '10.0.0.0/24',
    'service-account-issuer': SERVICE_ACCOUNT_ISSUER,
    'service-account-key-file': files.serviceAccountKey,
    'service-account-signing-key-file': files.serviceAccountSigningKey,
    'allow-privileged': 'true',
    // Like controller-runtime's envtest: no controller-manager creates service account tokens.
    'disable-admission-plugins': 'ServiceAccount',
    // On SIGTERM, end open watches (cleanly) rather than wait for them: without it the graceful
    // shutdown blocks on every open watch until envtest's SIGKILL after the stop grace period.
    'shutdown-watch-termination-grace-period': '2s',
    ...(files.tokenAuthFile ? { 'token-auth-file': files.tokenAuthFile } : {}),
  };
}

/** The complete kube-apiserver argument list for a config. */
export function kubeApiServerArgs(config: KubeApiServerConfig): string[] {
  return renderFlags(mergeFlags(kubeApiServerDefaultFlags(config), config.flags));
}

/** Starts kube-apiserver and waits until `/readyz` answers `ok`; kills it again if that fails. */
export async function startKubeApiServer(config: KubeApiServerConfig): Promise<RunningKubeApiServer> {
  const url = kubeApiServerUrl(config);
  const proc = ManagedProcess.start({
    name: 'kube-apiserver',
    command: config.binary,
    args: kubeApiServerArgs(config),
    ...(config.logFile ? { logFile: config.logFile } : {}),
    ...(config.tailLines ? { tailLines: config.tailLines } : {}),
  });
  try {
    const readyMs = await waitUntilReady({
      component: 'kube-apiserver',
      process: proc,
      timeoutMs: config.startTimeoutMs,
      intervalMs: 200,
      check: async () => {
        const res = await probe(`${url}/readyz`, { tls: config.probeTls, timeoutMs: 5_000 });
        if (res.status === 200) return true;
        // Name the checks still failing rather than echoing the whole verbose report.
        const failing = res.body.split('\n').filter((l) => l.includes('[-]')).slice(0, 5).join(', ');
        return `HTTP ${res.status}${failing ? `: ${failing}` : ''}`;
      },
    });
    return { process: proc, url, readyMs };
  } catch (err) {
    await proc.stop(5_000);
    throw err;
  }
}
