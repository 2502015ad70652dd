/**
 * Serializing request bodies: an object that JSON cannot represent (a circular reference, a
 * BigInt) is the caller's mistake, reported as a `ValidationError` naming where it is, before
 * anything is sent, instead of a raw `TypeError` (or a stack overflow in schema validation).
 *
 * Integers beyond 2^53 that were rounded when read are written with their exact digits while the
 * object still holds the value it was read with; a rounded value whose exact digits were lost is
 * refused with `PrecisionLossError` (see `parseJson`).
 * @packageDocumentation
 */
import { exactIntegerSource, hasRoundedIntegers, wasRounded } from '../../meta/exact-integers.js';
import { PrecisionLossError, ValidationError, type RequestContext } from '../errors.js';

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
    return hasRoundedIntegers() ? JSON.stringify(value, exactIntegers) : JSON.stringify(value);
  } catch (err) {
    if (err === LOST) {
      const at = findLostPrecision(value) ?? '';
      throw new PrecisionLossError(
        'the object holds an integer beyond 2^53 that was rounded when it was read and whose exact value was lost by a copy; sending it would write a value nobody wrote',
        [{ path: at, message: 'rounded integer (re-read the object, or copy it with deepCopy)' }],
        ctx,
      );
    }
    assertAcyclic(value, ctx); // name where the cycle is
    throw new ValidationError('the object cannot be serialized to JSON', [{ path: '', message: err instanceof Error ? err.message : String(err) }], ctx);
  }
}

const LOST = Symbol('lost precision');

interface RawJson {
  rawJSON(text: string): unknown;
}

function isUnsafeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v);
}

/** The `JSON.stringify` replacer restoring exact digits, or throwing `LOST`. */
function exactIntegers(this: unknown, key: string, v: unknown): unknown {
  if (!isUnsafeInteger(v)) return v;
  const source = typeof this === 'object' && this !== null ? exactIntegerSource(this, key, v) : undefined;
  if (source !== undefined) return (JSON as unknown as RawJson).rawJSON(source);
  if (wasRounded(v)) throw LOST;
  return v;
}

/** The path of the first rounded integer whose exact digits are unknown. */
function findLostPrecision(value: unknown): string | undefined {
  const visit = (holder: object, key: string, v: unknown, path: string): string | undefined => {
    if (isUnsafeInteger(v)) return exactIntegerSource(holder, key, v) === undefined && wasRounded(v) ? path : undefined;
    if (v === null || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = visit(v, String(i), v[i], segment(path, i));
        if (found !== undefined) return found;
      }
      return undefined;
    }
    for (const [k, child] of Object.entries(v)) {
      const found = visit(v, k, child, segment(path, k));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit({ '': value }, '', value, '');
}
