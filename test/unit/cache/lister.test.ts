import { describe, expect, it } from 'vitest';
import { CacheNotFoundError } from '../../../src/cache/cache-not-found-error.js';
import { Indexer } from '../../../src/cache/indexer.js';
import { clusterLister, namespacedLister } from '../../../src/cache/lister.js';
import { parseLabelSelector } from '../../../src/cache/label-selector.js';
import { deepCopy } from '../../../src/meta/deep-copy.js';
import { ApiError, isNotFound } from '../../../src/rest/errors.js';
import { thing, type Thing } from './support/scripted-lister-watcher.js';

const resource = { group: 'slo.koordinator.sh', plural: 'nodemetrics' };

function names(objs: ReadonlyArray<{ readonly metadata?: { readonly name?: string; readonly namespace?: string } }>): string[] {
  return objs.map((o) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata?.name ?? '')).sort();
}

describe('cluster lister', () => {
  const ix = new Indexer<Thing>();
  ix.add(thing('n1', '1', { labels: { pool: 'a', zone: 'z1' } }));
  ix.add(thing('n2', '1', { labels: { pool: 'b', zone: 'z1' } }));
  ix.add(thing('n3', '1'));
  const lister = clusterLister<Thing>(ix, resource);

  it('lists by string selector, LabelSelector object, compiled selector, or everything', () => {
    expect(names(lister.list())).toEqual(['n1', 'n2', 'n3']);
    expect(names(lister.list('zone=z1,pool!=b'))).toEqual(['n1']);
    expect(names(lister.list('!pool'))).toEqual(['n3']);
    expect(names(lister.list({ matchExpressions: [{ key: 'pool', operator: 'In', values: ['a', 'b'] }] }))).toEqual(['n1', 'n2']);
    expect(names(lister.list(parseLabelSelector('pool notin (a)')))).toEqual(['n2', 'n3']);
  });

  it('gets by name, and a missing name is a typed NotFound', () => {
    expect(lister.get('n2').metadata?.labels?.pool).toBe('b');
    let err: unknown;
    try {
      lister.get('nope');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CacheNotFoundError);
    expect(err).toBeInstanceOf(ApiError);
    expect(isNotFound(err)).toBe(true);
    expect((err as ApiError).code).toBe(404);
    expect((err as Error).message).toContain('nodemetrics.slo.koordinator.sh "nope" not found');
  });

  it('find returns the cached object or undefined, never throws', () => {
    expect(lister.find('n2')).toBe(lister.get('n2'));
    expect(lister.find('nope')).toBeUndefined();
  });

  it('returns read-only objects: mutation is a type error, deepCopy gives a mutable copy', () => {
    const cached = lister.get('n1');
    // @ts-expect-error cached objects are DeepReadonly
    cached.metadata!.labels!.pool = 'changed';
    // @ts-expect-error nested arrays are read-only too
    lister.list()[0]!.metadata!.finalizers?.push('x');
    const copy = deepCopy(cached);
    copy.metadata!.labels!.pool = 'mine';
    expect(copy.metadata?.labels?.pool).toBe('mine');
    expect(ix.getByKey('n1')?.metadata?.labels?.pool).toBe('changed'); // (the type error above really would have mutated the cache)
  });
});

describe('namespaced lister', () => {
  const ix = new Indexer<Thing>();
  ix.add(thing('r1', '1', { ns: 'team-a', labels: { app: 'web' } }));
  ix.add(thing('r2', '1', { ns: 'team-a', labels: { app: 'db' } }));
  ix.add(thing('r1', '1', { ns: 'team-b', labels: { app: 'web' } }));
  const lister = namespacedLister<Thing>(ix, resource);

  it('lists across namespaces or within one, by selector', () => {
    expect(names(lister.list('app=web'))).toEqual(['team-a/r1', 'team-b/r1']);
    expect(names(lister.namespace('team-a').list())).toEqual(['team-a/r1', 'team-a/r2']);
    expect(names(lister.namespace('team-a').list('app in (db)'))).toEqual(['team-a/r2']);
    expect(lister.namespace('team-c').list()).toEqual([]);
  });

  it('gets by name within a namespace; NotFound names the namespace', () => {
    expect(lister.namespace('team-b').get('r1').metadata?.namespace).toBe('team-b');
    const err = (() => {
      try {
        lister.namespace('team-b').get('r2');
      } catch (e) {
        return e;
      }
    })();
    expect(isNotFound(err)).toBe(true);
    expect((err as CacheNotFoundError).namespace).toBe('team-b');
    expect((err as CacheNotFoundError).request).toMatchObject({ verb: 'get', namespace: 'team-b', name: 'r2' });
  });

  it('find within a namespace: the object of that namespace only, else undefined', () => {
    expect(lister.namespace('team-b').find('r1')?.metadata?.namespace).toBe('team-b');
    expect(lister.namespace('team-b').find('r2')).toBeUndefined();
    expect(lister.namespace('team-c').find('r1')).toBeUndefined();
  });
});
