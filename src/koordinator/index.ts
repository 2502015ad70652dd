/**
 * `koordinator-client/koordinator`: Koordinator's well-known API (its Go package `apis/extension`):
 * resource names, QoS and priority classes with the rules that assign them to Pods, and the labels
 * and annotations of reservations, gang scheduling, elastic quota, devices, CPU/NUMA orchestration,
 * eviction and CPU normalisation, with typed payloads for the annotations that carry JSON.
 *
 * ```ts
 * import { podQoSClass, podPriorityClass, reservationAffinity, ResourceName } from 'koordinator-client/koordinator';
 * podQoSClass(pod);                                   // 'LS'
 * podPriorityClass(pod);                              // 'koord-prod'
 * reservationAffinity.set(pod, { reservationSelector: { team: 'a' } });
 * node.status?.allocatable?.[ResourceName.batchCPU];  // batch CPU in millicores
 * ```
 * @packageDocumentation
 */
export * from './domains.js';
export * from './annotated-object.js';
export * from './annotation-codec.js';
export type * from './core-types.js';
export * from './resource-names.js';
export * from './qos-class.js';
export * from './priority-class.js';
export * from './reservation.js';
export * from './gang.js';
export * from './elastic-quota.js';
export * from './device.js';
export * from './resource-spec.js';
export * from './eviction.js';
export * from './cpu-normalization.js';
export * from './node-reservation.js';
export * from './load-aware.js';
