// A shared informer against the real API server: it sees what another client does (add, update
// with old and new, delete), serves listers, syncs handlers registered late, and restricts a
// factory to one namespace.
import { describe, expect, it, vi } from 'vitest';
import { nodeMetricResource } from '../../../src/generated/slo.koordinator.sh/v1alpha1/resources.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import { podGroupResource } from '../../../src/generated/scheduling.sigs.k8s.io/v1alpha1/resources.js';
import type { PodGroup } from '../../../src/generated/scheduling.sigs.k8s.io/v1alpha1/types.js';
import { SharedInformerFactory } from '../../../src/cache/shared-informer-factory.js';
import { isNotFound } from '../../../src/rest/errors.js';
import { freshNamespace, suffix, useCluster } from '../support/cluster.js';
import { connectUnthrottled, recordingHandler } from './support.js';

const cluster = useCluster(() => connectUnthrottled());

const waitOpts = { timeout: 20_000, interval: 50 };

describe('shared informer (e2e)', () => {
  it.each(['object', 'json'] as const)('cache format %s: sees adds, updates (old and new) and deletes made by another client; the lister follows', async (cacheFormat) => {
    const batch = suffix();
    const client = cluster.cs.sloV1alpha1.nodeMetrics();
    await client.create({ metadata: { name: `pre-${batch}`, labels: { 'e2e-batch': batch } } });
    const factory = new SharedInformerFactory(cluster.cs, { labelSelector: `e2e-batch=${batch}`, cacheFormat, onError: () => {} });
    const nodeMetrics = factory.clusterKind<NodeMetric>(nodeMetricResource);
    const { events, handler } = recordingHandler<NodeMetric>();
    const reg = nodeMetrics.informer().addEventHandler(handler);
    factory.start();
    expect([...(await factory.waitForCacheSync())]).toEqual([['slo.koordinator.sh/v1alpha1/nodemetrics', true]]);
    await vi.waitFor(() => expect(reg.hasSynced()).toBe(true), waitOpts);
    expect(events).toEqual([expect.objectContaining({ type: 'add', name: `pre-${batch}`, initial: true })]);

    const name = `nm-${batch}`;
    const created = await client.create({ metadata: { name, labels: { 'e2e-batch': batch } }, spec: { metricCollectPolicy: { reportIntervalSeconds: 60 } } });
    const patched = await client.patch(name, { type: 'merge', patch: { spec: { metricCollectPolicy: { reportIntervalSeconds: 30 } } } });
    await vi.waitFor(() => expect(nodeMetrics.lister().get(name).spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(30), waitOpts);
    await client.delete(name);
    await vi.waitFor(() => expect(events.filter((e) => e.name === name).map((e) => e.type)).toEqual(['add', 'update', 'delete']), waitOpts);

    const [add, update, del] = events.filter((e) => e.name === name);
    expect(add).toMatchObject({ rv: created.metadata?.resourceVersion, initial: false });
    expect(update).toMatchObject({ oldRv: created.metadata?.resourceVersion, newRv: patched.metadata?.resourceVersion });
    if (update?.type !== 'update') throw new Error('expected an update');
    expect((update.oldObj as NodeMetric).spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(60);
    expect((update.newObj as NodeMetric).spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(30);
    expect(del).toMatchObject({ tombstone: false });
    expect(() => nodeMetrics.lister().get(name)).toThrow(expect.objectContaining({ code: 404 }));
    expect(isNotFound((() => { try { nodeMetrics.lister().get(name); } catch (e) { return e; } })())).toBe(true);
    expect(nodeMetrics.lister().list().map((o) => o.metadata?.name)).toEqual([`pre-${batch}`]);

    // A handler registered now gets the cache's content as synthetic adds.
    const late = recordingHandler<NodeMetric>();
    const lateReg = nodeMetrics.informer().addEventHandler(late.handler);
    await vi.waitFor(() => expect(lateReg.hasSynced()).toBe(true), waitOpts);
    expect(late.events).toEqual([expect.objectContaining({ type: 'add', name: `pre-${batch}`, initial: true })]);

    await factory.shutdown();
    await client.delete(`pre-${batch}`);
  });

  it('a factory restricted to a namespace only caches that namespace; listers narrow by namespace and selector', async () => {
    const nsA = await freshNamespace(cluster.cs, 'inf-a');
    const nsB = await freshNamespace(cluster.cs, 'inf-b');
    await cluster.cs.schedulingSigsV1alpha1.podGroups(nsA).create({ metadata: { name: 'pg-1', labels: { tier: 'web' } }, spec: { minMember: 1 } });
    await cluster.cs.schedulingSigsV1alpha1.podGroups(nsA).create({ metadata: { name: 'pg-2', labels: { tier: 'db' } }, spec: { minMember: 1 } });
    await cluster.cs.schedulingSigsV1alpha1.podGroups(nsB).create({ metadata: { name: 'pg-1' }, spec: { minMember: 1 } });

    const onlyA = new SharedInformerFactory(cluster.cs, { namespace: nsA, onError: () => {} });
    const all = new SharedInformerFactory(cluster.cs, { onError: () => {} });
    const a = onlyA.namespacedKind<PodGroup>(podGroupResource);
    const every = all.namespacedKind<PodGroup>(podGroupResource);
    a.informer();
    every.informer();
    onlyA.start();
    all.start();
    await onlyA.waitForCacheSync();
    await all.waitForCacheSync();
    expect(a.lister().list().map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort()).toEqual([`${nsA}/pg-1`, `${nsA}/pg-2`]);
    expect(a.lister().namespace(nsA).list('tier in (web)').map((p) => p.metadata?.name)).toEqual(['pg-1']);
    expect(a.lister().namespace(nsA).list({ matchLabels: { tier: 'db' } }).map((p) => p.metadata?.name)).toEqual(['pg-2']);
    expect(every.lister().namespace(nsB).get('pg-1').metadata?.namespace).toBe(nsB);
    expect(() => a.lister().namespace(nsB).get('pg-1')).toThrow(/not found in the informer cache/);
    await Promise.all([onlyA.shutdown(), all.shutdown()]);
  });
});
