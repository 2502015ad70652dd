import { describe, expect, it } from 'vitest';
import { Indexer, namespaceIndex } from '../../../src/cache/indexer.js';
import { deletionHandlingMetaNamespaceKey, metaNamespaceKey, splitMetaNamespaceKey } from '../../../src/cache/object-key.js';
import { DeletedFinalStateUnknown, finalStateOf, isDeletedFinalStateUnknown } from '../../../src/cache/deleted-final-state-unknown.js';
import { ValidationError } from '../../../src/rest/errors.js';
import { thing, type Thing } from './support/scripted-lister-watcher.js';

const byApp = { byApp: (o: { readonly metadata?: { readonly labels?: Readonly<Record<string, string>> } }) => (o.metadata?.labels?.app ? [o.metadata.labels.app] : []) };

describe('cache keys', () => {
  it('are namespace/name, or name for cluster-scoped objects', () => {
    expect(metaNamespaceKey(thing('a', '1', { ns: 'ns1' }))).toBe('ns1/a');
    expect(metaNamespaceKey(thing('node-1', '1'))).toBe('node-1');
    expect(() => metaNamespaceKey({ metadata: {} })).toThrowError(ValidationError);
    expect(splitMetaNamespaceKey('ns1/a')).toEqual({ namespace: 'ns1', name: 'a' });
    expect(splitMetaNamespaceKey('node-1')).toEqual({ namespace: '', name: 'node-1' });
    expect(() => splitMetaNamespaceKey('a/b/c')).toThrowError(ValidationError);
    const tomb = new DeletedFinalStateUnknown('ns1/gone', thing('gone', '1', { ns: 'ns1' }));
    expect(deletionHandlingMetaNamespaceKey(tomb)).toBe('ns1/gone');
    expect(isDeletedFinalStateUnknown(tomb)).toBe(true);
    expect(finalStateOf(tomb).metadata?.name).toBe('gone');
    expect(finalStateOf(thing('x', '1')).metadata?.name).toBe('x');
  });
});

