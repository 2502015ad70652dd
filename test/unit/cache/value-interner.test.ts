import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedEmptyFields, ValueInterner } from '../../../src/cache/value-interner.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap used after full collections. */
function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A Pod as the API server returns it, with managedFields from two writers, as JSON text. */
function podText(i: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `checkout-7d9f8c6b5-${String(i).padStart(5, '0')}`,
      namespace: 'team-checkout',
      uid: `0b6f2c3e-4d1a-4c7b-9a51-${String(i).padStart(12, '0')}`,
      resourceVersion: String(1000 + i),
      creationTimestamp: '2026-11-30T15:57:00Z',
      labels: { app: 'checkout', 'pod-template-hash': '7d9f8c6b5' },
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-11-30T15:57:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-11-30T15:57:01Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:status': { 'f:podIP': {}, 'f:podIPs': { [`k:{"ip":"10.0.${i >> 8}.${i & 255}"}`]: { '.': {}, 'f:ip': {} } } } },
          subresource: 'status',
        },
      ],
    },
    spec: { containers: [{ name: 'app', image: 'registry.example.com/checkout/app:1.42.0', args: ['--log-format=json', `--replica=${i}`] }] },
    status: { phase: 'Running', podIP: `10.0.${i >> 8}.${i & 255}`, startTime: '2026-11-30T15:57:01Z' },
  });
}

type Pod = {
  metadata: { managedFields: Array<{ fieldsV1: Record<string, Record<string, unknown>> }> };
  spec: { containers: Array<{ image: string }> };
};

