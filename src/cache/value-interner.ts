/**
 * Value interning for cached objects: equal values held once across the objects of a cache, so
 * that a cached object costs less than its freshly parsed form while staying a full, plain object
 * (same JSON when serialized, same properties, same `typeof` everywhere).
 *
 * Two things make parsed Kubernetes objects larger than they need to be in V8 (8-byte pointers,
 * no pointer compression in Node):
 * - every string value of ten characters or more is a heap string of its own, even when a
 *   thousand other objects hold the same text (`"koordinator-system"`, an apiVersion, a manager's
 *   name, an image, a timestamp); V8's `JSON.parse` shares only shorter ones;
 * - `metadata.managedFields[*].fieldsV1` is a tree whose leaves are empty objects (`{}`, 56 bytes
 *   each): hundreds of them in a Pod, and the same tree in every object one manager wrote the
 *   same fields of.
 *
 * {@link ValueInterner.intern} walks an object once, when it enters the cache, and replaces each
 * such string by the first equal string it saw (strings are immutable: nothing can tell them
 * apart), each empty object inside `fieldsV1` by one shared, frozen empty object
 * ({@link sharedEmptyFields}), and each top-level subtree of a `fieldsV1` (`f:metadata`, `f:spec`,
 * `f:status`) by an equal, frozen subtree seen before. Only `fieldsV1` is ever shared or frozen:
 * the rest of the object stays its own.
 *
 * Many long strings are unique to their object (a uid, pod names, memory usage in bytes): about
 * half of those in a NodeMetric. Looking them up buys nothing and pushes recurring strings out of
 * the table, so the interner keeps count, per property name, of how often its values were found:
 * a property whose values were found in fewer than 1 in 16 of its last 64 lookups is left alone
 * for its next 4,096 values, then sampled again.
 * @packageDocumentation
 */

/**
 * The one empty object every interned `fieldsV1` leaf points to. Frozen: cached objects are
 * read-only by contract, and a write to a leaf of a cached object's `fieldsV1` (which would
 * otherwise change every cached object at once) throws a TypeError in strict-mode code and is
 * ignored elsewhere. `deepCopy` (structuredClone) and `JSON.parse(JSON.stringify(...))` copies are
 * ordinary, unfrozen objects.
 */
export const sharedEmptyFields: Readonly<Record<string, never>> = Object.freeze({});

/** Options of a {@link ValueInterner}. */
export interface ValueInternerOptions {
  /**
   * Strings the table remembers (default 4096). When it is full it starts over, so that strings
   * seen once (names, uids) do not pile up; strings that recur (namespaces, images, managers) are
   * shared again from their next occurrence on.
   */
  capacity?: number;
  /** Longest string interned, in UTF-16 code units (default 256); longer strings are left as they are. */
  maxStringLength?: number;
}

/** Strings shorter than this are already shared by V8's JSON.parse (it internalizes them). */
const minStringLength = 10;

/** Lookups per property name before its values' hit rate is judged. */
const sampleSize = 64;
/** Fewer hits than this in a sample: the property's values are left alone for a while. */
const minHitsPerSample = sampleSize / 16;
/** Values of such a property passed over before it is sampled again. */
const skipSpan = 4096;
/** Property names with a record (bounded: cleared when full; map keys can be property names too). */
const keyCapacity = 1024;

/** How often the values of one property name were found in the table lately. */
interface KeyRecord {
  looked: number;
  found: number;
  /** Values still to pass over without a lookup. */
  skip: number;
}

/**
 * Interns the string values and `managedFields` trees of the objects a cache holds (see the module
 * documentation). Memory is bounded whatever goes through it: the table references at most
 * `capacity` strings of at most `maxStringLength` code units, 256 `fieldsV1` subtrees of at
 * most 16 KB of JSON each, the last subtree each of at most 256 managers wrote per top-level
 * field, and the lookup counts of at most 1,024 property names, and starts over when full; so
 * objects that leave the cache release their strings and trees once the table has started over
 * (nothing piles up).
 *
 * ```ts
 * const interner = new ValueInterner();
 * const obj = interner.intern(JSON.parse(text));
 * ```
 */
