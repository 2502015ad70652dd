/**
 * The fake API server's storage (the role of etcd plus the watch cache): objects by resource,
 * namespace and name, one increasing revision for every write, a bounded history of changes
 * for watches and consistent paginated lists, and compaction.
 * @packageDocumentation
 */

/** A stored object: plain JSON with metadata. */
export type StoredObject = Record<string, unknown> & { metadata: Record<string, unknown> };

/** The kind of a change. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change in the history: the object after it (the last state for DELETED) and before it. */
export interface Change {
  readonly revision: number;
  /** Storage key of the resource: `group/plural`. */
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: ChangeType;
  readonly object: StoredObject;
  readonly previous?: StoredObject;
}

/** Receives every change of one resource as it is committed. */
export type ChangeListener = (change: Change) => void;

/** A revision older than the history still kept. */
export class RevisionCompactedError extends Error {
  override readonly name = 'RevisionCompactedError';
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`revision ${requested} is compacted (oldest kept: ${oldest})`);
  }
}

/** Options of an {@link ObjectTracker}. */
export interface ObjectTrackerOptions {
  /** Changes kept for watches and paginated lists before the oldest are compacted (default 10 000). */
  historyLimit?: number;
}

function storageKey(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** In-memory storage with revisions, history and change listeners. */
export class ObjectTracker {
  private revision = 1;
  private compactedRevision = 1;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly history: Change[] = [];
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly historyLimit: number;

  constructor(opts: ObjectTrackerOptions = {}) {
    this.historyLimit = Math.max(1, opts.historyLimit ?? 10_000);
  }

  /** The revision of the last write (what a list reports as its resourceVersion). */
  currentRevision(): number {
    return this.revision;
  }

  /** The oldest revision a watch or a continued list may start from. */
  oldestRevision(): number {
    return this.compactedRevision;
  }

  /** A copy of one object, or undefined. */
  get(resource: string, namespace: string, name: string): StoredObject | undefined {
    const o = this.objects.get(resource)?.get(storageKey(namespace, name));
    return o ? structuredClone(o) : undefined;
  }

  /** Copies of the objects of a resource (in `namespace` when given), sorted by storage key. */
  list(resource: string, namespace?: string): StoredObject[] {
    return this.sorted(this.objects.get(resource) ?? new Map(), namespace);
  }

  /** Copies of the objects of a resource as they were at `revision`; throws when it is compacted. */
  listAt(resource: string, revision: number, namespace?: string): StoredObject[] {
    if (revision < this.compactedRevision) throw new RevisionCompactedError(revision, this.compactedRevision);
    const snapshot = new Map(this.objects.get(resource) ?? new Map<string, StoredObject>());
    for (let i = this.history.length - 1; i >= 0; i--) {
      const c = this.history[i] as Change;
      if (c.revision <= revision) break;
      if (c.resource !== resource) continue;
      const key = storageKey(c.namespace, c.name);
      if (c.previous) snapshot.set(key, c.previous);
      else snapshot.delete(key);
    }
    return this.sorted(snapshot, namespace);
  }

  private sorted(map: Map<string, StoredObject>, namespace?: string): StoredObject[] {
    const keys = [...map.keys()].filter((k) => namespace === undefined || k.startsWith(`${namespace}/`)).sort();
    return keys.map((k) => structuredClone(map.get(k) as StoredObject));
  }

  /** Changes of `resource` after `revision`, oldest first; throws when `revision` is compacted. */
  changesSince(resource: string, revision: number): Change[] {
    if (revision < this.compactedRevision) throw new RevisionCompactedError(revision, this.compactedRevision);
    const out: Change[] = [];
    for (let i = this.history.length - 1; i >= 0; i--) {
      const c = this.history[i] as Change;
      if (c.revision <= revision) break;
      if (c.resource === resource) out.push(c);
    }
    return out.reverse();
  }

  /**
   * Stores (ADDED / MODIFIED) or removes (DELETED) an object at the next revision, which is
   * written into its `metadata.resourceVersion`; notifies the listeners. Returns a copy.
   */
  commit(resource: string, type: ChangeType, obj: StoredObject): StoredObject {
    const namespace = (obj.metadata.namespace as string | undefined) ?? '';
    const name = obj.metadata.name as string;
    const key = storageKey(namespace, name);
    let bucket = this.objects.get(resource);
    if (!bucket) this.objects.set(resource, (bucket = new Map()));
    const previous = bucket.get(key);
    const stored = structuredClone(obj);
    this.revision += 1;
    stored.metadata.resourceVersion = String(this.revision);
    if (type === 'DELETED') bucket.delete(key);
    else bucket.set(key, stored);
    const change: Change = previous ? { revision: this.revision, resource, namespace, name, type, object: stored, previous } : { revision: this.revision, resource, namespace, name, type, object: stored };
    this.history.push(change);
    if (this.history.length > this.historyLimit) this.compact((this.history[this.history.length - this.historyLimit] as Change).revision - 1);
    for (const l of this.listeners.get(resource) ?? []) l(change);
    return structuredClone(stored);
  }

  /** Forgets the history up to and including `revision` (default: everything up to now). */
  compact(revision: number = this.revision): void {
    const upTo = Math.min(revision, this.revision);
    let drop = 0;
    while (drop < this.history.length && (this.history[drop] as Change).revision <= upTo) drop++;
    this.history.splice(0, drop);
    this.compactedRevision = Math.max(this.compactedRevision, upTo);
  }

  /** Calls `listener` with every change of `resource` from now on; returns the unsubscribe function. */
  subscribe(resource: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(resource);
    if (!set) this.listeners.set(resource, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}
