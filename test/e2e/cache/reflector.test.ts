// The reflector against the real API server: a streaming list (WatchList), a paginated list and a
// list from the watch cache (resourceVersion=0, as client-go) fill the same cache; bookmarks arrive
// and the watch resumes from them; a few thousand NodeMetrics sync in pages; shutdown leaves no
// socket or timer behind.
import { describe, expect, it, vi } from 'vitest';
import type { Clientset } from '../../../src/generated/clientset.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import { nodeMetricResource } from '../../../src/generated/slo.koordinator.sh/v1alpha1/resources.js';
import { SharedIndexInformer } from '../../../src/cache/shared-informer.js';
import { SharedInformerFactory } from '../../../src/cache/shared-informer-factory.js';
import { tweakListerWatcher, type ListerWatcher } from '../../../src/cache/lister-watcher.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { suffix, useCluster } from '../support/cluster.js';
import { connectUnthrottled, createNodeMetrics, RecordingListerWatcher, recordingHandler } from './support.js';

const cluster = useCluster(() => connectUnthrottled());

function selected(batch: string): RecordingListerWatcher<NodeMetric> {
  return new RecordingListerWatcher<NodeMetric>(
    tweakListerWatcher(cluster.cs.sloV1alpha1.nodeMetrics(), (o) => {
      o.labelSelector = `e2e-batch=${batch}`;
    }),
  );
}

/** A factory whose list+watch sources are recorded (through its protected seam). */
class RecordingFactory extends SharedInformerFactory {
  readonly recorded: RecordingListerWatcher<KubeObject>[] = [];
  protected override listerWatcher<T extends KubeObject>(d: ResourceDescriptor): ListerWatcher<T> {
    const lw = new RecordingListerWatcher<T>(super.listerWatcher<T>(d));
    this.recorded.push(lw as unknown as RecordingListerWatcher<KubeObject>);
    return lw;
  }
}

