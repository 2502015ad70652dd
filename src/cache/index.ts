/**
 * The cache layer: reflector, indexer, listers, shared informers and the shared informer factory
 * (client-go's `tools/cache` and `informers`).
 * @packageDocumentation
 */
export { Backoff, defaultBackoffOptions, type BackoffOptions } from './backoff.js';
export { CacheNotFoundError, type GroupResource } from './cache-not-found-error.js';
export { DeletedFinalStateUnknown, isDeletedFinalStateUnknown, finalStateOf } from './deleted-final-state-unknown.js';
export { defaultCacheErrorHandler, type CacheErrorContext, type CacheErrorHandler } from './error-handler.js';
export type { EventHandlerOptions, HandlerResult, ResourceEventHandler, ResourceEventHandlerRegistration } from './event-handler.js';
export { GroupInformers } from './group-informers.js';
export { Indexer, metaNamespaceIndexFunc, namespaceIndex, type CacheFormat, type IndexFunc, type Indexers, type IndexerOptions, type ReadonlyIndexer } from './indexer.js';
export type { ClusterKindInformer, GenericInformer, KindInformer, NamespacedKindInformer } from './kind-informer.js';
export {
  Selector,
  everything,
  labelSelectorAsSelector,
  parseLabelSelector,
  toSelector,
  type LabelSelector,
  type LabelSelectorRequirement,
  type Labels,
  type Requirement,
  type SelectorInput,
  type SelectorOperator,
} from './label-selector.js';
export { clusterLister, namespacedLister, type ClusterLister, type NamespaceLister, type NamespacedLister } from './lister.js';
export { tweakListerWatcher, type ListerWatcher, type TweakListOptions } from './lister-watcher.js';
export { deletionHandlingMetaNamespaceKey, metaNamespaceKey, splitMetaNamespaceKey, type CachedObject } from './object-key.js';
export {
  Reflector,
  WatchListIncompleteError,
  defaultMinWatchTimeoutSeconds,
  defaultReflectorPageSize,
  initialEventsEndAnnotation,
  type ReflectorOptions,
} from './reflector.js';
export { InformerStateError, SharedIndexInformer, minimumResyncPeriodMs, type SharedIndexInformerOptions } from './shared-informer.js';
export { SharedInformerFactory, resourceKey, type InformerForOptions, type SharedInformerFactoryOptions } from './shared-informer-factory.js';
export type { ReadonlyStore, ReflectorStore, Store } from './store.js';
export { stripManagedFields } from './transforms.js';
export { ValueInterner, sharedEmptyFields, type ValueInternerOptions } from './value-interner.js';
