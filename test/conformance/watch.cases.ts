/**
 * Conformance cases on watch (from a resourceVersion, selectors, initial events and their
 * bookmark, 410 for a compacted resourceVersion) and on informers built on list + watch.
 */
import { expect, vi } from 'vitest';
import { InformerFactory } from '../../src/generated/informer-factory.js';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import type { WatchOptions } from '../../src/meta/options.js';
import type { WatchEvent } from '../../src/meta/watch-event.js';
import { ApiError, isGone } from '../../src/rest/errors.js';
import { unique, type ConformanceBackend, type ConformanceCase } from './backend.js';
import { reservation } from './support.js';

/** Collects events of a Reservation watch until `done` holds (or 15 s pass), then stops it. */
async function collect(b: ConformanceBackend, opts: WatchOptions, done: (events: WatchEvent<Reservation>[]) => boolean): Promise<WatchEvent<Reservation>[]> {
  const events: WatchEvent<Reservation>[] = [];
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 15_000);
  try {
    for await (const ev of b.cs.schedulingV1alpha1.reservations().watch({ ...opts, signal: ac.signal })) {
      events.push(ev);
      if (done(events)) break;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return events;
}

const summary = (events: WatchEvent<Reservation>[]): string[] => events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata?.name} ${e.object.spec?.ttl ?? ''}`.trim());

export const watchCases: readonly ConformanceCase[] = [
  {
    name: 'a watch from a resourceVersion replays the later changes in order, each with its resourceVersion',
    async run(b) {
      const rsv = b.cs.schedulingV1alpha1.reservations();
      const batch = unique('w');
      const start = await rsv.create(reservation(`${batch}-0`, { batch }));
      const a = await rsv.create(reservation(`${batch}-a`, { batch }));
      const patched = await rsv.patch(`${batch}-a`, { type: 'merge', patch: { spec: { ttl: '2h' } } });
      await rsv.delete(`${batch}-a`);
      const events = await collect(b, { resourceVersion: start.metadata!.resourceVersion!, labelSelector: `batch=${batch}` }, (e) => summary(e).length >= 3);
      expect(summary(events)).toEqual([`ADDED ${batch}-a 24h`, `MODIFIED ${batch}-a 2h`, `DELETED ${batch}-a 2h`]);
      const real = events.filter((e) => e.type !== 'BOOKMARK');
      expect(real[0]?.object.metadata?.resourceVersion).toBe(a.metadata?.resourceVersion);
      expect(real[1]?.object.metadata?.resourceVersion).toBe(patched.metadata?.resourceVersion);
      expect(Number(real[2]?.object.metadata?.resourceVersion)).toBeGreaterThan(Number(patched.metadata?.resourceVersion));
      expect(real[0]?.object.apiVersion).toBe('scheduling.koordinator.sh/v1alpha1');
      expect(real[0]?.object.kind).toBe('Reservation');
      await rsv.delete(`${batch}-0`);
    },
  },
  {
    name: 'a watch with a label selector sees an object leave (DELETED) and enter (ADDED) the selection',
    async run(b) {
      const rsv = b.cs.schedulingV1alpha1.reservations();
      const batch = unique('ws');
      const created = await rsv.create(reservation(`${batch}-x`, { batch, on: 'yes' }));
      const left = await rsv.patch(`${batch}-x`, { type: 'merge', patch: { metadata: { labels: { on: 'no' } } } });
      await rsv.patch(`${batch}-x`, { type: 'merge', patch: { metadata: { labels: { on: 'yes' } }, spec: { ttl: '3h' } } });
      const events = await collect(b, { resourceVersion: created.metadata!.resourceVersion!, labelSelector: `batch=${batch},on=yes` }, (e) => summary(e).length >= 2);
      expect(summary(events)).toEqual([`DELETED ${batch}-x 24h`, `ADDED ${batch}-x 3h`]);
      // The DELETED event carries the last state that matched, at the revision of the change that left.
      const deleted = events.find((e) => e.type === 'DELETED')?.object;
      expect(deleted?.metadata?.labels?.on).toBe('yes');
      expect(deleted?.metadata?.resourceVersion).toBe(left.metadata?.resourceVersion);
      await rsv.delete(`${batch}-x`);
    },
  },
  {
    name: 'a watch without a resourceVersion starts with ADDED events for what exists; with sendInitialEvents they end with a bookmark',
    async run(b) {
      const rsv = b.cs.schedulingV1alpha1.reservations();
      const batch = unique('wi');
      await rsv.create(reservation(`${batch}-1`, { batch }));
      const last = await rsv.create(reservation(`${batch}-2`, { batch }));
      const plain = await collect(b, { labelSelector: `batch=${batch}` }, (e) => summary(e).length >= 2);
      expect(summary(plain).sort()).toEqual([`ADDED ${batch}-1 24h`, `ADDED ${batch}-2 24h`]);
      const initial = await collect(b, { labelSelector: `batch=${batch}`, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true }, (e) => e.some((x) => x.type === 'BOOKMARK'));
      expect(initial.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
      const bookmark = initial[2]!.object;
      expect(bookmark.metadata?.annotations?.['k8s.io/initial-events-end']).toBe('true');
      expect(Number(bookmark.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(last.metadata?.resourceVersion));
      expect(bookmark.kind).toBe('Reservation');
      await rsv.deleteCollection({ labelSelector: `batch=${batch}` });
    },
  },
  {
    name: 'a watch from a compacted resourceVersion fails with 410 Expired',
    async run(b) {
      await b.cs.schedulingV1alpha1.reservations().create(reservation(unique('wc')));
      await b.compact();
      const err = await collect(b, { resourceVersion: '1' }, () => true).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(isGone(err)).toBe(true);
      expect((err as ApiError).code).toBe(410);
      expect((err as ApiError).reason).toBe('Expired');
      expect((err as ApiError).status.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
    },
  },
  {
    name: 'an InformerFactory syncs, delivers add / update / delete and serves listers',
    async run(b) {
      const rsv = b.cs.schedulingV1alpha1.reservations();
      const batch = unique('inf');
      await rsv.create(reservation(`${batch}-pre`, { batch }));
      const factory = new InformerFactory(b.cs, { labelSelector: `batch=${batch}`, onError: () => {} });
      const seen: string[] = [];
      factory.schedulingV1alpha1.reservations.informer().addEventHandler({
        onAdd: (r) => void seen.push(`add ${r.metadata?.name}`),
        onUpdate: (o, n) => void seen.push(`update ${n.metadata?.name} ${o.spec?.ttl}->${n.spec?.ttl}`),
        onDelete: (r) => void seen.push(`delete ${'metadata' in r ? r.metadata?.name : ''}`),
      });
      factory.start();
      try {
        await factory.waitForCacheSync();
        expect(factory.schedulingV1alpha1.reservations.lister().get(`${batch}-pre`).spec?.ttl).toBe('24h');
        await rsv.create(reservation(`${batch}-new`, { batch }));
        await rsv.patch(`${batch}-new`, { type: 'merge', patch: { spec: { ttl: '2h' } } });
        await rsv.delete(`${batch}-new`);
        await vi.waitFor(() => expect(seen).toEqual([`add ${batch}-pre`, `add ${batch}-new`, `update ${batch}-new 24h->2h`, `delete ${batch}-new`]), { timeout: 15_000, interval: 20 });
        expect(factory.schedulingV1alpha1.reservations.lister().list().map((r) => r.metadata?.name)).toEqual([`${batch}-pre`]);
      } finally {
        await factory.shutdown();
      }
      await rsv.delete(`${batch}-pre`);
    },
  },
];
