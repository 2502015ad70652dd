/**
 * Merging the files of a `KUBECONFIG` path list the way kubectl does
 * (client-go `ClientConfigLoadingRules.Load`): for each named cluster, user and context the first
 * file that defines the name wins, and `current-context` comes from the first file that sets it.
 * @packageDocumentation
 */
import type { KubeconfigEntry, KubeconfigFile } from './kubeconfig-file.js';

/** The merged view of several kubeconfig files. */
export interface MergedKubeconfig {
  /** The files that were merged, in precedence order (absolute paths). */
  files: string[];
  currentContext?: string;
  /** File that set `current-context`. */
  currentContextFile?: string;
  clusters: Map<string, KubeconfigEntry>;
  users: Map<string, KubeconfigEntry>;
  contexts: Map<string, KubeconfigEntry>;
}

function mergeInto(target: Map<string, KubeconfigEntry>, source: Map<string, KubeconfigEntry>): void {
  for (const [name, entry] of source) if (!target.has(name)) target.set(name, entry);
}

/**
 * Merges kubeconfig files, the first having the highest precedence.
 * @param files - parsed files in precedence order
 * @returns the merged configuration
 */
export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
  const merged: MergedKubeconfig = { files: files.map((f) => f.path), clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const f of files) {
    if (merged.currentContext === undefined && f.currentContext !== undefined) {
      merged.currentContext = f.currentContext;
      merged.currentContextFile = f.path;
    }
    mergeInto(merged.clusters, f.clusters);
    mergeInto(merged.users, f.users);
    mergeInto(merged.contexts, f.contexts);
  }
  return merged;
}
