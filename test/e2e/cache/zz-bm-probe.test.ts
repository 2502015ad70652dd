import { it } from 'vitest';
import { connectUnthrottled } from './support.js';
import { ensureCrds, suffix } from '../support/cluster.js';
it('bm', async () => {
  const cs = await connectUnthrottled();
  await ensureCrds(cs);
  const c = cs.sloV1alpha1.nodeMetrics();
  await c.create({ metadata: { name: `a-${suffix()}` } });
  const l = await c.list({ limit: 1 });
  const t0 = Date.now();
  setTimeout(() => void c.create({ metadata: { name: `b-${suffix()}` } }), 1000);
  for await (const ev of c.watch({ resourceVersion: l.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 8 })) {
    console.log(Date.now() - t0, ev.type, ev.object.metadata?.resourceVersion);
  }
  console.log('ended', Date.now() - t0);
  const t1 = Date.now();
  for await (const ev of c.watch({ resourceVersion: l.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 8, labelSelector: 'x=y' })) {
    console.log('sel', Date.now() - t1, ev.type, ev.object.metadata?.resourceVersion);
  }
  console.log('ended', Date.now() - t1);
  await cs.close();
}, 60000);
