// Never stricter than the server: the generated write schemas of the lenient fixture accept what
// the API server accepts (nulls it prunes, defaults it fills in, any JSON under schemaless
// preserve-unknown-fields, large integers, unchecked formats, lengths in code points), while
// still catching what the server rejects. The e2e property test checks the same against envtest.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { typeCheck } from './support/type-check.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../codegen/generate.js';
import { loadCrdInputs } from '../../../codegen/load-crds.js';
import type { ObjectSchema } from '../../../src/meta/descriptor.js';
import { fixturesDir } from './support/paths.js';
import { materialize, type Materialized } from './support/materialize.js';

let tree: Materialized;
let gadget: ObjectSchema;
let doohickey: ObjectSchema;
let types: string;

beforeAll(async () => {
  const { files } = generate(await loadCrdInputs([`${fixturesDir}/lenient`]));
  types = files.get('lenient.example.com/v1/types.ts')!;
  tree = await materialize(files, ['cache', 'rest']);
  const schemas = (await import(tree.path('lenient.example.com/v1/schemas.ts'))) as { gadgetSchema: () => ObjectSchema; doohickeySchema: () => ObjectSchema };
  gadget = schemas.gadgetSchema();
  doohickey = schemas.doohickeySchema();
});
afterAll(async () => {
  await tree?.remove();
});

