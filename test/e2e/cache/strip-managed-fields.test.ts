// stripManagedFields as an informer transform against the real API server: the server keeps
// managedFields on the object, the cache and the handlers see it without them, and the object
// is otherwise intact (initial list and watch events alike).
import { describe, expect, it, vi } from 'vitest';
import { nodeMetricResource } from '../../../src/generated/slo.koordinator.sh/v1alpha1/resources.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import { SharedInformerFactory } from '../../../src/cache/shared-informer-factory.js';
import { stripManagedFields } from '../../../src/cache/transforms.js';
import { suffix, useCluster } from '../support/cluster.js';
import { connectUnthrottled } from './support.js';

const cluster = useCluster(() => connectUnthrottled());

const waitOpts = { timeout: 20_000, interval: 50 };

describe('stripManagedFields transform (e2e)', () => {
  it('caches listed and watched objects without managedFields, which the server still holds', async () => {
    const batch = suffix();
    const client = cluster.cs.sloV1alpha1.nodeMetrics();
    const labels = { 'e2e-batch': batch };
    const listed = await client.create({ metadata: { name: `listed-${batch}`, labels }, spec: { metricCollectPolicy: { reportIntervalSeconds: 60 } } });
    expect(listed.metadata?.managedFields?.length).toBeGreaterThan(0);
    const factory = new SharedInformerFactory(cluster.cs, { labelSelector: `e2e-batch=${batch}`, transform: stripManagedFields, onError: () => {} });
    const nodeMetrics = factory.clusterKind<NodeMetric>(nodeMetricResource);
    const seen: NodeMetric[] = [];
    nodeMetrics.informer().addEventHandler({ onAdd: (o) => void seen.push(o as NodeMetric), onUpdate: (_a, b) => void seen.push(b as NodeMetric) });
    factory.start();
    await factory.waitForCacheSync();

    const watched = await client.create({ metadata: { name: `watched-${batch}`, labels }, spec: { metricCollectPolicy: { reportIntervalSeconds: 30 } } });
    await client.patch(`listed-${batch}`, { type: 'merge', patch: { spec: { metricCollectPolicy: { reportIntervalSeconds: 90 } } } });
    await vi.waitFor(() => expect(nodeMetrics.lister().get(`listed-${batch}`).spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(90), waitOpts);
    await vi.waitFor(() => expect(seen.map((o) => o.metadata?.name)).toContain(`watched-${batch}`), waitOpts);

    for (const name of [`listed-${batch}`, `watched-${batch}`]) {
      const cached = nodeMetrics.lister().get(name);
      expect(cached.metadata?.managedFields).toBeUndefined();
      expect(cached.metadata?.labels).toEqual(labels);
      expect((await client.get(name)).metadata?.managedFields?.length).toBeGreaterThan(0);
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const o of seen) expect(o.metadata?.managedFields).toBeUndefined();
    expect(nodeMetrics.lister().get(`watched-${batch}`).metadata?.uid).toBe(watched.metadata?.uid);

    await factory.shutdown();
    await client.delete(`listed-${batch}`);
    await client.delete(`watched-${batch}`);
  });
});
