/**
 * Computes a JSON merge patch (RFC 7386) from two versions of an object: what controller-runtime's
 * `client.MergeFrom` sends. Objects are compared key by key; arrays and scalars that differ are
 * replaced whole; keys that disappeared are set to `null`.
 * @packageDocumentation
 */
import { isObject } from '../meta/value-checks.js';

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The merge patch turning `before` into `after`, or `undefined` when they are equal.
 * (`null` values inside `after` cannot be expressed by a merge patch and mean "remove".)
 */
export function createMergePatch(before: unknown, after: unknown): Record<string, unknown> | undefined {
  if (!isObject(before) || !isObject(after)) throw new TypeError('createMergePatch needs two objects');
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    const old = before[k];
    if (jsonEqual(old, v)) continue;
    if (isObject(old) && isObject(v)) {
      const sub = createMergePatch(old, v);
      if (sub) patch[k] = sub;
    } else {
      patch[k] = v;
    }
  }
  for (const [k, v] of Object.entries(before)) {
    if (v !== undefined && (!(k in after) || after[k] === undefined)) patch[k] = null;
  }
  return Object.keys(patch).length ? patch : undefined;
}
