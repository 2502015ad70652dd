// The informer through API server trouble, on envtests of its own: a stopped and restarted
// kube-apiserver (the cache keeps serving, then catches up), and a watch resumed from a
// compacted resourceVersion (real 410 Expired: relist, updates, DeletedFinalStateUnknown
// tombstones), and WatchList without a watch cache.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installCrds } from '../../../src/client/crd-installer.js';
import { startEnvtest, type Envtest } from '../../../src/envtest/index.js';
import type { Clientset } from '../../../src/generated/clientset.js';
import { allResources } from '../../../src/generated/index.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import type { CacheErrorContext } from '../../../src/cache/error-handler.js';
import { tweakListerWatcher, type ListerWatcher } from '../../../src/cache/lister-watcher.js';
import { SharedIndexInformer } from '../../../src/cache/shared-informer.js';
import type { WatchOptions } from '../../../src/meta/options.js';
import type { WatchEvent } from '../../../src/meta/watch-event.js';
import { NetworkError } from '../../../src/rest/errors.js';
import { envtestInfo } from '../env.js';
import { suffix } from '../support/cluster.js';
import { connectUnthrottled, createNodeMetrics, RecordingListerWatcher, recordingHandler } from './support.js';

const waitLong = { timeout: 90_000, interval: 100 };

async function startCluster(apiServerFlags?: Record<string, string>): Promise<{ env: Envtest; cs: Clientset }> {
  const env = await startEnvtest({ binaryAssetsDir: envtestInfo().assetsDir, ...(apiServerFlags ? { apiServerFlags } : {}) });
  const cs = await connectUnthrottled(env.restConfig);
  await installCrds(cs, allResources, { waitTimeoutMs: 120_000 });
  return { env, cs };
}

function nodeMetricsOf(cs: Clientset, batch: string): ListerWatcher<NodeMetric> {
  return tweakListerWatcher(cs.sloV1alpha1.nodeMetrics(), (o) => {
    o.labelSelector = `e2e-batch=${batch}`;
  });
}

/**
 * A ListerWatcher whose watches the test can cut and hold back: `hold()` ends the open watch and
 * keeps new ones waiting until `release()`, as a long network partition would.
 */
class GatedListerWatcher<T> implements ListerWatcher<T> {
  private cut = new AbortController();
  private gate: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;
  constructor(private readonly inner: ListerWatcher<T>) {}

  list: ListerWatcher<T>['list'] = (opts) => this.inner.list(opts);

  async *watch(opts: WatchOptions): AsyncGenerator<WatchEvent<T>> {
    const stop = opts.signal;
    await new Promise<void>((resolve) => {
      void this.gate.then(resolve);
      stop?.addEventListener('abort', () => resolve(), { once: true });
    });
    if (stop?.aborted) return;
    const signal = stop ? AbortSignal.any([stop, this.cut.signal]) : this.cut.signal;
    yield* this.inner.watch({ ...opts, signal });
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
    this.cut.abort();
    this.cut = new AbortController();
  }

  release(): void {
    this.open?.();
  }
}