export class ValueInterner {
  private readonly table = new Map<string, string>();
  private readonly capacity: number;
  private readonly maxLength: number;
  /** `fieldsV1` subtrees by their JSON (bounded: cleared when full). */
  private readonly trees = new Map<string, SharedTree>();
  /** By manager, then top-level field: the subtree it wrote last (bounded: cleared when full). */
  private readonly lastTrees = new Map<string, Map<string, SharedTree>>();
  private readonly treeCapacity = 256;
  private readonly maxTreeKey = 16384;
  /** By property name: the hit rate of its values' lookups (see the module notes). */
  private readonly keys = new Map<string, KeyRecord>();

  /** @param options - table size and longest interned string */
  constructor(options: ValueInternerOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? 4096);
    this.maxLength = options.maxStringLength ?? 256;
  }

  /** Strings the table references now (at most the capacity). */
  get size(): number {
    return this.table.size;
  }

  /** `fieldsV1` subtrees the table references now (at most 256). */
  get treeCount(): number {
    return this.trees.size;
  }

  /**
   * Returns the shared instance of a string equal to `s` (`s` itself the first time it is seen).
   * @param s - any string
   * @returns a string equal to `s`
   */
  string(s: string): string {
    if (s.length < minStringLength || s.length > this.maxLength) return s;
    return this.lookUp(s) ?? s;
  }

  /** The table's string equal to `s`, or undefined after remembering `s` (the table starts over when full). */
  private lookUp(s: string): string | undefined {
    const shared = this.table.get(s);
    if (shared !== undefined) return shared;
    if (this.table.size >= this.capacity) this.table.clear();
    this.table.set(s, s);
    return undefined;
  }

  /** {@link string} for a value of property `key` (at least ten characters), unless that property's values rarely recur. */
  private value(s: string, key: string): string {
    if (s.length > this.maxLength) return s;
    let r = this.keys.get(key);
    if (r === undefined) {
      if (this.keys.size >= keyCapacity) this.keys.clear();
      r = { looked: 0, found: 0, skip: 0 };
      this.keys.set(key, r);
    } else if (r.skip > 0) {
      r.skip--;
      return s;
    }
    const shared = this.lookUp(s);
    if (shared !== undefined) r.found++;
    if (++r.looked === sampleSize) {
      if (r.found < minHitsPerSample) r.skip = skipSpan;
      r.looked = 0;
      r.found = 0;
    }
    return shared ?? s;
  }

  /**
   * Interns, in place, every string value of `obj` (at any depth) and the trees of
   * `metadata.managedFields[*].fieldsV1` (each top-level subtree shared with an equal one seen
   * before, or frozen and remembered; empty leaves as {@link sharedEmptyFields}). Property names
   * are left alone (V8 shares them already).
   * The object must be a plain JSON value that belongs to the caller, e.g. fresh from the wire; a
   * frozen or read-only part is left as it is.
   * @param obj - a parsed object
   * @returns the same object
   */
  intern<T>(obj: T): T {
    if (obj === null || typeof obj !== 'object') return obj;
    try {
      this.walk(obj as Record<string, unknown>, '');
    } catch {
      // A frozen or read-only part (an object a transform shares with something else): every value
      // written so far equals the one it replaced, so the object is intact, only less shared.
    }
    return obj;
  }

  /** Interns below `o`; `key` is the property `o` is the value of (an array's items count as its). */
  private walk(o: Record<string, unknown>, key: string): void {
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const x: unknown = o[i];
        if (typeof x === 'string') {
          if (x.length >= minStringLength) o[i] = this.value(x, key);
        } else if (x !== null && typeof x === 'object') this.walk(x as Record<string, unknown>, key);
      }
      return;
    }
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string') {
        if (x.length >= minStringLength) o[k] = this.value(x, k);
      } else if (x !== null && typeof x === 'object') {
        if (k === 'managedFields' && Array.isArray(x)) this.managedFields(x);
        else this.walk(x as Record<string, unknown>, k);
      }
    }
  }

  /**
   * Shares the subtrees of a `fieldsV1` (one per top-level field: `f:metadata`, `f:spec`,
   * `f:status`) with equal subtrees of other objects: the same manager writing the same fields
   * of objects of one kind produces the same tree. Shared subtrees are frozen.
   */
  private fieldsV1(f: Record<string, unknown>, manager: unknown): void {
    // The tree this manager wrote last under each top-level field: most objects match it, and a
    // walk against its shape is cheaper than serializing the tree.
    let last = typeof manager === 'string' ? this.lastTrees.get(manager) : undefined;
    if (last === undefined && typeof manager === 'string') {
      if (this.lastTrees.size >= this.treeCapacity) this.lastTrees.clear();
      last = new Map();
      this.lastTrees.set(manager, last);
    }
    for (const k in f) {
      const x = f[k];
      if (x === null || typeof x !== 'object' || Array.isArray(x) || Object.isFrozen(x)) continue;
      const tree = x as Record<string, unknown>;
      const seen = last?.get(k);
      if (seen !== undefined && seen.shape && matchesShape(tree, seen.shape)) {
        f[k] = seen.tree;
        continue;
      }
      // Empty leaves serialize as `{}` whether shared or not: a tree seen before is replaced whole.
      const key = k + JSON.stringify(tree);
      if (key.length > this.maxTreeKey) {
        shareEmptyLeaves(tree);
        continue;
      }
      let shared = this.trees.get(key);
      if (shared === undefined) {
        shareEmptyLeaves(tree);
        shared = { tree: deepFreeze(tree), shape: undefined };
        if (this.trees.size >= this.treeCapacity) this.trees.clear();
        this.trees.set(key, shared);
      } else if (shared.shape === undefined) {
        // Seen twice: worth the shape that lets the next objects match it without serializing.
        shared.shape = shapeOf(shared.tree as Record<string, unknown>) ?? null;
      }
      last?.set(k, shared);
      if (shared.tree !== x) f[k] = shared.tree;
    }
  }

  private managedFields(entries: unknown[]): void {
    for (const e of entries) {
      if (e === null || typeof e !== 'object' || Array.isArray(e)) continue;
      const entry = e as Record<string, unknown>;
      for (const k in entry) {
        const x = entry[k];
        if (typeof x === 'string') {
          if (x.length >= minStringLength) entry[k] = this.value(x, k);
        } else if (x !== null && typeof x === 'object') {
          if (k === 'fieldsV1' && !Array.isArray(x)) this.fieldsV1(x as Record<string, unknown>, entry.manager);
          else this.walk(x as Record<string, unknown>, k);
        }
      }
    }
  }
}

