/**
 * The key prefixes of Koordinator's labels, annotations and resource names.
 * @packageDocumentation
 */

/** `koordinator.sh/`: Koordinator's own labels and resources. */
export const domainPrefix = 'koordinator.sh/';
/** `kubernetes.io/`: the prefix of the batch and mid extended resources. */
export const resourceDomainPrefix = 'kubernetes.io/';
/** `scheduling.koordinator.sh`: scheduler labels and annotations. */
export const schedulingDomainPrefix = 'scheduling.koordinator.sh';
/** `internal.scheduling.koordinator.sh`: scheduler-internal annotations. */
export const internalSchedulingDomainPrefix = 'internal.scheduling.koordinator.sh';
/** `node.koordinator.sh`: node-level labels and annotations. */
export const nodeDomainPrefix = 'node.koordinator.sh';
/** `pod.koordinator.sh`: pod-level labels and annotations. */
export const podDomainPrefix = 'pod.koordinator.sh';
/** `quota.scheduling.koordinator.sh`: elastic quota labels and annotations. */
export const quotaDomainPrefix = 'quota.scheduling.koordinator.sh';
/** `gang.scheduling.koordinator.sh`: gang scheduling annotations. */
export const gangDomainPrefix = 'gang.scheduling.koordinator.sh';

/** `app.kubernetes.io/managed-by`. */
export const labelManagedBy = 'app.kubernetes.io/managed-by';
