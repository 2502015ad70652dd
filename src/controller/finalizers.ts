/**
 * Finalizers (controller-runtime `controllerutil`): check them on an object, and add or remove
 * one on the server through a merge patch guarded by the object's resourceVersion (a concurrent
 * change makes it a conflict, and the helper re-reads and tries again), so another writer's
 * finalizers are never lost.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { KubeObject } from '../meta/object.js';
import type { CallOptions } from '../meta/options.js';
import { ValidationError } from '../rest/errors.js';
import type { ObjectClient } from './object-client.js';
import { defaultRetry, retryOnConflict } from './retry-on-conflict.js';

/** True when `obj` carries `finalizer`. */
export function containsFinalizer(obj: KubeObject | DeepReadonly<KubeObject>, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** True once the object is being deleted (its finalizers are running). */
export function isBeingDeleted(obj: KubeObject | DeepReadonly<KubeObject>): boolean {
  return obj.metadata?.deletionTimestamp !== undefined && obj.metadata?.deletionTimestamp !== null;
}

async function changeFinalizers<T extends KubeObject>(client: Pick<ObjectClient<T>, 'get' | 'patch'>, obj: T | DeepReadonly<T>, change: (list: string[]) => string[] | undefined, opts: CallOptions & { fieldManager?: string }): Promise<T> {
  const name = obj.metadata?.name;
  if (!name) throw new ValidationError('the object has no metadata.name', [{ path: 'metadata.name', message: 'required' }]);
  let current: T | DeepReadonly<T> = obj;
  let first = true;
  return retryOnConflict(
    defaultRetry,
    async () => {
      if (!first) current = await client.get(name, { signal: opts.signal });
      first = false;
      const next = change([...(current.metadata?.finalizers ?? [])]);
      if (!next) return current as T;
      const rv = current.metadata?.resourceVersion;
      const metadata: Record<string, unknown> = { finalizers: next.length ? next : null };
      if (rv) metadata.resourceVersion = rv;
      const po: { signal?: AbortSignal; fieldManager?: string } = {};
      if (opts.signal) po.signal = opts.signal;
      if (opts.fieldManager) po.fieldManager = opts.fieldManager;
      return client.patch(name, { type: 'merge', patch: { metadata } }, po);
    },
    opts.signal ? { signal: opts.signal } : {},
  );
}

/**
 * Adds `finalizer` to the object on the server (no request when it is already there); returns
 * the object as written. Conflicts are retried after re-reading the object.
 */
export function addFinalizer<T extends KubeObject>(client: Pick<ObjectClient<T>, 'get' | 'patch'>, obj: T | DeepReadonly<T>, finalizer: string, opts: CallOptions & { fieldManager?: string } = {}): Promise<T> {
  return changeFinalizers(client, obj, (list) => (list.includes(finalizer) ? undefined : [...list, finalizer]), opts);
}

/**
 * Removes `finalizer` from the object on the server (no request when it is absent); returns the
 * object as written (the server may delete it right after when it was the last finalizer).
 */
export function removeFinalizer<T extends KubeObject>(client: Pick<ObjectClient<T>, 'get' | 'patch'>, obj: T | DeepReadonly<T>, finalizer: string, opts: CallOptions & { fieldManager?: string } = {}): Promise<T> {
  return changeFinalizers(client, obj, (list) => (list.includes(finalizer) ? list.filter((f) => f !== finalizer) : undefined), opts);
}
