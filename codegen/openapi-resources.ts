/**
 * Reads the resources an API group version serves from the `paths` of its OpenAPI v3 document:
 * plural, scope, verbs (from the HTTP methods and `x-kubernetes-action`) and subresources with
 * their verbs, much as discovery reports them.
 * @packageDocumentation
 */
import type { GroupVersionKind, OpenApiDocument, OpenApiOperation } from './openapi.js';
import { compareStrings } from './ts-syntax.js';

/** One resource (top-level, not a subresource) of a group version. */
export interface OpenApiResource {
  readonly group: string;
  readonly version: string;
  /** The kind of the resource's own objects (from its operations' `x-kubernetes-group-version-kind`). */
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Verbs, sorted (`create`, `delete`, `deletecollection`, `get`, `list`, `patch`, `update`, `watch`). */
  readonly verbs: readonly string[];
  /** Subresource name -> its verbs, sorted; names sorted. */
  readonly subresources: ReadonlyMap<string, readonly string[]>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Parsed {
  group: string;
  version: string;
  namespaced: boolean;
  watchPath: boolean;
  plural: string;
  named: boolean;
  subresource?: string;
}

/** Splits a resource path into its parts, or undefined for non-resource paths. */
export function parseResourcePath(path: string): Parsed | undefined {
  let group: string;
  let version: string;
  let rest: string;
  const core = /^\/api\/([^/]+)\/(.+)$/.exec(path);
  const named = /^\/apis\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
  if (core) {
    group = '';
    version = core[1]!;
    rest = core[2]!;
  } else if (named) {
    group = named[1]!;
    version = named[2]!;
    rest = named[3]!;
  } else {
    return undefined;
  }
  let segs = rest.split('/').filter((s) => s !== '');
  let watchPath = false;
  if (segs[0] === 'watch') {
    watchPath = true;
    segs = segs.slice(1);
  }
  let namespaced = false;
  if (segs[0] === 'namespaces' && segs[1] === '{namespace}' && segs.length >= 3) {
    namespaced = true;
    segs = segs.slice(2);
  }
  const plural = segs[0];
  if (plural === undefined || plural.includes('{')) return undefined;
  if (segs.length > 1 && !/^\{[^}]+\}$/.test(segs[1]!)) return undefined;
  const sub = segs[2];
  if (sub !== undefined && sub.includes('{')) return undefined;
  return { group, version, namespaced, watchPath, plural, named: segs.length > 1, ...(sub !== undefined ? { subresource: sub } : {}) };
}

function verbOf(p: Parsed, method: Method, op: OpenApiOperation): string[] {
  if (p.watchPath) return method === 'get' ? ['watch'] : [];
  if (p.subresource !== undefined || p.named) {
    switch (method) {
      case 'get':
        return op['x-kubernetes-action'] === 'watch' ? ['watch'] : ['get'];
      case 'put':
        return ['update'];
      case 'patch':
        return ['patch'];
      case 'post':
        return ['create'];
      case 'delete':
        return ['delete'];
    }
  }
  switch (method) {
    case 'get':
      // The list operation carries the `watch` parameter even for resources that cannot be watched
      // (componentstatuses): watch comes from the `watch/` paths and `watch`/`watchlist` actions only.
      if (op['x-kubernetes-action'] === 'watchlist') return ['watch'];
      return ['list'];
    case 'post':
      return ['create'];
    case 'delete':
      return ['deletecollection'];
    default:
      return [];
  }
}

/** Every resource the document's paths serve, sorted by group, version and plural. */
export function readResources(doc: OpenApiDocument): OpenApiResource[] {
  interface Acc {
    group: string;
    version: string;
    plural: string;
    kind?: string;
    namespaced: boolean;
    verbs: Set<string>;
    subresources: Map<string, Set<string>>;
  }
  const byKey = new Map<string, Acc>();
  for (const path of Object.keys(doc.paths ?? {}).sort(compareStrings)) {
    const p = parseResourcePath(path);
    if (p === undefined) continue;
    const item = doc.paths![path]!;
    const key = `${p.group}/${p.version}/${p.plural}`;
    let acc = byKey.get(key);
    if (acc === undefined) {
      acc = { group: p.group, version: p.version, plural: p.plural, namespaced: false, verbs: new Set(), subresources: new Map() };
      byKey.set(key, acc);
    }
    if (p.namespaced) acc.namespaced = true;
    for (const method of METHODS) {
      const op = item[method] as OpenApiOperation | undefined;
      if (op === undefined || op === null || typeof op !== 'object') continue;
      const verbs = verbOf(p, method, op);
      if (p.subresource !== undefined) {
        // Deeper paths (`pods/{name}/proxy/{path}`) add nothing new to the subresource's verbs.
        const set = acc.subresources.get(p.subresource) ?? new Set<string>();
        for (const v of verbs) set.add(v);
        acc.subresources.set(p.subresource, set);
        continue;
      }
      for (const v of verbs) acc.verbs.add(v);
      const gvk: GroupVersionKind | undefined = op['x-kubernetes-group-version-kind'];
      if (acc.kind === undefined && gvk !== undefined && typeof gvk.kind === 'string') acc.kind = gvk.kind;
    }
  }
  const out: OpenApiResource[] = [];
  for (const acc of byKey.values()) {
    if (acc.kind === undefined || acc.verbs.size === 0) continue;
    const subresources = new Map([...acc.subresources.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([n, v]) => [n, [...v].sort(compareStrings)] as const));
    out.push({
      group: acc.group,
      version: acc.version,
      kind: acc.kind,
      plural: acc.plural,
      namespaced: acc.namespaced,
      verbs: [...acc.verbs].sort(compareStrings),
      subresources,
    });
  }
  return out.sort((a, b) => compareStrings(`${a.group}/${a.version}/${a.plural}`, `${b.group}/${b.version}/${b.plural}`));
}
