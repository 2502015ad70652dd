/**
 * An informer and its lister: the shared informer factory lists and watches Reservations once,
 * handlers see every change, the lister answers from the local cache, an index finds them by node.
 * Run: `npx tsx examples/informer-lister.ts` with KUBECONFIG set.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Clientset, InformerFactory } from 'koordinator-client';

const run = randomBytes(3).toString('hex');
const cs = await Clientset.create();
const factory = new InformerFactory(cs, { labelSelector: `example-run=${run}` });

/** Polls `done` every 50 ms for up to 20 s. */
async function eventually(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++, await setTimeout(50)) if (done()) return;
  throw new Error(`timed out waiting for ${what}`);
}

try {
  const informer = factory.schedulingV1alpha1.reservations.informer();
  const lister = factory.schedulingV1alpha1.reservations.lister();
  informer.addIndexers({ byNode: (r) => (r.status?.nodeName ? [r.status.nodeName] : []) });
  const events: string[] = [];
  informer.addEventHandler({
    onAdd: (r) => events.push(`add ${r.metadata?.name}`),
    onUpdate: (_old, r) => events.push(`update ${r.metadata?.name} phase=${r.status?.phase ?? ''}`),
    onDelete: () => events.push('delete'),
  });
  factory.start();
  const synced = await factory.waitForCacheSync(AbortSignal.timeout(30_000));
  assert.ok([...synced.values()].every(Boolean), 'caches synced');

  const reservations = cs.schedulingV1alpha1.reservations();
  for (const [i, node] of ['node-1', 'node-1', 'node-2'].entries()) {
    const r = await reservations.create({
      metadata: { name: `example-${run}-${i}`, labels: { 'example-run': run } },
      spec: { owners: [{ object: { name: `web-${i}` } }], template: {}, ttl: '1h' },
    });
    await reservations.updateStatus({ ...r, status: { phase: 'Available', nodeName: node } });
  }

  await eventually('the cache to see three Available reservations', () => lister.list().filter((r) => r.status?.phase === 'Available').length === 3);
  const onNode1 = informer.getIndexer().byIndex('byNode', 'node-1').map((r) => r.metadata?.name).sort();
  assert.deepEqual(onNode1, [`example-${run}-0`, `example-${run}-1`]);
  assert.equal(lister.get(`example-${run}-2`).status?.nodeName, 'node-2');
  console.log(`node-1 holds ${onNode1.join(', ')}; ${events.length} events`);

  await reservations.deleteCollection({ labelSelector: `example-run=${run}` });
  await eventually('the cache to empty', () => lister.list().length === 0);
  assert.equal(events.filter((e) => e === 'delete').length, 3);
} finally {
  await factory.shutdown();
  await cs.close();
}
