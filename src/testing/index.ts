/**
 * `koordinator-client/testing`: a fake Clientset for unit tests, served from memory by a fake
 * API server that behaves like the real one (the same `ApiError`s and Status bodies, resource
 * versions, generation, status subresource, selectors, pagination, patches, server-side apply,
 * watch), plus client-go style reactors and an action log.
 *
 * ```ts
 * import { createFakeClientset } from 'koordinator-client/testing';
 * const cs = createFakeClientset([{ apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', metadata: { name: 'r1' }, spec: { template: {}, owners: [] } }]);
 * const r = await cs.schedulingV1alpha1.reservations().get('r1');
 * cs.fake.prependReactor('delete', 'reservations', () => ({ handled: true, error: { kind: 'Status', code: 403, reason: 'Forbidden', message: 'no' } }));
 * ```
 * @packageDocumentation
 */
import { Clientset } from '../generated/clientset.js';
import { allResources } from '../generated/all-resources.js';
import { GenericClientset } from '../generated/generic-clientset.js';
import { KubeClientset } from '../generated/kube-clientset.js';
import { kubeResources } from '../generated/kube-resources.js';
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { SeedObject } from './fake-api-server.js';
import { createFake, type FakeClientset, type FakeClientsetOptions } from './fake-clientset.js';

/** Every kind a default fake server serves: the generated custom resources and the built-in kinds. */
export const fakeResources: readonly ResourceDescriptor[] = [...kubeResources, ...allResources];

/**
 * A `Clientset` (the Koordinator kinds) served by an in-memory fake API server that knows every
 * generated kind, starting with `objects` (each with its apiVersion and kind). `clientset.fake`
 * is the server; pass `{ server: clientset.fake }` to another factory to share it.
 */
export function createFakeClientset(objects: readonly SeedObject[] = [], opts: FakeClientsetOptions = {}): FakeClientset<Clientset> {
  return createFake(Clientset, fakeResources, objects, opts);
}

/** A `KubeClientset` (the built-in kinds) served by a fake API server, as {@link createFakeClientset}. */
export function createFakeKubeClientset(objects: readonly SeedObject[] = [], opts: FakeClientsetOptions = {}): FakeClientset<KubeClientset> {
  return createFake(KubeClientset, fakeResources, objects, opts);
}

/** A `GenericClientset` (built-in and Koordinator kinds) served by a fake API server, as {@link createFakeClientset}. */
export function createFakeGenericClientset(objects: readonly SeedObject[] = [], opts: FakeClientsetOptions = {}): FakeClientset<GenericClientset> {
  return createFake(GenericClientset, fakeResources, objects, opts);
}

export { createFake, type FakeClientset, type FakeClientsetOptions } from './fake-clientset.js';
export { FakeApiServer, type FakeApiServerOptions, type Json, type SeedObject } from './fake-api-server.js';
export { ObjectTracker, RevisionCompactedError, type Change, type ChangeType, type ChangeListener, type StoredObject, type ObjectTrackerOptions } from './object-tracker.js';
export { FakeWatcher, type WireEvent } from './fake-watcher.js';
export { actionMatches, type Action, type Verb, type PatchKind, type GroupVersionResource } from './actions.js';
export { ReactorChain, type ReactionFunc, type ReactionResult, type WatchReactionFunc, type WatchReactionResult } from './reactors.js';
export { ResourceRegistry, namespaceDescriptor } from './resource-registry.js';
export * as statusErrors from './status-errors.js';
export { applyStrategicMergePatch, strategicMergeKeys } from './strategic-merge-patch.js';
export type { FieldError, GroupResource } from './status-errors.js';
