// The NodeMetric controller through a kube-apiserver outage (its own envtest): the controller's
// API server is killed, Nodes and NodeMetrics change through a second API server on the same
// etcd meanwhile, the first one starts again; the controller recovers by itself and converges,
// with no crash and no unhandled rejection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/client/crd-installer.js';
import { Manager } from '../../../src/controller/manager.js';
import { startEnvtest, type Envtest } from '../../../src/envtest/index.js';
import { allResources } from '../../../src/generated/all-resources.js';
import { GenericClientset } from '../../../src/generated/generic-clientset.js';
import { GenericInformerFactory } from '../../../src/generated/generic-informer-factory.js';
import { isNotFound } from '../../../src/rest/errors.js';
import { setupNodeMetricController } from '../../../examples/nodemetric-controller/nodemetric-controller.js';
import { sloControllerConfig } from '../../../examples/nodemetric-controller/colocation-config.js';
import { envtestInfo } from '../env.js';
import { until } from './support.js';

let env: Envtest;
let cs: GenericClientset;

beforeAll(async () => {
  env = await startEnvtest({ binaryAssetsDir: envtestInfo().assetsDir });
  cs = await GenericClientset.create({ config: env.restConfig, qps: 500, burst: 1000, retry: { maxAttempts: 2 } });
  await installCrds(cs, allResources, { waitTimeoutMs: 120_000 });
  await cs.coreV1.namespaces().create({ metadata: { name: sloControllerConfig.namespace } });
});

afterAll(async () => {
  await cs?.close();
  await env?.stop();
});

describe('controller through an API server restart', () => {
  it('recovers and converges; no unhandled rejection', { timeout: 180_000 }, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const errors: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (o: object | string) => void errors.push(JSON.stringify(o)) } as never;
    const factory = new GenericInformerFactory(cs, { namespace: sloControllerConfig.namespace, onError: () => {} });
    const mgr = new Manager(cs, { factory, handleSignals: false, logger, gracefulShutdownMs: 2000 });
    setupNodeMetricController(mgr, cs, factory, {});
    const ac = new AbortController();
    const running = mgr.start(ac.signal);
    const nodes = cs.coreV1.nodes();
    const nms = cs.sloV1alpha1.nodeMetrics();
    try {
      for (let i = 0; i < 10; i++) await nodes.create({ metadata: { name: `n-${i}` } });
      await until(async () => (await nms.list()).items.length === 10, 30_000, '10 NodeMetrics', 200);

      const t0 = Date.now();
      const secondary = await env.startSecondaryApiServer();
      const t1 = Date.now();
      const other = await GenericClientset.create({ config: secondary.restConfig });
      try {
        await env.stopApiServer({ kill: true });
        await other.coreV1.nodes().create({ metadata: { name: 'n-after' } });
        await other.coreV1.nodes().delete('n-0');
        await other.sloV1alpha1.nodeMetrics().delete('n-5');
        await new Promise((r) => setTimeout(r, 1000));
        await env.startApiServer();
        console.log(`[restart e2e] secondary up in ${t1 - t0} ms, outage and restart ${Date.now() - t1} ms`);
      } finally {
        await other.close();
      }
      await until(
        async () => {
          const names = new Set((await nms.list()).items.map((n) => n.metadata?.name));
          return names.has('n-after') && !names.has('n-0') && names.has('n-5') && names.size === 10;
        },
        90_000,
        'converged after the restart',
        250,
      );
      console.log(`[restart e2e] converged ${Date.now() - t0} ms after the outage began`);
      await expect(nms.get('n-0')).rejects.toSatisfy(isNotFound);
    } finally {
      ac.abort();
      await running.catch((e) => unhandled.push(e));
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
