/**
 * Changes at the edge of a schema: walks a value together with its schema tree and, at every
 * place, puts one value at the edge of what that place allows (a length one past the maximum, a
 * number on an exclusive bound, a missing required field, `null`, a wrong type, ...), one change
 * per copy. A valid object with exactly one such change tells apart two validators that differ
 * on a single construct, where random noise would break several rules at once and hide the
 * difference.
 * @packageDocumentation
 */
import type { ObjectNode, SchemaNode, TypeRef } from '../../../../codegen/schema-node.js';

/** Removes the field instead of setting a value. */
const REMOVE = Symbol('remove');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numberEdges(n: { minimum?: number; maximum?: number; multipleOf?: number }, integer: boolean): unknown[] {
  const out: unknown[] = [0, -1, 1.5, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY, '1'];
  for (const b of [n.minimum, n.maximum]) if (b !== undefined) out.push(b, b - 1, b + 1, b - 0.5, b + 0.5);
  if (n.multipleOf !== undefined) out.push(n.multipleOf * 3, n.multipleOf * 3 + n.multipleOf / 3, n.multipleOf * 0.3 * 10);
  if (integer) out.push(7, 2 ** 53 + 2);
  return out;
}

function stringEdges(n: { enum?: readonly (string | number)[]; pattern?: string; minLength?: number; maxLength?: number }): unknown[] {
  const out: unknown[] = ['', 'a', 'a b', '%%', 7, true];
  if (n.enum) out.push(...n.enum, `${n.enum[0] ?? ''}x`, String(n.enum[0]).toLowerCase());
  for (const len of [n.minLength, n.maxLength]) {
    if (len === undefined) continue;
    out.push('a'.repeat(Math.max(0, len - 1)), 'a'.repeat(len), 'a'.repeat(len + 1), '😀'.repeat(len), '😀'.repeat(len + 1));
  }
  return out;
}

function objectEdges(node: ObjectNode, current: unknown): unknown[] {
  const out: unknown[] = [{}, [], 'x'];
  if (!isRecord(current)) return out;
  for (const p of node.properties) {
    if (!(p.name in current)) continue;
    const without = { ...current };
    delete without[p.name];
    out.push(without, { ...current, [p.name]: undefined });
  }
  out.push({ ...current, zzExtra: 1 }, { ...current, zzExtra: null }, { ...current, zzExtra: 'x' }, { ...current, a: 1, b: 2, c: 3 });
  return out;
}

function mapEdges(current: unknown): unknown[] {
  const out: unknown[] = [{}, [], { a: 1 }, { a: null }, { a: 'x' }, { a: {} }, { a: [] }];
  if (isRecord(current)) out.push({ ...current, y1: 'x', y2: 'y', y3: 'z' }, { ...current, y1: null, y2: null, y3: null });
  return out;
}

/** Values at the edge of what `node` allows, given the value there now (`undefined` if absent). */
function edges(node: SchemaNode, current: unknown): unknown[] {
  const common: unknown[] = [null, undefined, REMOVE];
  switch (node.type) {
    case 'literal':
      return [...common, node.value, `${node.value}x`];
    case 'string':
      return [...common, ...stringEdges(node)];
    case 'number':
      return [...common, ...(node.enum ?? []), ...numberEdges(node, node.integer)];
    case 'boolean':
      return [...common, true, false, 'true', 0];
    case 'int-or-string':
      return [...common, ...(node.enum ?? []), ...numberEdges(node, true), ...stringEdges(node)];
    case 'array': {
      const out: unknown[] = [...common, [], {}, 'x', [null], [undefined]];
      if (Array.isArray(current) && current.length > 0) out.push([...current, ...current, ...current, current[0]], current.slice(1), [...current, null]);
      return out;
    }
    case 'object':
      return [...common, ...objectEdges(node, current)];
    case 'map':
      return [...common, ...mapEdges(current)];
    case 'object-meta':
      return [...common, {}, [], { name: 1 }, { labels: { a: 1 } }, { labels: { a: null } }, { generation: 1.5 }, { ownerReferences: [{ name: 'x' }] }];
    case 'quantity':
      return [...common, '1', 1, 1.5, true, {}, Number.NaN];
    case 'ref':
      return [...common, {}, [], 'x', 1];
    case 'unknown':
      return [...common, {}, [], 'x', 1];
  }
}

/** A place in a value with the schema node that governs it. */
interface Place {
  readonly node: SchemaNode;
  /** The path of keys from the top (empty for the value itself). */
  readonly path: readonly (string | number)[];
  readonly current: unknown;
}

/** The node of a named type (built-in types are references to other modules' types). */
export type ResolveRef = (ref: TypeRef) => SchemaNode | undefined;

function placesOf(node: SchemaNode, value: unknown, path: readonly (string | number)[], out: Place[], resolve?: ResolveRef): void {
  const n = node.type === 'ref' ? (node.fallback ?? resolve?.(node.target) ?? node) : node;
  out.push({ node: n, path, current: value });
  if (n.type === 'object' && isRecord(value)) {
    for (const p of n.properties) placesOf(p.node, value[p.name], [...path, p.name], out, resolve);
    if (typeof n.rest === 'object') out.push({ node: n.rest, path: [...path, 'zzExtra'], current: undefined });
  } else if (n.type === 'array' && Array.isArray(value)) {
    value.forEach((item, i) => placesOf(n.items, item, [...path, i], out, resolve));
  } else if (n.type === 'map' && isRecord(value)) {
    for (const [k, v] of Object.entries(value)) placesOf(n.values, v, [...path, k], out, resolve);
    out.push({ node: n.values, path: [...path, 'zzNew'], current: undefined });
  }
}

function withChange(value: Record<string, unknown>, path: readonly (string | number)[], to: unknown): Record<string, unknown> {
  if (path.length === 0) return (isRecord(to) ? structuredClone(to) : to) as Record<string, unknown>;
  const copy = structuredClone(value);
  let holder = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) holder = holder[k] as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  if (to !== REMOVE) holder[key] = structuredClone(to);
  else if (Array.isArray(holder)) holder.splice(key as number, 1);
  else delete holder[key];
  return copy;
}

/**
 * Every copy of `value` (an object of the kind `root` describes) with one change: at each place
 * (the object, each declared field present or not, each item and map entry, a new extra field or
 * map entry), each value at the edge of what the place's schema allows. With `resolve`, the walk
 * follows references to named types (built-in kinds).
 */
export function* edgeVariants(root: SchemaNode, value: Record<string, unknown>, resolve?: ResolveRef): Generator<unknown> {
  const places: Place[] = [];
  placesOf(root, value, [], places, resolve);
  for (const place of places) {
    for (const to of edges(place.node, place.current)) yield withChange(value, place.path, to);
  }
}
