// The informer through a kube-apiserver outage during which the cluster keeps changing: the
// primary API server (the informer's) is stopped (SIGTERM: open watches end cleanly) or killed
// (SIGKILL: connections reset); objects are created, updated and deleted through a second
// kube-apiserver on the same etcd; the primary is started again. After recovery the cache must
// equal a fresh list, and the handler must have seen exactly one event per change: an add per
// created object, an update per updated one, a delete per deleted one (the final object from a
// resumed watch, or a DeletedFinalStateUnknown tombstone after a relist), and nothing for the
// untouched objects. An object deleted and created again under the same name meanwhile is one
// update (with a new uid) after a relist, and a delete then an add from a resumed watch, as in
// client-go. Each set of API server flags runs on an envtest of its own.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installCrds } from '../../../src/client/crd-installer.js';
import type { CacheErrorContext } from '../../../src/cache/error-handler.js';
import { tweakListerWatcher, type ListerWatcher } from '../../../src/cache/lister-watcher.js';
import { SharedIndexInformer } from '../../../src/cache/shared-informer.js';
import { startEnvtest, type Envtest, type SecondaryApiServer } from '../../../src/envtest/index.js';
import type { Clientset } from '../../../src/generated/clientset.js';
import { allResources } from '../../../src/generated/index.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import { isGone, NetworkError } from '../../../src/rest/errors.js';
import { envtestInfo } from '../env.js';
import { suffix } from '../support/cluster.js';
import { connectUnthrottled, createNodeMetrics, RecordingListerWatcher, recordingHandler, type Recorded } from './support.js';

const waitLong = { timeout: 90_000, interval: 200 };
const OBJECTS = 50;
const CHANGED = 10; // objects deleted, objects updated, objects created during the outage

/** How the informer is expected to catch up after the outage. */
type Recovery = 'resume' | 'relist';

interface Scenario {
  title: string;
  apiServerFlags?: Record<string, string>;
  /** Keep the primary down until etcd has compacted past the informer's resourceVersion. */
  outlastCompaction: boolean;
  recovery: Recovery;
}

const scenarios: Scenario[] = [
  {
    // The restarted server's watch cache starts from a list newer than the informer's
    // resourceVersion, so resuming the watch is answered 410 Expired.
    title: 'default flags (watch cache): the fresh watch cache is newer than the informer, which relists',
    outlastCompaction: false,
    recovery: 'relist',
  },
  {
    // Watches go straight to etcd, where nothing is compacted within the test.
    title: 'no watch cache, no compaction: the watch resumes from the last resourceVersion',
    apiServerFlags: { 'watch-cache': 'false' },
    outlastCompaction: false,
    recovery: 'resume',
  },
  {
    // Watches go straight to etcd, which both API servers compact every second: the outage
    // lasts until the informer's resourceVersion is compacted away.
    title: "etcd compacted past the informer's resourceVersion during the outage: 410 Expired, relist",
    apiServerFlags: { 'watch-cache': 'false', 'etcd-compaction-interval': '1s' },
    outlastCompaction: true,
    recovery: 'relist',
  },
];

function nodeMetricsOf(cs: Clientset, batch: string): ListerWatcher<NodeMetric> {
  return tweakListerWatcher(cs.sloV1alpha1.nodeMetrics(), (o) => {
    o.labelSelector = `e2e-batch=${batch}`;
  });
}

