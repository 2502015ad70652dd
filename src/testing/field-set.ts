/**
 * Sets of field paths, the unit of ownership of server-side apply (structured-merge-diff's
 * `fieldpath.Set`), with their `FieldsV1` JSON form (`{"f:spec":{"f:ttl":{}}}`) and the walk
 * that turns an object into the set of fields it sets.
 * @packageDocumentation
 */
import { childSchema, isAtomicMap, listMerge, type SchemaNode } from './structural-schema.js';
import { isObject } from '../meta/value-checks.js';

/** One step of a field path: `f:name` (field), `k:{"name":"a"}` (keyed list item), `v:"x"` (set item). */
export type PathElement = string;

/** A node of a field set: whether the path itself is a member, and its children. */
export class FieldSet {
  /** True when the path leading here is itself in the set. */
  member = false;
  /** Children by path element. */
  readonly children = new Map<PathElement, FieldSet>();

  /** Adds a path. */
  insert(path: readonly PathElement[]): void {
    let node: FieldSet = this;
    for (const el of path) {
      let next = node.children.get(el);
      if (!next) node.children.set(el, (next = new FieldSet()));
      node = next;
    }
    node.member = true;
  }

  /** True when `path` is a member. */
  has(path: readonly PathElement[]): boolean {
    let node: FieldSet | undefined = this;
    for (const el of path) {
      node = node.children.get(el);
      if (!node) return false;
    }
    return node.member;
  }

  /** True when `path` is in the set and nothing below it is. */
  isLeaf(path: readonly PathElement[]): boolean {
    let node: FieldSet | undefined = this;
    for (const el of path) {
      node = node.children.get(el);
      if (!node) return false;
    }
    return node.member && node.children.size === 0;
  }

  /** Removes a path (and nothing below it); prunes emptied nodes. */
  remove(path: readonly PathElement[]): void {
    const walk = (node: FieldSet, i: number): boolean => {
      if (i === path.length) node.member = false;
      else {
        const el = path[i] as PathElement;
        const child = node.children.get(el);
        if (child && walk(child, i + 1)) node.children.delete(el);
      }
      return !node.member && node.children.size === 0;
    };
    walk(this, 0);
  }

  /** Every member path. */
  paths(): PathElement[][] {
    const out: PathElement[][] = [];
    const walk = (node: FieldSet, prefix: PathElement[]): void => {
      if (node.member) out.push(prefix);
      for (const [el, child] of node.children) walk(child, [...prefix, el]);
    };
    walk(this, []);
    return out;
  }

  /** True when the set has no member. */
  isEmpty(): boolean {
    return this.paths().length === 0;
  }

  /** The `FieldsV1` JSON form. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const el of [...this.children.keys()].sort()) out[el] = (this.children.get(el) as FieldSet).toFieldsV1();
    return out;
  }

  /** Reads a `FieldsV1` JSON tree. */
  static fromFieldsV1(json: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: FieldSet, value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      const entries = Object.entries(value);
      if (entries.length === 0) node.member = true;
      for (const [k, v] of entries) {
        if (k === '.') {
          node.member = true;
          continue;
        }
        const child = new FieldSet();
        node.children.set(k, child);
        walk(child, v);
      }
    };
    walk(set, json);
    return set;
  }
}

/** The path element of a keyed list item: `k:{"name":"a"}` with the keys in schema order. */
export function keyElement(item: Record<string, unknown>, keys: readonly string[]): PathElement {
  const k: Record<string, unknown> = {};
  for (const key of keys) if (item[key] !== undefined) k[key] = item[key];
  return `k:${JSON.stringify(k)}`;
}

