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
import type { KubeObject } from '../meta/object.js';
import { createFake, type FakeClientset, type FakeClientsetOptions } from './fake-clientset.js';

/**
 * A `Clientset` served by an in-memory fake API server that knows every generated kind, starting
 * with `objects` (each with its apiVersion and kind). `clientset.fake` is the server.
 */
export function createFakeClientset(objects: readonly KubeObject[] = [], opts: FakeClientsetOptions = {}): FakeClientset<Clientset> {
  return createFake(Clientset, allResources, objects, opts);
}

export { createFake, type FakeClientset, type FakeClientsetOptions } from './fake-clientset.js';
export { FakeApiServer, type FakeApiServerOptions } from './fake-api-server.js';
export { ObjectTracker, RevisionCompactedError, type Change, type ChangeType, type ChangeListener, type StoredObject, type ObjectTrackerOptions } from './object-tracker.js';
export { FakeWatcher, type WireEvent } from './fake-watcher.js';
export { actionMatches, type Action, type Verb, type PatchKind, type GroupVersionResource } from './actions.js';
export { ReactorChain, type ReactionFunc, type ReactionResult, type WatchReactionFunc, type WatchReactionResult } from './reactors.js';
export { ResourceRegistry, namespaceDescriptor } from './resource-registry.js';
export * as statusErrors from './status-errors.js';
export type { FieldError, GroupResource } from './status-errors.js';
