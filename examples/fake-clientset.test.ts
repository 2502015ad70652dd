// Example: unit-testing code that uses the Clientset, with the fake API server instead of a
// real cluster. Run with `npx vitest run --project unit examples/fake-clientset.test.ts`.
import { describe, expect, it } from 'vitest';
import { InformerFactory, isConflict, type Clientset } from '../src/index.js';
import { createFakeClientset, statusErrors } from '../src/testing/index.js';

// --- the code under test -------------------------------------------------------------------

/** Marks a Reservation Available on a node, retrying when another writer got there first. */
async function markAvailable(cs: Clientset, name: string, nodeName: string): Promise<void> {
  const reservations = cs.schedulingV1alpha1.reservations();
  for (let attempt = 0; ; attempt++) {
    const r = await reservations.get(name);
    try {
      await reservations.updateStatus({ ...r, status: { ...r.status, phase: 'Available', nodeName } });
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= 3) throw err;
    }
  }
}

// --- the tests -----------------------------------------------------------------------------

const owner = { object: { kind: 'Pod', name: 'web-0', namespace: 'default' } };

// The first write loads the generated schemas (for validation): allow for a slow machine.
describe('markAvailable', { timeout: 30_000 }, () => {
  it('sets phase and node in the status, leaving the spec alone', async () => {
    const cs = createFakeClientset([
      { apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', metadata: { name: 'r1' }, spec: { owners: [owner], template: {}, ttl: '1h' } },
    ]);
    await markAvailable(cs, 'r1', 'node-a');
    const r = await cs.schedulingV1alpha1.reservations().get('r1');
    expect(r.status).toEqual({ phase: 'Available', nodeName: 'node-a' });
    expect(r.spec?.ttl).toBe('1h');
    expect(r.metadata?.generation).toBe(1); // status writes do not bump the generation
  });

  it('retries after a conflict', async () => {
    const cs = createFakeClientset([
      { apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', metadata: { name: 'r1' }, spec: { owners: [owner], template: {} } },
    ]);
    let failures = 1;
    cs.fake.prependReactor('update', 'reservations/status', (action) =>
      failures-- > 0 ? { handled: true, error: statusErrors.conflict({ group: 'scheduling.koordinator.sh', resource: 'reservations' }, action.name ?? '', statusErrors.optimisticLockMessage) } : undefined,
    );
    await markAvailable(cs, 'r1', 'node-b');
    expect(cs.fake.actions().map((a) => `${a.verb}${a.subresource ? `/${a.subresource}` : ''}`)).toEqual(['get', 'update/status', 'get', 'update/status']);
    expect((await cs.schedulingV1alpha1.reservations().get('r1')).status?.nodeName).toBe('node-b');
  });

  it('an informer on the fake sees the change', async () => {
    const cs = createFakeClientset([
      { apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', metadata: { name: 'r1' }, spec: { owners: [owner], template: {} } },
    ]);
    const factory = new InformerFactory(cs);
    const lister = factory.schedulingV1alpha1.reservations.lister();
    factory.start();
    try {
      await factory.waitForCacheSync();
      await markAvailable(cs, 'r1', 'node-c');
      await expect.poll(() => lister.get('r1').status?.nodeName, { timeout: 2_000 }).toBe('node-c');
    } finally {
      await factory.shutdown();
    }
  });
});
