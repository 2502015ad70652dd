/**
 * Elastic quota labels and annotations: the quota tree (parents), lending, the quota a Pod
 * charges, and the JSON resource lists the quota controller writes.
 * @packageDocumentation
 */
import { labelsOf, type ObjectWithMetadata } from './annotated-object.js';
import { jsonAnnotation } from './annotation-codec.js';
import type { ResourceListJson } from './core-types.js';
import { quotaDomainPrefix } from './domains.js';

/** `koordinator-system-quota`: the quota of system Pods. */
export const systemQuotaName = 'koordinator-system-quota';
/** `koordinator-root-quota`: the root of the quota tree. */
export const rootQuotaName = 'koordinator-root-quota';
/** `koordinator-default-quota`: the quota of Pods that name none. */
export const defaultQuotaName = 'koordinator-default-quota';

/** `quota.scheduling.koordinator.sh/is-parent`: `"true"` on a quota with children. */
export const labelQuotaIsParent = `${quotaDomainPrefix}/is-parent`;
/** `quota.scheduling.koordinator.sh/parent`: the parent quota's name. */
export const labelQuotaParent = `${quotaDomainPrefix}/parent`;
/** `quota.scheduling.koordinator.sh/allow-lent-resource`: `"false"` forbids lending unused min. */
export const labelAllowLentResource = `${quotaDomainPrefix}/allow-lent-resource`;
/** `quota.scheduling.koordinator.sh/name`: on a Pod, the quota it charges. */
export const labelQuotaName = `${quotaDomainPrefix}/name`;
/** `quota.scheduling.koordinator.sh/tree-id`: the quota tree a quota belongs to. */
export const labelQuotaTreeID = `${quotaDomainPrefix}/tree-id`;
/** `quota.scheduling.koordinator.sh/is-root`: `"true"` on the root of a quota tree. */
export const labelQuotaIsRoot = `${quotaDomainPrefix}/is-root`;
/** `quota.scheduling.koordinator.sh/profile`: the ElasticQuotaProfile that generated the quota. */
export const labelQuotaProfile = `${quotaDomainPrefix}/profile`;
/** `quota.scheduling.koordinator.sh/ignore-default-tree`. */
export const labelQuotaIgnoreDefaultTree = `${quotaDomainPrefix}/ignore-default-tree`;
/** `quota.scheduling.koordinator.sh/preemptible`: `"false"` protects the quota's Pods from preemption. */
export const labelPreemptible = `${quotaDomainPrefix}/preemptible`;
/** `quota.scheduling.koordinator.sh/allow-force-update`. */
export const labelAllowForceUpdate = `${quotaDomainPrefix}/allow-force-update`;
/** `quota.scheduling.koordinator.sh/child-request`: the children's total request (a resource list). */
export const annotationChildRequest = `${quotaDomainPrefix}/child-request`;
/** `quota.scheduling.koordinator.sh/shared-weight`: weights for sharing spare resources (a resource list). */
export const annotationSharedWeight = `${quotaDomainPrefix}/shared-weight`;
/** `quota.scheduling.koordinator.sh/runtime`: the quota's computed runtime (a resource list). */
export const annotationRuntime = `${quotaDomainPrefix}/runtime`;
/** `quota.scheduling.koordinator.sh/request`: the quota's total request (a resource list). */
export const annotationRequest = `${quotaDomainPrefix}/request`;

/** The shared-weight annotation. */
export const quotaSharedWeight = jsonAnnotation<ResourceListJson>(annotationSharedWeight, 'object');
/** The runtime annotation. */
export const quotaRuntime = jsonAnnotation<ResourceListJson>(annotationRuntime, 'object');
/** The child-request annotation. */
export const quotaChildRequest = jsonAnnotation<ResourceListJson>(annotationChildRequest, 'object');
/** The request annotation. */
export const quotaRequest = jsonAnnotation<ResourceListJson>(annotationRequest, 'object');

/** The parent quota's name: the parent label, else the root quota (the root itself has none). */
export function parentQuotaName(quota: ObjectWithMetadata): string {
  const parent = labelsOf(quota)[labelQuotaParent] ?? '';
  return parent === '' && quota.metadata?.name !== rootQuotaName ? rootQuotaName : parent;
}

/** True for a quota labelled as a parent. */
export function isParentQuota(quota: ObjectWithMetadata): boolean {
  return labelsOf(quota)[labelQuotaIsParent] === 'true';
}

/** True unless the quota forbids lending (`allow-lent-resource: "false"`). */
export function isAllowLentResource(quota: ObjectWithMetadata): boolean {
  return labelsOf(quota)[labelAllowLentResource] !== 'false';
}

/** The quota a Pod charges (its `quota.scheduling.koordinator.sh/name` label), or undefined. */
export function podQuotaName(pod: ObjectWithMetadata | null | undefined): string | undefined {
  return labelsOf(pod)[labelQuotaName] || undefined;
}
