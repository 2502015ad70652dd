/**
 * Eviction labels and annotations koordlet and the descheduler read.
 * @packageDocumentation
 */
import { annotationsOf, labelsOf, type ObjectWithMetadata } from './annotated-object.js';
import { AnnotationParseError } from './annotation-codec.js';
import { domainPrefix, schedulingDomainPrefix } from './domains.js';

/** `koordinator.sh/eviction-enabled`: `"true"` lets koordlet evict the Pod. */
export const labelPodEvictEnabled = `${domainPrefix}eviction-enabled`;
/** `koordinator.sh/eviction-policy`: restricted eviction policies for the Pod. */
export const annotationPodEvictPolicy = `${domainPrefix}eviction-policy`;
/** `koordinator.sh/eviction-priority`: lower values are evicted first (an int32; default 0). */
export const annotationPodEvictionPriority = `${domainPrefix}eviction-priority`;
/** `scheduling.koordinator.sh/eviction-cost`: the descheduler's cost of evicting the Pod (an int32). */
export const annotationEvictionCost = `${schedulingDomainPrefix}/eviction-cost`;
/** `descheduler.alpha.kubernetes.io/evict`: the Pod may be evicted by the descheduler. */
export const annotationDeschedulerEvict = 'descheduler.alpha.kubernetes.io/evict';
/** `koordinator.sh/oom-score-adj`: the Pod's default oom_score_adj (-1000..1000). */
export const annotationOOMScoreAdj = `${domainPrefix}oom-score-adj`;

/** True when the Pod has `koordinator.sh/eviction-enabled: "true"`. */
export function podEvictEnabled(pod: ObjectWithMetadata | null | undefined): boolean {
  return labelsOf(pod)[labelPodEvictEnabled] === 'true';
}

/**
 * The Pod's eviction priority (0 without the annotation).
 * @throws {AnnotationParseError} when the annotation is not an int32.
 */
export function podEvictionPriority(pod: ObjectWithMetadata | null | undefined): number {
  const s = annotationsOf(pod)[annotationPodEvictionPriority];
  if (s === undefined) return 0;
  if (!/^[+-]?[0-9]+$/.test(s)) throw new AnnotationParseError(annotationPodEvictionPriority, `${JSON.stringify(s)} is not an integer`);
  const n = Number(s);
  if (n < -(2 ** 31) || n >= 2 ** 31) throw new AnnotationParseError(annotationPodEvictionPriority, `${s} is out of the int32 range`);
  return n;
}
