// An informer first asked for after factory.start() starts at once (as controller-runtime's cache
// does) instead of leaving its lister silently empty; after shutdown() nothing starts.
import { describe, expect, it } from 'vitest';
import { InformerFactory } from '../../../src/generated/informer-factory.js';
import { freshNamespace, suffix, useCluster } from '../support/cluster.js';
import { connectUnthrottled } from './support.js';

const cluster = useCluster(() => connectUnthrottled());

describe('InformerFactory: informers asked for after start()', () => {
  it('starts them at once, and waitForCacheSync covers them', async () => {
    const batch = suffix();
    const ns = await freshNamespace(cluster.cs, 'late');
    await cluster.cs.schedulingV1alpha1.reservations().create({ metadata: { name: `r-${batch}`, labels: { batch } }, spec: { owners: [{ object: { name: 'p' } }], template: {}, ttl: '1h' } });
    await cluster.cs.analysisV1alpha1.recommendations(ns).create({ metadata: { name: `rec-${batch}`, labels: { batch } }, spec: { target: { type: 'workload', workload: { kind: 'Deployment', name: 'web' } } } });

    const factory = new InformerFactory(cluster.cs, { labelSelector: `batch=${batch}` });
    try {
      const reservations = factory.schedulingV1alpha1.reservations.lister();
      factory.start();
      await factory.waitForCacheSync();
      expect(reservations.get(`r-${batch}`).metadata?.name).toBe(`r-${batch}`);

      // Asked for after start(), with no second start().
      const recommendations = factory.analysisV1alpha1.recommendations.lister();
      expect(factory.analysisV1alpha1.recommendations.informer().isStarted).toBe(true);
      const synced = await factory.waitForCacheSync(AbortSignal.timeout(30_000));
      expect(synced.get('analysis.koordinator.sh/v1alpha1/recommendations')).toBe(true);
      expect(recommendations.namespace(ns).get(`rec-${batch}`).spec?.target.workload?.name).toBe('web');
    } finally {
      await factory.shutdown();
    }

    // After shutdown an informer asked for does not run (and so cannot leak a watch).
    const late = factory.sloV1alpha1.nodeSLOs.informer();
    expect(late.isStarted).toBe(false);
  });

  it('does not start informers before start() is called', async () => {
    const factory = new InformerFactory(cluster.cs);
    try {
      expect(factory.schedulingV1alpha1.reservations.informer().isStarted).toBe(false);
    } finally {
      await factory.shutdown();
    }
  });
});