/**
 * A shared, frozen `fieldsV1` subtree and its shape: undefined until the tree is seen a second
 * time, null when it holds anything but objects.
 */
interface SharedTree {
  readonly tree: object;
  shape: Shape | null | undefined;
}

/**
 * The keys of a tree in order, each followed by the shape of its value (`null` for an empty
 * object): `[k1, shape1, k2, shape2, ...]`.
 */
type Shape = ReadonlyArray<string | Shape | null>;

/** The shape of a tree of plain objects, or undefined when it holds anything else. */
function shapeOf(o: Record<string, unknown>): Shape | undefined {
  const out: Array<string | Shape | null> = [];
  for (const k in o) {
    const x = o[k];
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return undefined;
    let child: Shape | null = null;
    if (!isEmpty(x)) {
      const s = shapeOf(x as Record<string, unknown>);
      if (s === undefined) return undefined;
      child = s;
    }
    out.push(k, child);
  }
  return out;
}

/** True when `o` has exactly the keys of `shape`, in its order, at every depth (so the same JSON). */
function matchesShape(o: Record<string, unknown>, shape: Shape): boolean {
  let i = 0;
  for (const k in o) {
    if (i >= shape.length || shape[i] !== k) return false;
    const x = o[k];
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
    const child = shape[i + 1] as Shape | null;
    if (child === null ? !isEmpty(x) : !matchesShape(x as Record<string, unknown>, child)) return false;
    i += 2;
  }
  return i === shape.length;
}

/** Replaces every empty plain object below `o` with {@link sharedEmptyFields}. */
function shareEmptyLeaves(o: Record<string, unknown>): void {
  for (const k in o) {
    const x = o[k];
    if (x === null || typeof x !== 'object' || x === sharedEmptyFields || Array.isArray(x)) continue;
    if (isEmpty(x)) o[k] = sharedEmptyFields;
    else shareEmptyLeaves(x as Record<string, unknown>);
  }
}

/** Freezes `o` and every object below it; returns `o`. */
function deepFreeze<T extends object>(o: T): T {
  for (const k in o) {
    const x = o[k];
    if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) deepFreeze(x);
  }
  return Object.freeze(o);
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
