/**
 * Cache keys: every cached object is stored under `namespace/name` (or just `name` for
 * cluster-scoped kinds), the key client-go's `MetaNamespaceKeyFunc` computes.
 * @packageDocumentation
 */
import type { KubeObject } from '../meta/object.js';
import { ValidationError } from '../rest/errors.js';
import type { DeepReadonly } from '../meta/deep-partial.js';
import { DeletedFinalStateUnknown } from './deleted-final-state-unknown.js';

/** An object as seen by the cache: writable or read-only, it only needs metadata. */
export type CachedObject = KubeObject | DeepReadonly<KubeObject>;

/**
 * The cache key of an object: `namespace/name`, or `name` when the object has no namespace.
 * Throws a `ValidationError` when the object has no name.
 */
export function metaNamespaceKey(obj: CachedObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new ValidationError('object has no metadata.name: it cannot be cached', [{ path: 'metadata.name', message: 'required' }]);
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/**
 * Like {@link metaNamespaceKey}, but a {@link DeletedFinalStateUnknown} tombstone yields the key
 * it carries (client-go's `DeletionHandlingMetaNamespaceKeyFunc`).
 */
export function deletionHandlingMetaNamespaceKey(obj: CachedObject | DeletedFinalStateUnknown<unknown>): string {
  return obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKey(obj);
}

/** Splits a cache key into its namespace (`''` for cluster-scoped keys) and name. */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1 && parts[0]) return { namespace: '', name: parts[0] };
  if (parts.length === 2 && parts[1]) return { namespace: parts[0] ?? '', name: parts[1] };
  throw new ValidationError(`unexpected cache key format: ${JSON.stringify(key)}`, []);
}
