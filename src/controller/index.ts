/**
 * `koordinator-client/controller`: the controller runtime. Work queues with client-go's
 * `util/workqueue` semantics and rate limiters; controllers, their builder, predicates and event
 * handlers (controller-runtime); the manager with graceful shutdown, probes and Prometheus
 * metrics; Lease leader election (client-go `tools/leaderelection`); an event recorder
 * (`tools/record`); and the `controllerutil` helpers (retryOnConflict, owner references,
 * finalizers, createOrUpdate / createOrPatch).
 * @packageDocumentation
 */
export { WorkQueue, WorkQueueStateError, type WorkQueueOptions } from './work-queue.js';
export { DelayingQueue } from './delaying-queue.js';
export { RateLimitingQueue, type RateLimitingQueueOptions } from './rate-limiting-queue.js';
export {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
  type ItemRateLimiter,
} from './rate-limiter.js';
export {
  noopQueueMetricsProvider,
  type CounterMetric,
  type GaugeMetric,
  type HistogramMetric,
  type QueueMetricsProvider,
  type SettableGaugeMetric,
} from './queue-metrics.js';
export { requestFromKey, requestKey, type ReconcileFunc, type Reconciler, type Request, type Result } from './reconcile.js';
export { noopReconcileMetrics, type ReconcileMetrics, type ReconcileOutcome } from './reconcile-metrics.js';
export {
  and,
  annotationsChanged,
  generationChanged,
  inNamespace,
  labelsChanged,
  newPredicateFuncs,
  not,
  or,
  resourceVersionChanged,
  type Predicate,
} from './predicates.js';
export { mappingEventHandler, requestForObject, requestsForOwner, type MapFunc, type OwnerKind, type RequestSink } from './event-handlers.js';
export { Controller, ControllerError, type ControllerOptions } from './controller.js';
export { ControllerBuilder, type ControllerHost, type OwnsOptions, type WatchOptions } from './builder.js';
export { Manager, LeaderElectionLostError, ManagerStateError, type ManagerLeaderElection, type ManagerOptions } from './manager.js';
export { ProbeServer, type Check, type MetricsSource, type ProbeServerOptions } from './probe-server.js';
export { ControllerMetrics } from './metrics.js';
export { stderrLogger } from './default-logger.js';
export {
  LeaseLock,
  formatMicroTime,
  leaseSpecFromRecord,
  recordFromLease,
  type LeaderElectionRecord,
  type LeaseClient,
  type LeaseObject,
  type LeaseSpec,
} from './lease-lock.js';
export { LeaderElector, LeaderElectionConfigError, leaderElectionJitterFactor, type LeaderCallbacks, type LeaderElectionConfig } from './leader-election.js';
export { defaultBackoff, defaultRetry, retryOnConflict, retryOnError, type RetryBackoff, type RetryOptions } from './retry-on-conflict.js';
export {
  AlreadyOwnedError,
  getControllerOf,
  hasControllerReference,
  ownerReferenceFor,
  removeOwnerReference,
  setControllerReference,
  setOwnerReference,
  type OwnerKindInfo,
} from './owner-references.js';
export { addFinalizer, containsFinalizer, isBeingDeleted, removeFinalizer } from './finalizers.js';
export { createOrPatch, createOrUpdate, type CreateOrWriteOptions, type MutateFn, type OperationResult } from './create-or-update.js';
export { createMergePatch, jsonEqual } from './merge-patch.js';
export type { ObjectClient, StatusObjectClient } from './object-client.js';
export { EventRecorder, objectReference, type EventObject, type EventObjectReference, type EventRecorderOptions, type EventSink, type EventType } from './event-recorder.js';
export { EventCorrelator, combinedEventsPrefix, type Correlation, type EventCorrelatorOptions, type EventFingerprint } from './event-correlator.js';
