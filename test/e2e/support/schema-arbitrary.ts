/**
 * Property-based testing from a CRD's OpenAPI schema: fast-check arbitraries of objects derived
 * from the generator's schema tree (what the CRD itself declares, no type map), leaning on the
 * edges where a client could be stricter than the API server (nulls, omitted defaulted required
 * fields, empty maps and lists, unknown fields under preserve-unknown-fields, int-or-string both
 * ways, large integers, odd formats, characters beyond the Basic Multilingual Plane); and a check
 * that an object the server returned has what the generated read type promises.
 * @packageDocumentation
 */
import fc from 'fast-check';
import { normalizeRootSchema } from '../../../codegen/normalize-schema.js';
import type { ObjectNode, SchemaNode } from '../../../codegen/schema-node.js';
import { WarningSink } from '../../../codegen/warnings.js';

/** Nesting depth below which objects are generated with their fields (deeper ones are `{}`). */
const MAX_DEPTH = 8;

/** Marks a property left out of a generated object. */
const ABSENT = Symbol('absent');

/** The schema tree of one CRD version, as the generator reads it (without a type map). */
export function crdRootNode(crd: Record<string, unknown>, version: string): ObjectNode {
  const spec = crd.spec as { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema?: unknown } }[] };
  const v = spec.versions.find((x) => x.name === version);
  if (v === undefined) throw new Error(`the CRD serves no version ${version}`);
  const name = (crd.metadata as { name: string }).name;
  return normalizeRootSchema(v.schema?.openAPIV3Schema, spec.names.kind, `${spec.group}/${version}`, { crd: name, version, sink: new WarningSink() });
}

function codePoints(s: string): number {
  return [...s].length;
}

function fitLength(s: string, min: number | undefined, max: number | undefined): string {
  let out = s;
  if (max !== undefined && codePoints(out) > max) out = [...out].slice(0, max).join('');
  if (min !== undefined && codePoints(out) < min) out += 'a'.repeat(min - codePoints(out));
  return out;
}

const plainString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '😀', 'ä'.repeat(3), 'a'.repeat(70)) },
);

function formatString(format: string | undefined): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'date-time':
      return fc.oneof(
        fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2024-05-06T07:08:09Z', '2024-05-06T07:08:09.123456789+02:00', '2024-05-06T07:08:09.1Z'),
      );
    case 'date':
      return fc.constantFrom('2024-05-06', '1999-12-31');
    case 'byte':
      // The server's base64 check refuses the empty string.
      return fc.base64String({ minLength: 4, maxLength: 12 });
    case 'uuid':
      return fc.uuid();
    default:
      return undefined;
  }
}

function stringArb(node: { pattern?: string; minLength?: number; maxLength?: number; doc: { format?: string } }): fc.Arbitrary<string> {
  let base: fc.Arbitrary<string> = formatString(node.doc.format) ?? plainString;
  if (node.pattern !== undefined) {
    try {
      base = fc.stringMatching(new RegExp(node.pattern, 'u'), { size: 'xsmall' });
    } catch {
      try {
        base = fc.stringMatching(new RegExp(node.pattern), { size: 'xsmall' });
      } catch {
        // fast-check cannot generate from this pattern: plain strings (the server may reject them).
      }
    }
  }
  return base.map((s) => fitLength(s, node.minLength, node.maxLength));
}

interface Bounds {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum: boolean;
  exclusiveMaximum: boolean;
  multipleOf?: number;
}

const LARGE_INTEGERS = [2 ** 53 + 2, 2 ** 62, -(2 ** 62), 2 ** 31, -(2 ** 31) - 1, 4294967296];