describe('informer resilience (own envtest)', () => {
  describe('kube-apiserver stopped and restarted', () => {
    let env: Envtest;
    let cs: Clientset;
    beforeAll(async () => {
      ({ env, cs } = await startCluster());
    });
    afterAll(async () => {
      await cs?.close();
      await env?.stop();
    });

    it('keeps serving the cache while the server is down, reconnects with backoff, and catches up', async () => {
      const batch = suffix();
      await createNodeMetrics(cs, `rs-${batch}`, batch, 3);
      const errors: Array<{ err: unknown; ctx: CacheErrorContext }> = [];
      const lw = new RecordingListerWatcher(nodeMetricsOf(cs, batch));
      const informer = new SharedIndexInformer<NodeMetric>(lw, { backoff: { initialMs: 200, maxMs: 2000 }, onError: (err, ctx) => errors.push({ err, ctx }) });
      const { events, handler } = recordingHandler<NodeMetric>();
      informer.addEventHandler(handler);
      const run = informer.run();
      await informer.waitForSync();

      await env.stopApiServer();
      await vi.waitFor(() => expect(errors.some((e) => e.ctx.phase === 'watch' && e.err instanceof NetworkError)).toBe(true), waitLong);
      expect(informer.getStore().size).toBe(3); // still served from the cache
      const watchesWhileDown = lw.watches.length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(lw.watches.length - watchesWhileDown).toBeLessThanOrEqual(3); // backing off, not spinning

      await env.startApiServer();
      await cs.sloV1alpha1.nodeMetrics().create({ metadata: { name: `rs-${batch}-new`, labels: { 'e2e-batch': batch } } });
      await cs.sloV1alpha1.nodeMetrics().patch(`rs-${batch}-00001`, { type: 'merge', patch: { metadata: { labels: { touched: 'yes' } } } });
      await vi.waitFor(() => {
        expect(informer.getStore().getByKey(`rs-${batch}-new`)).toBeDefined();
        expect(informer.getStore().getByKey(`rs-${batch}-00001`)?.metadata?.labels?.touched).toBe('yes');
      }, waitLong);
      // The unchanged objects were announced once only, whether the reflector re-watched or relisted.
      expect(events.filter((e) => e.type === 'add').map((e) => e.name).sort()).toEqual([`rs-${batch}-00000`, `rs-${batch}-00001`, `rs-${batch}-00002`, `rs-${batch}-new`]);
      expect(events.filter((e) => e.type === 'update').map((e) => e.name)).toEqual([`rs-${batch}-00001`]);
      console.log(`[cache e2e] restart: ${lw.lists.length} list(s), ${lw.watches.length} watch(es), ${errors.length} reported error(s)`);
      await informer.stop();
      await run;
    });
  });

  describe('a watch resumed from a compacted resourceVersion', () => {
    let env: Envtest;
    let cs: Clientset;
    beforeAll(async () => {
      // Watches go straight to etcd, which the API server compacts every second.
      ({ env, cs } = await startCluster({ 'watch-cache': 'false', 'etcd-compaction-interval': '1s' }));
    });
    afterAll(async () => {
      await cs?.close();
      await env?.stop();
    });

    it('gets 410 Expired, relists, and reports what changed meanwhile: updates, adds and tombstones', async () => {
      const batch = suffix();
      await createNodeMetrics(cs, `gone-${batch}`, batch, 3);
      const recording = new RecordingListerWatcher(nodeMetricsOf(cs, batch));
      const lw = new GatedListerWatcher(recording);
      const informer = new SharedIndexInformer<NodeMetric>(lw, { backoff: { initialMs: 200, maxMs: 2000 }, onError: () => {} });
      const { events, handler } = recordingHandler<NodeMetric>();
      informer.addEventHandler(handler);
      const run = informer.run();
      await informer.waitForSync();
      await vi.waitFor(() => expect(recording.watches.length).toBe(1), waitLong);
      events.length = 0;

      lw.hold();
      const nm = cs.sloV1alpha1.nodeMetrics();
      await nm.delete(`gone-${batch}-00000`);
      const changed = await nm.patch(`gone-${batch}-00001`, { type: 'merge', patch: { metadata: { labels: { touched: 'yes' } } } });
      const added = await nm.create({ metadata: { name: `gone-${batch}-new`, labels: { 'e2e-batch': batch } } });
      await new Promise((r) => setTimeout(r, 4000)); // a few compactions pass the informer's resourceVersion
      lw.release();

      await vi.waitFor(() => expect(recording.lists.length).toBe(2), waitLong);
      await vi.waitFor(() => expect(events).toHaveLength(3), waitLong);
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'update', name: `gone-${batch}-00001`, newRv: changed.metadata?.resourceVersion }),
          expect.objectContaining({ type: 'add', name: `gone-${batch}-new`, rv: added.metadata?.resourceVersion, initial: false }),
          expect.objectContaining({ type: 'delete', name: `gone-${batch}-00000`, tombstone: true }),
        ]),
      );
      expect(informer.getStore().listKeys().sort()).toEqual([`gone-${batch}-00001`, `gone-${batch}-00002`, `gone-${batch}-new`]);
      await informer.stop();
      await run;
    });

    it('WatchList is served straight from etcd too (no list call); the fallback to a list is unit-tested', async () => {
      const batch = suffix();
      await createNodeMetrics(cs, `wlf-${batch}`, batch, 5);
      const errors: Array<{ err: unknown; ctx: CacheErrorContext }> = [];
      const lw = new RecordingListerWatcher(nodeMetricsOf(cs, batch));
      const informer = new SharedIndexInformer<NodeMetric>(lw, { watchList: true, onError: (err, ctx) => errors.push({ err, ctx }) });
      const run = informer.run();
      expect(await informer.waitForSync()).toBe(true);
      expect(informer.getStore().size).toBe(5);
      expect(errors).toEqual([]);
      expect(lw.lists).toHaveLength(0);
      expect(lw.watches[0]).toMatchObject({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' });
      await informer.stop();
      await run;
    });
  });
});
