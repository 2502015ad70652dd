/**
 * Watch: list, then watch from the list's resourceVersion so that every change after it arrives
 * once, in order; stop with an AbortSignal.
 * Run: `npx tsx examples/watch.ts` with KUBECONFIG set.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Clientset, type WatchEvent } from 'koordinator-client';
import type { Reservation } from 'koordinator-client/groups/scheduling.koordinator.sh/v1alpha1';

const run = randomBytes(3).toString('hex');
const name = `example-watch-${run}`;
const cs = await Clientset.create();
try {
  const reservations = cs.schedulingV1alpha1.reservations();
  const list = await reservations.list({ labelSelector: `example-run=${run}` });
  const stop = new AbortController();
  const deadline = AbortSignal.timeout(30_000);
  const seen: string[] = [];

  const watching = (async () => {
    const events: AsyncIterable<WatchEvent<Reservation>> = reservations.watch({
      labelSelector: `example-run=${run}`,
      resourceVersion: list.metadata.resourceVersion,
      signal: AbortSignal.any([stop.signal, deadline]),
    });
    for await (const ev of events) {
      seen.push(`${ev.type} ttl=${ev.object.spec?.ttl}`);
      console.log(ev.type, ev.object.metadata?.name, ev.object.spec?.ttl);
      if (ev.type === 'DELETED') stop.abort();
    }
  })();

  await reservations.create({ metadata: { name, labels: { 'example-run': run } }, spec: { owners: [{ object: { name: 'web-0' } }], template: {}, ttl: '1h' } });
  await reservations.patch(name, { type: 'merge', patch: { spec: { ttl: '2h' } } });
  await reservations.delete(name);
  await watching.catch((err: unknown) => {
    if (!stop.signal.aborted) throw err; // ending by our own abort is the normal way out
  });
  assert.deepEqual(seen, ['ADDED ttl=1h', 'MODIFIED ttl=2h', 'DELETED ttl=2h']);
} finally {
  await cs.close();
}
