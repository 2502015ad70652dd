/**
 * Shared access to the real kube-apiserver the e2e global setup started: a Clientset built from
 * its kubeconfig, the generated CRDs installed once per file, and throwaway namespaces.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { ClientsetBase } from '../../../src/client/clientset-base.js';
import { Clientset } from '../../../src/generated/clientset.js';
import { allResources } from '../../../src/generated/index.js';
import { installCrds } from '../../../src/client/crd-installer.js';
import { ResourceClient } from '../../../src/client/resource-client.js';
import { namespaceResource } from '../../../src/generated/core/v1/resources.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { envtestInfo } from '../env.js';

/** The core v1 Namespace kind, enough for tests to make throwaway namespaces. */
export { namespaceResource };

/**
 * A Clientset for the test server (callers close it), through the full transport stack (rate
 * limiter, retries) with a limit high enough for bulk test setup.
 */
export function connect(opts: { validateWrites?: boolean; fieldManager?: string } = {}): Promise<Clientset> {
  return Clientset.create({ kubeconfig: envtestInfo().kubeconfigPath, qps: 500, burst: 1000, ...opts });
}

let installed: Promise<unknown> | undefined;
/** Installs every generated CRD once per test file and waits until they are served. */
export function ensureCrds(cs: ClientsetBase): Promise<unknown> {
  return (installed ??= installCrds(cs, allResources, { waitTimeoutMs: 120_000 }));
}

/** A short random suffix for unique names. */
export function suffix(): string {
  return randomBytes(4).toString('hex');
}

/** Creates a fresh namespace and returns its name. */
export async function freshNamespace(cs: Clientset, prefix = 'e2e'): Promise<string> {
  const name = `${prefix}-${suffix()}`;
  await new ResourceClient<KubeObject>(cs.ctx, namespaceResource).create({ metadata: { name } });
  return name;
}

/** The Clientset of a test file, connected with the CRDs installed before its tests run. */
export interface ClusterAccess<C extends ClientsetBase = Clientset> {
  readonly cs: C;
}

/**
 * Registers hooks that connect a Clientset (with `open`, `connect()` by default; any generated
 * Clientset class, e.g. a GenericClientset) and install the CRDs before the file's tests, and
 * close it after them; register further `beforeAll` hooks after this call to use it.
 */
export function useCluster(): ClusterAccess;
export function useCluster<C extends ClientsetBase>(open: () => Promise<C>): ClusterAccess<C>;
export function useCluster(open: () => Promise<ClientsetBase> = connect): ClusterAccess<ClientsetBase> {
  let cs: ClientsetBase | undefined;
  beforeAll(async () => {
    cs = await open();
    await ensureCrds(cs);
  });
  afterAll(async () => {
    await cs?.close();
  });
  return {
    get cs(): ClientsetBase {
      if (!cs) throw new Error('the cluster is only connected inside tests and hooks registered after useCluster()');
      return cs;
    },
  };
}
