/**
 * The structural client shapes the controller helpers need. Every generated typed client
 * (`ResourceClient` / `StatusResourceClient`) fits them; so does a test double. Write methods take
 * `NoInfer<T>`: the object type is inferred from what `get` returns, since a generated client's
 * writes accept a wider type (the kind's write form, which an object read from the server fits).
 * @packageDocumentation
 */
import type { KubeObject } from '../meta/object.js';
import type { CreateOptions, GetOptions, PatchOptions, UpdateOptions } from '../meta/options.js';
import type { Patch } from '../meta/patch.js';

/** Reads and writes one kind in one namespace (or cluster-wide). */
export interface ObjectClient<T extends KubeObject> {
  /** Reads an object. */
  get(name: string, opts?: GetOptions): Promise<T>;
  /** Creates an object. */
  create(obj: NoInfer<T>, opts?: CreateOptions): Promise<T>;
  /** Replaces an object (optimistic concurrency on resourceVersion). */
  update(obj: NoInfer<T>, opts?: UpdateOptions): Promise<T>;
  /** Patches an object. */
  patch(name: string, patch: Patch<T>, opts?: PatchOptions): Promise<T>;
}

/** A client of a kind with the status subresource. */
export interface StatusObjectClient<T extends KubeObject> extends ObjectClient<T> {
  /** Replaces the status. */
  updateStatus(obj: NoInfer<T>, opts?: UpdateOptions): Promise<T>;
  /** Patches the status. */
  patchStatus(name: string, patch: Patch<T>, opts?: PatchOptions): Promise<T>;
}
