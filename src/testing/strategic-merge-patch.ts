/**
 * Strategic merge patch for built-in kinds (apimachinery `strategicpatch`): like a JSON merge
 * patch, except that lists the Kubernetes types declare with a patch merge key (containers by
 * `name`, ports by `containerPort`, ...) are merged item by item, `metadata.finalizers` is merged
 * as a set, and the `$patch` (`replace`, `delete`, `merge`), `$deleteFromPrimitiveList`,
 * `$setElementOrder` and `$retainKeys` directives are honoured. The merge keys are not in the
 * generated descriptors, so the common fields of the core types are listed here.
 * @packageDocumentation
 */
import { PatchApplyError } from './json-patch.js';
import type { SchemaNode } from './structural-schema.js';
import { isObject } from '../meta/value-checks.js';

type Json = Record<string, unknown>;

/** Merge keys of list fields, by field name, as the Kubernetes API types declare them. */
export const strategicMergeKeys: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  ports: 'containerPort',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  readinessGates: 'conditionType',
  schedulingGates: 'name',
};

/** Primitive lists merged as sets. */
const mergedPrimitiveLists = new Set(['finalizers']);

/** The merge key of list `field` under `parentPath` (Service ports merge by `port`). */
function mergeKeyOf(field: string, parentPath: readonly string[]): string | undefined {
  if (field === 'ports' && parentPath[parentPath.length - 1] === 'spec' && parentPath.length === 1) return 'port';
  return strategicMergeKeys[field];
}

/** Applies a strategic merge patch to a copy of `target`. */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) throw new PatchApplyError('a strategic merge patch must be a JSON object');
  return mergeMap(isObject(target) ? target : {}, patch, []);
}

function mergeMap(target: Json, patch: Json, path: readonly string[]): Json | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  const body: Json = {};
  for (const [k, v] of Object.entries(patch)) if (k !== '$patch' && k !== '$retainKeys' && !k.startsWith('$setElementOrder/')) body[k] = v;
  if (directive === 'replace') return stripDirectives(body) as Json;
  const out: Json = structuredClone(target);
  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(out)) if (!(patch.$retainKeys as unknown[]).includes(k)) delete out[k];
  }
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const current = out[k];
    if (isObject(v)) {
      const merged = mergeMap(isObject(current) ? current : {}, v, [...path, k]);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v)) {
      out[k] = mergeList(Array.isArray(current) ? current : [], v, k, path);
    } else out[k] = v;
  }
  return out;
}

function mergeList(current: unknown[], patch: unknown[], field: string, path: readonly string[]): unknown[] {
  if (patch.some((x) => isObject(x) && x.$patch === 'replace')) return stripDirectives(patch.filter((x) => !(isObject(x) && x.$patch === 'replace'))) as unknown[];
  const key = mergeKeyOf(field, path);
  if (key && patch.every(isObject) && current.every(isObject)) {
    const server = current as Json[];
    const deleted = new Set((patch as Json[]).filter((x) => x.$patch === 'delete').map((x) => JSON.stringify(x[key])));
    const patched: Json[] = [];
    for (const item of patch as Json[]) {
      if (item.$patch === 'delete') continue;
      const live = server.find((x) => x[key] === item[key]);
      const merged = live ? mergeMap(live, item, [...path, field]) : (stripDirectives(item) as Json);
      if (merged !== undefined) patched.push(merged);
    }
    const serverOnly = server.filter((x) => !deleted.has(JSON.stringify(x[key])) && !(patch as Json[]).some((p) => p[key] === x[key]));
    return mergeSorted(serverOnly, patched, server, (x) => JSON.stringify((x as Json)[key]));
  }
  if (mergedPrimitiveLists.has(field) && patch.every((x) => !isObject(x))) {
    const serverOnly = current.filter((x) => !patch.includes(x));
    return mergeSorted(serverOnly, [...new Set(patch)], current, (x) => JSON.stringify(x));
  }
  return stripDirectives(patch) as unknown[];
}

/**
 * Interleaves the live items the patch did not mention with the patched items, keeping each
 * list's order and the live order where both sides were live (apimachinery `mergeSortedSlice`).
 */
function mergeSorted(serverOnly: unknown[], patched: unknown[], serverOrder: unknown[], id: (x: unknown) => string): unknown[] {
  const order = serverOrder.map(id);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patched.length) {
    if (j >= patched.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(patched[j++]);
    else {
      const li = order.indexOf(id(serverOnly[i]));
      const ri = order.indexOf(id(patched[j]));
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
      else out.push(patched[j++]);
    }
  }
  return out;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

/**
 * A schema for server-side apply on built-in kinds, which have no CRD schema at hand: every
 * list field with a known merge key is a map list keyed by it (as the OpenAPI of the Kubernetes
 * types declares), everything else is granular maps and atomic lists.
 */
export function builtinMergeSchema(): SchemaNode {
  const node: SchemaNode = { type: 'object' };
  const properties = new Proxy({} as Record<string, SchemaNode>, {
    get(_t, key) {
      if (typeof key !== 'string') return undefined;
      const mergeKey = strategicMergeKeys[key];
      if (mergeKey) return { type: 'array', items: node, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': [mergeKey] } satisfies SchemaNode;
      if (mergedPrimitiveLists.has(key)) return { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } satisfies SchemaNode;
      return node;
    },
  });
  node.properties = properties;
  node.items = node;
  return node;
}
