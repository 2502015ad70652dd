/**
 * Helpers of the generated write checks (`src/generated/<group>/<version>/checks.ts`): plain
 * predicates, no zod. A generated check answers in one pass whether an object passes its kind's
 * zod schema; only when it does not is zod loaded, to list the problems.
 *
 * Each helper mirrors the zod schema piece it stands for (`src/meta/schema-helpers.ts`): for a
 * JSON value (what `JSON.parse` returns, with `undefined` fields allowed) it answers exactly as
 * zod does, and for anything else (symbol keys, exotic prototypes) it may say `false` where zod
 * says yes, never the reverse: zod then decides.
 * @packageDocumentation
 */

/** The number of Unicode code points of `s` (what the API server counts as a string's length). */
export function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * True when `value` is a multiple of `factor` as the API server judges it, or closer: exact for
 * integers, and for fractions within a relative 1e-9 of an integral quotient (the server's
 * tolerance, which accepts `0.3` as a multiple of `0.1`). Never stricter than the server.
 */
export function isMultipleOf(value: number, factor: number): boolean {
  if (!(factor > 0)) return true; // the server rejects such a schema; nothing to check
  if (Number.isInteger(value) && Number.isInteger(factor)) {
    return !Number.isSafeInteger(value) || value % factor === 0;
  }
  const quotient = factor < 1 ? (1 / factor) * value : value / factor;
  const rounded = Math.round(quotient);
  if (quotient === rounded) return true;
  const diff = Math.abs(quotient - rounded);
  return rounded !== 0 ? diff < 1e-9 * Math.abs(rounded) : diff < 4 * Number.EPSILON;
}

/** True for an object that is not an array: a JSON object (zod's object check). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True for a plain object with only string keys (what a zod record with string keys accepts):
 * its prototype is `Object.prototype` or `null`, and it has no symbol keys.
 */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const ctor = value.constructor;
  if (typeof ctor === 'function' && ctor !== Object) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

/**
 * True when the object's property count is within the bounds, counted as the `propertyCount`
 * schema helper counts: every enumerable key against the minimum, keys whose value is not `null`
 * against the maximum (the API server prunes `null` before it counts).
 */
export function propertyCountWithin(value: Record<string, unknown>, min: number | undefined, max: number | undefined): boolean {
  let all = 0;
  let set = 0;
  for (const k in value) {
    if (k === '__proto__') continue;
    all++;
    if (value[k] !== null) set++;
  }
  return (min === undefined || all >= min) && (max === undefined || set <= max);
}

function isInteger(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v);
}

/** `undefined`, `null` or a string. */
function optString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

function optBoolean(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'boolean';
}

function isStringMap(v: unknown): boolean {
  if (!isPlainRecord(v)) return false;
  for (const k in v) {
    if (typeof v[k] !== 'string') return false;
  }
  return true;
}

function isStringList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

function isOwnerReference(v: unknown): boolean {
  if (!isObject(v)) return false;
  return (
    typeof v.apiVersion === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.name === 'string' &&
    typeof v.uid === 'string' &&
    optBoolean(v.controller) &&
    optBoolean(v.blockOwnerDeletion)
  );
}

function optList(v: unknown, item: (x: unknown) => boolean): boolean {
  if (v === undefined || v === null) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
  return true;
}

/** True when `value` passes the `objectMeta()` schema (metadata as a client sends it). */
export function isObjectMeta(value: unknown): boolean {
  if (!isObject(value)) return false;
  const m = value;
  return (
    optString(m.name) &&
    optString(m.generateName) &&
    optString(m.namespace) &&
    optString(m.uid) &&
    optString(m.resourceVersion) &&
    (m.generation === undefined || m.generation === null || isInteger(m.generation)) &&
    optString(m.creationTimestamp) &&
    optString(m.deletionTimestamp) &&
    (m.deletionGracePeriodSeconds === undefined || m.deletionGracePeriodSeconds === null || isInteger(m.deletionGracePeriodSeconds)) &&
    (m.labels === undefined || m.labels === null || isStringMap(m.labels)) &&
    (m.annotations === undefined || m.annotations === null || isStringMap(m.annotations)) &&
    optList(m.ownerReferences, isOwnerReference) &&
    (m.finalizers === undefined || m.finalizers === null || isStringList(m.finalizers)) &&
    optList(m.managedFields, isObject)
  );
}
