/**
 * In-cluster configuration from the pod's service account (client-go `rest.InClusterConfig`):
 * the API server from `KUBERNETES_SERVICE_HOST` / `KUBERNETES_SERVICE_PORT`, the cluster CA and a
 * token file that is re-read so that projected, rotating tokens keep working.
 * @packageDocumentation
 */
import { readFile, stat } from 'node:fs/promises';
import { isIPv6 } from 'node:net';
import type { RestConfig, TlsConfig } from './config.js';
import { ConfigError } from '../errors.js';
import { redactOnInspect } from './redact-config.js';

/** Where the service account files are mounted. */
export interface ServiceAccountPaths {
  tokenFile: string;
  caFile: string;
  namespaceFile: string;
}

/** The standard mount paths under `/var/run/secrets/kubernetes.io/serviceaccount/`. */
export const DEFAULT_SERVICE_ACCOUNT_PATHS: Readonly<ServiceAccountPaths> = Object.freeze({
  tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
  caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
  namespaceFile: '/var/run/secrets/kubernetes.io/serviceaccount/namespace',
});

function pathsOf(paths?: Partial<ServiceAccountPaths>): ServiceAccountPaths {
  return { ...DEFAULT_SERVICE_ACCOUNT_PATHS, ...paths };
}

/**
 * Whether in-cluster configuration is possible: the service host and port are set and the token
 * file exists (client-go `inClusterClientConfig.Possible`).
 * @param env - environment to read; `process.env` by default
 * @param paths - service account file locations (overridable for tests)
 * @returns true when running in a pod with a service account
 */
export async function isInCluster(env: NodeJS.ProcessEnv = process.env, paths?: Partial<ServiceAccountPaths>): Promise<boolean> {
  if (!env['KUBERNETES_SERVICE_HOST'] || !env['KUBERNETES_SERVICE_PORT']) return false;
  try {
    return (await stat(pathsOf(paths).tokenFile)).isFile();
  } catch {
    return false;
  }
}

/**
 * Builds the in-cluster configuration. The token is not copied into the config: its file is
 * re-read by the authenticator. A missing CA file falls back to the system roots, as in client-go.
 * The namespace is `POD_NAMESPACE`, else the service account's namespace file, else `default`.
 * @param env - environment to read; `process.env` by default
 * @param paths - service account file locations (overridable for tests)
 * @returns the configuration
 * @throws ConfigError when not running in a cluster or the token file is unreadable
 */
export async function inClusterConfig(env: NodeJS.ProcessEnv = process.env, paths?: Partial<ServiceAccountPaths>): Promise<RestConfig> {
  const p = pathsOf(paths);
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port) {
    throw new ConfigError('unable to load in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined');
  }
  try {
    const s = await stat(p.tokenFile);
    if (!s.isFile()) throw new ConfigError(`unable to load in-cluster configuration: service account token ${p.tokenFile} is not a file`);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError(`unable to load in-cluster configuration: service account token ${p.tokenFile} cannot be read (${code})`);
  }

  const tls: TlsConfig = {};
  try {
    tls.ca = await readFile(p.caFile, 'utf8');
  } catch {
    // client-go logs and continues with the system roots.
  }

  let namespace = env['POD_NAMESPACE'] || undefined;
  if (!namespace) {
    try {
      namespace = (await readFile(p.namespaceFile, 'utf8')).trim() || undefined;
    } catch {
      // no namespace file: default
    }
  }

  const hostPart = isIPv6(host) ? `[${host}]` : host;
  return redactOnInspect({
    server: `https://${hostPart}:${port}`,
    tls,
    auth: { tokenFile: p.tokenFile },
    namespace: namespace ?? 'default',
  });
}
