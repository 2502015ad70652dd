import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../../codegen/crd.js';
import { normalizeRootSchema } from '../../../codegen/normalize-schema.js';
import type { ObjectNode, SchemaNode } from '../../../codegen/schema-node.js';
import { tsType, writeInterfaceMembers } from '../../../codegen/schema-to-ts.js';
import { CodeWriter } from '../../../codegen/code-writer.js';
import { assignTypeNames } from '../../../codegen/assign-type-names.js';
import { docComment, nodeDocLines } from '../../../codegen/tsdoc.js';
import { formatWarning, WarningSink } from '../../../codegen/warnings.js';

/** Normalizes `schema` as the field `x` of a kind `Thing` and returns the field's node. */
function field(schema: unknown, required = false): { node: SchemaNode; root: ObjectNode; warnings: string[] } {
  const sink = new WarningSink();
  const root = normalizeRootSchema(
    { type: 'object', required: required ? ['x'] : [], properties: { x: schema as JSONSchemaProps } },
    'Thing',
    'example.com/v1',
    { crd: 'things.example.com', version: 'v1', sink },
  );
  assignTypeNames([root]);
  const node = root.properties.find((p) => p.name === 'x')!.node;
  return { node, root, warnings: sink.warnings.map(formatWarning) };
}

function typeOf(schema: unknown): string {
  return tsType(field(schema).node);
}

function docOf(schema: unknown): string {
  return docComment(nodeDocLines(field(schema).node));
}

function members(node: ObjectNode): string {
  const w = new CodeWriter();
  writeInterfaceMembers(w, node);
  return w.toString();
}

