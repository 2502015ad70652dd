// The event recorder writing events.k8s.io/v1 Events to the real API server.
import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../../../src/controller/event-recorder.js';
import { freshNamespace, suffix, useCluster } from '../support/cluster.js';
import { events as eventsClient } from './support.js';

const cluster = useCluster();

describe('EventRecorder on events.k8s.io/v1', () => {
  it('creates Events the server accepts and counts repeats in their series', async () => {
    const ns = await freshNamespace(cluster.cs, 'ev');
    const events = (namespace: string) => eventsClient(cluster.cs.ctx, namespace);
    const rec = new EventRecorder({ sink: events, reportingController: 'example.com/e2e-controller', reportingInstance: 'e2e-1' });
    const nm = await cluster.cs.sloV1alpha1.nodeMetrics().create({ metadata: { name: `ev-${suffix()}` } });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: ns, uid: '00000000-0000-0000-0000-000000000001' } };
    rec.event(nm, 'Warning', 'SyncFailed', 'Reconcile', 'could not sync');
    rec.event(nm, 'Warning', 'SyncFailed', 'Reconcile', 'could not sync');
    rec.event(cm, 'Normal', 'Updated', 'Reconcile', 'config applied');
    await rec.flush();
    expect(rec.dropped).toBe(0);
    const inDefault = (await events('default').list()).items.filter((e) => e.regarding?.name === nm.metadata?.name);
    expect(inDefault).toHaveLength(1);
    expect(inDefault[0]).toMatchObject({ type: 'Warning', reason: 'SyncFailed', note: 'could not sync', regarding: { kind: 'NodeMetric', uid: nm.metadata?.uid }, series: { count: 2 } });
    const inNs = (await events(ns).list()).items;
    expect(inNs).toHaveLength(1);
    expect(inNs[0]).toMatchObject({ reason: 'Updated', reportingController: 'example.com/e2e-controller', reportingInstance: 'e2e-1' });
    await rec.close();
    await cluster.cs.sloV1alpha1.nodeMetrics().delete(nm.metadata!.name!);
  });
});
