// Behaviour of the generated zod schemas: the constructs fixture is generated, written to a
// throwaway directory and its schemas module imported exactly as emitted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../codegen/generate.js';
import { loadCrdInputs } from '../../../codegen/load-crds.js';
import type { ObjectSchema } from '../../../src/meta/descriptor.js';
import { fixturesDir } from './support/paths.js';
import { materialize, type Materialized } from './support/materialize.js';

let tree: Materialized;
let widget: ObjectSchema;
let buildCount: () => ObjectSchema;

beforeAll(async () => {
  const { files } = generate(await loadCrdInputs([`${fixturesDir}/constructs`]));
  tree = await materialize(files);
  const schemas = (await import(tree.path('example.koordinator.sh/v1/schemas.ts'))) as { widgetSchema: () => ObjectSchema };
  widget = schemas.widgetSchema();
  buildCount = schemas.widgetSchema;
});
afterAll(async () => {
  await tree?.remove();
});

const base = { apiVersion: 'example.koordinator.sh/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } };

function check(spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return widget.safeParse({ ...base, ...extra, spec: { size: 5, mode: 'Small', ...spec } });
}

function paths(result: ReturnType<ObjectSchema['safeParse']>): string[] {
  return result.success ? [] : [...new Set(result.error.issues.map((i) => i.path.map(String).join('.')))];
}

describe('generated zod schemas', () => {
  it('builds the schema once and caches it', () => {
    expect(buildCount()).toBe(widget);
  });

  it('accepts a valid object', () => {
    expect(check({}).success).toBe(true);
  });

  it('leaves apiVersion and kind optional but checks them when present', () => {
    expect(widget.safeParse({ metadata: { name: 'w' }, spec: { size: 1, mode: 'Small' } }).success).toBe(true);
    expect(paths(widget.safeParse({ ...base, apiVersion: 'example.koordinator.sh/v2', spec: { size: 1, mode: 'Small' } }))).toEqual(['apiVersion']);
  });

  it('enforces required fields', () => {
    expect(paths(widget.safeParse(base))).toEqual(['spec']);
    expect(paths(widget.safeParse({ ...base, spec: { size: 1 } }))).toEqual(['spec.mode']);
  });

  it('enforces enums', () => {
    expect(paths(check({ mode: 'Medium' }))).toEqual(['spec.mode']);
    expect(check({ level: 2 }).success).toBe(true);
    expect(paths(check({ level: 4 }))).toEqual(['spec.level']);
  });

  it('enforces patterns and lengths', () => {
    expect(check({ name: 'good-name' }).success).toBe(true);
    expect(paths(check({ name: 'Bad_Name' }))).toEqual(['spec.name']);
    expect(paths(check({ name: '' }))).toEqual(['spec.name']);
    expect(paths(check({ name: 'a'.repeat(64) }))).toEqual(['spec.name']);
    expect(check({ path: '/a/b' }).success).toBe(true);
    expect(paths(check({ path: 'a/b' }))).toEqual(['spec.path']);
  });

  it('enforces numeric bounds, exclusive bounds and multipleOf', () => {
    expect(paths(check({ size: 0 }))).toEqual(['spec.size']);
    expect(paths(check({ size: 1001 }))).toEqual(['spec.size']);
    expect(paths(check({ size: 1.5 }))).toEqual(['spec.size']);
    expect(paths(check({ weight: 0 }))).toEqual(['spec.weight']);
    expect(check({ ratio: 0.75 }).success).toBe(true);
    expect(paths(check({ ratio: 1 }))).toEqual(['spec.ratio']);
    expect(paths(check({ ratio: 0.3 }))).toEqual(['spec.ratio']);
  });

  it('accepts int64 values beyond the safe integer range but not fractions', () => {
    expect(check({ weight: 2 ** 60 }).success).toBe(true);
    expect(paths(check({ weight: 1.5 }))).toEqual(['spec.weight']);
  });

  it('accepts both forms of int-or-string and checks the pattern of the string form', () => {
    expect(check({ port: 1 }).success).toBe(true);
    expect(check({ port: '1' }).success).toBe(true);
    expect(check({ port: 'http' }).success).toBe(true);
    expect(paths(check({ port: true }))).toEqual(['spec.port']);
    expect(check({ quantity: 2 }).success).toBe(true);
    expect(check({ quantity: '500Mi' }).success).toBe(true);
    expect(paths(check({ quantity: 'lots' }))).toEqual(['spec.quantity']);
    expect(paths(check({ quantity: 1.5 }))).toEqual(['spec.quantity']);
    expect(check({ resources: { cpu: 1, memory: '1Gi' } }).success).toBe(true);
  });

  it('enforces minItems, maxItems and minProperties', () => {
    const owner = { kind: 'Pod', name: 'p' };
    expect(check({ owners: [owner] }).success).toBe(true);
    expect(paths(check({ owners: [] }))).toEqual(['spec.owners']);
    expect(paths(check({ owners: [owner, owner, owner, owner] }))).toEqual(['spec.owners']);
    expect(paths(check({ owners: [{ kind: 'Pod' }] }))).toContain('spec.owners.0.name');
  });

  it('enforces maxProperties on maps and the value type of maps', () => {
    expect(check({ labels: { a: 'x', b: 'y' } }).success).toBe(true);
    expect(paths(check({ labels: { a: 'x', b: 'y', c: 'z' } }))).toEqual(['spec.labels']);
    // The server prunes null values before counting.
    expect(check({ labels: { a: 'x', b: 'y', c: null } }).success).toBe(true);
    expect(paths(check({ labels: { a: 1 } }))).toEqual(['spec.labels.a']);
    expect(paths(check({ placement: { east: { zone: 7 } } }))).toEqual(['spec.placement.east.zone']);
  });

  it('accepts null for optional fields (the server prunes it) but not for required ones without a default', () => {
    expect(check({ expires: null }).success).toBe(true);
    expect(check({ name: null }).success).toBe(true);
    expect(paths(check({ mode: null }))).toEqual(['spec.mode']);
  });

  it('keeps unknown fields instead of stripping them, and preserves open objects', () => {
    const result = check({ extensions: { anything: { nested: [1, 'two'] } }, config: { version: '1', extra: true }, unknownField: 1 });
    expect(result.success).toBe(true);
    const data = (result as { data: { spec: Record<string, unknown> } }).data.spec;
    expect(data.unknownField).toBe(1);
    expect(data.extensions).toEqual({ anything: { nested: [1, 'two'] } });
    expect(data.config).toEqual({ version: '1', extra: true });
    expect(paths(check({ config: { version: 1 } }))).toEqual(['spec.config.version']);
  });

  it('checks embedded resources and metadata', () => {
    expect(check({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: { containers: [] } } }).success).toBe(true);
    expect(paths(check({ template: { metadata: { labels: { a: 1 } } } }))).toEqual(['spec.template.metadata.labels.a']);
    expect(paths(widget.safeParse({ ...base, metadata: { name: 5 }, spec: { size: 1, mode: 'Small' } }))).toEqual(['metadata.name']);
    expect(widget.safeParse({ ...base, metadata: { name: 'w', creationTimestamp: null }, spec: { size: 1, mode: 'Small' } }).success).toBe(true);
  });

  it('does not apply defaults (the server does)', () => {
    const result = check({});
    expect((result as { data: { spec: Record<string, unknown> } }).data.spec).not.toHaveProperty('enabled');
  });
});