describe('input (write) types', () => {
  it('exist for objects with a field that may be omitted or null on writes, at or below them', () => {
    const { node, root } = field(
      {
        type: 'object',
        required: ['mode', 'plain', 'inner'],
        properties: {
          mode: { type: 'string', default: 'Auto' },
          plain: { type: 'string' },
          inner: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
          maybe: { type: 'string', nullable: true },
          items: { type: 'array', items: { type: 'object', required: ['w'], properties: { w: { type: 'integer', default: 1 } } } },
          withDefault: { type: 'array', items: { type: 'string', default: 'x' } },
          plainItems: { type: 'array', items: { type: 'string' } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          anything: { 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      true,
    );
    const x = node as ObjectNode;
    expect(x.inputName).toBe('ThingXInput');
    expect(root.inputName).toBe('ThingInput');
    expect(tsType(x, undefined, 'input')).toBe('ThingXInput');
    const w = new CodeWriter();
    writeInterfaceMembers(w, x, undefined, 'input');
    const input = w.toString();
    // A required field with a default may be omitted or null: the server fills it in.
    expect(input).toContain('mode?: string | null;');
    // A required field without a default stays as it is.
    expect(input).toContain('plain: string;');
    // An object whose fields are all required without defaults is its own write form.
    expect(input).toContain('inner: ThingXInner;');
    expect(input).toContain('maybe?: string | null;');
    expect(input).not.toContain('maybe?: string | null | null;');
    expect(input).toContain('items?: ThingXItemInput[] | null;');
    // List items: null only where the item schema has a default; map values: always (pruned).
    expect(input).toContain('withDefault?: (string | null)[] | null;');
    expect(input).toContain('plainItems?: string[] | null;');
    expect(input).toContain('labels?: { [key: string]: string | null } | null;');
    expect(input).toContain('anything?: unknown;');
    // The read form is untouched.
    const read = members(x);
    expect(read).toContain('mode: string;');
    expect(read).toContain('items?: ThingXItem[];');
    expect(read).toContain('labels?: { [key: string]: string };');
    // The root writes metadata as ObjectMetaInput; apiVersion and kind stay literals.
    const rw = new CodeWriter();
    writeInterfaceMembers(rw, root, undefined, 'input');
    expect(rw.toString()).toContain('metadata?: ObjectMetaInput;');
    expect(rw.toString()).toContain("apiVersion?: 'example.com/v1';");
    expect(rw.toString()).toContain('x: ThingXInput;');
  });

  it('are not created where they would equal the read form', () => {
    const { node } = field({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, b: { type: 'object', properties: { c: { type: 'integer', nullable: true } } } } });
    const x = node as ObjectNode;
    expect(x.inputName).toBeUndefined();
    expect((x.properties.find((p) => p.name === 'b')!.node as ObjectNode).inputName).toBeUndefined();
  });

  it('follow Go decoding for built-in types: optional fields may be null, required ones stay (a default only documents the zero value), lists and maps unchanged', () => {
    const { node } = field({ type: 'object', required: ['a', 'd'], properties: { a: { type: 'string' }, d: { type: 'string', default: '' }, b: { type: 'string' }, l: { type: 'array', items: { type: 'string', default: 'x' } }, m: { type: 'object', additionalProperties: { type: 'string' } } } });
    const w = new CodeWriter();
    writeInterfaceMembers(w, node as ObjectNode, undefined, 'builtin-input');
    expect(w.toString()).toContain('a: string;');
    expect(w.toString()).toMatch(/^d: string;$/m);
    expect(w.toString()).toContain('b?: string | null;');
    expect(w.toString()).toContain('l?: string[] | null;');
    expect(w.toString()).toContain('m?: { [key: string]: string } | null;');
  });

  it('take a free name when <Name>Input is already a nested type', () => {
    const { root } = field({ type: 'object', properties: { input: { type: 'object', properties: { b: { type: 'string' } } } } });
    const sink = new WarningSink();
    const r = normalizeRootSchema(
      { type: 'object', required: ['spec'], properties: { spec: { type: 'object', required: ['n'], properties: { n: { type: 'integer', default: 1 }, input: { type: 'object', properties: {} } } } } },
      'Thing',
      'example.com/v1',
      { crd: 'things.example.com', version: 'v1', sink },
    );
    assignTypeNames([r]);
    const spec = r.properties.find((p) => p.name === 'spec')!.node as ObjectNode;
    const nested = spec.properties.find((p) => p.name === 'input')!.node as ObjectNode;
    expect(nested.name).toBe('ThingSpecInput');
    expect(spec.inputName).toBe('ThingSpecInput2');
    expect(r.inputName).toBe('ThingInput');
    expect(root.inputName).toBe('ThingInput');
  });
});

describe('schema → TypeScript', () => {
  it('maps scalars', () => {
    expect(typeOf({ type: 'string' })).toBe('string');
    expect(typeOf({ type: 'integer', format: 'int32' })).toBe('number');
    expect(typeOf({ type: 'number' })).toBe('number');
    expect(typeOf({ type: 'boolean' })).toBe('boolean');
  });

  it('maps x-kubernetes-int-or-string to number | string', () => {
    expect(typeOf({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] })).toBe('number | string');
    expect(field({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }).warnings).toEqual([]);
  });

  it('maps enums to literal unions', () => {
    expect(typeOf({ type: 'string', enum: ['A', 'B'] })).toBe("'A' | 'B'");
    expect(typeOf({ type: 'integer', enum: [1, 2] })).toBe('1 | 2');
    expect(typeOf({ type: 'string', enum: ["it's"] })).toBe("'it\\'s'");
  });

  it('adds | null for nullable, also inside arrays', () => {
    expect(typeOf({ type: 'string', nullable: true })).toBe('string | null');
    expect(typeOf({ type: 'array', items: { type: 'string', nullable: true } })).toBe('(string | null)[]');
    expect(typeOf({ type: 'array', items: { type: 'string', enum: ['a', 'b'] } })).toBe("('a' | 'b')[]");
  });

  it('maps arrays of arrays', () => {
    expect(typeOf({ type: 'array', items: { type: 'array', items: { type: 'integer' } } })).toBe('number[][]');
  });

  it('maps additionalProperties to an index signature', () => {
    expect(typeOf({ type: 'object', additionalProperties: { type: 'string' } })).toBe('{ [key: string]: string }');
    expect(typeOf({ type: 'object', additionalProperties: true })).toBe('{ [key: string]: unknown }');
  });

  it('maps preserve-unknown-fields to an open object, and without a type to any JSON value, never any', () => {
    expect(typeOf({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true })).toBe('{ [key: string]: unknown }');
    // No type: the server keeps any JSON value there (a string, a list, null...), not only objects.
    expect(typeOf({ 'x-kubernetes-preserve-unknown-fields': true })).toBe('unknown');
    expect(typeOf({ 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } })).toBe('unknown');
    const { node } = field({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } });
    expect(tsType(node)).toBe('ThingX');
    expect(members(node as ObjectNode)).toContain('a?: string;');
    expect(members(node as ObjectNode)).toContain('[key: string]: unknown;');
  });

  it('names nested objects from their path and makes required fields non-optional', () => {
    const { node } = field({ type: 'object', required: ['b'], properties: { a: { type: 'string' }, b: { type: 'integer' } } }, true);
    expect(tsType(node)).toBe('ThingX');
    expect(members(node as ObjectNode)).toBe('a?: string;\nb: number;\n');
  });

  it('names array items with the singular of the field', () => {
    const sink = new WarningSink();
    const root = normalizeRootSchema(
      { type: 'object', properties: { spec: { type: 'object', properties: { owners: { type: 'array', items: { type: 'object', properties: { n: { type: 'string' } } } } } } } },
      'Reservation',
      'scheduling.koordinator.sh/v1alpha1',
      { crd: 'reservations.scheduling.koordinator.sh', version: 'v1alpha1', sink },
    );
    const objects = assignTypeNames([root]).get(root)!;
    expect(objects.map((o) => o.name)).toEqual(['Reservation', 'ReservationSpec', 'ReservationSpecOwner']);
  });

  it('resolves name collisions deterministically, shallower objects first', () => {
    const obj = (p: Record<string, unknown>): unknown => ({ type: 'object', properties: p });
    const schema = { type: 'object', properties: { spec: obj({ foo: obj({ bar: obj({ x: { type: 'string' } }) }), fooBar: obj({ y: { type: 'string' } }) }) } };
    const root = normalizeRootSchema(schema, 'W', 'g/v1', { crd: 'ws.g', version: 'v1', sink: new WarningSink() });
    const objects = assignTypeNames([root]).get(root)!;
    expect(objects.map((o) => `${o.path}=${o.name}`)).toEqual(['=W', '.spec=WSpec', '.spec.foo=WSpecFoo', '.spec.fooBar=WSpecFooBar', '.spec.foo.bar=WSpecFooBar2']);
  });

  it('maps embedded resources to objects with apiVersion, kind and ObjectMeta', () => {
    const { node } = field({ type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });
    expect(members(node as ObjectNode)).toContain('apiVersion?: string;\nkind?: string;\nmetadata?: ObjectMeta;\n');
  });

  it('always types the root metadata as ObjectMeta, with literal apiVersion and kind', () => {
    const { root } = field({ type: 'string' });
    const text = members(root);
    expect(text).toContain("apiVersion?: 'example.com/v1';");
    expect(text).toContain("kind?: 'Thing';");
    expect(text).toContain('metadata?: ObjectMeta;');
  });

  it('quotes property names that are not identifiers', () => {
    const { node } = field({ type: 'object', properties: { 'kubernetes.io/arch': { type: 'string' }, 'a-b': { type: 'string' } } });
    expect(members(node as ObjectNode)).toBe("'a-b'?: string;\n'kubernetes.io/arch'?: string;\n");
  });

  it('types an object without fields as one the server prunes', () => {
    const { node } = field({ type: 'object' });
    expect(members(node as ObjectNode)).toBe('[key: string]: never;\n');
  });
});

