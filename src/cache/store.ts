/**
 * The store contracts of the cache: what a reflector writes into, and what readers see.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';

/**
 * What a reflector writes into (the write half of client-go's `cache.Store`). `replace` swaps
 * the whole content at once, after a (re)list.
 */
export interface ReflectorStore<T> {
  /** A watch saw the object created (or it is new to the store). */
  add(obj: T): void;
  /** A watch saw the object changed. */
  update(obj: T): void;
  /** A watch saw the object deleted; `obj` is its last state. */
  delete(obj: T): void;
  /**
   * Replaces the whole content with `items`, listed at `resourceVersion` (an opaque string).
   * Called after the initial list and after every relist.
   */
  replace(items: readonly T[], resourceVersion: string): void;
}

/** Read access to cached objects by key (`namespace/name` or `name`). Objects are shared: never mutate them. */
export interface ReadonlyStore<T> {
  /** Number of cached objects. */
  readonly size: number;
  /** The object stored under `key`, or undefined. */
  getByKey(key: string): DeepReadonly<T> | undefined;
  /** The cached object with the same key as `obj`, or undefined. */
  get(obj: T | DeepReadonly<T>): DeepReadonly<T> | undefined;
  /** Every cached object. */
  list(): DeepReadonly<T>[];
  /** Every key. */
  listKeys(): string[];
}

/** A store that is both written by a reflector and read by listers (client-go's `cache.Store`). */
export interface Store<T> extends ReflectorStore<T>, ReadonlyStore<T> {}
