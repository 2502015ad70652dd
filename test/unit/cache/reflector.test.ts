import { afterEach, describe, expect, it, vi } from 'vitest';
import { Indexer } from '../../../src/cache/indexer.js';
import { Reflector } from '../../../src/cache/reflector.js';
import { tweakListerWatcher } from '../../../src/cache/lister-watcher.js';
import type { CacheErrorContext } from '../../../src/cache/error-handler.js';
import { ApiError } from '../../../src/rest/errors.js';
import { BatchingListerWatcher, bookmark, connectionReset, expired, ScriptedListerWatcher, settle, thing, type Thing } from './support/scripted-lister-watcher.js';

// setImmediate stays real so that settle() can let promise chains run.
const fakeTimers = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as Array<'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval' | 'Date'> };

function setup(opts: { watchList?: boolean; pageSize?: number; listFromWatchCache?: boolean } = {}) {
  const lw = new ScriptedListerWatcher();
  const store = new Indexer<Thing>();
  const errors: Array<{ err: unknown; ctx: CacheErrorContext }> = [];
  const reflector = new Reflector<Thing>(lw, store, { ...opts, onError: (err, ctx) => errors.push({ err, ctx }), random: () => 0.5 });
  const ac = new AbortController();
  return { lw, store, errors, reflector, ac, done: () => reflector.run(ac.signal) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Reflector', () => {
  it('lists consistently in pages of 500 by default, replaces the store, then watches from the list resourceVersion with bookmarks and a 5-10 min timeout', async () => {
    const { lw, store, reflector, ac, done } = setup();
    lw.items = Array.from({ length: 1200 }, (_, i) => thing(`t${i}`, `r${i}`));
    lw.listResourceVersion = 'opaque-list-rv';
    const running = done();
    const w = await lw.watchAt(0);
    expect(lw.listCalls.map((c) => [c.limit, c.continue, c.resourceVersion])).toEqual([
      [500, undefined, undefined],
      [500, '500', undefined],
      [500, '1000', undefined],
    ]);
    expect(store.size).toBe(1200);
    expect(w.opts.resourceVersion).toBe('opaque-list-rv');
    expect(w.opts.allowWatchBookmarks).toBe(true);
    expect(w.opts.sendInitialEvents).toBeUndefined();
    expect(w.opts.timeoutSeconds).toBe(450); // 300 * (1 + 0.5)
    expect(reflector.lastSyncResourceVersion).toBe('opaque-list-rv');
    ac.abort();
    await running;
    expect(w.finished).toBe(true);
  });

  it('applies watch events, and bookmarks only advance the resourceVersion', async () => {
    const { lw, store, reflector, ac, done } = setup();
    lw.items = [thing('a', '1')];
    const running = done();
    const w = await lw.watchAt(0);
    w.added(thing('b', '2')).modified(thing('a', '3', { value: 7 })).deleted(thing('b', '4')).send(bookmark('bm-5'));
    await settle();
    expect(store.listKeys().sort()).toEqual(['a']);
    expect(store.getByKey('a')?.spec?.value).toBe(7);
    expect(reflector.lastSyncResourceVersion).toBe('bm-5');
    w.close(); // server-side timeout: watch again from the bookmark, without relisting
    const w2 = await lw.watchAt(1);
    expect(w2.opts.resourceVersion).toBe('bm-5');
    expect(lw.listCalls).toHaveLength(1);
    ac.abort();
    await running;
  });

  it('re-watches after a dropped connection with backoff and without relisting', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, store, errors, ac, done } = setup();
    lw.items = [thing('a', '1')];
    const running = done();
    const w = await lw.watchAt(0);
    w.added(thing('b', '2')).fail(connectionReset());
    await settle();
    expect(errors.map((e) => e.ctx.phase)).toEqual(['watch']);
    expect(lw.watches).toHaveLength(1); // waiting for the backoff
    await vi.advanceTimersByTimeAsync(1200); // 800 ms * (1 + 0.5 jitter)
    const w2 = await lw.watchAt(1);
    expect(w2.opts.resourceVersion).toBe('2');
    expect(lw.listCalls).toHaveLength(1);
    expect(store.listKeys().sort()).toEqual(['a', 'b']);
    // The server is down: opening fails too; the backoff doubles.
    lw.watchOpenErrors.push(connectionReset());
    w2.fail(connectionReset());
    await settle();
    await vi.advanceTimersByTimeAsync(2400);
    await lw.watchAt(2);
    await settle();
    expect(lw.watches).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4799);
    expect(lw.watches).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    const w4 = await lw.watchAt(3);
    expect(w4.opts.resourceVersion).toBe('2');
    expect(lw.listCalls).toHaveLength(1);
    ac.abort();
    await running;
  });

  it('relists on 410 Expired and replaces the store', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, store, errors, ac, done } = setup();
    lw.items = [thing('a', '1'), thing('b', '1')];
    const running = done();
    const w = await lw.watchAt(0);
    lw.items = [thing('a', '5'), thing('c', '5')];
    lw.listResourceVersion = 'rv-list-2';
    w.fail(expired());
    await settle();
    await vi.advanceTimersByTimeAsync(1200);
    const w2 = await lw.watchAt(1);
    expect(lw.listCalls).toHaveLength(2);
    expect(errors).toEqual([]); // a 410 is routine, not an error
    expect(lw.listCalls.map((c) => [c.limit, c.resourceVersion])).toEqual([
      [500, undefined],
      [500, undefined],
    ]);
    expect(store.listKeys().sort()).toEqual(['a', 'c']);
    expect(w2.opts.resourceVersion).toBe('rv-list-2');
    ac.abort();
    await running;
  });

  it('falls back to one full list when a continue token expires', async () => {
    const { lw, store, ac, done } = setup({ pageSize: 2 });
    lw.items = [thing('a', '1'), thing('b', '1'), thing('c', '1')];
    lw.expireContinueOnce = true;
    const running = done();
    await lw.watchAt(0);
    expect(lw.listCalls.map((c) => [c.limit, c.continue])).toEqual([
      [2, undefined],
      [2, '2'],
      [undefined, undefined],
    ]);
    expect(store.size).toBe(3);
    ac.abort();
    await running;
  });

  it('retries a failed list with backoff and reports the error', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, store, errors, ac, done } = setup();
    lw.items = [thing('a', '1')];
    lw.listErrors.push(new ApiError({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: 'down' }));
    const running = done();
    await settle();
    expect(errors.map((e) => e.ctx.phase)).toEqual(['list']);
    expect(store.size).toBe(0);
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(0);
    expect(store.size).toBe(1);
    ac.abort();
    await running;
  });

  it('WatchList: streams the initial state, replaces the store at the initial-events-end bookmark and keeps the stream', async () => {
    const { lw, store, reflector, ac, done } = setup({ watchList: true });
    const running = done();
    const w = await lw.watchAt(0);
    expect(w.opts).toMatchObject({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true });
    expect(w.opts.resourceVersion).toBeUndefined();
    w.added(thing('a', '1')).added(thing('b', '2')).send(bookmark('3')).added(thing('c', '4'));
    await settle();
    expect(store.size).toBe(0); // nothing before the end marker
    w.deleted(thing('c', '5')).send(bookmark('6', true));
    await settle();
    expect(store.listKeys().sort()).toEqual(['a', 'b']);
    expect(reflector.lastSyncResourceVersion).toBe('6');
    w.added(thing('d', '7'));
    await settle();
    expect(store.listKeys().sort()).toEqual(['a', 'b', 'd']);
    expect(lw.listCalls).toHaveLength(0);
    expect(lw.watches).toHaveLength(1);
    ac.abort();
    await running;
  });

  it('applies the events that arrived together in order, and stops applying them once stopped', async () => {
    const lw = new BatchingListerWatcher();
    lw.items = [thing('a', '1')];
    const ac = new AbortController();
    const applied: string[] = [];
    // A store that records each write; the write of 'c' stops the reflector.
    const store = new (class extends Indexer<Thing> {
      override update(obj: Thing): void {
        applied.push(obj.metadata!.name!);
        if (obj.metadata!.name === 'c') ac.abort();
        super.update(obj);
      }
    })();
    const reflector = new Reflector<Thing>(lw, store, { random: () => 0.5 });
    const running = reflector.run(ac.signal);
    const w = await lw.watchAt(0);
    w.batch({ type: 'MODIFIED', object: thing('a', '2', { value: 1 }) }, { type: 'MODIFIED', object: thing('a', '3', { value: 2 }) }, { type: 'MODIFIED', object: thing('b', '4') }, bookmark('5'));
    await settle();
    expect(store.getByKey('a')?.spec?.value).toBe(2);
    expect(store.listKeys().sort()).toEqual(['a', 'b']);
    expect(reflector.lastSyncResourceVersion).toBe('5');
    w.batch({ type: 'MODIFIED', object: thing('c', '6') }, { type: 'MODIFIED', object: thing('d', '7') });
    await running;
    expect(applied).toEqual(['a', 'a', 'b', 'c']);
    expect(store.getByKey('d')).toBeUndefined();
    expect(lw.plainWatches).toBe(0);
    expect(w.finished).toBe(true);
  });

  it('a tweaked lister-watcher keeps its batches, with the tweaked options', async () => {
    const lw = new BatchingListerWatcher();
    const store = new Indexer<Thing>();
    const reflector = new Reflector<Thing>(
      tweakListerWatcher(lw, (o) => (o.labelSelector = 'app=web')),
      store,
      { random: () => 0.5 },
    );
    const ac = new AbortController();
    const running = reflector.run(ac.signal);
    const w = await lw.watchAt(0);
    expect(lw.listCalls[0]!.labelSelector).toBe('app=web');
    expect(w.opts.labelSelector).toBe('app=web');
    w.batch({ type: 'ADDED', object: thing('a', '2') }, { type: 'ADDED', object: thing('b', '3') });
    await settle();
    expect(store.listKeys().sort()).toEqual(['a', 'b']);
    expect(lw.plainWatches).toBe(0);
    ac.abort();
    await running;
  });

  it('WatchList in batches: events after the initial-events-end bookmark in its batch are the watch\'s first', async () => {
    const lw = new BatchingListerWatcher();
    const store = new Indexer<Thing>();
    const reflector = new Reflector<Thing>(lw, store, { watchList: true, random: () => 0.5 });
    const ac = new AbortController();
    const running = reflector.run(ac.signal);
    const w = await lw.watchAt(0);
    w.batch({ type: 'ADDED', object: thing('a', '1') }, { type: 'ADDED', object: thing('b', '2') }, bookmark('3', true), { type: 'ADDED', object: thing('c', '4') }, { type: 'DELETED', object: thing('a', '5') });
    await settle();
    expect(store.listKeys().sort()).toEqual(['b', 'c']);
    expect(reflector.lastSyncResourceVersion).toBe('5');
    expect(lw.watches).toHaveLength(1);
    expect(lw.plainWatches).toBe(0);
    ac.abort();
    await running;
  });

  it('WatchList: falls back to a plain list when the server rejects it, and stops trying', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, store, errors, reflector, ac, done } = setup({ watchList: true });
    lw.items = [thing('a', '1')];
    lw.watchOpenErrors.push(new ApiError({ kind: 'Status', code: 422, reason: 'Invalid', message: 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled' }));
    const running = done();
    const w = await lw.watchAt(1);
    expect(errors.map((e) => e.ctx.phase)).toEqual(['watchList']);
    expect(lw.listCalls).toHaveLength(1);
    expect(store.size).toBe(1);
    expect(w.opts.sendInitialEvents).toBeUndefined();
    expect(reflector.usesWatchList).toBe(false);
    w.fail(expired());
    await settle();
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(2);
    expect(lw.listCalls).toHaveLength(2); // relisted with a plain list, not another streaming list
    expect(lw.watches[2]!.opts.sendInitialEvents).toBeUndefined();
    ac.abort();
    await running;
  });

  it('WatchList: a stream that ends before the end marker falls back to a plain list', async () => {
    const { lw, store, errors, reflector, ac, done } = setup({ watchList: true });
    lw.items = [thing('a', '1'), thing('b', '1')];
    const running = done();
    const w = await lw.watchAt(0);
    w.added(thing('a', '1')).close();
    await lw.watchAt(1);
    expect(errors.map((e) => (e.err as Error).name)).toEqual(['WatchListIncompleteError']);
    expect(store.size).toBe(2);
    expect(reflector.usesWatchList).toBe(true); // not a rejection: try again on the next relist
    ac.abort();
    await running;
  });

  it('backs off a watch that closes at once without events', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, ac, done } = setup();
    const running = done();
    (await lw.watchAt(0)).close();
    await settle();
    expect(lw.watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(1);
    expect(lw.listCalls).toHaveLength(1);
    ac.abort();
    await running;
  });

  it('reports watch errors that need a relist (e.g. 403) and relists after backoff', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, errors, ac, done } = setup({ listFromWatchCache: true });
    const running = done();
    (await lw.watchAt(0)).fail(new ApiError({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'no' }));
    await settle();
    expect(errors.map((e) => e.ctx.phase)).toEqual(['watch']);
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(1);
    expect(lw.listCalls).toHaveLength(2);
    // Not a 410: the relist asks for at least the last resourceVersion, unpaginated (from the watch cache).
    expect(lw.listCalls[1]).toMatchObject({ resourceVersion: 'rv-list-1' });
    expect(lw.listCalls[1]!.limit).toBeUndefined();
    ac.abort();
    await running;
  });

  it('listFromWatchCache: a list whose resourceVersion is gone or too large is retried at once as a consistent list', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, store, errors, ac, done } = setup({ listFromWatchCache: true });
    lw.items = [thing('a', '1')];
    const running = done();
    (await lw.watchAt(0)).fail(new ApiError({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'no' }));
    await settle();
    lw.listErrors.push(
      new ApiError({ kind: 'Status', code: 504, reason: 'Timeout', message: 'Too large resource version', details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] } }),
    );
    lw.items = [thing('b', '2')];
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(1);
    expect(lw.listCalls.map((c) => [c.limit, c.resourceVersion])).toEqual([
      [500, '0'],
      [undefined, 'rv-list-1'],
      [500, undefined],
    ]);
    expect(errors.map((e) => e.ctx.phase)).toEqual(['watch']); // the too-large list is recovered, not reported
    expect(store.listKeys()).toEqual(['b']);
    ac.abort();
    await running;
  });

  it('listFromWatchCache: keeps paginating every list once the first list at resourceVersion 0 came back in pages (no watch cache)', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, ac, done } = setup({ listFromWatchCache: true });
    lw.items = Array.from({ length: 501 }, (_, i) => thing(`t${i}`, '1'));
    const running = done();
    (await lw.watchAt(0)).fail(new ApiError({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'no' }));
    await settle();
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(1);
    expect(lw.listCalls.map((c) => [c.limit, c.continue, c.resourceVersion])).toEqual([
      [500, undefined, '0'],
      [500, '500', undefined],
      [500, undefined, 'rv-list-1'],
      [500, '500', undefined],
    ]);
    ac.abort();
    await running;
  });

  it('listFromWatchCache: an explicit page size applies to every list', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, ac, done } = setup({ pageSize: 50, listFromWatchCache: true });
    lw.items = [thing('a', '1')];
    const running = done();
    (await lw.watchAt(0)).fail(new ApiError({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'no' }));
    await settle();
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(1);
    expect(lw.listCalls.map((c) => [c.limit, c.resourceVersion])).toEqual([
      [50, '0'],
      [50, 'rv-list-1'],
    ]);
    ac.abort();
    await running;
  });

  it('stops promptly while backing off and leaves no timer behind', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { lw, ac, done } = setup();
    lw.listErrors.push(connectionReset());
    const running = done();
    await settle();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before + 1);
    ac.abort();
    await running;
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});
