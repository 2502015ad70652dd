/**
 * Deep equality of JSON values, shared by the controller runtime (merge patches, create-or-update)
 * and the fake API server (patches, generation, no-op writes).
 * @packageDocumentation
 */
import { isObject } from './value-checks.js';

/**
 * Deep equality of JSON values: arrays element by element, objects key by key in any order, where
 * a key whose value is `undefined` counts as absent (as `JSON.stringify` drops it).
 * @param a - a JSON value
 * @param b - another
 * @returns whether both serialize to the same JSON, up to key order
 */
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
