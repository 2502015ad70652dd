import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeletedFinalStateUnknown } from '../../../src/cache/deleted-final-state-unknown.js';
import type { ResourceEventHandler } from '../../../src/cache/event-handler.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from '../../../src/cache/shared-informer.js';
import type { CacheErrorContext } from '../../../src/cache/error-handler.js';
import type { DeepReadonly } from '../../../src/meta/deep-partial.js';
import { expired, ScriptedListerWatcher, settle, thing, type Thing } from './support/scripted-lister-watcher.js';

const fakeTimers = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as Array<'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval' | 'Date'> };

type Seen = string;

/** A handler that records `add:name@rv[:initial]`, `update:name@rv->rv`, `delete:name@rv` / `tombstone:key@rv`. */
function recorder(delayFor?: (name: string) => Promise<void> | undefined): { seen: Seen[]; handler: ResourceEventHandler<Thing> } {
  const seen: Seen[] = [];
  const id = (o: DeepReadonly<Thing>) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  return {
    seen,
    handler: {
      onAdd: (o, initial) => {
        seen.push(`add:${id(o)}${initial ? ':initial' : ''}`);
        return delayFor?.(o.metadata?.name ?? '');
      },
      onUpdate: (a, b) => {
        seen.push(`update:${id(a)}->${b.metadata?.resourceVersion}`);
        return delayFor?.(b.metadata?.name ?? '');
      },
      onDelete: (o) => {
        seen.push(o instanceof DeletedFinalStateUnknown ? `tombstone:${o.key}@${o.obj.metadata?.resourceVersion}` : `delete:${id(o)}`);
        return delayFor?.(o instanceof DeletedFinalStateUnknown ? o.key : (o.metadata?.name ?? ''));
      },
    },
  };
}

