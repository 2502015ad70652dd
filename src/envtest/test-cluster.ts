/**
 * A ready-to-use test cluster: a real kube-apiserver + etcd with the Koordinator CRDs installed
 * and a typed Clientset connected to it, in one call.
 * @packageDocumentation
 */
import { installCrds, type CrdSource } from '../client/crd-installer.js';
import type { ClientsetOptions } from '../client/clientset-base.js';
import { Clientset } from '../generated/clientset.js';
import { allResources } from '../generated/index.js';
import { startEnvtest, type Envtest } from './envtest.js';
import type { EnvtestOptions } from './options.js';

/** Options of `startTestCluster`: envtest's, plus which CRDs to install. */
export interface TestClusterOptions extends EnvtestOptions {
  /** CRDs to install (descriptors or manifests); every generated Koordinator CRD by default, `[]` for none. */
  crds?: readonly CrdSource[];
  /** Options of the Clientset (rate limits, retries, hooks, field manager, ...); its configuration is the cluster's. */
  clientset?: Omit<ClientsetOptions, 'config' | 'kubeconfig' | 'context' | 'kubeConfig' | 'transport'>;
}

/** A running test cluster. Stop it with `stop()` or `await using`. */
export interface TestCluster {
  /** The servers, their certificates, kubeconfig and restart controls. */
  readonly env: Envtest;
  /** A Clientset authenticated as the cluster admin. */
  readonly clientset: Clientset;
  /** Closes the Clientset and stops the servers. */
  stop(): Promise<void>;
  /** Supports `await using cluster = await startTestCluster()`: the same as `stop()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts envtest, installs the CRDs and returns a connected Clientset; if any step fails,
 * whatever was started is stopped before the error is thrown.
 */
export async function startTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const { crds = allResources, clientset: clientsetOpts = {}, ...envOpts } = opts;
  const env = await startEnvtest(envOpts);
  let clientset: Clientset | undefined;
  try {
    clientset = await Clientset.create({ ...clientsetOpts, config: env.restConfig });
    if (crds.length) await installCrds(clientset, crds);
  } catch (err) {
    await clientset?.close();
    await env.stop();
    throw err;
  }
  const cs = clientset;
  const stop = async () => {
    await cs.close();
    await env.stop();
  };
  return { env, clientset: cs, stop, [Symbol.asyncDispose]: stop };
}
