/**
 * The shared envtest through a `GenericClientset` (built-in kinds and Koordinator kinds from one
 * transport), for the e2e tests of built-in kinds: CRDs installed once per file, throwaway
 * namespaces created through the typed core/v1 client.
 */
import { GenericClientset } from '../../../src/generated/generic-clientset.js';
import { envtestInfo } from '../env.js';
import { suffix, useCluster, type ClusterAccess } from './cluster.js';

/** A GenericClientset for the test server (callers close it), unthrottled enough for test setup. */
export function connectGeneric(opts: { validateWrites?: boolean; fieldManager?: string } = {}): Promise<GenericClientset> {
  return GenericClientset.create({ kubeconfig: envtestInfo().kubeconfigPath, qps: 500, burst: 1000, ...opts });
}

/** The GenericClientset of a test file. */
export type GenericClusterAccess = ClusterAccess<GenericClientset>;

/**
 * Registers hooks that connect a GenericClientset and install the Koordinator CRDs before the
 * file's tests, and close it after them.
 */
export function useGenericCluster(open: () => Promise<GenericClientset> = connectGeneric): GenericClusterAccess {
  return useCluster(open);
}

/** Creates a fresh namespace through the typed client and returns its name. */
export async function freshNamespaceOf(cs: GenericClientset, prefix = 'e2e'): Promise<string> {
  const ns = await cs.coreV1.namespaces().create({ metadata: { name: `${prefix}-${suffix()}` } });
  return ns.metadata!.name!;
}