function snapshot(informer: SharedIndexInformer<NodeMetric>): string[] {
  return informer
    .getStore()
    .list()
    .map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`)
    .sort();
}

describe('reflector (e2e)', () => {
  it('WatchList, a paginated list and a list from the watch cache reach the same cache; WatchList needs no list call', async () => {
    const batch = suffix();
    await createNodeMetrics(cluster.cs, `wl-${batch}`, batch, 120);
    const streamed = selected(batch);
    const paged = selected(batch);
    const cached = selected(batch);
    const a = new SharedIndexInformer<NodeMetric>(streamed, { watchList: true, onError: () => {} });
    const b = new SharedIndexInformer<NodeMetric>(paged, { pageSize: 50, onError: () => {} });
    const c = new SharedIndexInformer<NodeMetric>(cached, { pageSize: 50, listFromWatchCache: true, onError: () => {} });
    const runs = [a.run(), b.run(), c.run()];
    expect(await a.waitForSync()).toBe(true);
    expect(await b.waitForSync()).toBe(true);
    expect(await c.waitForSync()).toBe(true);
    expect(streamed.lists).toHaveLength(0);
    expect(streamed.watches[0]).toMatchObject({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true });
    expect(streamed.events.some((e) => e.type === 'BOOKMARK' && e.object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true')).toBe(true);
    expect(paged.lists.map((l) => [l.limit, l.resourceVersion, Boolean(l.continue)])).toEqual([
      [50, undefined, false],
      [50, undefined, true],
      [50, undefined, true],
    ]);
    // The watch cache answers a list at resourceVersion=0 whole: it ignores the limit.
    expect(cached.lists.map((l) => [l.limit, l.resourceVersion, Boolean(l.continue)])).toEqual([[50, '0', false]]);
    expect(snapshot(c)).toEqual(snapshot(b));
    expect(paged.watches[0]?.sendInitialEvents).toBeUndefined();
    expect(snapshot(a)).toHaveLength(120);
    expect(snapshot(a)).toEqual(snapshot(b));

    // Both go on watching: a change made now reaches both caches.
    await cluster.cs.sloV1alpha1.nodeMetrics().patch(`wl-${batch}-00007`, { type: 'merge', patch: { metadata: { labels: { changed: 'yes' } } } });
    await vi.waitFor(() => {
      expect(a.getStore().getByKey(`wl-${batch}-00007`)?.metadata?.labels?.changed).toBe('yes');
      expect(b.getStore().getByKey(`wl-${batch}-00007`)?.metadata?.labels?.changed).toBe('yes');
    }, { timeout: 20_000, interval: 50 });
    expect(snapshot(a)).toEqual(snapshot(b));
    await Promise.all([a.stop(), b.stop(), c.stop(), ...runs]);
    await cluster.cs.sloV1alpha1.nodeMetrics().deleteCollection({ labelSelector: `e2e-batch=${batch}` });
  });

  it('bookmarks arrive, only advance the resourceVersion, and the next watch resumes from them', async () => {
    const batch = suffix();
    await createNodeMetrics(cluster.cs, `bm-${batch}`, batch, 2);
    const lw = selected(batch);
    // A short server timeout: the API server sends a bookmark shortly before a watch expires
    // (when the watch cache has seen progress since the watch began).
    const informer = new SharedIndexInformer<NodeMetric>(lw, { minWatchTimeoutSeconds: 4, onError: () => {} });
    const { events, handler } = recordingHandler<NodeMetric>();
    informer.addEventHandler(handler);
    const run = informer.run();
    await informer.waitForSync();
    await vi.waitFor(() => expect(lw.watches.length).toBe(1), { timeout: 10_000, interval: 20 });
    await createNodeMetrics(cluster.cs, `bm2-${batch}`, batch, 1);
    // A change outside the selection moves the server's resourceVersion on, and only a bookmark can tell.
    await createNodeMetrics(cluster.cs, `other-${batch}`, `other-${batch}`, 1);
    await vi.waitFor(() => expect(lw.watches.length).toBeGreaterThanOrEqual(2), { timeout: 30_000, interval: 100 });
    const firstWatch = lw.watches[0]!;
    expect(firstWatch.allowWatchBookmarks).toBe(true);
    expect(firstWatch.timeoutSeconds).toBeGreaterThanOrEqual(4);
    expect(firstWatch.timeoutSeconds).toBeLessThan(8);
    const bookmarks = lw.events.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThanOrEqual(1);
    // The second watch starts from the last bookmark of the first.
    expect(lw.watches[1]!.resourceVersion).toBe(bookmarks.at(-1)!.object.metadata?.resourceVersion);
    expect(lw.lists).toHaveLength(1); // re-watched, never relisted
    expect(events.map((e) => e.type)).toEqual(['add', 'add', 'add']); // bookmarks are not notifications
    expect(informer.getStore().size).toBe(3);
    await informer.stop();
    await run;
    await cluster.cs.sloV1alpha1.nodeMetrics().deleteCollection({ labelSelector: `e2e-batch in (${batch},other-${batch})` });
  });

  it('syncs a few thousand NodeMetrics with pages of 500, and shutdown leaves no socket or timer', async () => {
    const batch = suffix();
    const total = 3000;
    await createNodeMetrics(cluster.cs, `many-${batch}`, batch, total, { concurrency: 48 });
    const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    const before = { timers: count('Timeout'), sockets: count('TCPSocketWrap') };
    // A Clientset of its own: sequential pages reuse one connection, which the watch then holds.
    const own = await connectUnthrottled();
    const factory = new RecordingFactory(own, { labelSelector: `e2e-batch=${batch}`, defaultResyncMs: 60_000, onError: () => {} });
    const nm = factory.clusterKind<NodeMetric>(nodeMetricResource);
    const seen = new Set<string>();
    nm.informer().addEventHandler({ onAdd: (o) => void seen.add(o.metadata!.name!) });
    const t0 = performance.now();
    factory.start();
    await factory.waitForCacheSync();
    const syncMs = performance.now() - t0;
    expect(nm.lister().list()).toHaveLength(total);
    await vi.waitFor(() => expect(seen.size).toBe(total), { timeout: 20_000, interval: 50 });
    expect(nm.lister().list(`e2e-batch=${batch}`)).toHaveLength(total);
    expect(nm.lister().get(`many-${batch}-02999`).metadata?.labels?.['e2e-batch']).toBe(batch);
    expect(factory.recorded[0]!.lists.map((l) => [l.limit, Boolean(l.continue)])).toEqual([[500, false], ...Array.from({ length: 5 }, () => [500, true])]);
    console.log(`[cache e2e] ${total} NodeMetrics synced in ${Math.round(syncMs)} ms`);
    const running = { timers: count('Timeout'), sockets: count('TCPSocketWrap') };
    await factory.shutdown();
    await new Promise((r) => setTimeout(r, 100)); // let the socket close be processed
    const after = { sockets: count('TCPSocketWrap') };
    // The watch's socket and the resync timer are gone; the bulk client's idle sockets only ever close.
    expect(after.sockets).toBeLessThan(running.sockets);
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
    await own.close();
    await cluster.cs.sloV1alpha1.nodeMetrics().deleteCollection({ labelSelector: `e2e-batch=${batch}` });
  });
});
