/**
 * Listers: typed, read-only queries over an informer's cache (client-go's generated listers),
 * by label selector and by name, scoped by namespace for namespaced kinds. They never call the
 * server. Returned objects are shared with the cache and typed `DeepReadonly`; use `deepCopy`
 * to get a copy to modify.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { KubeObject } from '../meta/object.js';
import { CacheNotFoundError, type GroupResource } from './cache-not-found-error.js';
import { namespaceIndex, type ReadonlyIndexer } from './indexer.js';
import { toSelector, type SelectorInput } from './label-selector.js';

/** Lists the objects of a cluster-scoped kind and gets them by name. */
export interface ClusterLister<T> {
  /** Cached objects whose labels match `selector` (all of them when absent). */
  list(selector?: SelectorInput): DeepReadonly<T>[];
  /** The cached object `name`; throws {@link CacheNotFoundError} (`isNotFound`) when absent. */
  get(name: string): DeepReadonly<T>;
  /**
   * The cached object `name`, or `undefined` when absent (kube-rs `Store::get`): for hot paths
   * where absence is normal, without the cost of building and catching an error.
   */
  find(name: string): DeepReadonly<T> | undefined;
}

/** Lists and gets the objects of a namespaced kind within one namespace. */
export interface NamespaceLister<T> {
  /** Cached objects of this namespace whose labels match `selector` (all of them when absent). */
  list(selector?: SelectorInput): DeepReadonly<T>[];
  /** The cached object `name` of this namespace; throws {@link CacheNotFoundError} (`isNotFound`) when absent. */
  get(name: string): DeepReadonly<T>;
  /** The cached object `name` of this namespace, or `undefined` when absent (no error built). */
  find(name: string): DeepReadonly<T> | undefined;
}

/** Lists the objects of a namespaced kind across namespaces, or narrows to one namespace. */
export interface NamespacedLister<T> {
  /** Cached objects of every namespace whose labels match `selector` (all of them when absent). */
  list(selector?: SelectorInput): DeepReadonly<T>[];
  /** A lister restricted to namespace `ns`. */
  namespace(ns: string): NamespaceLister<T>;
}

function filter<T>(objects: Iterable<DeepReadonly<T>>, selector: SelectorInput | undefined): DeepReadonly<T>[] {
  const sel = toSelector(selector);
  const out: DeepReadonly<T>[] = [];
  if (sel.isEmpty()) {
    for (const o of objects) out.push(o);
    return out;
  }
  for (const o of objects) {
    if (sel.matches((o as DeepReadonly<KubeObject>).metadata?.labels)) out.push(o);
  }
  return out;
}

/** A lister for a cluster-scoped kind over `indexer`. */
export function clusterLister<T extends KubeObject>(indexer: ReadonlyIndexer<T>, resource: GroupResource): ClusterLister<T> {
  return {
    list: (selector) => filter<T>(indexer.list(), selector),
    get: (name) => {
      const obj = indexer.getByKey(name);
      if (obj === undefined) throw new CacheNotFoundError(resource, name);
      return obj;
    },
    find: (name) => indexer.getByKey(name),
  };
}

/** A lister for a namespaced kind over `indexer` (which must carry the `namespace` index). */
export function namespacedLister<T extends KubeObject>(indexer: ReadonlyIndexer<T>, resource: GroupResource): NamespacedLister<T> {
  return {
    list: (selector) => filter<T>(indexer.list(), selector),
    namespace: (ns) => ({
      list: (selector) => filter<T>(indexer.byIndex(namespaceIndex, ns), selector),
      get: (name) => {
        const obj = indexer.getByKey(`${ns}/${name}`);
        if (obj === undefined) throw new CacheNotFoundError(resource, name, ns);
        return obj;
      },
      find: (name) => indexer.getByKey(`${ns}/${name}`),
    }),
  };
}
