// Watch sees create/update/delete in order, delivers bookmarks when asked, reports 410 for an
// expired resourceVersion, and stops promptly on abort.
import { describe, expect, it } from 'vitest';
import type { NodeMetric } from '../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import type { WatchEvent } from '../../src/meta/watch-event.js';
import { isGone } from '../../src/rest/errors.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

describe('watch', () => {
  it('sees ADDED, MODIFIED, DELETED for one object in order, then stops on abort', async () => {
    const client = cluster.cs.sloV1alpha1.nodeMetrics();
    const name = `nm-${suffix()}`;
    const start = await client.list({ limit: 1 });
    const ac = new AbortController();
    const events: WatchEvent<NodeMetric>[] = [];
    const consumer = (async () => {
      for await (const ev of client.watch({ resourceVersion: start.metadata.resourceVersion, fieldSelector: `metadata.name=${name}`, signal: ac.signal })) {
        events.push(ev);
        if (ev.type === 'DELETED') ac.abort();
      }
      return 'ended';
    })();
    const created = await client.create({ metadata: { name }, spec: { metricCollectPolicy: { reportIntervalSeconds: 60 } } });
    await client.patch(name, { type: 'merge', patch: { spec: { metricCollectPolicy: { reportIntervalSeconds: 30 } } } });
    await client.delete(name);
    const t0 = Date.now();
    expect(await consumer).toBe('ended');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events[0]!.object.metadata?.uid).toBe(created.metadata?.uid);
    expect(events[1]!.object.spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(30);
  });

  it('an abort while idle ends the iteration without an error', async () => {
    const ac = new AbortController();
    const it = cluster.cs.sloV1alpha1.nodeMetrics().watch({ fieldSelector: `metadata.name=none-${suffix()}`, signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    const seen: unknown[] = [];
    for await (const ev of it) seen.push(ev);
    expect(seen).toEqual([]);
  });

  it('breaking out of the loop releases the stream', async () => {
    const client = cluster.cs.sloV1alpha1.nodeMetrics();
    const name = `nm-${suffix()}`;
    await client.create({ metadata: { name } });
    for await (const ev of client.watch({ fieldSelector: `metadata.name=${name}` })) {
      expect(ev.type).toBe('ADDED'); // initial state without a resourceVersion
      break;
    }
    await client.delete(name);
  });

  it('delivers bookmarks when allowed', async () => {
    const client = cluster.cs.sloV1alpha1.nodeMetrics();
    const list = await client.list({ limit: 1 });
    // sendInitialEvents=true asks for an initial-events-end bookmark right away.
    const ac = new AbortController();
    let bookmark: WatchEvent<NodeMetric> | undefined;
    for await (const ev of client.watch({ allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', resourceVersion: list.metadata.resourceVersion, signal: ac.signal })) {
      if (ev.type === 'BOOKMARK') {
        bookmark = ev;
        ac.abort();
      }
    }
    expect(bookmark?.object.metadata?.resourceVersion).toBeTruthy();
    expect(bookmark?.object.metadata?.annotations?.['k8s.io/initial-events-end']).toBe('true');
  });

  it('a resourceVersion that is too old is a typed 410 Gone', async () => {
    const err = await (async () => {
      for await (const _ of cluster.cs.sloV1alpha1.nodeMetrics().watch({ resourceVersion: '1' })) {
        /* none expected */
      }
    })().catch((e: unknown) => e);
    expect(isGone(err)).toBe(true);
  });
});
