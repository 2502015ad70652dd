/**
 * CRUD on Reservations (cluster-scoped, with a status subresource): create, get, update with
 * optimistic concurrency, status, merge and JSON patches, list, delete.
 * Run: `npx tsx examples/reservations-crud.ts` with KUBECONFIG pointing at a cluster with the
 * Koordinator CRDs (`./dev demo` installs them on a local one).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Clientset, deepCopy, isConflict, isNotFound } from 'koordinator-client';
import type { Reservation } from 'koordinator-client/groups/scheduling.koordinator.sh/v1alpha1';

const name = `example-reservation-${randomBytes(3).toString('hex')}`;
const cs = await Clientset.create();
try {
  const reservations = cs.schedulingV1alpha1.reservations();
  const reservation: Reservation = {
    metadata: { name, labels: { example: 'reservations-crud' } },
    spec: {
      owners: [{ labelSelector: { matchLabels: { app: 'web' } } }],
      template: { spec: { containers: [{ name: 'main', resources: { requests: { cpu: '2', memory: '4Gi' } } }] } },
      ttl: '1h',
    },
  };
  const created = await reservations.create(reservation);
  console.log(`created ${name} rv=${created.metadata?.resourceVersion}`);

  const next = deepCopy(created);
  if (next.spec) next.spec.ttl = '2h';
  const updated = await reservations.update(next);
  assert.equal(updated.spec?.ttl, '2h');

  // The first copy is stale now: the server refuses it.
  const stale = await reservations.update(created).then(() => undefined, (err: unknown) => err);
  assert.ok(isConflict(stale), 'a stale update is a Conflict');

  const withStatus = await reservations.updateStatus({ ...updated, status: { phase: 'Available', nodeName: 'node-1' } });
  assert.equal(withStatus.status?.phase, 'Available');

  await reservations.patch(name, { type: 'merge', patch: { metadata: { labels: { tier: 'gold' } } } });
  const patched = await reservations.patch(name, { type: 'json', operations: [{ op: 'replace', path: '/spec/ttl', value: '3h' }] });
  assert.equal(patched.metadata?.labels?.['tier'], 'gold');
  assert.equal(patched.spec?.ttl, '3h');

  const list = await reservations.list({ labelSelector: 'example=reservations-crud,tier=gold' });
  assert.deepEqual(list.items.map((r) => r.metadata?.name), [name]);

  await reservations.delete(name);
  const gone = await reservations.get(name).then(() => undefined, (err: unknown) => err);
  assert.ok(isNotFound(gone), 'deleted');
  console.log(`deleted ${name}`);
} finally {
  await cs.close();
}