describe('ValueInterner', () => {
  it('leaves an object deep-equal to JSON.parse of the same text, with the same JSON', () => {
    const interner = new ValueInterner();
    for (let i = 0; i < 50; i++) {
      const text = podText(i);
      const obj = interner.intern(JSON.parse(text) as unknown);
      expect(obj).toEqual(JSON.parse(text));
      expect(JSON.stringify(obj)).toBe(text);
    }
  });

  it('keeps any JSON value deep-equal to its parse (property-based)', () => {
    const interner = new ValueInterner({ capacity: 16 });
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const text = JSON.stringify({ a, metadata: { managedFields: [{ manager: 'long-manager-name', fieldsV1: { 'f:spec': { x: a, y: {} } } }] }, b });
        const obj = interner.intern(JSON.parse(text) as unknown);
        expect(obj).toEqual(JSON.parse(text));
        expect(JSON.stringify(obj)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('shares equal fieldsV1 subtrees across objects, frozen, and empty leaves as one frozen object', () => {
    const interner = new ValueInterner();
    const a = interner.intern(JSON.parse(podText(1)) as Pod);
    const b = interner.intern(JSON.parse(podText(2)) as Pod);
    const [fa, fb] = [a.metadata.managedFields[0]!.fieldsV1, b.metadata.managedFields[0]!.fieldsV1];
    expect(fa['f:spec']).toBe(fb['f:spec']);
    expect(fa['f:metadata']).toBe(fb['f:metadata']);
    expect(Object.isFrozen(fa['f:spec'])).toBe(true);
    // The kubelet's trees differ (each Pod's own IP): not shared, but their leaves are.
    const [sa, sb] = [a.metadata.managedFields[1]!.fieldsV1['f:status']!, b.metadata.managedFields[1]!.fieldsV1['f:status']!];
    expect(sa).not.toBe(sb);
    expect(sa['f:podIP']).toBe(sharedEmptyFields);
    expect(sb['f:podIP']).toBe(sharedEmptyFields);
    // The objects themselves, and everything outside fieldsV1, stay their own and writable.
    expect(a.metadata.managedFields[0]).not.toBe(b.metadata.managedFields[0]);
    expect(Object.isFrozen(fa)).toBe(false);
    expect(Object.isFrozen(a.spec.containers[0])).toBe(false);
    a.spec.containers[0]!.image = 'changed';
    expect(b.spec.containers[0]!.image).toBe('registry.example.com/checkout/app:1.42.0');
  });

  it('shares a fieldsV1 subtree only with one of the same keys in the same order at every depth', () => {
    const interner = new ValueInterner();
    const text = (spec: Record<string, unknown>): string => JSON.stringify({ metadata: { managedFields: [{ manager: 'some-controller', fieldsV1: { 'f:spec': spec } }] } });
    const spec = (o: unknown): unknown => (o as { metadata: { managedFields: Array<{ fieldsV1: Record<string, unknown> }> } }).metadata.managedFields[0]!.fieldsV1['f:spec'];
    const canonical = text({ 'f:a': {}, 'f:b': { 'f:c': {} } });
    const others = [
      text({ 'f:b': { 'f:c': {} }, 'f:a': {} }), // same keys, other order
      text({ 'f:a': {}, 'f:b': { 'f:d': {} } }), // a different leaf
      text({ 'f:a': {}, 'f:b': {} }), // an empty object where the tree has one with keys
      text({ 'f:a': { 'f:x': {} }, 'f:b': { 'f:c': {} } }), // a non-empty object where the tree has an empty one
      text({ 'f:a': {}, 'f:b': { 'f:c': {} }, 'f:e': {} }), // one key more
      text({ 'f:a': {} }), // one key less
    ];
    // Twice the canonical tree (the second time it gets its shape), then each other tree right after
    // the canonical one, so that it is compared with the canonical tree's shape.
    const texts = [canonical, canonical, ...others.flatMap((t) => [canonical, t]), canonical];
    const objs = texts.map((t) => interner.intern(JSON.parse(t) as unknown));
    objs.forEach((o, i) => expect(JSON.stringify(o)).toBe(texts[i]));
    texts.forEach((t, i) => {
      if (t === canonical) expect(spec(objs[i])).toBe(spec(objs[0]));
      else expect(spec(objs[i])).not.toBe(spec(objs[0]));
    });
  });

  it('a write into a shared fieldsV1 tree throws (strict mode) instead of changing every object', () => {
    const interner = new ValueInterner();
    const a = interner.intern(JSON.parse(podText(1)) as Pod);
    const b = interner.intern(JSON.parse(podText(2)) as Pod);
    expect(() => {
      (a.metadata.managedFields[0]!.fieldsV1['f:spec'] as Record<string, unknown>)['f:extra'] = {};
    }).toThrow(TypeError);
    expect(b.metadata.managedFields[0]!.fieldsV1['f:spec']).not.toHaveProperty('f:extra');
    expect(() => {
      (sharedEmptyFields as Record<string, unknown>).x = 1;
    }).toThrow(TypeError);
    expect(Object.keys(sharedEmptyFields)).toEqual([]);
  });

  it('holds equal strings once: 4,000 copies of a 200-character value cost about one', () => {
    const value = `registry.example.com/${'x'.repeat(180)}`;
    const n = 4000;
    // The texts exist before the first measurement, so that the measured phases allocate what
    // they keep and little garbage (which a loaded machine may not have swept by the reading).
    const texts = Array.from({ length: n }, (_, i) => `{"image":"${value}","i":${i}}`);
    const build = (): Array<{ image: string }> =>
      // Each text parses to its own copy of the string.
      texts.map((t) => JSON.parse(t) as { image: string });
    const interner = new ValueInterner();
    const h0 = settledHeap();
    const plain = build();
    const h1 = settledHeap();
    const interned = build().map((o) => interner.intern(o));
    const h2 = settledHeap();
    expect(plain).toHaveLength(n);
    expect(interned.every((o) => o.image === value)).toBe(true);
    const perPlain = (h1 - h0) / n;
    const perInterned = (h2 - h1) / n;
    // A 200-character string takes 216 bytes; the object around it (two fields) about 40.
    expect(perPlain).toBeGreaterThan(200);
    expect(perInterned).toBeLessThan(perPlain - 150);
  });

  it('bounds its table: strings seen once are dropped when it starts over, nothing piles up', () => {
    const interner = new ValueInterner({ capacity: 1000 });
    const h0 = settledHeap();
    for (let round = 0; round < 20; round++) {
      // 1,000 objects of unique 200-character names enter the cache and leave it again.
      for (let i = 0; i < 1000; i++) interner.intern(JSON.parse(`{"name":"${String(round * 1000 + i).padStart(200, 'n')}"}`) as unknown);
      expect(interner.size).toBeLessThanOrEqual(1000);
    }
    // 20,000 unique strings of 216 bytes went through (4.3 MB); at most 1,000 are still referenced.
    expect(settledHeap() - h0).toBeLessThan(1_000 * 216 + 500_000);
    for (let i = 0; i < 300; i++) {
      interner.intern(JSON.parse(podText(i)) as unknown);
      expect(interner.treeCount).toBeLessThanOrEqual(256);
    }
  });

  it('stops looking up the values of a property that do not recur, and samples it again later', () => {
    const interner = new ValueInterner();
    let next = 0;
    const uid = (): string => `0b6f2c3e-4d1a-4c7b-9a51-${String(next++).padStart(12, '0')}`;
    // 64 lookups of unique values: all misses, each remembered.
    for (let i = 0; i < 64; i++) interner.intern({ uid: uid() });
    expect(interner.size).toBe(64);
    // The next 4,096 values of `uid` are passed over: the table does not grow.
    for (let i = 0; i < 4096; i++) interner.intern({ metadata: { uid: uid() } });
    expect(interner.size).toBe(64);
    // Then the property is sampled again: 64 more lookups, still all misses.
    for (let i = 0; i < 64; i++) interner.intern({ uid: uid() });
    expect(interner.size).toBe(128);
    for (let i = 0; i < 100; i++) interner.intern({ uid: uid() });
    expect(interner.size).toBe(128);
  });

  it('keeps sharing the values of a property that recurs beside properties that do not', () => {
    const value = `registry.example.com/${'x'.repeat(180)}`;
    const n = 4000;
    const interner = new ValueInterner();
    // Texts first, as in the test above: the measured phases allocate what they keep.
    const texts = Array.from({ length: n }, (_, i) => `{"uid":"uid-${String(i).padStart(32, '0')}","image":"${value}"}`);
    const h0 = settledHeap();
    const plain = texts.map((t) => JSON.parse(t) as { image: string });
    const h1 = settledHeap();
    const interned = texts.map((t) => interner.intern(JSON.parse(t) as { image: string }));
    const h2 = settledHeap();
    expect(plain).toHaveLength(n);
    expect(interned.every((o) => o.image === value)).toBe(true);
    // The image (216 bytes) is held once; every object keeps its own uid either way.
    expect((h2 - h1) / n).toBeLessThan((h1 - h0) / n - 150);
    // Only the first 64 uids were ever looked up.
    expect(interner.size).toBe(65);
  });

  it('leaves short strings, long strings and frozen objects alone, and the object intact', () => {
    const interner = new ValueInterner({ maxStringLength: 20 });
    expect(interner.string('short')).toBe('short');
    const long = 'y'.repeat(21);
    expect(interner.string(long)).toBe(long);
    expect(interner.size).toBe(0);
    expect(interner.string('exactly-ten')).toBe('exactly-ten');
    expect(interner.size).toBe(1);
    const frozen = Object.freeze({ a: 'a-long-enough-value', metadata: Object.freeze({ managedFields: Object.freeze([Object.freeze({ fieldsV1: Object.freeze({ 'f:x': Object.freeze({ y: {} }) }) })]) }) });
    expect(interner.intern(frozen)).toEqual({ a: 'a-long-enough-value', metadata: { managedFields: [{ fieldsV1: { 'f:x': { y: {} } } }] } });
    expect(interner.intern(null)).toBeNull();
    expect(interner.intern('text-not-an-object')).toBe('text-not-an-object');
  });
});
