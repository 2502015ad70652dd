// A controller built with the builder on the shared informers of the real kube-apiserver:
// for(NodeMetric, generationChanged) + owns(Recommendation) + watches(ConfigMap, map).
import { describe, expect, it } from 'vitest';
import { ControllerBuilder } from '../../../src/controller/builder.js';
import { generationChanged } from '../../../src/controller/predicates.js';
import { setControllerReference } from '../../../src/controller/owner-references.js';
import type { Request } from '../../../src/controller/reconcile.js';
import { InformerFactory } from '../../../src/generated/informer-factory.js';
import { nodeMetricResource } from '../../../src/generated/slo.koordinator.sh/v1alpha1/resources.js';
import { recommendationResource } from '../../../src/generated/analysis.koordinator.sh/v1alpha1/resources.js';
import type { Recommendation } from '../../../src/generated/analysis.koordinator.sh/v1alpha1/types.js';
import { freshNamespace, suffix, useCluster } from '../support/cluster.js';
import { configMapResource, configMaps, until, type ConfigMap } from './support.js';

const cluster = useCluster();

describe('ControllerBuilder against the API server', () => {
  it('maps own, owned and watched objects to requests, honouring predicates and the namespace restriction', async () => {
    const batch = suffix();
    const ns = await freshNamespace(cluster.cs, 'ctl');
    const otherNs = await freshNamespace(cluster.cs, 'ctl-other');
    const factory = new InformerFactory(cluster.cs);
    const calls: Request[] = [];
    const nmName = `nm-${batch}`;
    const ac = new AbortController();
    const ctl = new ControllerBuilder(factory)
      .named(`test-${batch}`)
      .for(nodeMetricResource, { predicates: [generationChanged] })
      .owns(recommendationResource)
      .watches<ConfigMap>(configMapResource, (cm) => (cm.metadata?.labels?.batch === batch ? [{ namespace: '', name: cm.data?.target ?? '' }] : []))
      .inNamespace(ns)
      .complete((req) => {
        if (req.name.startsWith('nm-') && !req.name.endsWith(batch)) return; // other tests' objects
        calls.push(req);
      });
    factory.start();
    const running = ctl.start(ac.signal);
    try {
      await until(() => ctl.hasSynced(), 30_000, 'controller synced');
      const nms = cluster.cs.sloV1alpha1.nodeMetrics();
      const nm = await nms.create({ metadata: { name: nmName, labels: { batch } }, spec: { metricCollectPolicy: { reportIntervalSeconds: 60 } } });
      await until(() => calls.some((c) => c.name === nmName), 20_000, 'reconcile on create');
      const count = () => calls.filter((c) => c.name === nmName).length;

      // A status-only change does not change the generation: filtered out.
      await nms.patchStatus(nmName, { type: 'merge', patch: { status: { updateTime: new Date().toISOString() } } });
      await new Promise((r) => setTimeout(r, 500));
      expect(count()).toBe(1);
      // A spec change does.
      await nms.patch(nmName, { type: 'merge', patch: { spec: { metricCollectPolicy: { reportIntervalSeconds: 30 } } } });
      await until(() => count() === 2, 20_000, "reconcile on spec change");

      // An owned Recommendation in the watched namespace enqueues its NodeMetric owner.
      const rec: Recommendation = { metadata: { name: `rec-${batch}`, namespace: ns }, spec: { target: { type: 'workload', workload: { kind: 'Deployment', name: 'web' } } } };
      setControllerReference(nm, rec, nodeMetricResource);
      await cluster.cs.analysisV1alpha1.recommendations(ns).create(rec);
      await until(() => count() === 3, 20_000, 'reconcile of the owner');
      // The same in another namespace is outside the restriction.
      await cluster.cs.analysisV1alpha1.recommendations(otherNs).create({ ...rec, metadata: { ...rec.metadata, namespace: otherNs } });
      await new Promise((r) => setTimeout(r, 500));
      expect(count()).toBe(3);

      // A ConfigMap mapped to the NodeMetric.
      await configMaps(cluster.cs.ctx, ns).create({ metadata: { name: `cm-${batch}`, labels: { batch } }, data: { target: nmName } });
      await until(() => count() === 4, 20_000, 'reconcile from the mapped ConfigMap');
      expect(calls.every((c) => c.namespace === '')).toBe(true);
    } finally {
      ac.abort();
      await running;
      await factory.shutdown();
    }
  });
});
