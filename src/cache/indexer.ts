/**
 * The indexer: the informer's in-memory cache of objects by key, plus secondary indices (client-go's
 * `threadSafeStore` + `index.go`). The `namespace` index is always present.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { KubeObject } from '../meta/object.js';
import { ValidationError } from '../rest/errors.js';
import { metaNamespaceKey } from './object-key.js';
import type { ReadonlyStore, Store } from './store.js';

/** Computes the index values of an object (an object may have several, or none). */
export type IndexFunc<T> = (obj: DeepReadonly<T>) => readonly string[];

/** Named index functions. */
export type Indexers<T> = Readonly<Record<string, IndexFunc<T>>>;

/** Name of the index that is always present: objects by namespace (`''` for cluster-scoped ones). */
export const namespaceIndex = 'namespace';

/** The index function of {@link namespaceIndex}: the object's namespace (client-go's `MetaNamespaceIndexFunc`). */
export function metaNamespaceIndexFunc(obj: DeepReadonly<KubeObject>): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** Read access to an indexer: keys, objects and index look-ups. Objects are shared: never mutate them. */
export interface ReadonlyIndexer<T> extends ReadonlyStore<T> {
  /** Objects whose `indexName` values include `indexedValue`. Throws when the index does not exist. */
  /** Objects whose `indexName` values include `indexedValue`. */
  byIndex(indexName: string, indexedValue: string): DeepReadonly<T>[];
  /** Keys of the objects whose `indexName` values include `indexedValue`. Throws when the index does not exist. */
  /** Keys of the objects whose `indexName` values include `indexedValue`. */
  indexKeys(indexName: string, indexedValue: string): string[];
  /** Objects sharing at least one `indexName` value with `obj`. Throws when the index does not exist. */
  /** Objects sharing at least one `indexName` value with `obj`. */
  index(indexName: string, obj: T | DeepReadonly<T>): DeepReadonly<T>[];
  /** Every value `indexName` currently holds. Throws when the index does not exist. */
  /** Every value `indexName` currently holds. */
  listIndexFuncValues(indexName: string): string[];
  /** The registered index functions, by name. */
  /** The registered index functions, by name (including `namespace`). */
  getIndexers(): Indexers<T>;
  /** Adds index functions and indexes the current content; a name already in use is an error. */
  /** Adds index functions and indexes the current content; a name already in use is an error. */
  addIndexers(indexers: Indexers<T>): void;
}

/**
 * How a cache holds its objects.
 * - `object` (default): the parsed objects, shared with every reader (fast reads; in V8 a parsed
 *   object takes about twice the bytes of its JSON).
 * - `json`: each object as its JSON text (about the bytes of its JSON), parsed again on every
 *   read: each read returns a fresh copy, and an update parses the object it replaces (to
 *   maintain the indices and hand handlers the old state). For large caches of objects that are
 *   rarely read; the objects (after any transform) must be plain JSON values.
 */
export type CacheFormat = 'object' | 'json';

/** Options of an {@link Indexer}. */
export interface IndexerOptions {
  /** How the objects are held (default `object`). */
  format?: CacheFormat | undefined;
}

/** What the indexer holds for one object: the object itself, or its JSON text. */
type Packed<T> = T | string;

/** An indexed store of objects keyed by `namespace/name`. */
export class Indexer<T extends KubeObject> implements Store<T>, ReadonlyIndexer<T> {
  private items = new Map<string, Packed<T>>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /**
   * The index functions an update under one key has to run: all but the namespace index, since
   * the key holds the namespace (usually none: the informer's hot path skips indexing).
   */
  private movableIndexers: [string, IndexFunc<T>][] = [];
  /** index name -> index value -> keys */
  private indices = new Map<string, Map<string, Set<string>>>();
  private readonly json: boolean;
  private readonly pack: (obj: T) => Packed<T>;
  private readonly unpack: (held: Packed<T>) => T;

  /**
   * @param indexers - extra index functions; the `namespace` index is always added
   * @param options - how the objects are held
   */
  constructor(indexers: Indexers<T> = {}, options: IndexerOptions = {}) {
    const json = options.format === 'json';
    this.json = json;
    this.pack = json ? (obj) => JSON.stringify(obj) : (obj) => obj;
    this.unpack = json ? (held) => JSON.parse(held as string) as T : (held) => held as T;
    this.indexers.set(namespaceIndex, metaNamespaceIndexFunc as IndexFunc<T>);
    this.indices.set(namespaceIndex, new Map());
    this.addIndexers(indexers);
  }

  /** Number of stored objects. */
  get size(): number {
    return this.items.size;
  }

  /** Stores (or overwrites) `obj` under its key. */
  add(obj: T): void {
    this.upsert(metaNamespaceKey(obj), obj);
  }

  /**
   * Stores (or overwrites) `obj` under `key`, which must be its {@link metaNamespaceKey}; returns
   * what was stored there before. One look-up for the informer's hot path.
   */
  upsert(key: string, obj: T): DeepReadonly<T> | undefined {
    const held = this.items.get(key);
    const old = held === undefined ? undefined : this.unpack(held);
    this.items.set(key, this.pack(obj));
    this.reindex(key, old, obj);
    return old as DeepReadonly<T> | undefined;
  }

  /** Same as {@link Indexer.add}: stores the new state under its key. */
  update(obj: T): void {
    this.add(obj);
  }

  /** Removes the object with the key of `obj`, if present. */
  delete(obj: T): void {
    this.deleteByKey(metaNamespaceKey(obj));
  }