function integerArb(b: Bounds, format?: string): fc.Arbitrary<number> {
  const lo = b.minimum === undefined ? undefined : Math.ceil(b.minimum) + (b.exclusiveMinimum && Number.isInteger(b.minimum) ? 1 : 0);
  const hi = b.maximum === undefined ? undefined : Math.floor(b.maximum) - (b.exclusiveMaximum && Number.isInteger(b.maximum) ? 1 : 0);
  const step = b.multipleOf !== undefined && Number.isInteger(b.multipleOf) && b.multipleOf > 0 ? b.multipleOf : 1;
  const small = fc.integer({ min: Math.max(lo ?? -1000, -(2 ** 31)), max: Math.min(hi ?? 1000, 2 ** 31 - 1) });
  const large = fc.constantFrom(...LARGE_INTEGERS).filter((v) => (lo === undefined || v >= lo) && (hi === undefined || v <= hi));
  // The server checks the int32 range; beyond 2^53 only int64 (or no format) is worth trying.
  const picked = lo === undefined && hi === undefined && format !== 'int32' ? fc.oneof({ weight: 4, arbitrary: small }, { weight: 1, arbitrary: large }) : small;
  return picked.map((v) => (step === 1 ? v : v - (v % step)));
}

function numberArb(b: Bounds, format?: string): fc.Arbitrary<number> {
  const opts: fc.DoubleConstraints = { noNaN: true, noDefaultInfinity: true };
  // The server checks the float32 range of `format: float`.
  const limit = format === 'float' ? 3.4e38 : undefined;
  if (b.minimum !== undefined || limit !== undefined) opts.min = Math.max(b.minimum ?? -Infinity, limit === undefined ? -Infinity : -limit);
  if (b.maximum !== undefined || limit !== undefined) opts.max = Math.min(b.maximum ?? Infinity, limit ?? Infinity);
  if (b.exclusiveMinimum) opts.minExcluded = true;
  if (b.exclusiveMaximum) opts.maxExcluded = true;
  return fc.oneof(fc.double(opts), integerArb(b));
}

/** Adds `null` as an alternative when the server accepts it there. */
function orNull(arb: fc.Arbitrary<unknown>, nullOk: boolean): fc.Arbitrary<unknown> {
  return nullOk ? fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
}

const jsonValue = fc.jsonValue({ maxDepth: 2 });
const extraKey = fc.constantFrom('extraField', 'x-unknown', 'zz');

function objectArb(node: ObjectNode, depth: number): fc.Arbitrary<Record<string, unknown>> {
  if (depth > MAX_DEPTH) return fc.constant({});
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of node.properties) {
    const value = valueArb(p.node, depth + 1);
    if (node.embedded && (p.name === 'apiVersion' || p.name === 'kind')) {
      // The server decodes an embedded resource's type meta as strings and requires both.
      fields[p.name] = p.name === 'apiVersion' ? fc.constantFrom('v1', 'example.com/v1') : fc.constantFrom('Thing', 'ConfigMap');
    } else if (p.required && !p.node.doc.hasDefault) {
      fields[p.name] = orNull(value, p.node.nullable);
    } else {
      // Optional, or required with a default: absent, null (pruned or defaulted) or a value.
      fields[p.name] = fc.oneof({ weight: 3, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: value });
    }
  }
  const extra: fc.Arbitrary<Record<string, unknown>> =
    typeof node.rest === 'object'
      ? fc.dictionary(extraKey, orNull(valueArb(node.rest, depth + 1), true), { maxKeys: 2 })
      : fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(extraKey, jsonValue, { minKeys: 1, maxKeys: 1 }) });
  return fc.tuple(fc.record(fields), extra).map(([declared, more]) => {
    const out: Record<string, unknown> = { ...more };
    for (const [k, v] of Object.entries(declared)) if (v !== ABSENT) out[k] = v;
    return out;
  });
}

