import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import { ApiError } from '../../../src/rest/errors.js';
import { defaultRetry, retryOnConflict } from '../../../src/controller/retry-on-conflict.js';
import { createMergePatch, jsonEqual } from '../../../src/controller/merge-patch.js';
import { AlreadyOwnedError, getControllerOf, hasControllerReference, removeOwnerReference, setControllerReference, setOwnerReference } from '../../../src/controller/owner-references.js';
import { generationChanged, labelsChanged, annotationsChanged, and, or, not } from '../../../src/controller/predicates.js';
import { requestsForOwner } from '../../../src/controller/event-handlers.js';
import { ValidationError } from '../../../src/rest/errors.js';

const conflict = () => new ApiError({ kind: 'Status', code: 409, reason: 'Conflict', message: 'the object has been modified' });

describe('retryOnConflict', () => {
  it('retries conflicts up to DefaultRetry steps, 10 ms apart with jitter', async () => {
    const clock = new ManualClock(0);
    let calls = 0;
    const p = retryOnConflict(defaultRetry, () => {
      calls++;
      throw conflict();
    }, { clock, random: () => 0.5 });
    const settled = p.catch((e) => e);
    while (await clock.advanceToNext()) {
      /* run every backoff */
    }
    const err = await settled;
    expect(calls).toBe(5);
    expect(err).toBeInstanceOf(ApiError);
    expect(clock.now()).toBeCloseTo(4 * 10.5);
  });

  it('returns the result after a conflict and throws other errors at once', async () => {
    let n = 0;
    await expect(retryOnConflict(defaultRetry, () => (++n < 3 ? Promise.reject(conflict()) : Promise.resolve('ok')))).resolves.toBe('ok');
    let m = 0;
    await expect(
      retryOnConflict(defaultRetry, () => {
        m++;
        throw new Error('other');
      }),
    ).rejects.toThrow('other');
    expect(m).toBe(1);
  });
});

describe('createMergePatch', () => {
  it('sets changed fields, nulls removed ones, replaces arrays, nothing for equal objects', () => {
    const before = { metadata: { labels: { a: '1', b: '2' } }, spec: { list: [1, 2], x: 1 } };
    const after = { metadata: { labels: { a: '1', c: '3' } }, spec: { list: [1], x: 1 } };
    expect(createMergePatch(before, after)).toEqual({ metadata: { labels: { b: null, c: '3' } }, spec: { list: [1] } });
    expect(createMergePatch(before, structuredClone(before))).toBeUndefined();
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});

describe('owner references', () => {
  const owner = { apiVersion: 'slo.koordinator.sh/v1alpha1', kind: 'NodeMetric', metadata: { name: 'n1', uid: 'u1' } };
  it('sets a controller reference once and refuses a second controller', () => {
    const obj: { metadata: { name: string; ownerReferences?: any[] } } = { metadata: { name: 'child' } };
    setControllerReference(owner, obj);
    setControllerReference(owner, obj); // idempotent
    expect(obj.metadata.ownerReferences).toEqual([{ apiVersion: 'slo.koordinator.sh/v1alpha1', kind: 'NodeMetric', name: 'n1', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
    expect(hasControllerReference(owner, obj)).toBe(true);
    const other = { ...owner, metadata: { name: 'n2', uid: 'u2' } };
    expect(() => setControllerReference(other, obj)).toThrow(AlreadyOwnedError);
    setOwnerReference(other, obj);
    expect(obj.metadata.ownerReferences).toHaveLength(2);
    expect(getControllerOf(obj)?.name).toBe('n1');
    expect(removeOwnerReference(owner, obj)).toBe(true);
    expect(getControllerOf(obj)).toBeUndefined();
  });
  it('takes apiVersion/kind from a descriptor and checks scopes', () => {
    const cached = { metadata: { name: 'p', namespace: 'a', uid: 'u' } };
    const kind = { group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true };
    const child = { metadata: { name: 'c', namespace: 'a' } };
    setControllerReference(cached, child, kind);
    expect(getControllerOf(child)?.apiVersion).toBe('apps/v1');
    expect(() => setControllerReference(cached, { metadata: { name: 'c', namespace: 'b' } }, kind)).toThrow(ValidationError);
    expect(() => setControllerReference(cached, { metadata: { name: 'c' } }, kind)).toThrow(ValidationError);
    expect(() => setControllerReference({ metadata: { name: 'x' } }, child)).toThrow(ValidationError);
  });
  it('requestsForOwner maps the controlling owner of the right group and kind', () => {
    const map = requestsForOwner({ group: 'apps', kind: 'Deployment', namespaced: true });
    const refs = [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: '1', controller: true },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'not-controller', uid: '2' },
      { apiVersion: 'other/v1', kind: 'Deployment', name: 'wrong-group', uid: '3', controller: true },
    ];
    expect(map({ metadata: { name: 'c', namespace: 'ns', ownerReferences: refs } })).toEqual([{ namespace: 'ns', name: 'd' }]);
    expect(requestsForOwner({ group: 'apps', kind: 'Deployment', namespaced: true }, false)({ metadata: { name: 'c', namespace: 'ns', ownerReferences: refs } })).toHaveLength(2);
  });
});

describe('predicates', () => {
  const o = (generation: number, labels?: Record<string, string>, annotations?: Record<string, string>) => ({ metadata: { generation, labels, annotations } });
  it('generation, labels and annotations changed; combinators', () => {
    expect(generationChanged.update!(o(1), o(1, { a: 'b' }))).toBe(false);
    expect(generationChanged.update!(o(1), o(2))).toBe(true);
    expect(labelsChanged.update!(o(1, { a: 'b' }), o(2, { a: 'b' }))).toBe(false);
    expect(labelsChanged.update!(o(1, { a: 'b' }), o(1, { a: 'c' }))).toBe(true);
    expect(annotationsChanged.update!(o(1), o(1, undefined, { x: 'y' }))).toBe(true);
    expect(or(generationChanged, labelsChanged).update!(o(1), o(1, { a: 'b' }))).toBe(true);
    expect(and(generationChanged, labelsChanged).update!(o(1), o(1, { a: 'b' }))).toBe(false);
    expect(not(generationChanged).update!(o(1), o(1))).toBe(true);
    expect(generationChanged.create).toBeUndefined(); // creates pass
  });
});