function setup(options: SharedIndexInformerOptions<Thing> = {}) {
  const lw = new ScriptedListerWatcher();
  const errors: Array<{ err: unknown; ctx: CacheErrorContext }> = [];
  const informer = new SharedIndexInformer<Thing>(lw, { random: () => 0.5, onError: (err, ctx) => errors.push({ err, ctx }), ...options });
  const ac = new AbortController();
  return { lw, informer, errors, ac };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SharedIndexInformer', () => {
  it('delivers the initial list as adds marked isInInitialList, then watch events as add / update(old, new) / delete', async () => {
    const { lw, informer, ac } = setup();
    lw.items = [thing('a', '1'), thing('b', '1')];
    const { seen, handler } = recorder();
    const reg = informer.addEventHandler(handler);
    expect(reg.hasSynced()).toBe(false);
    const running = informer.run(ac.signal);
    expect(await informer.waitForSync()).toBe(true);
    const w = await lw.watchAt(0);
    await settle();
    expect(reg.hasSynced()).toBe(true);
    w.added(thing('c', '2')).modified(thing('a', '3')).deleted(thing('b', '4')).deleted(thing('never-seen', '5'));
    await settle();
    expect(seen).toEqual(['add:a@1:initial', 'add:b@1:initial', 'add:c@2', 'update:a@1->3', 'delete:b@4']);
    expect(informer.getStore().listKeys().sort()).toEqual(['a', 'c']);
    expect(informer.lastSyncResourceVersion()).toBe('5');
    ac.abort();
    await running;
  });

  it('after a relist (410), sends updates for changed objects and DeletedFinalStateUnknown tombstones for vanished ones', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, informer, ac } = setup();
    lw.items = [thing('same', '1'), thing('changed', '1'), thing('vanished', '1')];
    const { seen, handler } = recorder();
    informer.addEventHandler(handler);
    const running = informer.run(ac.signal);
    const w = await lw.watchAt(0);
    await settle();
    seen.length = 0;
    lw.items = [thing('same', '1'), thing('changed', '7'), thing('new', '7')];
    w.fail(expired());
    await settle();
    await vi.advanceTimersByTimeAsync(1200);
    await lw.watchAt(1);
    await settle();
    expect(seen).toEqual(['update:changed@1->7', 'add:new@7', 'tombstone:vanished@1']);
    expect(informer.getStore().listKeys().sort()).toEqual(['changed', 'new', 'same']);
    ac.abort();
    await running;
  });

  it('a handler added after start gets synthetic adds, and its registration syncs once they are processed', async () => {
    const { lw, informer, ac } = setup();
    lw.items = [thing('a', '1'), thing('b', '1')];
    const running = informer.run(ac.signal);
    await informer.waitForSync();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { seen, handler } = recorder((name) => (name === 'a' ? gate : undefined));
    const reg = informer.addEventHandler(handler);
    await settle();
    expect(seen).toEqual(['add:a@1:initial']);
    expect(reg.hasSynced()).toBe(false); // still processing its initial adds
    release();
    await settle();
    expect(seen).toEqual(['add:a@1:initial', 'add:b@1:initial']);
    expect(reg.hasSynced()).toBe(true);
    ac.abort();
    await running;
  });

  it('keeps each handler’s events in order, even when the handler is async', async () => {
    const { lw, informer, ac } = setup();
    const order: string[] = [];
    informer.addEventHandler({
      onAdd: async (o) => {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`add:${o.metadata?.resourceVersion}`);
      },
      onUpdate: async (_a, b) => {
        await new Promise((r) => setTimeout(r, Number(b.metadata?.resourceVersion) % 3));
        order.push(`update:${b.metadata?.resourceVersion}`);
      },
      onDelete: (o) => {
        order.push(`delete:${(o as DeepReadonly<Thing>).metadata?.resourceVersion}`);
      },
    });
    const running = informer.run(ac.signal);
    const w = await lw.watchAt(0);
    w.added(thing('x', '1'));
    for (let i = 2; i < 12; i++) w.modified(thing('x', String(i)));
    w.deleted(thing('x', '12'));
    await vi.waitFor(() => expect(order).toHaveLength(12));
    expect(order).toEqual(['add:1', ...Array.from({ length: 10 }, (_, i) => `update:${i + 2}`), 'delete:12']);
    ac.abort();
    await running;
  });

  it('a slow handler does not hold back the others', async () => {
    const { lw, informer, ac } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = recorder(() => gate);
    const fast = recorder();
    informer.addEventHandler(slow.handler);
    informer.addEventHandler(fast.handler);
    const running = informer.run(ac.signal);
    const w = await lw.watchAt(0);
    w.added(thing('a', '1')).added(thing('b', '2')).modified(thing('a', '3'));
    await settle();
    expect(fast.seen).toEqual(['add:a@1', 'add:b@2', 'update:a@1->3']);
    expect(slow.seen).toEqual(['add:a@1']);
    release();
    await settle();
    expect(slow.seen).toEqual(fast.seen);
    ac.abort();
    await running;
  });

  it('re-delivers cached objects as updates at each handler’s own resync period, without calling the server', async () => {
    vi.useFakeTimers(fakeTimers);
    const { lw, informer, ac } = setup({ resyncPeriodMs: 30_000 });
    lw.items = [thing('a', '1'), thing('b', '1')];
    const every10s = recorder();
    const byDefault = recorder();
    const never = recorder();
    informer.addEventHandler(every10s.handler, { resyncPeriodMs: 10_000 });
    informer.addEventHandler(byDefault.handler);
    informer.addEventHandler(never.handler, { resyncPeriodMs: 0 });
    const running = informer.run(ac.signal);
    await lw.watchAt(0);
    await settle();
    for (const r of [every10s, byDefault, never]) r.seen.length = 0;
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(every10s.seen.sort()).toEqual(['update:a@1->1', 'update:b@1->1']);
    expect(byDefault.seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(20_000);
    await settle();
    expect(every10s.seen).toHaveLength(6);
    expect(byDefault.seen.sort()).toEqual(['update:a@1->1', 'update:b@1->1']);
    expect(never.seen).toEqual([]);
    expect(lw.listCalls).toHaveLength(1);
    expect(lw.watches).toHaveLength(1);
    ac.abort();
    await running;
  });

  it('applies the transform before objects enter the cache', async () => {
    const { lw, informer, ac } = setup({
      transform: (o) => {
        const { managedFields: _drop, ...metadata } = o.metadata ?? {};
        return { ...o, metadata };
      },
    });
    lw.items = [thing('a', '1', { managedFields: true })];
    const added: unknown[] = [];
    informer.addEventHandler({ onAdd: (o) => void added.push(o.metadata?.managedFields) });
    const running = informer.run(ac.signal);
    const w = await lw.watchAt(0);
    w.added(thing('b', '2', { managedFields: true }));
    await settle();
    expect(informer.getStore().list().map((o) => o.metadata?.managedFields)).toEqual([undefined, undefined]);
    expect(added).toEqual([undefined, undefined]);
    expect(() => informer.setTransform((o) => o)).toThrowError(/after the informer has started/);
    ac.abort();
    await running;
  });

  it('a removed handler receives nothing more; others go on', async () => {
    const { lw, informer, ac } = setup();
    const a = recorder();
    const b = recorder();
    const regA = informer.addEventHandler(a.handler);
    informer.addEventHandler(b.handler);
    expect(informer.handlerCount).toBe(2);
    const running = informer.run(ac.signal);
    const w = await lw.watchAt(0);
    w.added(thing('x', '1'));
    await settle();
    await regA.remove();
    expect(regA.hasSynced()).toBe(false);
    expect(informer.handlerCount).toBe(1);
    w.added(thing('y', '2'));
    await settle();
    expect(a.seen).toEqual(['add:x@1']);
    expect(b.seen).toEqual(['add:x@1', 'add:y@2']);
    ac.abort();
    await running;
  });

  it('reports a throwing handler and keeps delivering to it', async () => {
    const { lw, informer, errors, ac } = setup();
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => {
        seen.push(o.metadata?.name ?? '');
        if (o.metadata?.name === 'bad') throw new Error('handler bug');
      },
    });
    const running = informer.run(ac.signal);
    const w = await lw.watchAt(0);
    w.added(thing('bad', '1')).added(thing('good', '2'));
    await settle();
    expect(seen).toEqual(['bad', 'good']);
    expect(errors.map((e) => [e.ctx.phase, (e.err as Error).message])).toEqual([['handler', 'handler bug']]);
    ac.abort();
    await running;
  });

  it('indexers can be added before and after start', async () => {
    const { lw, informer, ac } = setup({ indexers: { byZone: (o) => (o.metadata?.labels?.zone ? [o.metadata.labels.zone] : []) } });
    lw.items = [thing('a', '1', { labels: { zone: 'z1', pool: 'p' } }), thing('b', '1', { labels: { zone: 'z2' } })];
    const running = informer.run(ac.signal);
    await informer.waitForSync();
    informer.addIndexers({ byPool: (o) => (o.metadata?.labels?.pool ? [o.metadata.labels.pool] : []) });
    const ix = informer.getIndexer();
    expect(ix.indexKeys('byZone', 'z2')).toEqual(['b']);
    expect(ix.byIndex('byPool', 'p').map((o) => o.metadata?.name)).toEqual(['a']);
    const w = await lw.watchAt(0);
    w.modified(thing('b', '2', { labels: { zone: 'z1', pool: 'p' } }));
    await settle();
    expect(ix.indexKeys('byZone', 'z1').sort()).toEqual(['a', 'b']);
    expect(ix.indexKeys('byPool', 'p').sort()).toEqual(['a', 'b']);
    ac.abort();
    await running;
  });

  it('stop() ends everything and leaves no timer; it cannot run again, and waiters get false', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { lw, informer } = setup({ resyncPeriodMs: 60_000 });
    lw.items = [thing('a', '1')];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let finished = false;
    informer.addEventHandler({
      onUpdate: async () => {
        await gate;
        finished = true;
      },
    });
    const neverSyncs = new SharedIndexInformer<Thing>(new ScriptedListerWatcher(), { onError: () => {} });
    const pending = neverSyncs.waitForSync();
    void informer.run();
    await informer.waitForSync();
    const w = await lw.watchAt(0);
    w.modified(thing('a', '2'));
    await settle();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeGreaterThan(before); // resync timer
    const stopping = informer.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false); // waits for the handler call in progress
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(w.finished).toBe(true);
    expect(informer.isStopped).toBe(true);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
    await expect(informer.run()).resolves.toBeUndefined(); // same finished run
    expect(() => informer.addEventHandler({})).toThrowError(/stopped informer/);
    await neverSyncs.stop();
    expect(await pending).toBe(false);
    await expect(neverSyncs.run()).rejects.toThrowError(/cannot run again/);
  });

  it('waitForSync gives false when its signal aborts first', async () => {
    const { lw, informer, ac } = setup();
    lw.listErrors.push(new Error('down'), new Error('down'));
    const running = informer.run(ac.signal);
    const waiter = new AbortController();
    const p = informer.waitForSync(waiter.signal);
    waiter.abort();
    expect(await p).toBe(false);
    ac.abort();
    await running;
  });

  it('handlers may return anything: values are ignored (null included), only promises are awaited', async () => {
    const { lw, informer, ac, errors } = setup();
    lw.items = [thing('a', '1'), thing('b', '1')];
    const seen: string[] = [];
    // Arrow functions returning whatever their body gives: a number, null, a string.
    informer.addEventHandler({ onAdd: (o) => seen.push(`add:${o.metadata?.name}`), onUpdate: () => null, onDelete: (o) => (o instanceof DeletedFinalStateUnknown ? o.key : 'x') });
    const running = informer.run(ac.signal);
    expect(await informer.waitForSync()).toBe(true);
    const w = await lw.watchAt(0);
    w.modified(thing('a', '2')).deleted(thing('b', '3'));
    await settle();
    expect(seen).toEqual(['add:a', 'add:b']);
    expect(errors).toEqual([]);
    ac.abort();
    await running;
  });
});

