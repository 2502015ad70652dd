/**
 * Serializing request bodies: an object that JSON cannot represent (a circular reference, a
 * BigInt) is the caller's mistake, reported as a `ValidationError` naming where it is, before
 * anything is sent, instead of a raw `TypeError` (or a stack overflow in schema validation).
 * @packageDocumentation
 */
import { ValidationError, type RequestContext } from './errors.js';

function segment(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * The path of the first property that refers back to an object enclosing it, if any.
 * @param value - the value to check
 * @returns e.g. `spec.owner.parent`, `''` when the value refers to itself at the root's level
 *   below, or undefined when there is no cycle
 */
export function findCircularReference(value: unknown): string | undefined {
  const ancestors = new Set<object>();
  const visit = (v: unknown, path: string): string | undefined => {
    if (v === null || typeof v !== 'object') return undefined;
    if (ancestors.has(v)) return path;
    ancestors.add(v);
    try {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const found = visit(v[i], segment(path, i));
          if (found !== undefined) return found;
        }
      } else {
        for (const [k, child] of Object.entries(v)) {
          const found = visit(child, segment(path, k));
          if (found !== undefined) return found;
        }
      }
      return undefined;
    } finally {
      ancestors.delete(v);
    }
  };
  return visit(value, '');
}

/**
 * Throws `ValidationError` when `value` holds a circular reference.
 * @param value - the body to be
 * @param ctx - the request, for the error
 */
export function assertAcyclic(value: unknown, ctx: RequestContext): void {
  const at = findCircularReference(value);
  if (at !== undefined) {
    throw new ValidationError('the object holds a circular reference and cannot be sent as JSON', [{ path: at, message: 'refers back to an object that contains it' }], ctx);
  }
}

/**
 * `JSON.stringify` for request bodies, with `ValidationError` instead of `TypeError`.
 * @param value - the body
 * @param ctx - the request, for the error
 * @returns the JSON text
 */
export function serializeBody(value: unknown, ctx: RequestContext): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    assertAcyclic(value, ctx); // name where the cycle is
    throw new ValidationError('the object cannot be serialized to JSON', [{ path: '', message: err instanceof Error ? err.message : String(err) }], ctx);
  }
}