describe('schema → TSDoc', () => {
  it('turns descriptions into TSDoc and escapes comment terminators and leading @', () => {
    const doc = docOf({ type: 'string', description: 'Ends */ here.\n@internal is not a tag.' });
    expect(doc).toBe('/**\n * Ends *\\/ here.\n * \\@internal is not a tag.\n */');
  });

  it('documents defaults and formats, and int64 precision', () => {
    expect(docOf({ type: 'boolean', default: true })).toBe('/** @defaultValue `true` */');
    expect(docOf({ type: 'string', format: 'date-time' })).toBe('/** @format date-time */');
    const int64 = docOf({ type: 'integer', format: 'int64' });
    expect(int64).toContain('@format int64');
    expect(int64).toContain('lose precision');
  });

  it('documents list and map types and CEL rules', () => {
    expect(docOf({ type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] })).toContain(
      'List type `map`, keyed by `name`',
    );
    expect(docOf({ type: 'object', properties: {}, 'x-kubernetes-map-type': 'atomic' })).toContain('Map type `atomic`');
    expect(docOf({ type: 'string', 'x-kubernetes-validations': [{ rule: 'self.size() > 1', message: 'too short' }] })).toContain(
      'Validation rule (checked by the API server): `self.size() > 1` — too short',
    );
  });

  it('documents constraints', () => {
    expect(docOf({ type: 'string', minLength: 1, pattern: '^a$' })).toBe('/** Constraints: minLength 1, pattern `^a$`. */');
  });
});

describe('unsupported constructs', () => {
  it.each([
    [{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, "'oneOf' is not supported; typed unknown"],
    [{ anyOf: [{ type: 'string' }] }, "'anyOf' is not supported; typed unknown"],
    [{ allOf: [{ type: 'object' }] }, "'allOf' is not supported; typed unknown"],
    [{ not: { type: 'string' } }, "'not' is not supported; typed unknown"],
    [{ $ref: '#/definitions/X' }, "'$ref' is not supported; typed unknown"],
    [{ type: 'color' }, 'unsupported type "color"; typed unknown'],
    [{ description: 'no type' }, "no 'type' declared; typed unknown"],
  ])('%j warns with the CRD name and path and maps to unknown', (schema, message) => {
    const { node, warnings } = field(schema);
    expect(tsType(node)).toBe('unknown');
    expect(warnings).toEqual([`things.example.com v1 .x: ${message}`]);
  });

  it('keeps the declared type when a combinator only adds constraints, and says so', () => {
    const { node, warnings } = field({ type: 'string', anyOf: [{ pattern: '^a' }, { pattern: '^b' }] });
    expect(tsType(node)).toBe('string');
    expect(warnings).toEqual(["things.example.com v1 .x: 'anyOf' is not supported; its constraints are not checked client-side"]);
    expect(docComment(nodeDocLines(node))).toContain('`anyOf` constraint');
  });

  it('names nested paths in warnings', () => {
    const { warnings } = field({ type: 'array', items: { type: 'object', properties: { 'a.b': { oneOf: [] } } } });
    expect(warnings).toEqual([`things.example.com v1 .x[*]["a.b"]: 'oneOf' is not supported; typed unknown`]);
  });

  it('warns about unknown keywords and invalid patterns but keeps the type', () => {
    const { node, warnings } = field({ type: 'string', pattern: '(?i)abc', patternProperties: {} });
    expect(tsType(node)).toBe('string');
    expect(warnings).toEqual([
      "things.example.com v1 .x: unsupported keyword 'patternProperties' ignored",
      'things.example.com v1 .x: pattern "(?i)abc" has no JavaScript equivalent with the same meaning; not checked client-side',
    ]);
  });
});
