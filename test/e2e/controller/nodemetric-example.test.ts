// The NodeMetric controller example (examples/nodemetric-controller) on the real API server:
// converges on 500 Nodes, follows Node adds and deletes and ConfigMap changes, restores a
// NodeMetric deleted by hand.
import { describe, expect, it } from 'vitest';
import { Manager } from '../../../src/controller/manager.js';
import { GenericInformerFactory } from '../../../src/generated/generic-informer-factory.js';
import { isAlreadyExists, isNotFound } from '../../../src/rest/errors.js';
import { setupNodeMetricController } from '../../../examples/nodemetric-controller/nodemetric-controller.js';
import { sloControllerConfig } from '../../../examples/nodemetric-controller/colocation-config.js';
import { suffix, useCluster } from '../support/cluster.js';
import { generic, until } from './support.js';

const cluster = useCluster();

async function inParallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

describe('NodeMetric controller example', () => {
  it('converges on 500 Nodes and follows Nodes, the colocation config and hand deletions', { timeout: 240_000 }, async () => {
    const cs = generic(cluster.cs.ctx);
    const pool = `pool-${suffix()}`;
    const selector = `e2e-pool=${pool}`;
    try {
      await cs.coreV1.namespaces().create({ metadata: { name: sloControllerConfig.namespace } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const factory = new GenericInformerFactory(cs, { namespace: sloControllerConfig.namespace });
    const mgr = new Manager(cs, { factory, handleSignals: false, gracefulShutdownMs: 5000 });
    setupNodeMetricController(mgr, cs, factory, { nodeSelector: selector, maxConcurrentReconciles: 8 });
    const ac = new AbortController();
    const running = mgr.start(ac.signal);
    const nodes = cs.coreV1.nodes();
    const nms = cs.sloV1alpha1.nodeMetrics();
    const cms = cs.coreV1.configMaps(sloControllerConfig.namespace);
    const listNms = async () => (await nms.list({ labelSelector: selector })).items;
    try {
      const names = Array.from({ length: 500 }, (_, i) => `${pool}-${String(i).padStart(3, '0')}`);
      const t0 = Date.now();
      await inParallel(names, 32, (name) => nodes.create({ metadata: { name, labels: { 'e2e-pool': pool } } }));
      await until(async () => (await listNms()).length === 500, 120_000, '500 NodeMetrics', 250);
      console.log(`[nodemetric e2e] 500 Nodes created and converged in ${Date.now() - t0} ms`);
      const first = await listNms();
      expect(first.every((nm) => nm.spec?.metricCollectPolicy?.reportIntervalSeconds === 60 && nm.spec.metricCollectPolicy.aggregateDurationSeconds === 300)).toBe(true);

      // Node added / deleted.
      await nodes.create({ metadata: { name: `${pool}-extra`, labels: { 'e2e-pool': pool } } });
      await until(async () => (await nms.get(`${pool}-extra`).then(() => true, () => false)), 20_000, 'NodeMetric of the new Node');
      await nodes.delete(`${pool}-extra`);
      await until(async () => nms.get(`${pool}-extra`).then(() => false, (e) => isNotFound(e)), 20_000, 'NodeMetric of the deleted Node gone');

      // The colocation strategy changes: every NodeMetric follows.
      const config = { enable: true, metricAggregateDurationSeconds: 120, metricReportIntervalSeconds: 30, metricAggregatePolicy: { durations: ['5m0s'] } };
      await cms.create({ metadata: { name: sloControllerConfig.name }, data: { [sloControllerConfig.key]: JSON.stringify(config) } });
      await until(async () => (await listNms()).every((nm) => nm.spec?.metricCollectPolicy?.reportIntervalSeconds === 30), 60_000, 'config applied to all', 250);
      const one = await nms.get(names[7]!);
      expect(one.spec?.metricCollectPolicy).toMatchObject({ aggregateDurationSeconds: 120, reportIntervalSeconds: 30, nodeAggregatePolicy: { durations: ['5m0s'] }, nodeMemoryCollectPolicy: 'usageWithoutPageCache' });

      // An invalid config keeps the current spec and is reported as an Event on the ConfigMap.
      await cms.patch(sloControllerConfig.name, { type: 'merge', patch: { data: { [sloControllerConfig.key]: '{not json' } } });
      await until(async () => (await cs.eventsV1.events(sloControllerConfig.namespace).list()).items.some((e) => e.reason === 'InvalidColocationConfig'), 30_000, 'Warning event');
      expect((await listNms()).every((nm) => nm.spec?.metricCollectPolicy?.reportIntervalSeconds === 30)).toBe(true);

      // A NodeMetric deleted by hand comes back.
      const victim = names[42]!;
      const before = await nms.get(victim);
      await nms.delete(victim);
      await until(async () => nms.get(victim).then((nm) => nm.metadata?.uid !== before.metadata?.uid, () => false), 20_000, 'NodeMetric recreated');
    } finally {
      ac.abort();
      await running;
      await cms.delete(sloControllerConfig.name).catch(() => {});
      await nodes.deleteCollection({ labelSelector: selector });
      await nms.deleteCollection({ labelSelector: selector });
    }
  });
});