/** The schema of `metav1.ObjectMeta` as far as merging goes: finalizers are a set, owner references keyed by uid. */
const objectMetaSchema: SchemaNode = {
  type: 'object',
  properties: {
    finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    ownerReferences: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['uid'] },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** The schema of a child, with `metadata` at the root of an object typed as ObjectMeta. */
export function fieldSchema(parent: SchemaNode | undefined, key: string, atRoot: boolean): SchemaNode | undefined {
  if (atRoot && key === 'metadata') return objectMetaSchema;
  return childSchema(parent, key);
}

/**
 * Adds to `set` every field `value` sets below `prefix`, as server-side apply counts them: the
 * leaves, and with `withNodes` also every map and list on the way (what an update records for
 * the containers it creates).
 */
export function collectFields(value: unknown, schema: SchemaNode | undefined, set: FieldSet, prefix: PathElement[] = [], withNodes = false): void {
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0 || isAtomicMap(schema)) {
      if (prefix.length) set.insert(prefix);
      return;
    }
    // metadata always exists, so it is never itself a member.
    if (withNodes && prefix.length && !(prefix.length === 1 && prefix[0] === 'f:metadata')) set.insert(prefix);
    for (const k of keys) collectFields(value[k], fieldSchema(schema, k, prefix.length === 0), set, [...prefix, `f:${k}`], withNodes);
    return;
  }
  if (Array.isArray(value)) {
    const merge = listMerge(schema);
    if (merge.kind === 'map' && value.every(isObject)) {
      if (withNodes && prefix.length) set.insert(prefix);
      for (const item of value as Record<string, unknown>[]) {
        const el = [...prefix, keyElement(item, merge.keys)];
        set.insert(el);
        collectFields(item, schema?.items, set, el, withNodes);
      }
      return;
    }
    if (merge.kind === 'set') {
      if (withNodes && prefix.length) set.insert(prefix);
      for (const item of value) set.insert([...prefix, `v:${JSON.stringify(item)}`]);
      return;
    }
  }
  if (prefix.length) set.insert(prefix);
}

/** The value at a field path, or undefined. */
export function valueAt(obj: unknown, path: readonly PathElement[]): unknown {
  let cur: unknown = obj;
  for (const el of path) {
    if (cur === undefined) return undefined;
    cur = step(cur, el)?.value;
  }
  return cur;
}

function step(cur: unknown, el: PathElement): { value: unknown; index?: number } | undefined {
  if (el.startsWith('f:')) return isObject(cur) ? { value: cur[el.slice(2)] } : undefined;
  if (!Array.isArray(cur)) return undefined;
  if (el.startsWith('k:')) {
    const keys = JSON.parse(el.slice(2)) as Record<string, unknown>;
    const index = cur.findIndex((item) => isObject(item) && Object.entries(keys).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v)));
    return index >= 0 ? { value: cur[index], index } : undefined;
  }
  if (el.startsWith('v:')) {
    const want = el.slice(2);
    const index = cur.findIndex((item) => JSON.stringify(item) === want);
    return index >= 0 ? { value: cur[index], index } : undefined;
  }
  return undefined;
}

/** Removes the field at `path` from `obj` in place (no-op when absent). */
export function removeAt(obj: unknown, path: readonly PathElement[]): void {
  if (path.length === 0) return;
  let cur: unknown = obj;
  for (const el of path.slice(0, -1)) {
    cur = step(cur, el)?.value;
    if (cur === undefined) return;
  }
  const last = path[path.length - 1] as PathElement;
  if (last.startsWith('f:')) {
    if (isObject(cur)) delete cur[last.slice(2)];
    return;
  }
  const found = step(cur, last);
  if (found?.index !== undefined && Array.isArray(cur)) cur.splice(found.index, 1);
}

/** A field path as the server prints it in conflicts: `.spec.ttl`, `.spec.list[name="a"]`. */
export function formatPath(path: readonly PathElement[]): string {
  let out = '';
  for (const el of path) {
    if (el.startsWith('f:')) out += `.${el.slice(2)}`;
    else if (el.startsWith('k:')) {
      const keys = JSON.parse(el.slice(2)) as Record<string, unknown>;
      out += `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (el.startsWith('v:')) out += `[=${el.slice(2)}]`;
  }
  return out;
}
