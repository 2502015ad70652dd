import { describe, expect, it } from 'vitest';
import { createClientContext } from '../../../src/client/client-context.js';
import { GroupInformers } from '../../../src/cache/group-informers.js';
import type { ClusterKindInformer, NamespacedKindInformer } from '../../../src/cache/kind-informer.js';
import { SharedInformerFactory } from '../../../src/cache/shared-informer-factory.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import { isNotFound, ValidationError } from '../../../src/rest/errors.js';
import { FakeTransport } from './support/fake-transport.js';
import { settle, thing, type Thing } from './support/scripted-lister-watcher.js';

function descriptor(plural: string, kind: string, namespaced: boolean): ResourceDescriptor {
  return { group: 'test.koordinator.sh', version: 'v1', kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), shortNames: [], namespaced, subresources: { status: true }, printerColumns: [] };
}
const nodeThings = descriptor('nodethings', 'NodeThing', false);
const podThings = descriptor('podthings', 'PodThing', true);

function setup() {
  const transport = new FakeTransport();
  transport.collections.set('/apis/test.koordinator.sh/v1/nodethings', [thing('n1', '1', { labels: { pool: 'a' }, managedFields: true }), thing('n2', '1')]);
  transport.collections.set('/apis/test.koordinator.sh/v1/podthings', [thing('p1', '1', { ns: 'team-a' }), thing('p2', '1', { ns: 'team-b' })]);
  const ctx = createClientContext(transport);
  return { transport, ctx };
}

/** What generated code emits per group/version: accessors that only bind types to descriptors. */
class TestV1Informers extends GroupInformers {
  get nodeThings(): ClusterKindInformer<Thing> {
    return this.factory.clusterKind<Thing>(nodeThings);
  }
  get podThings(): NamespacedKindInformer<Thing> {
    return this.factory.namespacedKind<Thing>(podThings);
  }
}
class TestInformerFactory extends SharedInformerFactory {
  get testV1(): TestV1Informers {
    return this.group(TestV1Informers);
  }
}

