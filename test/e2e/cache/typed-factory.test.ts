// The generated InformerFactory: typed per-kind informers and listers, one shared watch per kind.
import { describe, expect, it, vi } from 'vitest';
import { InformerFactory } from '../../../src/generated/informer-factory.js';
import { freshNamespace, suffix, useCluster } from '../support/cluster.js';
import { connectUnthrottled } from './support.js';

const cluster = useCluster(() => connectUnthrottled());

describe('generated InformerFactory', () => {
  it('serves typed listers for cluster-scoped and namespaced kinds from shared informers', async () => {
    const batch = suffix();
    const ns = await freshNamespace(cluster.cs, 'typed');
    await cluster.cs.schedulingV1alpha1.reservations().create({ metadata: { name: `r-${batch}`, labels: { batch } }, spec: { owners: [{ object: { name: 'p' } }], template: {}, ttl: '1h' } });
    await cluster.cs.analysisV1alpha1.recommendations(ns).create({ metadata: { name: `rec-${batch}`, labels: { batch } }, spec: { target: { type: 'workload', workload: { kind: 'Deployment', name: 'web' } } } });

    const factory = new InformerFactory(cluster.cs, { labelSelector: `batch=${batch}` });
    try {
      // Asking twice gives the same shared informer.
      expect(factory.schedulingV1alpha1.reservations.informer()).toBe(factory.schedulingV1alpha1.reservations.informer());
      const reservations = factory.schedulingV1alpha1.reservations.lister();
      const recommendations = factory.analysisV1alpha1.recommendations.lister();
      factory.start();
      const synced = await factory.waitForCacheSync();
      expect([...synced.values()].every(Boolean)).toBe(true);

      expect(reservations.get(`r-${batch}`).spec?.ttl).toBe('1h');
      expect(recommendations.namespace(ns).get(`rec-${batch}`).spec?.target.workload?.name).toBe('web');
      expect(recommendations.list(`batch=${batch}`)).toHaveLength(1);

      await cluster.cs.schedulingV1alpha1.reservations().patch(`r-${batch}`, { type: 'merge', patch: { spec: { ttl: '2h' } } });
      await vi.waitFor(() => expect(reservations.get(`r-${batch}`).spec?.ttl).toBe('2h'), { timeout: 20_000, interval: 50 });
    } finally {
      await factory.shutdown();
    }
  });
});
