/**
 * koordinator-client: a typed Kubernetes clientset for Koordinator custom resources.
 *
 * ```ts
 * import { Clientset } from 'koordinator-client';
 * const cs = await Clientset.create();
 * const r = await cs.schedulingV1alpha1.reservations().get('my-reservation');
 * ```
 * @packageDocumentation
 */
export { Clientset } from './generated/clientset.js';
export { allResources } from './generated/all-resources.js';
export { InformerFactory } from './generated/informer-factory.js';

export { ClientsetBase, type ClientsetOptions } from './client/clientset-base.js';
export { createClientContext, type ClientContext, type ClientDefaults } from './client/client-context.js';
export { GroupClient, allNamespaces, type AllNamespaces, type AllNamespacesClient, type ResourceClientClass } from './client/group-client.js';
export { ResourceReader, defaultPageSize } from './client/resource-reader.js';
export { ResourceClient, type ApplyConfiguration, type DeleteResult } from './client/resource-client.js';
export { StatusResourceClient } from './client/status-resource-client.js';
export { ScaleResourceClient } from './client/scale-resource-client.js';
export { PodClient } from './client/pod-client.js';
export { DiscoveryClient, type ApiGroup, type ApiResource, type ApiResourceList, type ServerVersion } from './client/discovery.js';
export { installCrds, uninstallCrds, resolveCrds, type CrdSource, type CrdTarget, type InstallCrdsOptions } from './client/crd-installer.js';
export { customResourceDefinitionResource, type CustomResourceDefinition } from './client/custom-resource-definitions.js';

export type * from './meta/object.js';
export type * from './meta/options.js';
export type * from './meta/scale.js';
export type * from './meta/pod-subresources.js';
export type { DeepPartial, DeepReadonly } from './meta/deep-partial.js';
export { isStatus } from './meta/object.js';
export { apiVersionOf, type ResourceDescriptor, type PrinterColumn, type Subresources } from './meta/descriptor.js';
export { patchContentType, type Patch, type JsonPatchOperation } from './meta/patch.js';
export type { RawWatchEvent, WatchEvent } from './meta/watch-event.js';
export { deepCopy, type DeepMutable } from './meta/deep-copy.js';
export { parseJson } from './meta/exact-integers.js';
export * from './cache/index.js';

export * from './rest/index.js';

// Types that public signatures mention, exported so users can name them.
export type { ResolvedRetryOptions, RetryDecision, AttemptOutcome } from './rest/flow-control/retry-policy.js';
export type { LogFn } from './rest/transport/logger.js';
export type { ResourceTarget } from './rest/wire/request-builder.js';
export type { DecoratorOptions, ObservedTransportOptions } from './rest/transport/observability.js';
export type { RetryingTransportOptions } from './rest/flow-control/retrying-transport.js';
export type { ObjectCheck, ObjectSchema } from './meta/descriptor.js';
export type { GroupVersionForDiscovery } from './client/discovery.js';
export type { CustomResourceDefinitionCondition } from './client/custom-resource-definitions.js';
export type { ClientsetConstructor, AcceptUndefined } from './client/clientset-base.js';
