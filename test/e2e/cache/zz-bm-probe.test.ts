import { it } from 'vitest';
import { connectUnthrottled } from './support.js';
import { ensureCrds } from '../support/cluster.js';
it('bm', async () => {
  const cs = await connectUnthrottled(); await ensureCrds(cs);
  const c = cs.sloV1alpha1.nodeMetrics();
  const l = await c.list({ limit: 1 });
  for (const t of [5, 12]) {
    const t0 = Date.now();
    for await (const ev of c.watch({ resourceVersion: l.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: t, labelSelector: 'x=y' })) {
      console.log(t, Date.now() - t0, ev.type, ev.object.metadata?.resourceVersion);
    }
    console.log(t, 'ended', Date.now() - t0);
  }
  await cs.close();
}, 60000);