describe.each(['object', 'json'] as const)('Indexer (format %s)', (format) => {
  const newIndexer = <T extends Thing>(indexers: ConstructorParameters<typeof Indexer<T>>[0] = {}) => new Indexer<T>(indexers, { format });

  it('stores by key and always indexes by namespace', () => {
    const ix = newIndexer<Thing>();
    ix.add(thing('a', '1', { ns: 'n1' }));
    ix.add(thing('b', '1', { ns: 'n1' }));
    ix.add(thing('a', '1', { ns: 'n2' }));
    expect(ix.size).toBe(3);
    expect(ix.listKeys().sort()).toEqual(['n1/a', 'n1/b', 'n2/a']);
    expect(ix.indexKeys(namespaceIndex, 'n1').sort()).toEqual(['n1/a', 'n1/b']);
    expect(ix.byIndex(namespaceIndex, 'n2').map((o) => o.metadata?.name)).toEqual(['a']);
    expect(ix.listIndexFuncValues(namespaceIndex).sort()).toEqual(['n1', 'n2']);
    ix.delete(thing('a', '2', { ns: 'n2' }));
    expect(ix.listIndexFuncValues(namespaceIndex)).toEqual(['n1']); // empty index entries are dropped
    expect(ix.getByKey('n2/a')).toBeUndefined();
    expect(ix.get(thing('b', '9', { ns: 'n1' }))?.metadata?.resourceVersion).toBe('1');
  });

  it('custom indexers follow updates and deletes', () => {
    const ix = newIndexer<Thing>(byApp);
    ix.add(thing('a', '1', { labels: { app: 'web' } }));
    ix.add(thing('b', '1', { labels: { app: 'web' } }));
    ix.add(thing('c', '1'));
    expect(ix.indexKeys('byApp', 'web').sort()).toEqual(['a', 'b']);
    ix.update(thing('a', '2', { labels: { app: 'db' } }));
    expect(ix.indexKeys('byApp', 'web')).toEqual(['b']);
    expect(ix.indexKeys('byApp', 'db')).toEqual(['a']);
    expect(ix.index('byApp', thing('x', '1', { labels: { app: 'db' } })).map((o) => o.metadata?.name)).toEqual(['a']);
    ix.delete(thing('b', '3'));
    expect(ix.indexKeys('byApp', 'web')).toEqual([]);
    expect(ix.listIndexFuncValues('byApp')).toEqual(['db']);
    expect(Object.keys(ix.getIndexers()).sort()).toEqual(['byApp', 'namespace']);
  });

  it('upsert stores under the given key, returns the previous object and keeps indices in step', () => {
    const ix = newIndexer<Thing>(byApp);
    expect(ix.upsert('n1/a', thing('a', '1', { ns: 'n1', labels: { app: 'web' } }))).toBeUndefined();
    const prev = ix.upsert('n1/a', thing('a', '2', { ns: 'n1', labels: { app: 'db' } }));
    expect(prev?.metadata?.resourceVersion).toBe('1');
    expect(ix.getByKey('n1/a')?.metadata?.resourceVersion).toBe('2');
    expect(ix.indexKeys('byApp', 'web')).toEqual([]);
    expect(ix.indexKeys('byApp', 'db')).toEqual(['n1/a']);
    expect(ix.indexKeys(namespaceIndex, 'n1')).toEqual(['n1/a']);
  });

  it('indexers added later index the existing content; duplicates and unknown names are errors', () => {
    const ix = newIndexer<Thing>();
    ix.add(thing('a', '1', { labels: { app: 'web' } }));
    ix.addIndexers(byApp);
    expect(ix.byIndex('byApp', 'web').map((o) => o.metadata?.name)).toEqual(['a']);
    // ...and follow updates from then on.
    ix.update(thing('a', '2', { labels: { app: 'db' } }));
    expect(ix.indexKeys('byApp', 'web')).toEqual([]);
    expect(ix.indexKeys('byApp', 'db')).toEqual(['a']);
    expect(ix.indexKeys(namespaceIndex, '')).toEqual(['a']);
    expect(() => ix.addIndexers(byApp)).toThrowError(ValidationError);
    expect(() => ix.addIndexers({ namespace: () => [] })).toThrowError(ValidationError);
    expect(() => ix.byIndex('nope', 'x')).toThrowError(/index "nope" does not exist/);
  });

  it('replace swaps content and indices at once', () => {
    const ix = newIndexer<Thing>(byApp);
    ix.add(thing('a', '1', { labels: { app: 'web' } }));
    ix.replace([thing('b', '2', { labels: { app: 'db' } }), thing('c', '2', { ns: 'n1' })], 'rv');
    expect(ix.listKeys().sort()).toEqual(['b', 'n1/c']);
    expect(ix.indexKeys('byApp', 'web')).toEqual([]);
    expect(ix.indexKeys('byApp', 'db')).toEqual(['b']);
    expect(ix.indexKeys(namespaceIndex, 'n1')).toEqual(['n1/c']);
    expect(ix.indexKeys(namespaceIndex, '')).toEqual(['b']);
  });

  it('reads return the stored state: shared objects for format object, fresh copies for format json', () => {
    const ix = newIndexer<Thing>(byApp);
    const a = thing('a', '1', { labels: { app: 'web' }, value: 1 });
    ix.add(a);
    const r1 = ix.getByKey('a')!;
    const r2 = ix.getByKey('a')!;
    expect(r1).toEqual(a);
    expect(ix.list()).toEqual([a]);
    expect(ix.byIndex('byApp', 'web')).toEqual([a]);
    expect([...ix.entries()]).toEqual([['a', a]]);
    if (format === 'object') {
      expect(r1).toBe(a);
      expect(r1).toBe(r2);
    } else {
      expect(r1).not.toBe(a);
      expect(r1).not.toBe(r2);
      // A reader that mutates its copy (or the object it stored) does not change the cache.
      a.spec!.value = 99;
      expect(ix.getByKey('a')?.spec?.value).toBe(1);
    }
  });
});
