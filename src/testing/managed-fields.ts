/**
 * Field managers (`metadata.managedFields`) and server-side apply: who owns which field after an
 * update or an apply, the merge of an apply configuration into the live object, conflicts
 * between managers, `force`, and removal of fields a manager stopped applying.
 * @packageDocumentation
 */
import type { ManagedFieldsEntry } from '../meta/object.js';
import { collectFields, FieldSet, formatPath, removeAt, valueAt, type PathElement } from './field-set.js';
import { jsonEqual } from '../meta/json-equal.js';
import { isAtomicMap, listMerge, type SchemaNode } from './structural-schema.js';
import { fieldSchema, keyElement } from './field-set.js';
import { isObject } from '../meta/value-checks.js';

type Json = Record<string, unknown>;

/** Metadata fields the server sets itself; they are never owned by a manager. */
const unmanagedMetadata = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'generateName'];

/**
 * The part of `obj` a manager can own through `subresource`: without apiVersion, kind and
 * server-set metadata; without status on the main resource of a kind with a status
 * subresource; only status through `/status`.
 */
export function managedPart(obj: Json, subresource: string | undefined, hasStatus: boolean): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (subresource === 'status' && k !== 'status') continue;
    if (subresource === undefined && hasStatus && k === 'status') continue;
    if (k === 'metadata' && isObject(v)) {
      const meta: Json = {};
      for (const [mk, mv] of Object.entries(v)) if (!unmanagedMetadata.includes(mk) && mv !== undefined) meta[mk] = mv;
      if (Object.keys(meta).length) out.metadata = meta;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** The fields `value` sets (with `withNodes`, also the maps and lists holding them). */
export function fieldSetOf(value: Json, schema: SchemaNode | undefined, withNodes = false): FieldSet {
  const set = new FieldSet();
  collectFields(value, schema, set, [], withNodes);
  return set;
}

/** One manager's entry with its fields decoded. */
interface Manager {
  entry: ManagedFieldsEntry;
  fields: FieldSet;
}

function managerKey(e: ManagedFieldsEntry): string {
  return `${e.manager ?? ''}\u0000${e.operation ?? ''}\u0000${e.subresource ?? ''}`;
}

function decode(entries: readonly ManagedFieldsEntry[] | undefined): Manager[] {
  return (entries ?? []).map((entry) => ({ entry, fields: FieldSet.fromFieldsV1(entry.fieldsV1 ?? {}) }));
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function encode(managers: Manager[], touched: Set<string>): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  for (const m of managers) {
    if (m.fields.isEmpty()) continue;
    const e: ManagedFieldsEntry = { ...m.entry, fieldsType: 'FieldsV1', fieldsV1: m.fields.toFieldsV1() };
    if (touched.has(managerKey(m.entry))) e.time = now();
    out.push(e);
  }
  // The server's order: Apply before Update, then by time, manager and subresource.
  const rank = (e: ManagedFieldsEntry): number => (e.operation === 'Apply' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || (a.time ?? '').localeCompare(b.time ?? '') || (a.manager ?? '').localeCompare(b.manager ?? '') || (a.subresource ?? '').localeCompare(b.subresource ?? ''));
}

/** Who is making a change: manager name, operation and subresource. */
export interface ManagerIdentity {
  manager: string;
  apiVersion: string;
  subresource?: string;
}

function findOrAdd(managers: Manager[], id: ManagerIdentity, operation: 'Apply' | 'Update'): Manager {
  const entry: ManagedFieldsEntry = { manager: id.manager, operation, apiVersion: id.apiVersion };
  if (id.subresource) entry.subresource = id.subresource;
  const key = managerKey(entry);
  let m = managers.find((x) => managerKey(x.entry) === key);
  if (!m) {
    m = { entry, fields: new FieldSet() };
    managers.push(m);
  }
  m.entry = { ...m.entry, apiVersion: id.apiVersion };
  return m;
}

/**
 * Managed fields after an update-style write (create, update, patch) by `id`: the manager takes
 * the fields it added or changed from everyone; removed fields leave every set.
 */
export function managedFieldsAfterUpdate(
  entries: readonly ManagedFieldsEntry[] | undefined,
  oldObj: Json | undefined,
  newObj: Json,
  id: ManagerIdentity,
  schema: SchemaNode | undefined,
  hasStatus: boolean,
): ManagedFieldsEntry[] {
  const managers = decode(entries);
  const before = oldObj ? managedPart(oldObj, id.subresource, hasStatus) : {};
  const after = managedPart(newObj, id.subresource, hasStatus);
  const oldSet = fieldSetOf(before, schema, true);
  const newSet = fieldSetOf(after, schema, true);
  const changed = newSet.paths().filter((p) => !oldSet.has(p) || (newSet.isLeaf(p) && !jsonEqual(valueAt(before, p), valueAt(after, p))));
  const removed = oldSet.paths().filter((p) => !newSet.has(p));
  if (changed.length === 0 && removed.length === 0) return [...(entries ?? [])];
  const self = changed.length ? findOrAdd(managers, id, 'Update') : undefined;
  for (const m of managers) {
    for (const p of removed) m.fields.remove(p);
    if (m === self) continue;
    for (const p of changed) m.fields.remove(p);
  }
  for (const p of changed) self?.fields.insert(p);
  return encode(managers, new Set(self ? [managerKey(self.entry)] : []));
}

/** One apply conflict: the field and the manager that owns it. */
export interface ApplyConflict {
  path: readonly PathElement[];
  manager: string;
  operation?: string;
  apiVersion?: string;
}

/** The outcome of an apply: the merged object and its managed fields, or the conflicts. */
export type ApplyOutcome = { ok: true; object: Json; managedFields: ManagedFieldsEntry[] } | { ok: false; conflicts: ApplyConflict[] };

/** Merges an apply configuration into the live value, following the schema's list and map types. */
export function mergeApplied(live: unknown, config: unknown, schema: SchemaNode | undefined, atRoot = true): unknown {
  if (isObject(config) && isObject(live) && !isAtomicMap(schema)) {
    const out: Json = { ...live };
    for (const [k, v] of Object.entries(config)) out[k] = mergeApplied(live[k], v, fieldSchema(schema, k, atRoot), false);
    return out;
  }
  if (Array.isArray(config) && Array.isArray(live)) {
    const merge = listMerge(schema);
    if (merge.kind === 'map') {
      const out = [...live];
      for (const item of config) {
        if (!isObject(item)) continue;
        const el = keyElement(item, merge.keys);
        const idx = out.findIndex((x) => isObject(x) && keyElement(x, merge.keys) === el);
        if (idx >= 0) out[idx] = mergeApplied(out[idx], item, schema?.items, false);
        else out.push(structuredClone(item));
      }
      return out;
    }
    if (merge.kind === 'set') {
      const out = [...live];
      for (const item of config) if (!out.some((x) => jsonEqual(x, item))) out.push(structuredClone(item));
      return out;
    }
  }
  return structuredClone(config);
}

/**
 * Server-side apply of `config` by `id` to `live` (undefined when the object does not exist yet).
 * Conflicts are fields the config sets to a different value than the live one while another
 * manager owns them; with `force` the applier takes them over instead.
 */
export function serverSideApply(
  live: Json | undefined,
  config: Json,
  id: ManagerIdentity,
  schema: SchemaNode | undefined,
  hasStatus: boolean,
  force: boolean,
): ApplyOutcome {
  const liveObj = live ?? {};
  const managers = decode((liveObj.metadata as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields);
  const applied = managedPart(config, id.subresource, hasStatus);
  const appliedSet = fieldSetOf(applied, schema);
  const livePart = managedPart(liveObj, id.subresource, hasStatus);
  const self = findOrAdd(managers, id, 'Apply');
  const conflicts: ApplyConflict[] = [];
  const takeOver: PathElement[][] = [];
  for (const p of appliedSet.paths()) {
    // Keyed list items are members too; only leaf values can conflict.
    if (!appliedSet.isLeaf(p)) continue;
    const liveValue = valueAt(livePart, p);
    if (liveValue === undefined || jsonEqual(liveValue, valueAt(applied, p))) continue;
    for (const m of managers) {
      if (m === self || m.entry.manager === id.manager || (m.entry.subresource ?? '') !== (id.subresource ?? '')) continue;
      if (!m.fields.has(p)) continue;
      conflicts.push({ path: p, manager: m.entry.manager ?? '', operation: m.entry.operation, apiVersion: m.entry.apiVersion });
      takeOver.push(p);
    }
  }
  if (conflicts.length && !force) return { ok: false, conflicts };
  for (const m of managers) if (m !== self) for (const p of takeOver) m.fields.remove(p);

  const merged = mergeApplied(liveObj, stripReset(config, id.subresource, hasStatus), schema) as Json;
  // Fields this manager applied before but no longer does, and that nobody else owns, go away.
  for (const p of self.fields.paths()) {
    if (appliedSet.has(p)) continue;
    if (managers.some((m) => m !== self && m.fields.has(p))) continue;
    removeAt(merged, p);
  }
  self.fields.children.clear();
  self.fields.member = false;
  for (const p of appliedSet.paths()) self.fields.insert(p);
  return { ok: true, object: merged, managedFields: encode(managers, new Set([managerKey(self.entry)])) };
}

/** The config without what the endpoint ignores (status on the main resource, the rest on /status). */
function stripReset(config: Json, subresource: string | undefined, hasStatus: boolean): Json {
  if (subresource === 'status') {
    const out: Json = {};
    if (config.status !== undefined) out.status = config.status;
    return out;
  }
  if (hasStatus) {
    const { status: _s, ...rest } = config;
    return rest;
  }
  return config;
}

/** How the server names a manager in a conflict: `"name"`, with its subresource, and `using apiVersion` for updaters. */
function printManager(c: ApplyConflict, subresource: string | undefined): string {
  let out = JSON.stringify(c.manager);
  if (subresource) out += ` with subresource ${JSON.stringify(subresource)}`;
  return c.operation === 'Update' ? `${out} using ${c.apiVersion ?? ''}` : out;
}

/** The conflict message and causes, as the server formats them. */
export function describeConflicts(conflicts: readonly ApplyConflict[], subresource?: string): { message: string; causes: Array<{ reason: string; message: string; field: string }> } {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c, subresource)}`, field: formatPath(c.path) }));
  if (conflicts.length === 1) {
    const c = conflicts[0] as ApplyConflict;
    return { message: `Apply failed with 1 conflict: conflict with ${printManager(c, subresource)}: ${formatPath(c.path)}`, causes };
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const key = printManager(c, subresource);
    byManager.set(key, [...(byManager.get(key) ?? []), formatPath(c.path)]);
  }
  const lines: string[] = [];
  for (const key of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${key}:`);
    for (const p of byManager.get(key) ?? []) lines.push(`- ${p}`);
  }
  return { message: `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, causes };
}
