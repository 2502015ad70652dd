// Names of nested object types: from the schema path, collisions resolved among the colliding
// objects only (so nothing is renamed when an unrelated field or kind is added), the explicit
// path name before a numeric suffix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignTypeNames } from '../../../codegen/assign-type-names.js';
import { normalizeRootSchema } from '../../../codegen/normalize-schema.js';
import type { ObjectNode } from '../../../codegen/schema-node.js';
import { WarningSink } from '../../../codegen/warnings.js';

const obj = (properties: Record<string, unknown>): Record<string, unknown> => ({ type: 'object', properties });
const arr = (items: unknown): Record<string, unknown> => ({ type: 'array', items });
const map = (values: unknown): Record<string, unknown> => ({ type: 'object', additionalProperties: values });
const leaf = { type: 'string' };

function root(kind: string, properties: Record<string, unknown>): ObjectNode {
  return normalizeRootSchema(obj(properties), kind, 'g.example.com/v1', { crd: `${kind.toLowerCase()}s.g.example.com`, version: 'v1', sink: new WarningSink() });
}

/** `path=name` of every object of every kind, kinds in the given order. */
function names(kinds: Record<string, Record<string, unknown>>): Map<string, string> {
  const roots = Object.entries(kinds).map(([k, p]) => root(k, p));
  const named = assignTypeNames(roots);
  const out = new Map<string, string>();
  for (const r of roots) for (const o of named.get(r)!) out.set(`${r.name}${o.path}`, o.name);
  return out;
}

describe('nested type names', () => {
  it('come from the schema path: singular array items, map values, nested objects', () => {
    const n = names({ Reservation: { spec: obj({ owners: arr(obj({ x: leaf })), resources: map(obj({ x: leaf })), template: obj({ spec: obj({ x: leaf }) }) }) } });
    expect([...n.values()]).toEqual([
      'Reservation',
      'ReservationSpec',
      'ReservationSpecOwner',
      'ReservationSpecResourcesValue',
      'ReservationSpecTemplate',
      'ReservationSpecTemplateSpec',
    ]);
  });

  it('give array items their explicit path name when the singular is a field of its own', () => {
    const n = names({ W: { spec: obj({ owner: obj({ a: leaf }), owners: arr(obj({ b: leaf, ref: obj({ c: leaf }) })) }) } });
    expect(n.get('W.spec.owner')).toBe('WSpecOwner');
    expect(n.get('W.spec.owners[*]')).toBe('WSpecOwnersItem');
    expect(n.get('W.spec.owners[*].ref')).toBe('WSpecOwnersItemRef');
    expect([...n.values()].some((v) => /\d$/.test(v))).toBe(false);
  });

  it('fall back to a numeric suffix only when the path gives no distinct name, the shallower object first', () => {
    const n = names({ W: { spec: obj({ foo: obj({ bar: obj({ x: leaf }) }), fooBar: obj({ y: leaf }) }) } });
    expect(n.get('W.spec.fooBar')).toBe('WSpecFooBar');
    expect(n.get('W.spec.foo.bar')).toBe('WSpecFooBar2');
  });

  it('never give a nested object the name of a kind, its list or its apply type', () => {
    const n = names({ Foo: { bar: obj({ x: leaf }), barList: obj({ y: leaf }) }, FooBar: { spec: obj({ z: leaf }) } });
    expect(n.get('FooBar')).toBe('FooBar');
    expect(n.get('Foo.bar')).toBe('FooBar2');
    expect(n.get('Foo.barList')).toBe('FooBarList2');
  });

  it('give <Kind>Spec to the kind it belongs to, whichever kinds the group holds', () => {
    const alone = names({ AB: { spec: obj({ x: leaf }) } });
    const withA = names({ A: { bSpec: obj({ y: leaf }) }, AB: { spec: obj({ x: leaf }) } });
    expect(alone.get('AB.spec')).toBe('ABSpec');
    expect(withA.get('AB.spec')).toBe('ABSpec');
    expect(withA.get('A.bSpec')).toBe('ABSpec2');
  });

  it('do not change when unrelated fields or kinds are added', () => {
    const spec = { owner: obj({ a: leaf }), owners: arr(obj({ b: leaf })), foo: obj({ bar: obj({ x: leaf }) }), fooBar: obj({ y: leaf }), deep: obj({ l: arr(map(obj({ m: leaf }))) }) };
    const before = names({ W: { spec: obj(spec), status: obj({ s: leaf }) } });
    const after = names({
      Aaa: { spec: obj({ owner: obj({ q: leaf }) }) },
      W: {
        spec: obj({ aaa: obj({ owner: obj({ q: leaf }) }), ...spec, zzz: arr(obj({ q: leaf })) }),
        status: obj({ s: leaf, owners: arr(obj({ q: leaf })) }),
      },
    });
    for (const [path, name] of before) expect(after.get(path), path).toBe(name);
  });
});

describe('nested type names (property)', () => {
  // Random schemas built from a few field names that collide often (owner/owners, foo.bar/fooBar,
  // value/maps); a field named with a word no other field uses is then added at a random object.
  const fieldName = fc.constantFrom('owner', 'owners', 'foo', 'bar', 'fooBar', 'value', 'item', 'spec');
  const tree: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(leaf),
      fc.dictionary(fieldName, tie('node'), { maxKeys: 4 }).map(obj),
      tie('node').map(arr),
      tie('node').map(map),
    ),
  })).node;

  /** Adds `qq<n>: { q: string }` to the `at`-th object of the schema (counted depth-first). */
  function addUnrelated(schema: Record<string, unknown>, at: number): Record<string, unknown> {
    let seen = 0;
    const visit = (s: Record<string, unknown>): Record<string, unknown> => {
      if (s['type'] === 'array') return { ...s, items: visit(s['items'] as Record<string, unknown>) };
      if (s['additionalProperties'] !== undefined) return { ...s, additionalProperties: visit(s['additionalProperties'] as Record<string, unknown>) };
      if (s['type'] !== 'object') return s;
      const props = Object.fromEntries(Object.entries((s['properties'] ?? {}) as Record<string, Record<string, unknown>>).map(([k, v]) => [k, visit(v)]));
      if (seen++ === at) props[`qq${at}`] = obj({ q: leaf });
      return { ...s, properties: props };
    };
    return visit(schema);
  }

  it('do not change when an unrelated field is added anywhere', () => {
    fc.assert(
      fc.property(fc.dictionary(fieldName, tree, { maxKeys: 4 }), fc.nat(20), (props, at) => {
        const before = names({ W: props });
        const changed = addUnrelated(obj(props), at)['properties'] as Record<string, unknown>;
        const after = names({ W: changed });
        for (const [path, name] of before) expect(after.get(path), path).toBe(name);
      }),
      { numRuns: 300 },
    );
  });
});