  /** Removes the object stored under `key`, if present; returns it. */
  deleteByKey(key: string): T | undefined {
    const held = this.items.get(key);
    if (held === undefined) return undefined;
    const old = this.unpack(held);
    this.items.delete(key);
    this.reindex(key, old, undefined);
    return old;
  }

  /** Replaces the whole content (and rebuilds every index) in one step. */
  replace(items: readonly T[], _resourceVersion?: string): void {
    const next = new Map<string, Packed<T>>();
    // Held as objects, `next` is also the map of objects the indices are built from.
    const objects = this.json ? new Map<string, T>() : (next as Map<string, T>);
    for (const obj of items) {
      const key = metaNamespaceKey(obj);
      next.set(key, this.pack(obj));
      if (this.json) objects.set(key, obj);
    }
    this.items = next;
    this.rebuildIndices(objects);
  }

  /** The object stored under `key`. */
  getByKey(key: string): DeepReadonly<T> | undefined {
    const held = this.items.get(key);
    return held === undefined ? undefined : (this.unpack(held) as DeepReadonly<T>);
  }

  /** The stored object with the key of `obj`. */
  get(obj: T | DeepReadonly<T>): DeepReadonly<T> | undefined {
    return this.getByKey(metaNamespaceKey(obj));
  }

  /** Every stored object. */
  list(): DeepReadonly<T>[] {
    const out: DeepReadonly<T>[] = [];
    for (const held of this.items.values()) out.push(this.unpack(held) as DeepReadonly<T>);
    return out;
  }

  /** Every key. */
  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Iterates over `[key, object]` pairs (without copying, unless the format is `json`). */
  *entries(): IterableIterator<[string, DeepReadonly<T>]> {
    for (const [key, held] of this.items) yield [key, this.unpack(held) as DeepReadonly<T>];
  }

  private indexOf(indexName: string): Map<string, Set<string>> {
    const index = this.indices.get(indexName);
    if (!index) throw new ValidationError(`index ${JSON.stringify(indexName)} does not exist`, [{ path: 'indexName', message: `known: ${[...this.indices.keys()].join(', ')}` }]);
    return index;
  }

  indexKeys(indexName: string, indexedValue: string): string[] {
    const keys = this.indexOf(indexName).get(indexedValue);
    return keys ? [...keys] : [];
  }

  byIndex(indexName: string, indexedValue: string): DeepReadonly<T>[] {
    const keys = this.indexOf(indexName).get(indexedValue);
    const out: DeepReadonly<T>[] = [];
    if (!keys) return out;
    for (const k of keys) {
      const held = this.items.get(k);
      if (held !== undefined) out.push(this.unpack(held) as DeepReadonly<T>);
    }
    return out;
  }

  index(indexName: string, obj: T | DeepReadonly<T>): DeepReadonly<T>[] {
    const index = this.indexOf(indexName);
    const fn = this.indexers.get(indexName)!;
    const keys = new Set<string>();
    for (const v of fn(obj as DeepReadonly<T>)) for (const k of index.get(v) ?? []) keys.add(k);
    return [...keys].map((k) => this.unpack(this.items.get(k)!) as DeepReadonly<T>);
  }

  listIndexFuncValues(indexName: string): string[] {
    return [...this.indexOf(indexName).keys()];
  }

  getIndexers(): Indexers<T> {
    return Object.fromEntries(this.indexers);
  }

  addIndexers(indexers: Indexers<T>): void {
    const names = Object.keys(indexers);
    for (const name of names) {
      if (this.indexers.has(name)) throw new ValidationError(`indexer ${JSON.stringify(name)} already exists`, [{ path: 'indexers', message: 'duplicate name' }]);
    }
    for (const name of names) {
      const fn = indexers[name]!;
      this.indexers.set(name, fn);
      this.movableIndexers.push([name, fn]);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, held] of this.items) addToIndex(index, fn(this.unpack(held) as DeepReadonly<T>), key);
    }
  }

  /** Rebuilds every index from the objects just stored, by key. */
  private rebuildIndices(byKey: ReadonlyMap<string, T>): void {
    const indices = new Map<string, Map<string, Set<string>>>();
    for (const [name, fn] of this.indexers) {
      const index = new Map<string, Set<string>>();
      for (const [key, obj] of byKey) addToIndex(index, fn(obj as DeepReadonly<T>), key);
      indices.set(name, index);
    }
    this.indices = indices;
  }

  private reindex(key: string, oldObj: T | undefined, newObj: T | undefined): void {
    const fns = oldObj !== undefined && newObj !== undefined ? this.movableIndexers : this.indexers;
    for (const [name, fn] of fns) {
      const index = this.indices.get(name)!;
      const oldValues = oldObj === undefined ? [] : fn(oldObj as DeepReadonly<T>);
      const newValues = newObj === undefined ? [] : fn(newObj as DeepReadonly<T>);
      // Fast path: the common single, unchanged value (e.g. the namespace index).
      if (oldValues.length === 1 && newValues.length === 1 && oldValues[0] === newValues[0]) continue;
      for (const v of oldValues) {
        if (newValues.includes(v)) continue;
        const keys = index.get(v);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(v);
      }
      addToIndex(index, newValues, key);
    }
  }
}

function addToIndex(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const v of values) {
    let keys = index.get(v);
    if (!keys) index.set(v, (keys = new Set()));
    keys.add(key);
  }
}
