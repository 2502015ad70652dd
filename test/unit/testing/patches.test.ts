// The patch engines of the fake server on their own: RFC 6902 operations, RFC 7386 nulls, and
// strategic merge directives.
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, PatchApplyError } from '../../../src/testing/json-patch.js';
import { applyStrategicMergePatch } from '../../../src/testing/strategic-merge-patch.js';

describe('JSON patch', () => {
  it('applies add, remove, replace, move, copy and test in order, on a copy', () => {
    const doc = { a: { b: 1 }, list: ['x', 'y'] };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/list/1', value: 'new' },
      { op: 'add', path: '/list/-', value: 'end' },
      { op: 'move', from: '/a/b', path: '/moved' },
      { op: 'copy', from: '/moved', path: '/copied' },
      { op: 'replace', path: '/copied', value: 2 },
      { op: 'remove', path: '/list/0' },
      { op: 'test', path: '/moved', value: 1 },
      { op: 'add', path: '/a~1b', value: 'escaped' },
    ]);
    expect(out).toEqual({ a: {}, list: ['new', 'y', 'end'], moved: 1, copied: 2, 'a/b': 'escaped' });
    expect(doc).toEqual({ a: { b: 1 }, list: ['x', 'y'] });
  });

  it('fails on a missing path, an out-of-range index and a failed test', () => {
    expect(() => applyJsonPatch({}, [{ op: 'replace', path: '/nope', value: 1 }])).toThrow(PatchApplyError);
    expect(() => applyJsonPatch({ l: [] }, [{ op: 'add', path: '/l/2', value: 1 }])).toThrow(PatchApplyError);
    expect(() => applyJsonPatch({ v: 1 }, [{ op: 'test', path: '/v', value: 2 }])).toThrow(PatchApplyError);
    expect(() => applyJsonPatch({}, { op: 'add' })).toThrow(PatchApplyError);
  });
});

describe('merge patch', () => {
  it('merges objects, deletes on null and replaces lists', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });
});

describe('strategic merge patch', () => {
  const pod = { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }], tolerations: [{ key: 'x' }] }, metadata: { finalizers: ['f1'] } };

  it('merges keyed lists by key, replaces lists without a key, unions finalizers', () => {
    const out = applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'b', image: 'b:2' }, { name: 'c', image: 'c:1' }], tolerations: [{ key: 'y' }] }, metadata: { finalizers: ['f2', 'f1'] } });
    expect(out).toEqual({ spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }, { name: 'c', image: 'c:1' }], tolerations: [{ key: 'y' }] }, metadata: { finalizers: ['f2', 'f1'] } });
  });

  it('honours $patch delete and replace, $deleteFromPrimitiveList and $retainKeys', () => {
    expect(applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } })).toMatchObject({ spec: { containers: [{ name: 'b', image: 'b:1' }] } });
    expect(applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'z', image: 'z:1' }, { $patch: 'replace' }] } })).toMatchObject({ spec: { containers: [{ name: 'z', image: 'z:1' }] } });
    expect(applyStrategicMergePatch(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'] } })).toMatchObject({ metadata: { finalizers: [] } });
    expect(applyStrategicMergePatch({ s: { a: 1, b: 2 } }, { s: { $retainKeys: ['b', 'c'], c: 3 } })).toEqual({ s: { b: 2, c: 3 } });
    expect(applyStrategicMergePatch({ s: { a: 1 } }, { s: { $patch: 'replace', b: 2 } })).toEqual({ s: { b: 2 } });
  });
});
