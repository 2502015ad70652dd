/**
 * `createOrUpdate` and `createOrPatch` (controller-runtime `controllerutil`): read the object,
 * let a mutate function set the desired state, then create it when absent, write it when the
 * mutation changed something, and do nothing otherwise; the result says which happened.
 * @packageDocumentation
 */
import { deepCopy } from '../meta/deep-copy.js';
import type { KubeObject } from '../meta/object.js';
import type { CallOptions } from '../meta/options.js';
import { ValidationError, isNotFound } from '../rest/errors.js';
import { createMergePatch, jsonEqual } from './merge-patch.js';
import type { ObjectClient, StatusObjectClient } from './object-client.js';

/** What `createOrUpdate` / `createOrPatch` did (controller-runtime `OperationResult`). */
export type OperationResult = 'unchanged' | 'created' | 'updated' | 'updatedStatus' | 'updatedStatusOnly';

/** Sets the desired state on the object (fresh from the server, or the initial object when absent). */
export type MutateFn<T> = (obj: T) => void | Promise<void>;

/** Options of the create-or-write helpers. */
export interface CreateOrWriteOptions extends CallOptions {
  /** Field manager recorded for the writes. */
  fieldManager?: string;
}

function key(obj: KubeObject): { name: string; namespace: string } {
  const name = obj.metadata?.name;
  if (!name) throw new ValidationError('createOrUpdate needs metadata.name', [{ path: 'metadata.name', message: 'required' }]);
  return { name, namespace: obj.metadata?.namespace ?? '' };
}

async function mutate<T extends KubeObject>(fn: MutateFn<T>, obj: T, expected: { name: string; namespace: string }): Promise<void> {
  await fn(obj);
  const after = { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '' };
  if (after.name !== expected.name || (after.namespace !== expected.namespace && !(expected.namespace === '' && after.namespace === ''))) {
    throw new ValidationError('the mutate function must not change the object name or namespace', [{ path: 'metadata', message: `was ${expected.namespace}/${expected.name}, now ${after.namespace}/${after.name}` }]);
  }
}

/** Makes `target` hold exactly what `source` holds (the caller's reference stays valid). */
function replaceContents<T extends object>(target: T, source: T): void {
  for (const k of Object.keys(target)) delete (target as Record<string, unknown>)[k];
  Object.assign(target, source);
}

function writeOpts(opts: CreateOrWriteOptions): { signal?: AbortSignal; fieldManager?: string } {
  const o: { signal?: AbortSignal; fieldManager?: string } = {};
  if (opts.signal) o.signal = opts.signal;
  if (opts.fieldManager) o.fieldManager = opts.fieldManager;
  return o;
}

/** The object `name` from the server, or `undefined` when it does not exist. */
async function getIfExists<T extends KubeObject>(client: Pick<ObjectClient<T>, 'get'>, name: string, opts: CreateOrWriteOptions): Promise<T | undefined> {
  try {
    return await client.get(name, opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return undefined;
  }
}

/**
 * Gets `obj` by name (from the server), applies `mutateFn`, then creates or updates it. The
 * update carries the read resourceVersion: a concurrent writer makes it a conflict (wrap the call
 * in `retryOnConflict`). `obj` receives the state written (or read, when unchanged).
 */
export async function createOrUpdate<T extends KubeObject>(client: Pick<ObjectClient<T>, 'get' | 'create' | 'update'>, obj: T, mutateFn: MutateFn<T>, opts: CreateOrWriteOptions = {}): Promise<OperationResult> {
  const k = key(obj);
  const existing = await getIfExists(client, k.name, opts);
  if (existing === undefined) {
    await mutate(mutateFn, obj, k);
    replaceContents(obj, await client.create(obj, writeOpts(opts)));
    return 'created';
  }
  const before = deepCopy(existing) as T;
  replaceContents(obj, existing);
  await mutate(mutateFn, obj, k);
  if (jsonEqual(before, obj)) return 'unchanged';
  replaceContents(obj, await client.update(obj, writeOpts(opts)));
  return 'updated';
}

/**
 * Like {@link createOrUpdate}, but writes with merge patches: one for the object, one for its
 * status (through the status subresource when the client has one), each only when it changed.
 */
export async function createOrPatch<T extends KubeObject>(client: Pick<ObjectClient<T>, 'get' | 'create' | 'patch'> & Partial<Pick<StatusObjectClient<T>, 'patchStatus'>>, obj: T, mutateFn: MutateFn<T>, opts: CreateOrWriteOptions = {}): Promise<OperationResult> {
  const k = key(obj);
  const existing = await getIfExists(client, k.name, opts);
  if (existing === undefined) {
    await mutate(mutateFn, obj, k);
    const status = (obj as { status?: unknown }).status;
    let created = await client.create(obj, writeOpts(opts));
    if (status !== undefined && client.patchStatus && !jsonEqual((created as { status?: unknown }).status, status)) {
      created = await client.patchStatus(k.name, { type: 'merge', patch: { status } as Record<string, unknown> }, writeOpts(opts));
    }
    replaceContents(obj, created);
    return 'created';
  }
  const before = deepCopy(existing) as unknown as Record<string, unknown>;
  replaceContents(obj, existing);
  await mutate(mutateFn, obj, k);
  const after = obj as unknown as Record<string, unknown>;
  const { status: beforeStatus, ...beforeRest } = before;
  const { status: afterStatus, ...afterRest } = after;
  const objPatch = createMergePatch(beforeRest, afterRest);
  const statusChanged = client.patchStatus !== undefined && !jsonEqual(beforeStatus, afterStatus);
  // Without a status subresource, status changes travel in the object patch.
  const mainPatch = client.patchStatus === undefined ? createMergePatch(before, after) : objPatch;
  let result: OperationResult = 'unchanged';
  let written: T | undefined;
  if (mainPatch) {
    written = await client.patch(k.name, { type: 'merge', patch: mainPatch }, writeOpts(opts));
    result = 'updated';
  }
  if (statusChanged) {
    const statusPatch = createMergePatch({ status: beforeStatus ?? {} }, { status: afterStatus ?? {} }) ?? { status: afterStatus ?? null };
    written = await client.patchStatus!(k.name, { type: 'merge', patch: statusPatch }, writeOpts(opts));
    result = result === 'updated' ? 'updatedStatus' : 'updatedStatusOnly';
  }
  if (written) replaceContents(obj, written);
  return result;
}
