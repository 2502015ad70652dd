/**
 * Computes a JSON merge patch (RFC 7386) from two versions of an object: what controller-runtime's
 * `client.MergeFrom` sends. Objects are compared key by key; arrays and scalars that differ are
 * replaced whole; keys that disappeared are set to `null`.
 * @packageDocumentation
 */
import { jsonEqual } from '../meta/json-equal.js';
import { isObject } from '../meta/value-checks.js';

export { jsonEqual };

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