/** An arbitrary of the values the schema node describes, with the edges a server accepts. */
export function valueArb(node: SchemaNode, depth = 0): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  switch (node.type) {
    case 'literal':
      arb = fc.constant(node.value);
      break;
    case 'string':
      arb = node.enum ? fc.constantFrom(...node.enum) : stringArb(node);
      break;
    case 'number':
      arb = node.enum ? fc.constantFrom(...node.enum) : node.integer ? integerArb(node, node.doc.format) : numberArb(node, node.doc.format);
      break;
    case 'boolean':
      arb = node.enum ? fc.constantFrom(...node.enum) : fc.boolean();
      break;
    case 'int-or-string':
      arb = node.enum ? fc.constantFrom(...node.enum) : fc.oneof(integerArb(node), stringArb(node));
      break;
    case 'array': {
      const items = orNull(valueArb(node.items, depth + 1), node.items.nullable || node.items.doc.hasDefault);
      const minLength = node.minItems ?? 0;
      arb = fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(node.maxItems ?? 3, 3)) });
      break;
    }
    case 'object':
      arb = objectArb(node, depth);
      break;
    case 'map': {
      const minKeys = node.minProperties ?? 0;
      const values = orNull(valueArb(node.values, depth + 1), true);
      arb = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), values, { minKeys, maxKeys: Math.max(minKeys, Math.min(node.maxProperties ?? 2, 2)) });
      break;
    }
    case 'object-meta':
      arb = fc.constantFrom({}, { name: 'embedded', labels: { a: 'b' } }, { creationTimestamp: null });
      break;
    case 'quantity':
      arb = fc.constantFrom(1, '100m', '1Gi', '0.5');
      break;
    case 'ref':
      arb = node.fallback === undefined ? fc.constant({}) : valueArb(node.fallback, depth);
      break;
    case 'unknown':
      return jsonValue;
  }
  return node.nullable ? orNull(arb, true) : arb;
}

/** The arbitrary of a whole object of a kind (its metadata is set by the caller). */
export function kindArb(root: ObjectNode): fc.Arbitrary<Record<string, unknown>> {
  const withoutMeta: ObjectNode = { ...root, properties: root.properties.filter((p) => p.name !== 'metadata' && p.name !== 'apiVersion' && p.name !== 'kind') };
  return objectArb(withoutMeta, 0);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Where `value` (as the server returned it) breaks what the generated read type says of it:
 * required fields present, no `null` where the type has none, the primitive types and closed
 * enums. Returns the JSON paths with a reason; empty when the read type holds.
 */
export function readTypeViolations(node: SchemaNode, value: unknown, path = ''): string[] {
  if (node.type === 'unknown') return [];
  if (value === null) return node.nullable ? [] : [`${path}: null where the type has no null`];
  const bad = (what: string): string[] => [`${path}: expected ${what}, got ${JSON.stringify(value)}`];
  switch (node.type) {
    case 'literal':
      return value === node.value ? [] : bad(JSON.stringify(node.value));
    case 'string':
      if (typeof value !== 'string') return bad('a string');
      return node.enum && !node.openEnum && !node.enum.includes(value) ? bad(`one of ${node.enum.join(', ')}`) : [];
    case 'number':
      if (typeof value !== 'number') return bad('a number');
      return node.integer && !Number.isInteger(value) ? bad('an integer') : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : bad('a boolean');
    case 'int-or-string':
    case 'quantity':
      return typeof value === 'string' || typeof value === 'number' ? [] : bad('a number or a string');
    case 'array':
      if (!Array.isArray(value)) return bad('an array');
      return value.flatMap((v, i) => readTypeViolations(node.items, v, `${path}[${i}]`));
    case 'map':
      if (!isPlainObject(value)) return bad('an object');
      return Object.entries(value).flatMap(([k, v]) => readTypeViolations(node.values, v, `${path}.${k}`));
    case 'object-meta':
    case 'ref':
      return isPlainObject(value) ? [] : bad('an object');
    case 'object': {
      if (!isPlainObject(value)) return bad('an object');
      const out: string[] = [];
      const declared = new Set<string>();
      for (const p of node.properties) {
        declared.add(p.name);
        const v = value[p.name];
        if (v === undefined) {
          if (p.required) out.push(`${path}.${p.name}: required by the read type, absent`);
          continue;
        }
        out.push(...readTypeViolations(p.node, v, `${path}.${p.name}`));
      }
      if (typeof node.rest === 'object') {
        for (const [k, v] of Object.entries(value)) if (!declared.has(k)) out.push(...readTypeViolations(node.rest, v, `${path}.${k}`));
      }
      return out;
    }
  }
}
