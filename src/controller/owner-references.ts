/**
 * Owner references (controller-runtime `controllerutil`): make an object owned or controlled by
 * another, so that garbage collection deletes it with its owner and `owns()` maps its events to
 * the owner. These functions change the object in memory; write it afterwards.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import { apiVersionOf, type ResourceDescriptor } from '../meta/descriptor.js';
import type { KubeObject, OwnerReference } from '../meta/object.js';
import { KubeClientError, ValidationError } from '../rest/errors.js';

/** Thrown by {@link setControllerReference} when another owner already controls the object. */
export class AlreadyOwnedError extends KubeClientError {
  override readonly name = 'AlreadyOwnedError';
  /** The controlling reference already present. */
  readonly owner: OwnerReference;
  constructor(object: string, owner: OwnerReference) {
    super(`${object} is already controlled by ${owner.kind} ${owner.name} (uid ${owner.uid})`);
    this.owner = owner;
  }
}

/** The owner's apiVersion and kind: from the object, or its kind's descriptor when the object lacks them (cached list items do). */
export type OwnerKindInfo = Pick<ResourceDescriptor, 'group' | 'version' | 'kind' | 'namespaced'>;

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

function describeObj(obj: KubeObject | DeepReadonly<KubeObject>): string {
  const m = obj.metadata;
  return `${obj.kind ?? 'object'} ${m?.namespace ? `${m.namespace}/` : ''}${m?.name ?? m?.generateName ?? '(unnamed)'}`;
}

/** Builds the owner reference pointing at `owner` (which must have a name and a uid). */
export function ownerReferenceFor(owner: KubeObject | DeepReadonly<KubeObject>, kind?: OwnerKindInfo, controller = false): OwnerReference {
  const apiVersion = owner.apiVersion ?? (kind ? apiVersionOf(kind) : undefined);
  const k = owner.kind ?? kind?.kind;
  const issues = [];
  if (!apiVersion) issues.push({ path: 'apiVersion', message: 'the owner has no apiVersion: pass its kind descriptor' });
  if (!k) issues.push({ path: 'kind', message: 'the owner has no kind: pass its kind descriptor' });
  if (!owner.metadata?.name) issues.push({ path: 'metadata.name', message: 'required' });
  if (!owner.metadata?.uid) issues.push({ path: 'metadata.uid', message: 'required: the owner must exist on the server' });
  if (issues.length) throw new ValidationError('cannot reference this owner', issues);
  const ref: OwnerReference = { apiVersion: apiVersion!, kind: k!, name: owner.metadata!.name!, uid: owner.metadata!.uid! };
  if (controller) {
    ref.controller = true;
    ref.blockOwnerDeletion = true;
  }
  return ref;
}

function sameOwner(a: Pick<OwnerReference, 'apiVersion' | 'kind' | 'name'>, b: Pick<OwnerReference, 'apiVersion' | 'kind' | 'name'>): boolean {
  return groupOf(a.apiVersion) === groupOf(b.apiVersion) && a.kind === b.kind && a.name === b.name;
}

function checkScope(owner: KubeObject | DeepReadonly<KubeObject>, obj: KubeObject, kind?: OwnerKindInfo): void {
  const ownerNs = owner.metadata?.namespace ?? '';
  const objNs = obj.metadata?.namespace ?? '';
  const ownerNamespaced = kind ? kind.namespaced : ownerNs !== '';
  if (!ownerNamespaced) return;
  if (objNs === '') throw new ValidationError(`cluster-scoped ${describeObj(obj)} cannot be owned by namespaced ${describeObj(owner)}`, [{ path: 'metadata.ownerReferences', message: 'owner must be cluster-scoped' }]);
  if (ownerNs !== objNs) throw new ValidationError(`${describeObj(obj)} cannot be owned by ${describeObj(owner)} of another namespace`, [{ path: 'metadata.ownerReferences', message: `owner must be in namespace ${objNs}` }]);
}

/**
 * Makes `owner` the controller of `obj` (controller: true, blockOwnerDeletion: true), replacing
 * an existing reference to the same owner. Throws {@link AlreadyOwnedError} when another object
 * controls `obj`, and a `ValidationError` when the scopes do not allow the ownership.
 */
export function setControllerReference<T extends KubeObject>(owner: KubeObject | DeepReadonly<KubeObject>, obj: T, kind?: OwnerKindInfo): T {
  const ref = ownerReferenceFor(owner, kind, true);
  checkScope(owner, obj, kind);
  const existing = getControllerOf(obj);
  if (existing && !sameOwner(existing, ref)) throw new AlreadyOwnedError(describeObj(obj), existing);
  upsert(obj, ref);
  return obj;
}

/** Adds (or refreshes) a non-controlling reference from `obj` to `owner`. */
export function setOwnerReference<T extends KubeObject>(owner: KubeObject | DeepReadonly<KubeObject>, obj: T, kind?: OwnerKindInfo): T {
  const ref = ownerReferenceFor(owner, kind, false);
  checkScope(owner, obj, kind);
  const existing = obj.metadata?.ownerReferences?.find((r) => sameOwner(r, ref));
  if (existing?.controller) {
    ref.controller = existing.controller;
    if (existing.blockOwnerDeletion !== undefined) ref.blockOwnerDeletion = existing.blockOwnerDeletion;
  }
  upsert(obj, ref);
  return obj;
}

/** Removes `obj`'s reference to `owner`; returns whether there was one. */
export function removeOwnerReference(owner: KubeObject | DeepReadonly<KubeObject>, obj: KubeObject, kind?: OwnerKindInfo): boolean {
  const ref = ownerReferenceFor(owner, kind);
  const refs = obj.metadata?.ownerReferences;
  if (!refs) return false;
  const kept = refs.filter((r) => !sameOwner(r, ref));
  if (kept.length === refs.length) return false;
  obj.metadata!.ownerReferences = kept;
  return true;
}

/** The controlling owner reference of `obj`, if any. */
export function getControllerOf(obj: KubeObject | DeepReadonly<KubeObject>): OwnerReference | undefined {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref ? { ...ref } : undefined;
}

/** True when `owner` is the controller of `obj`. */
export function hasControllerReference(owner: KubeObject | DeepReadonly<KubeObject>, obj: KubeObject | DeepReadonly<KubeObject>): boolean {
  const c = getControllerOf(obj);
  return c !== undefined && c.uid === owner.metadata?.uid;
}

function upsert(obj: KubeObject, ref: OwnerReference): void {
  obj.metadata ??= {};
  const refs = obj.metadata.ownerReferences ?? [];
  const i = refs.findIndex((r) => sameOwner(r, ref));
  if (i >= 0) refs[i] = ref;
  else refs.push(ref);
  obj.metadata.ownerReferences = refs;
}
