// Every verb on a cluster-scoped kind with a status subresource (Reservation), against the real server.
import { describe, expect, it } from 'vitest';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { isConflict, isNotFound } from '../../src/rest/errors.js';
import { isStatus } from '../../src/meta/object.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

function reservation(name: string, labels: Record<string, string> = {}): Reservation {
  return {
    metadata: { name, labels },
    spec: {
      owners: [{ object: { kind: 'Pod', name: 'web-0', namespace: 'default' } }],
      template: { spec: { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '1' } } }] } },
      ttl: '1h',
      allocatePolicy: 'Aligned',
    },
  };
}

describe('Reservation (cluster-scoped) verbs', () => {
  it('create, get, list, update, updateStatus, patch, apply, applyStatus, delete', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-${suffix()}`;
    const created = await client.create(reservation(name, { suite: 'verbs' }));
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.apiVersion).toBe('scheduling.koordinator.sh/v1alpha1');
    expect(created.kind).toBe('Reservation');
    expect(created.spec?.allocatePolicy).toBe('Aligned');

    const got = await client.get(name);
    expect(got.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    expect(got.spec?.template).toEqual(reservation(name).spec!.template);

    const listed = await client.list({ labelSelector: 'suite=verbs' });
    expect(listed.items.map((r) => r.metadata?.name)).toContain(name);
    expect(listed.metadata.resourceVersion).toBeTruthy();

    got.spec!.ttl = '2h';
    const updated = await client.update(got);
    expect(updated.spec?.ttl).toBe('2h');
    expect(updated.metadata?.resourceVersion).not.toBe(got.metadata?.resourceVersion);

    // updateStatus changes only the status; a spec change in the same call is ignored by the server.
    const withStatus = await client.updateStatus({ ...updated, spec: { ...updated.spec!, ttl: '9h' }, status: { phase: 'Pending', nodeName: 'node-a' } });
    expect(withStatus.status?.phase).toBe('Pending');
    expect(withStatus.spec?.ttl).toBe('2h');

    const merged = await client.patch(name, { type: 'merge', patch: { metadata: { labels: { patched: 'merge' } } } });
    expect(merged.metadata?.labels?.patched).toBe('merge');
    const jsonPatched = await client.patch(name, { type: 'json', operations: [{ op: 'replace', path: '/spec/ttl', value: '3h' }] });
    expect(jsonPatched.spec?.ttl).toBe('3h');
    const statusPatched = await client.patchStatus(name, { type: 'merge', patch: { status: { phase: 'Available' } } });
    expect(statusPatched.status?.phase).toBe('Available');

    const applied = await client.apply({ apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', metadata: { name, annotations: { 'applied-by': 'e2e' } } }, { fieldManager: 'e2e-apply' });
    expect(applied.metadata?.annotations?.['applied-by']).toBe('e2e');
    expect(applied.metadata?.managedFields?.some((m) => m.manager === 'e2e-apply' && m.operation === 'Apply')).toBe(true);
    const statusApplied = await client.applyStatus({ metadata: { name }, status: { nodeName: 'node-b' } }, { fieldManager: 'e2e-status', force: true });
    expect(statusApplied.status?.nodeName).toBe('node-b');

    const deleted = await client.delete(name, { preconditions: { uid: created.metadata!.uid! } });
    expect(isStatus(deleted) || (deleted as Reservation).metadata?.name === name).toBe(true);
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('delete honours uid and resourceVersion preconditions', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-${suffix()}`;
    const created = await client.create(reservation(name));
    await expect(client.delete(name, { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } })).rejects.toSatisfy(isConflict);
    await client.patch(name, { type: 'merge', patch: { metadata: { labels: { bump: '1' } } } });
    await expect(client.delete(name, { preconditions: { resourceVersion: created.metadata!.resourceVersion! } })).rejects.toSatisfy(isConflict);
    expect((await client.get(name)).metadata?.uid).toBe(created.metadata?.uid);
    await client.delete(name, { gracePeriodSeconds: 0, propagationPolicy: 'Background' });
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('deleteCollection removes exactly the selected objects', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const tag = suffix();
    for (let i = 0; i < 3; i++) await client.create(reservation(`rsv-dc-${tag}-${i}`, { batch: tag }));
    const keep = await client.create(reservation(`rsv-keep-${tag}`, { batch: `${tag}-keep` }));
    await client.deleteCollection({ labelSelector: `batch=${tag}` });
    expect((await client.list({ labelSelector: `batch=${tag}` })).items).toHaveLength(0);
    expect((await client.get(keep.metadata!.name!)).metadata?.uid).toBe(keep.metadata?.uid);
    await client.delete(keep.metadata!.name!);
  });

  it('dryRun create, update and delete leave nothing behind', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-dry-${suffix()}`;
    const dry = await client.create(reservation(name), { dryRun: true });
    expect(dry.metadata?.name).toBe(name);
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);

    const real = await client.create(reservation(name));
    const dryUpdate = await client.update({ ...real, spec: { ...real.spec!, ttl: '5h' } }, { dryRun: true });
    expect(dryUpdate.spec?.ttl).toBe('5h');
    expect((await client.get(name)).spec?.ttl).toBe('1h');
    await client.delete(name, { dryRun: true });
    expect((await client.get(name)).metadata?.uid).toBe(real.metadata?.uid);
    await client.delete(name);
  });

  it('generateName lets the server pick the name', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const obj = reservation('x');
    obj.metadata = { generateName: 'rsv-gen-' };
    const created = await client.create(obj);
    expect(created.metadata?.name).toMatch(/^rsv-gen-[a-z0-9]{5}$/);
    await client.delete(created.metadata!.name!);
  });
});