describe('SharedIndexInformer value interning', () => {
  const withFields = (name: string): Thing => {
    const t = thing(name, '1');
    t.metadata!.managedFields = [{ manager: 'koordlet-writer', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:value': {} } } }];
    return t;
  };
  const specTree = (o: unknown): unknown => (o as { metadata: { managedFields: Array<{ fieldsV1: Record<string, unknown> }> } }).metadata.managedFields[0]!.fieldsV1['f:spec'];

  it('by default, cached objects share their equal managedFields trees (after the transform), and stay equal to what was listed', async () => {
    const transformed: string[] = [];
    const { lw, informer, ac } = setup({ transform: (o) => (transformed.push(o.metadata!.name!), o) });
    lw.items = [withFields('a'), withFields('b')];
    const running = informer.run(ac.signal);
    expect(await informer.waitForSync()).toBe(true);
    const [a, b] = [informer.getStore().getByKey('a'), informer.getStore().getByKey('b')];
    expect(transformed).toEqual(['a', 'b']);
    expect(specTree(a)).toBe(specTree(b));
    expect(Object.isFrozen(specTree(a))).toBe(true);
    expect(a).toEqual(withFields('a'));
    ac.abort();
    await running;
  });

  it('internValues: false keeps the objects exactly as listed', async () => {
    const { lw, informer, ac } = setup({ internValues: false });
    lw.items = [withFields('a'), withFields('b')];
    const running = informer.run(ac.signal);
    expect(await informer.waitForSync()).toBe(true);
    const [a, b] = [informer.getStore().getByKey('a'), informer.getStore().getByKey('b')];
    expect(specTree(a)).not.toBe(specTree(b));
    expect(Object.isFrozen(specTree(a))).toBe(false);
    ac.abort();
    await running;
  });
});