describe('SharedInformerFactory', () => {
  it('shares one informer (one list + one watch) per kind, syncs and serves listers', async () => {
    const { transport, ctx } = setup();
    const factory = new TestInformerFactory({ ctx });
    expect(factory.testV1).toBe(factory.testV1);
    const a = factory.testV1.nodeThings.informer();
    expect(factory.informerFor(nodeThings)).toBe(a);
    factory.testV1.podThings.informer();
    factory.start();
    factory.start(); // idempotent
    const synced = await factory.waitForCacheSync();
    expect([...synced]).toEqual([
      ['test.koordinator.sh/v1/nodethings', true],
      ['test.koordinator.sh/v1/podthings', true],
    ]);
    await settle();
    expect(transport.paths.filter((p) => p.includes('nodethings')).map((p) => p.replace(/timeoutSeconds=\d+/, 'timeoutSeconds=T'))).toEqual([
      '/apis/test.koordinator.sh/v1/nodethings?limit=500',
      '/apis/test.koordinator.sh/v1/nodethings?watch=true&resourceVersion=100&timeoutSeconds=T&allowWatchBookmarks=true',
    ]);
    expect(transport.openStreams).toBe(2);
    expect(factory.testV1.nodeThings.lister().get('n1').metadata?.name).toBe('n1');
    expect(factory.testV1.nodeThings.lister().list('pool=a')).toHaveLength(1);
    expect(factory.testV1.podThings.lister().namespace('team-b').get('p2').metadata?.namespace).toBe('team-b');
    expect(isNotFound((() => { try { factory.testV1.podThings.lister().namespace('team-a').get('p2'); } catch (e) { return e; } })())).toBe(true);
    await factory.shutdown();
    expect(transport.openStreams).toBe(0);
  });

  it('restricts namespaced kinds to its namespace and sends selectors and tweaks with every list and watch', async () => {
    const { transport, ctx } = setup();
    const factory = new SharedInformerFactory(ctx, {
      namespace: 'team-a',
      labelSelector: 'app=web',
      fieldSelector: 'metadata.name!=x',
      tweakListOptions: (o) => {
        o.labelSelector = `${o.labelSelector},tier`;
      },
    });
    factory.informerFor(podThings);
    factory.informerFor(nodeThings);
    factory.start();
    await factory.waitForCacheSync();
    await settle();
    const pods = transport.paths.filter((p) => p.includes('podthings'));
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      const url = new URL(p, 'https://fake');
      expect(url.pathname).toBe('/apis/test.koordinator.sh/v1/namespaces/team-a/podthings');
      expect(url.searchParams.get('labelSelector')).toBe('app=web,tier');
      expect(url.searchParams.get('fieldSelector')).toBe('metadata.name!=x');
    }
    expect(transport.paths.filter((p) => p.includes('nodethings')).every((p) => p.startsWith('/apis/test.koordinator.sh/v1/nodethings?'))).toBe(true);
    expect(factory.namespacedListerFor<Thing>(podThings).list().map((o) => o.metadata?.name)).toEqual(['p1']);
    await factory.shutdown();
  });

  it('applies the factory transform, and per-kind options on creation', async () => {
    const { ctx } = setup();
    const factory = new SharedInformerFactory(ctx, {
      transform: (o) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } }),
    });
    const nodes = factory.informerFor<Thing>(nodeThings, { indexers: { byPool: (o) => (o.metadata?.labels?.pool ? [o.metadata.labels.pool] : []) } });
    factory.start();
    await factory.waitForCacheSync();
    expect(nodes.getIndexer().getByKey('n1')?.metadata?.managedFields).toBeUndefined();
    expect(nodes.getIndexer().indexKeys('byPool', 'a')).toEqual(['n1']);
    await factory.shutdown();
  });

  it('forResource finds kinds by descriptor or by group, version and plural; scope mismatches are errors', async () => {
    const { ctx } = setup();
    const factory = new SharedInformerFactory(ctx, { resources: [nodeThings, podThings] });
    const generic = factory.forResource('test.koordinator.sh', 'v1', 'podthings');
    expect(generic.namespaced).toBe(true);
    if (generic.namespaced) expect(generic.lister().namespace('team-a').list()).toEqual([]);
    expect(generic.informer()).toBe(factory.informerFor(podThings));
    expect(factory.forResource(nodeThings).namespaced).toBe(false);
    expect(() => factory.forResource('test.koordinator.sh', 'v1', 'nope')).toThrowError(ValidationError);
    expect(() => factory.clusterKind(podThings)).toThrowError(ValidationError);
    expect(() => factory.namespacedListerFor(nodeThings)).toThrowError(ValidationError);
    await factory.shutdown();
  });

  it('shutdown stops every informer, leaves no timer or stream, and start() is a no-op afterwards', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { transport, ctx } = setup();
    const factory = new SharedInformerFactory(ctx, { defaultResyncMs: 60_000 });
    const informer = factory.informerFor<Thing>(nodeThings);
    informer.addEventHandler({ onUpdate: () => {} });
    factory.start();
    await factory.waitForCacheSync();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeGreaterThan(before);
    await factory.shutdown();
    expect(informer.isStopped).toBe(true);
    expect(transport.openStreams).toBe(0);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
    const late = factory.informerFor<Thing>(podThings);
    factory.start();
    expect(late.isStarted).toBe(false);
    expect(await factory.waitForCacheSync()).toEqual(new Map([['test.koordinator.sh/v1/nodethings', true]])); // synced before the shutdown; the late one never started
  });
});

describe('SharedInformerFactory internValues', () => {
  it('a kind\'s internValues replaces the factory\'s', async () => {
    const { transport, ctx } = setup();
    const withTree = (t: Thing): Thing => {
      t.metadata!.managedFields = [{ manager: 'some-controller', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:value': {} } } }];
      return t;
    };
    transport.collections.set('/apis/test.koordinator.sh/v1/nodethings', [withTree(thing('n1', '1')), withTree(thing('n2', '1'))]);
    transport.collections.set('/apis/test.koordinator.sh/v1/podthings', [withTree(thing('p1', '1', { ns: 'a' })), withTree(thing('p2', '1', { ns: 'a' }))]);
    const factory = new TestInformerFactory({ ctx }, { internValues: false });
    factory.informerFor<Thing>(nodeThings, { internValues: true });
    factory.informerFor<Thing>(podThings);
    factory.start();
    await factory.waitForCacheSync();
    const tree = (o: unknown): unknown => (o as { metadata: { managedFields: Array<{ fieldsV1: Record<string, unknown> }> } }).metadata.managedFields[0]!.fieldsV1['f:spec'];
    const nodes = factory.informerFor<Thing>(nodeThings).getStore();
    const pods = factory.informerFor<Thing>(podThings).getStore();
    expect(tree(nodes.getByKey('n1'))).toBe(tree(nodes.getByKey('n2')));
    expect(tree(pods.getByKey('a/p1'))).toEqual(tree(pods.getByKey('a/p2')));
    expect(tree(pods.getByKey('a/p1'))).not.toBe(tree(pods.getByKey('a/p2')));
    await factory.shutdown();
  });
});
