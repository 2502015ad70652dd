/**
 * koordinator-client/koordinator: Koordinator's well-known API (its Go package `apis/extension`):
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
export * from './koordinator/domains.js';
export * from './koordinator/annotated-object.js';
export * from './koordinator/annotation-codec.js';
export type * from './koordinator/core-types.js';
export * from './koordinator/resource-names.js';
export * from './koordinator/qos-class.js';
export * from './koordinator/priority-class.js';
export * from './koordinator/reservation.js';
export * from './koordinator/gang.js';
export * from './koordinator/elastic-quota.js';
export * from './koordinator/device.js';
export * from './koordinator/resource-spec.js';
export * from './koordinator/eviction.js';
export * from './koordinator/cpu-normalization.js';
export * from './koordinator/node-reservation.js';
export * from './koordinator/load-aware.js';