const meta = { apiVersion: 'lenient.example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'ns' } };

function check(spec: Record<string, unknown>) {
  return gadget.safeParse({ ...meta, spec: { target: 't', ...spec } });
}

function paths(result: ReturnType<ObjectSchema['safeParse']>): string[] {
  return result.success ? [] : [...new Set(result.error.issues.map((i) => i.path.map(String).join('.')))];
}

describe('write schemas are never stricter than the server', () => {
  it('holds any JSON value where preserve-unknown-fields has no type', () => {
    for (const value of [{ a: 1 }, [1, 'two', null], 'text', 42, 2 ** 60, true, null, {}]) {
      expect(check({ anything: value, anythingNullable: value, schemalessWithProperties: value }).success, JSON.stringify(value)).toBe(true);
    }
    expect(types).toContain('anything?: unknown;');
    expect(types).toContain('schemalessWithProperties?: unknown;');
  });

  it('keeps unknown fields of open objects and types the known ones', () => {
    const result = check({ openConfig: { version: '1', extra: { deep: [1] } }, openMap: { x: [null] } });
    expect(result.success).toBe(true);
    expect((result as { data: { spec: { openConfig: Record<string, unknown> } } }).data.spec.openConfig.extra).toEqual({ deep: [1] });
    expect(paths(check({ openConfig: { version: 1 } }))).toEqual(['spec.openConfig.version']);
  });

  it('lets required fields with a default be omitted or null, but not required fields without one', () => {
    expect(gadget.safeParse({ ...meta, spec: { target: 't' } }).success).toBe(true);
    expect(check({ mode: null, replicas: null, settings: null }).success).toBe(true);
    expect(paths(gadget.safeParse({ ...meta, spec: {} }))).toEqual(['spec.target']);
    expect(paths(check({ target: null }))).toEqual(['spec.target']);
    expect(paths(check({ entries: [{ value: 'v' }] }))).toEqual(['spec.entries.0.key']);
    expect(check({ entries: [{ key: 'k' }] }).success).toBe(true);
  });

  it('accepts null for optional fields and map values (pruned by the server)', () => {
    expect(check({ shortName: null, count64: null, flag: null, labels: { a: null, b: 'x' }, openConfig: null, port: null }).success).toBe(true);
    expect(gadget.safeParse({ ...meta, metadata: { name: 'g', creationTimestamp: null, labels: null, annotations: null }, spec: { target: 't' } }).success).toBe(true);
  });

  it('accepts null list items only where the item schema is nullable or has a default', () => {
    expect(check({ defaultedItems: ['a', null], nullableArray: [null, 'b'] }).success).toBe(true);
    expect(paths(check({ entries: [null] }))).toEqual(['spec.entries.0']);
    expect(doohickey.safeParse({ metadata: { name: 'd' }, spec: { tags: [null], matrix: [[1, null]] } }).success).toBe(true);
  });

  it('accepts nullable at every level', () => {
    expect(check({ nullableObject: null, nullableArray: null, nullableMap: null, nullableString: null, nullableIntOrString: null }).success).toBe(true);
    expect(check({ nullableObject: { inner: 'i', deeper: { leaf: null } }, nullableMap: { a: null, b: 1 } }).success).toBe(true);
    expect(check({ nullableObject: { inner: 'i', deeper: null } }).success).toBe(true);
    expect(doohickey.safeParse({ metadata: { name: 'd' }, spec: null }).success).toBe(true);
    expect(doohickey.safeParse({ metadata: { name: 'd' }, spec: { size: null } }).success).toBe(true);
  });

  it('accepts int-or-string both ways, with and without anyOf, bounds on the integer only', () => {
    for (const v of [8080, 'http', 2 ** 60, '']) expect(check({ port: v, portAnyOf: v }).success, String(v)).toBe(true);
    expect(check({ portBounded: 'anything' }).success).toBe(true);
    expect(paths(check({ portBounded: 0 }))).toEqual(['spec.portBounded']);
    expect(check({ quantity: '1500m' }).success).toBe(true);
    expect(check({ quantity: 2 }).success).toBe(true);
    expect(paths(check({ quantity: 'lots' }))).toEqual(['spec.quantity']);
    expect(paths(check({ port: 1.5 }))).toEqual(['spec.port']);
  });

  it('accepts integers beyond 2^53 whatever the format, and rejects fractions', () => {
    for (const v of [2 ** 53 + 2, 2 ** 63, -(2 ** 62), 1e20]) expect(check({ count32: v, count64: v, countPlain: v }).success, String(v)).toBe(true);
    expect(paths(check({ countPlain: 0.5 }))).toEqual(['spec.countPlain']);
  });

  it('leaves formats to the server', () => {
    const odd = { when: '2024-01-02T03:04:05.123456789+02:00', day: 'not a date', data: '***', id: 'not-a-uuid', custom: 'x', ratio: 1e308, ratioFloat: 1e300 };
    expect(check(odd).success).toBe(true);
  });

  it('counts string lengths in code points and matches patterns by code point', () => {
    expect(check({ shortName: '😀😀😀😀😀😀' }).success).toBe(true);
    expect(paths(check({ shortName: 'abcdefg' }))).toEqual(['spec.shortName']);
    expect(check({ shortPattern: '😀😀😀😀' }).success).toBe(true);
    expect(paths(check({ shortPattern: 'abcde' }))).toEqual(['spec.shortPattern']);
    expect(paths(check({ target: '' }))).toEqual(['spec.target']);
  });

  it('still rejects what the server rejects', () => {
    expect(paths(check({ mode: 'Sometimes' }))).toEqual(['spec.mode']);
    expect(paths(check({ replicas: -1 }))).toEqual(['spec.replicas']);
    expect(paths(check({ flag: 'yes' }))).toEqual(['spec.flag']);
    expect(paths(check({ labels: { a: 1 } }))).toEqual(['spec.labels.a']);
  });
});

const USAGE = `
import type { LenientExampleComV1Client } from './generated/lenient.example.com/v1/client.js';
import type { Doohickey, Gadget, GadgetInput, GadgetSpec } from './generated/lenient.example.com/v1/types.js';

declare const client: LenientExampleComV1Client;
declare const read: Gadget;

// Fields the server defaults (mode, replicas, settings, an entry's value) may be omitted on writes.
export const minimal: GadgetInput = { metadata: { name: 'g' }, spec: { target: 't', entries: [{ key: 'k' }] } };
export const created: Promise<Gadget> = client.gadgets('ns').create(minimal);
// A read object writes back as it is.
export const writtenBack: GadgetInput = read;
export const updated: Promise<Gadget> = client.gadgets('ns').update(read);
export const statusUpdated: Promise<Gadget> = client.gadgets('ns').updateStatus(read);
// The read type promises what the server fills in.
export const mode: 'Auto' | 'Manual' = read.spec.mode;
export const replicas: number = read.spec.replicas;
// @ts-expect-error target is required and has no default
export const noTarget: GadgetInput = { spec: {} };
// @ts-expect-error an entry's key is required and has no default
export const noKey: GadgetInput = { spec: { target: 't', entries: [{}] } };
// @ts-expect-error the read type has the defaulted fields
export const readSpec: GadgetSpec = { target: 't' };
// Any JSON value where preserve-unknown-fields has no type.
export const anything: GadgetInput = { spec: { target: 't', anything: ['a', 1, null], schemalessWithProperties: 'text' } };
export const doohickey: Promise<Doohickey> = client.doohickeys().create({ metadata: { name: 'd' }, spec: { size: null } });
// Optional fields, map values and defaulted fields may be null on writes (the server prunes
// them, or fills in the default), and so may metadata the server sets, as kubectl manifests carry.
export const nulls: GadgetInput = {
  metadata: { name: 'g', creationTimestamp: null, labels: null, resourceVersion: null },
  spec: { target: 't', shortName: null, count64: null, flag: null, labels: { a: null, b: 'x' }, openConfig: { version: null }, port: null, mode: null, replicas: null, settings: null, defaultedItems: ['a', null], entries: [{ key: 'k', value: null }] },
  status: null,
};
export const createdWithNulls: Promise<Gadget> = client.gadgets('ns').create(nulls);
export const nestedNull: Promise<Doohickey> = client.doohickeys().update({ metadata: { name: 'd', creationTimestamp: null }, spec: { tags: [{ name: null }] } });
// @ts-expect-error target is required and has no default: a null fails on the server
export const nullTarget: GadgetInput = { spec: { target: null } };
// @ts-expect-error an entry's key is required and has no default
export const nullKey: GadgetInput = { spec: { target: 't', entries: [{ key: null }] } };
// @ts-expect-error list items are not pruned: a null item fails unless the item schema has a default
export const nullEntry: GadgetInput = { spec: { target: 't', entries: [null] } };
// @ts-expect-error the name addresses the write
export const nullName: GadgetInput = { metadata: { name: null }, spec: { target: 't' } };
// Read types stay free of the nulls the server never returns.
export const readShortName: string | undefined = read.spec.shortName;
export const readLabel: string | undefined = read.spec.labels?.['a'];
export const readCreated: string | undefined = read.metadata?.creationTimestamp;
// @ts-expect-error the read type has no null where the schema is not nullable
export const readNull: Gadget = { ...read, spec: { ...read.spec, shortName: null } };
`;

describe('generated input types', () => {
  it('let writes omit defaulted required fields and null optional ones, keep reads as the server returns them, and accept read objects', async () => {
    await writeFile(join(tree.root, 'usage.ts'), USAGE);
    const diagnostics = typeCheck(tree.root, join(tree.root, 'usage.ts'), { compilerOptions: { lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'], types: ['node'] } });
    expect(diagnostics).toEqual([]);
    expect(types).toContain('export interface GadgetInput {');
    // An object whose fields are all nullable writes as it reads: no write form of its own.
    expect(types).toContain('nullableObject?: GadgetSpecNullableObject | null;');
    expect(types).not.toContain('export interface GadgetSpecNullableObjectInput {');
  }, 300_000);
});
