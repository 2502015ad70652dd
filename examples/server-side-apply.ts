/**
 * Server-side apply: declare the fields you own; apply again to change them; another manager
 * that sets one of them differently conflicts (409) until it forces and takes ownership.
 * Run: `npx tsx examples/server-side-apply.ts` with KUBECONFIG set.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Clientset, isConflict } from 'koordinator-client';
import type { ReservationApply } from 'koordinator-client/groups/scheduling.koordinator.sh/v1alpha1';

const name = `example-apply-${randomBytes(3).toString('hex')}`;
const cs = await Clientset.create();
try {
  const reservations = cs.schedulingV1alpha1.reservations();
  const desired: ReservationApply = {
    apiVersion: 'scheduling.koordinator.sh/v1alpha1',
    kind: 'Reservation',
    metadata: { name, labels: { team: 'web' } },
    spec: { owners: [{ object: { name: 'web-0', namespace: 'default' } }], template: {}, ttl: '1h' },
  };
  const created = await reservations.apply(desired, { fieldManager: 'deployer' });
  assert.equal(created.spec?.ttl, '1h');

  const changed = await reservations.apply({ ...desired, spec: { ...desired.spec, ttl: '2h' } }, { fieldManager: 'deployer' });
  assert.equal(changed.spec?.ttl, '2h');

  const conflict = await reservations.apply({ ...desired, spec: { ttl: '4h' } }, { fieldManager: 'autoscaler' }).then(() => undefined, (err: unknown) => err);
  assert.ok(isConflict(conflict), 'another manager conflicts on .spec.ttl');
  console.log(`conflict: ${conflict.causes.map((c) => `${c.field}: ${c.message}`).join('; ')}`);

  const forced = await reservations.apply({ ...desired, spec: { ttl: '4h' } }, { fieldManager: 'autoscaler', force: true });
  assert.equal(forced.spec?.ttl, '4h');
  const owners = forced.metadata?.managedFields?.filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes('f:ttl')).map((m) => m.manager);
  assert.deepEqual(owners, ['autoscaler']);
  console.log(`.spec.ttl is owned by ${owners?.join(', ')}`);

  await reservations.delete(name);
} finally {
  await cs.close();
}
