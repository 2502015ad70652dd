/**
 * Locates the `etcd` and `kube-apiserver` binaries envtest runs: an explicit directory, else
 * `KUBEBUILDER_ASSETS` (as controller-runtime's envtest and setup-envtest use), else
 * `KOORD_ENVTEST_ASSETS`.
 * @packageDocumentation
 */
import { accessSync, constants, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvtestError } from './errors.js';

/** Paths of the two server binaries and where they were found. */
export interface EnvtestBinaries {
  /** The directory both binaries are in. */
  assetsDir: string;
  etcd: string;
  kubeApiServer: string;
  /** Where the directory came from: the option, or the environment variable's name. */
  source: 'binaryAssetsDir' | 'KUBEBUILDER_ASSETS' | 'KOORD_ENVTEST_ASSETS';
}

/** Environment variables consulted, in order, when no directory is given. */
export const ASSETS_ENV_VARS = ['KUBEBUILDER_ASSETS', 'KOORD_ENVTEST_ASSETS'] as const;

const HOW_TO_GET_BINARIES =
  'Point KUBEBUILDER_ASSETS (or KOORD_ENVTEST_ASSETS, or the binaryAssetsDir option) at a directory holding ' +
  'executable `etcd` and `kube-apiserver` binaries, e.g. one installed by controller-runtime\'s setup-envtest ' +
  '(`setup-envtest use -p path`), or build them from source with this repository\'s `tools/build-servers.sh`, ' +
  'which prints such a directory on its last line.';

function problemsWith(dir: string): string[] {
  try {
    if (!statSync(dir).isDirectory()) return [`${dir} is not a directory`];
  } catch {
    return [`${dir} does not exist`];
  }
  const problems: string[] = [];
  for (const name of ['etcd', 'kube-apiserver']) {
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) {
        problems.push(`${path} is not a file`);
        continue;
      }
      accessSync(path, constants.X_OK);
    } catch (err) {
      problems.push((err as NodeJS.ErrnoException).code === 'ENOENT' ? `${path} is missing` : `${path} is not executable`);
    }
  }
  return problems;
}

function found(dir: string, source: EnvtestBinaries['source']): EnvtestBinaries {
  const assetsDir = resolve(dir);
  return { assetsDir, etcd: join(assetsDir, 'etcd'), kubeApiServer: join(assetsDir, 'kube-apiserver'), source };
}

/**
 * Resolves the binaries. An explicit `binaryAssetsDir` must hold both (no fallback); otherwise
 * the first environment variable whose directory holds both wins. Throws {@link EnvtestError}
 * saying what was tried and how to get the binaries.
 */
export function resolveBinaries(binaryAssetsDir?: string, env: NodeJS.ProcessEnv = process.env): EnvtestBinaries {
  if (binaryAssetsDir !== undefined && binaryAssetsDir !== '') {
    const problems = problemsWith(binaryAssetsDir);
    if (problems.length) throw new EnvtestError('binaries', `binaryAssetsDir cannot be used: ${problems.join('; ')}. ${HOW_TO_GET_BINARIES}`);
    return found(binaryAssetsDir, 'binaryAssetsDir');
  }
  const tried: string[] = [];
  for (const name of ASSETS_ENV_VARS) {
    const dir = env[name];
    if (!dir) {
      tried.push(`${name} is not set`);
      continue;
    }
    const problems = problemsWith(dir);
    if (!problems.length) return found(dir, name);
    tried.push(`${name}: ${problems.join('; ')}`);
  }
  throw new EnvtestError('binaries', `cannot find the etcd and kube-apiserver binaries (${tried.join('; ')}). ${HOW_TO_GET_BINARIES}`);
}
