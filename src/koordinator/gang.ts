/**
 * Gang scheduling annotations on Pods: all-or-nothing scheduling of a group of Pods.
 * @packageDocumentation
 */
import { annotationsOf, type ObjectWithMetadata } from './annotated-object.js';
import { AnnotationParseError, jsonAnnotation } from './annotation-codec.js';
import { gangDomainPrefix } from './domains.js';

/** `gang.scheduling.koordinator.sh/name`: the gang a Pod belongs to. */
export const annotationGangName = `${gangDomainPrefix}/name`;
/** `gang.scheduling.koordinator.sh/min-available`: members needed before any is bound. */
export const annotationGangMinNum = `${gangDomainPrefix}/min-available`;
/** `gang.scheduling.koordinator.sh/waiting-time`: the longest wait in Permit (a Go duration, `30s`). */
export const annotationGangWaitTime = `${gangDomainPrefix}/waiting-time`;
/** `gang.scheduling.koordinator.sh/total-number`: the gang's total members (defaults to min-available). */
export const annotationGangTotalNum = `${gangDomainPrefix}/total-number`;
/** `gang.scheduling.koordinator.sh/mode`: `Strict` (default) or `NonStrict`. */
export const annotationGangMode = `${gangDomainPrefix}/mode`;
/** `gang.scheduling.koordinator.sh/groups`: the gangs bound together, a JSON array of `namespace/name`. */
export const annotationGangGroups = `${gangDomainPrefix}/groups`;
/** `gang.scheduling.koordinator.sh/timeout`: set by the scheduler when the gang timed out. */
export const annotationGangTimeout = `${gangDomainPrefix}/timeout`;
/** `gang.scheduling.koordinator.sh/match-policy`: which member Pods count. */
export const annotationGangMatchPolicy = `${gangDomainPrefix}/match-policy`;
/** `pod-group.scheduling.sigs.k8s.io/match-policy`: the same, under scheduler-plugins' prefix. */
export const annotationAliasGangMatchPolicy = 'pod-group.scheduling.sigs.k8s.io/match-policy';
/** `pod-group.scheduling.sigs.k8s.io/name` (deprecated lightweight coscheduling label). */
export const labelLightweightCoschedulingPodGroupName = 'pod-group.scheduling.sigs.k8s.io/name';
/** `pod-group.scheduling.sigs.k8s.io/min-available` (deprecated lightweight coscheduling label). */
export const labelLightweightCoschedulingPodGroupMinAvailable = 'pod-group.scheduling.sigs.k8s.io/min-available';

/** Gang modes. */
export const GangMode = { strict: 'Strict', nonStrict: 'NonStrict' } as const;
/** Gang match policies. */
export const GangMatchPolicy = { onlyWaiting: 'only-waiting', waitingAndRunning: 'waiting-and-running', onceSatisfied: 'once-satisfied' } as const;

/** The gang-groups annotation: `["ns/gang-a","ns/gang-b"]`. */
export const gangGroups = jsonAnnotation<string[]>(annotationGangGroups, 'array');

/** The gang a Pod belongs to, or undefined. */
export function gangName(pod: ObjectWithMetadata | null | undefined): string | undefined {
  return annotationsOf(pod)[annotationGangName] || undefined;
}

/**
 * The gang's min-available, or undefined when absent.
 * @throws {AnnotationParseError} when it is not a decimal int32.
 */
export function gangMinNum(pod: ObjectWithMetadata | null | undefined): number | undefined {
  const s = annotationsOf(pod)[annotationGangMinNum];
  if (s === undefined) return undefined;
  if (!/^[+-]?[0-9]+$/.test(s)) throw new AnnotationParseError(annotationGangMinNum, `${JSON.stringify(s)} is not an integer`);
  const n = Number(s);
  if (n < -(2 ** 31) || n >= 2 ** 31) throw new AnnotationParseError(annotationGangMinNum, `${s} is out of the int32 range`);
  return n;
}

/** The gang match policy (the Koordinator annotation, else scheduler-plugins' alias), or undefined. */
export function gangMatchPolicy(pod: ObjectWithMetadata | null | undefined): string | undefined {
  const a = annotationsOf(pod);
  return a[annotationGangMatchPolicy] || a[annotationAliasGangMatchPolicy] || undefined;
}