function byName<T extends { metadata?: { name?: string } }>(objs: readonly T[]): T[] {
  return [...objs].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

function versions(objs: readonly { metadata?: { name?: string; resourceVersion?: string } }[]): Record<string, string | undefined> {
  return Object.fromEntries(objs.map((o) => [o.metadata?.name ?? '', o.metadata?.resourceVersion]));
}

/** `phase:ErrorName(code) xN, ...` for a log line. */
function describeErrors(errors: readonly { err: unknown; ctx: CacheErrorContext }[]): string {
  const counts = new Map<string, number>();
  for (const { err, ctx } of errors) {
    const e = err as { name?: string; code?: unknown };
    const key = `${ctx.phase}:${e?.name ?? typeof err}${typeof e?.code === 'number' ? `(${e.code})` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} x${n}`).join(', ') || 'none';
}

/** Waits until a watch from `resourceVersion` is refused with 410: etcd has compacted past it. */
async function waitUntilCompacted(cs: Clientset, labelSelector: string, resourceVersion: string): Promise<void> {
  const nm = cs.sloV1alpha1.nodeMetrics();
  await vi.waitFor(async () => {
    let gone = false;
    try {
      // An event (rather than an error) first means the resourceVersion is still there.
      for await (const _ of nm.watch({ resourceVersion, labelSelector, timeoutSeconds: 1 })) break;
    } catch (err) {
      if (!isGone(err)) throw err;
      gone = true;
    }
    expect(gone, `resourceVersion ${resourceVersion} not compacted yet`).toBe(true);
  }, { timeout: 60_000, interval: 500 });
}

describe('informer across a kube-apiserver restart while objects change through another API server (own envtest)', () => {
  describe.each(scenarios)('$title', (scenario) => {
    let env: Envtest;
    let secondary: SecondaryApiServer;
    let cs: Clientset; // through the primary: the informer's route
    let other: Clientset; // through the secondary: the route of the changes during the outage
    beforeAll(async () => {
      env = await startEnvtest({ binaryAssetsDir: envtestInfo().assetsDir, ...(scenario.apiServerFlags ? { apiServerFlags: scenario.apiServerFlags } : {}) });
      cs = await connectUnthrottled(env.restConfig);
      await installCrds(cs, allResources, { waitTimeoutMs: 120_000 });
      secondary = await env.startSecondaryApiServer();
      other = await connectUnthrottled(secondary.restConfig);
      // The secondary learns the CRDs from etcd; wait until it serves NodeMetrics.
      await vi.waitFor(() => other.sloV1alpha1.nodeMetrics().list({ limit: 1 }), waitLong);
    });
    afterAll(async () => {
      await cs?.close();
      await other?.close();
      const secondaryPid = secondary?.pid;
      await env?.stop();
      if (secondaryPid !== undefined) expect(secondary.pid).toBeUndefined(); // stopped with the envtest
    });

    it.each([
      { how: 'stopped', kill: false },
      { how: 'killed', kill: true },
    ])('primary $how: the cache ends equal to a fresh list, with one event per change and none for untouched objects', async ({ how, kill }) => {
      const batch = suffix();
      const prefix = `rwc-${batch}`;
      const labelSelector = `e2e-batch=${batch}`;
      await createNodeMetrics(cs, prefix, batch, OBJECTS);
      const names = Array.from({ length: OBJECTS }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
      const toDelete = names.slice(0, CHANGED);
      const toUpdate = names.slice(CHANGED, 2 * CHANGED);
      const recreatedName = names[2 * CHANGED]!;
      const untouched = new Set(names.slice(2 * CHANGED + 1));
      const toCreate = Array.from({ length: CHANGED }, (_, i) => `${prefix}-new-${i}`);

      const errors: Array<{ err: unknown; ctx: CacheErrorContext }> = [];
      const lw = new RecordingListerWatcher(nodeMetricsOf(cs, batch));
      const informer = new SharedIndexInformer<NodeMetric>(lw, { backoff: { initialMs: 200, maxMs: 1000 }, onError: (err, ctx) => errors.push({ err, ctx }) });
      const { events, handler } = recordingHandler<NodeMetric>();
      informer.addEventHandler(handler);
      const run = informer.run();
      try {
        expect(await informer.waitForSync()).toBe(true);
        await vi.waitFor(() => expect(events).toHaveLength(OBJECTS), waitLong);
        expect(events.every((e) => e.type === 'add' && e.initial)).toBe(true);
        await vi.waitFor(() => expect(lw.watches).toHaveLength(1), waitLong);
        const before = versions(informer.getStore().list());
        expect(Object.keys(before).sort()).toEqual(names);
        const informerRv = informer.lastSyncResourceVersion();
        const oldUid = informer.getStore().getByKey(recreatedName)?.metadata?.uid;
        expect(oldUid).toBeTruthy();
        events.length = 0;

        // Primary down: the informer's watch breaks and its re-watches fail.
        const ms = (from: number): number => Math.round(performance.now() - from);
        let t = performance.now();
        await env.stopApiServer({ kill });
        const stopMs = ms(t);
        await vi.waitFor(() => expect(errors.some((e) => e.ctx.phase === 'watch' && e.err instanceof NetworkError)).toBe(true), waitLong);
        expect(env.apiServerPid).toBeUndefined();

        // Meanwhile, through the secondary: deletes, updates (a label and the spec), creates.
        t = performance.now();
        const nm = other.sloV1alpha1.nodeMetrics();
        for (const name of toDelete) await nm.delete(name);
        const updated = new Map<string, NodeMetric>();
        for (const name of toUpdate) {
          const cur = await nm.get(name);
          const next = await nm.update({
            ...cur,
            metadata: { ...cur.metadata, labels: { ...cur.metadata?.labels, touched: 'yes' } },
            spec: { metricCollectPolicy: { reportIntervalSeconds: 30, aggregateDurationSeconds: 300 } },
          });
          expect(next.metadata?.resourceVersion).not.toBe(cur.metadata?.resourceVersion);
          updated.set(name, next);
        }
        const created = new Map<string, NodeMetric>();
        for (const name of toCreate) {
          created.set(name, await nm.create({ metadata: { name, labels: { 'e2e-batch': batch } }, spec: { metricCollectPolicy: { reportIntervalSeconds: 15 } } }));
        }
        await nm.delete(recreatedName);
        const recreated = await nm.create({ metadata: { name: recreatedName, labels: { 'e2e-batch': batch } }, spec: { metricCollectPolicy: { reportIntervalSeconds: 5 } } });
        expect(recreated.metadata?.uid).not.toBe(oldUid);
        if (scenario.outlastCompaction) await waitUntilCompacted(other, labelSelector, informerRv);
        const outageMs = ms(t);
        // Nothing reached the informer while its server was down.
        expect(events).toEqual([]);
        expect(versions(informer.getStore().list())).toEqual(before);

        // Primary up again: the informer catches up.
        const listsBeforeRestart = lw.lists.length;
        t = performance.now();
        await env.startApiServer();
        const startMs = ms(t);
        t = performance.now();
        const primary = cs.sloV1alpha1.nodeMetrics();
        await vi.waitFor(async () => {
          const fresh = await primary.list({ labelSelector });
          expect(versions(informer.getStore().list())).toEqual(versions(fresh.items));
          expect(events.length).toBeGreaterThanOrEqual(3 * CHANGED + 1);
        }, waitLong);
        const recoveryMs = ms(t);
        await new Promise((r) => setTimeout(r, 1500)); // let any stray notification arrive

        // The cache equals a fresh list: same keys, resourceVersions and content.
        const fresh = await primary.list({ labelSelector });
        expect(informer.getStore().listKeys().sort()).toEqual(fresh.items.map((o) => o.metadata?.name).sort());
        expect(byName(informer.getStore().list())).toEqual(byName(fresh.items));
        expect(fresh.items).toHaveLength(OBJECTS);

        // Exactly one event per change, none for the untouched objects.
        const of = <K extends Recorded['type']>(type: K) =>
          events.filter((e): e is Extract<Recorded, { type: K }> => e.type === type && e.name !== recreatedName);
        expect(events.filter((e) => untouched.has(e.name))).toEqual([]);
        const recreatedEvents = events.filter((e) => e.name === recreatedName);
        expect(events).toHaveLength(3 * CHANGED + recreatedEvents.length);

        const adds = of('add');
        expect(adds.map((e) => e.name).sort()).toEqual([...toCreate].sort());
        for (const e of adds) expect(e, e.name).toMatchObject({ rv: created.get(e.name)?.metadata?.resourceVersion, initial: false });

        const updates = of('update');
        expect(updates.map((e) => e.name).sort()).toEqual(toUpdate);
        for (const e of updates) {
          const next = updated.get(e.name);
          expect(e, e.name).toMatchObject({ oldRv: before[e.name], newRv: next?.metadata?.resourceVersion });
          expect(e.newObj).toEqual(next);
          expect((e.newObj as NodeMetric).spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(30);
          expect((e.newObj as NodeMetric).metadata?.labels?.touched).toBe('yes');
        }

        const deletes = of('delete');
        expect(deletes.map((e) => e.name).sort()).toEqual(toDelete); // once each
        const tombstones = deletes.filter((e) => e.tombstone).length;
        const restartLists = lw.lists.length - listsBeforeRestart;
        console.log(
          `[cache e2e] restart with changes (${how}, ${scenario.recovery}): ${restartLists} relist(s), ${lw.watches.length} watch(es), ` +
            `${tombstones}/${deletes.length} tombstone(s), reported errors: ${describeErrors(errors)}; ` +
            `stop ${stopMs} ms, changes ${outageMs} ms, start ${startMs} ms, caught up ${recoveryMs} ms after ready`,
        );
        const newRv = recreated.metadata?.resourceVersion;
        if (scenario.recovery === 'relist') {
          // The deleted objects vanished from a relist: tombstones holding the last known state.
          expect(restartLists).toBe(1);
          for (const e of deletes) expect(e, e.name).toMatchObject({ tombstone: true, rv: before[e.name] });
          expect(errors.filter((e) => e.ctx.phase === 'list')).toEqual([]);
          // The relist only sees the key again, with another uid.
          expect(recreatedEvents).toEqual([expect.objectContaining({ type: 'update', oldRv: before[recreatedName], newRv })]);
          const [update] = recreatedEvents as Extract<Recorded, { type: 'update' }>[];
          expect((update!.oldObj as NodeMetric).metadata?.uid).toBe(oldUid);
          expect(update!.newObj).toEqual(recreated);
        } else {
          // The resumed watch delivered each deletion with the object's final state.
          expect(restartLists).toBe(0);
          for (const e of deletes) expect(e.tombstone, e.name).toBe(false);
          for (const e of deletes) expect(e.rv, e.name).not.toBe(before[e.name]);
          expect(recreatedEvents).toEqual([
            expect.objectContaining({ type: 'delete', tombstone: false }),
            expect.objectContaining({ type: 'add', rv: newRv, initial: false }),
          ]);
        }
      } finally {
        await informer.stop();
        await run;
      }
    });
  });
});
