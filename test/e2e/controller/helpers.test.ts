// retryOnConflict, finalizers, createOrUpdate and createOrPatch against the real API server.
import { describe, expect, it } from 'vitest';
import { createOrPatch, createOrUpdate } from '../../../src/controller/create-or-update.js';
import { addFinalizer, containsFinalizer, removeFinalizer } from '../../../src/controller/finalizers.js';
import { defaultRetry, retryOnConflict } from '../../../src/controller/retry-on-conflict.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import { isConflict, isNotFound } from '../../../src/rest/errors.js';
import { suffix, useCluster } from '../support/cluster.js';

const cluster = useCluster();

describe('controllerutil helpers', () => {
  it('createOrUpdate: created, unchanged, updated; a stale write is a conflict that retryOnConflict absorbs', async () => {
    const nms = cluster.cs.sloV1alpha1.nodeMetrics();
    const name = `cou-${suffix()}`;
    const mutate = (o: NodeMetric) => {
      o.spec = { metricCollectPolicy: { reportIntervalSeconds: 60 } };
    };
    const obj: NodeMetric = { metadata: { name } };
    expect(await createOrUpdate(nms, obj, mutate)).toBe('created');
    expect(obj.metadata?.uid).toBeTruthy();
    expect(await createOrUpdate(nms, { metadata: { name } }, mutate)).toBe('unchanged');
    expect(await createOrUpdate(nms, { metadata: { name } }, (o) => void (o.spec!.metricCollectPolicy!.reportIntervalSeconds = 30))).toBe('updated');
    expect((await nms.get(name)).spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(30);

    // Two writers from the same read: the second conflicts; with retryOnConflict it re-reads and wins.
    const stale = await nms.get(name);
    await nms.update({ ...stale, metadata: { ...stale.metadata, labels: { writer: 'one' } } });
    await expect(nms.update({ ...stale, metadata: { ...stale.metadata, labels: { writer: 'two' } } })).rejects.toSatisfy(isConflict);
    let attempts = 0;
    await retryOnConflict(defaultRetry, async () => {
      attempts++;
      const cur = attempts === 1 ? stale : await nms.get(name);
      await nms.update({ ...cur, metadata: { ...cur.metadata, labels: { ...cur.metadata?.labels, writer: 'two' } } });
    });
    expect(attempts).toBe(2);
    expect((await nms.get(name)).metadata?.labels?.writer).toBe('two');
    await nms.delete(name);
  });

  it('createOrPatch: patches the object and its status separately, reporting what changed', async () => {
    const nms = cluster.cs.sloV1alpha1.nodeMetrics();
    const name = `cop-${suffix()}`;
    expect(await createOrPatch(nms, { metadata: { name } }, (o) => void (o.spec = { metricCollectPolicy: { reportIntervalSeconds: 60 } }))).toBe('created');
    expect(await createOrPatch(nms, { metadata: { name } }, () => {})).toBe('unchanged');
    const t = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    expect(await createOrPatch(nms, { metadata: { name } }, (o) => void (o.status = { updateTime: t }))).toBe('updatedStatusOnly');
    expect((await nms.get(name)).status?.updateTime).toBe(t);
    expect(
      await createOrPatch(nms, { metadata: { name } }, (o) => {
        o.metadata!.labels = { a: 'b' };
        o.status = { ...o.status, updateTime: '2020-01-01T00:00:00Z' };
      }),
    ).toBe('updatedStatus');
    const got = await nms.get(name);
    expect(got.metadata?.labels).toEqual({ a: 'b' });
    expect(got.status?.updateTime).toBe('2020-01-01T00:00:00Z');
    await nms.delete(name);
  });

  it('finalizers: added and removed through patches without losing another writer’s finalizer', async () => {
    const nms = cluster.cs.sloV1alpha1.nodeMetrics();
    const name = `fin-${suffix()}`;
    const created = await nms.create({ metadata: { name } });
    const withMine = await addFinalizer(nms, created, 'example.com/mine');
    expect(containsFinalizer(withMine, 'example.com/mine')).toBe(true);
    // Someone else adds theirs; our stale copy conflicts, the helper re-reads and keeps both.
    await nms.patch(name, { type: 'merge', patch: { metadata: { finalizers: ['example.com/mine', 'example.com/theirs'] } } });
    const after = await removeFinalizer(nms, withMine, 'example.com/mine');
    expect(after.metadata?.finalizers).toEqual(['example.com/theirs']);
    // no request when there is nothing to do
    const same = await removeFinalizer({ get: () => Promise.reject(new Error('unused')), patch: () => Promise.reject(new Error('no write expected')) }, after, 'example.com/mine');
    expect(same).toBe(after);
    await nms.delete(name);
    expect((await nms.get(name)).metadata?.deletionTimestamp).toBeTruthy();
    await removeFinalizer(nms, await nms.get(name), 'example.com/theirs');
    await expect(nms.get(name)).rejects.toSatisfy(isNotFound);
  });
});
