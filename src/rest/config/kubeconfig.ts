/**
 * Loading a `RestConfig` the way kubectl finds its configuration (client-go
 * `clientcmd.NewDefaultClientConfigLoadingRules` + `DeferredLoadingClientConfig`): the given path
 * list, else `KUBECONFIG`, else `~/.kube/config`; files merged in order; falling back to the
 * in-cluster service account when no context is configured.
 *
 * Lean by design: it does not load `@kubernetes/client-node`, and loads `yaml` only for YAML files.
 * @packageDocumentation
 */
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { RestConfig } from './config.js';
import { ConfigError } from '../errors.js';
import { inClusterConfig, isInCluster, type ServiceAccountPaths } from './in-cluster.js';
import { readKubeconfigFile, type KubeconfigFile } from './kubeconfig-file.js';
import { mergeKubeconfigs } from './kubeconfig-merge.js';
import { resolveKubeconfigContext } from './kubeconfig-resolve.js';

export {
  restConfigFromKubeConfig,
  type KubeConfigLike,
  type KubeConfigLikeCluster,
  type KubeConfigLikeContext,
  type KubeConfigLikeUser,
} from './client-node-config.js';

/** Options of {@link loadKubeconfig}. */
export interface LoadKubeconfigOptions {
  /**
   * A kubeconfig path, or a path list separated like `PATH` (`:` on Unix, `;` on Windows).
   * A single path must exist (like `kubectl --kubeconfig`); missing files in a list are skipped.
   * Defaults to `KUBECONFIG`, then `~/.kube/config`.
   */
  kubeconfig?: string;
  /** The context to use instead of `current-context`. */
  context?: string;
  /** Environment to read `KUBECONFIG`, `HOME` and the in-cluster variables from; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** Service account file locations for the in-cluster fallback (for tests). */
  serviceAccountPaths?: Partial<ServiceAccountPaths>;
}

function splitPathList(list: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of list.split(delimiter)) {
    if (!p) continue;
    const abs = resolve(p);
    if (seen.has(abs)) continue;
    seen.add(abs);
    out.push(abs);
  }
  return out;
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env['HOME'] || env['USERPROFILE'] || homedir();
}

/**
 * The kubeconfig files kubectl would consider, in precedence order.
 * @param opts - the explicit path (list) and the environment
 * @returns absolute paths, and whether a single explicit path was given (it must then exist)
 */
export function kubeconfigPaths(opts: Pick<LoadKubeconfigOptions, 'kubeconfig' | 'env'> = {}): { paths: string[]; explicit: boolean } {
  const env = opts.env ?? process.env;
  if (opts.kubeconfig) {
    const paths = splitPathList(opts.kubeconfig);
    return { paths, explicit: paths.length === 1 && !opts.kubeconfig.includes(delimiter) };
  }
  const fromEnv = env['KUBECONFIG'];
  if (fromEnv) return { paths: splitPathList(fromEnv), explicit: false };
  return { paths: [join(homeDir(env), '.kube', 'config')], explicit: false };
}

/**
 * Loads a RestConfig from kubeconfig files, or from the in-cluster service account when no
 * context is configured and the process runs in a pod.
 *
 * Merging follows kubectl: for each named cluster, user and context the first file defining it
 * wins; `current-context` comes from the first file that sets it; relative paths (CA, client
 * certificate and key, `tokenFile`, an exec command containing a slash) resolve against the file
 * that defined them.
 * @param opts - path list, context and environment
 * @returns the configuration of the selected context
 * @throws ConfigError naming the files and the entry when the configuration is missing or invalid
 */
export async function loadKubeconfig(opts: LoadKubeconfigOptions = {}): Promise<RestConfig> {
  const env = opts.env ?? process.env;
  const { paths, explicit } = kubeconfigPaths(opts);
  const files: KubeconfigFile[] = [];
  for (const p of paths) {
    const f = await readKubeconfigFile(p);
    if (f) files.push(f);
    else if (explicit) throw new ConfigError(`kubeconfig file ${p} does not exist`);
  }
  const merged = mergeKubeconfigs(files);
  if (opts.context === undefined && merged.currentContext === undefined && (await isInCluster(env, opts.serviceAccountPaths))) {
    return inClusterConfig(env, opts.serviceAccountPaths);
  }
  if (files.length === 0) {
    throw new ConfigError(
      `no kubeconfig found (looked for: ${paths.join(', ') || 'nothing'}) and not running in a cluster ` +
        '(KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT unset or no service account token)',
    );
  }
  return resolveKubeconfigContext(merged, opts.context);
}
