/**
 * The structural shapes this module reads and writes: any object with metadata (a Pod, a Node,
 * a Reservation, an ElasticQuota...), and a Pod's scheduling-relevant fields. Structural, so that
 * generated types, `@kubernetes/client-node` objects and plain literals all fit without casts.
 * @packageDocumentation
 */
import type { QuantityLike } from '../meta/quantity/quantity.js';

/** A label or annotation map as objects hold it (the API server may send `null`). */
export type StringMap = { readonly [key: string]: string } | null | undefined;

/** Anything with labels and annotations, read-only (listers hand out read-only objects). */
export interface ObjectWithMetadata {
  readonly metadata?: { readonly labels?: StringMap; readonly annotations?: StringMap; readonly name?: string; readonly uid?: string } | null;
}

/** Anything whose annotations and labels can be set (what the setters mutate, as Go's setters do). */
export interface MutableObjectWithMetadata {
  metadata?: { labels?: { [key: string]: string } | null; annotations?: { [key: string]: string } | null } | null;
}

/** Container resource requirements (`requests` and `limits`). */
export interface ResourceRequirementsLike {
  readonly requests?: { readonly [name: string]: QuantityLike } | null;
  readonly limits?: { readonly [name: string]: QuantityLike } | null;
}

/** The fields of a Pod that Koordinator's QoS and priority rules read. */
export interface PodLike extends ObjectWithMetadata {
  readonly spec?: {
    readonly priority?: number | null;
    readonly containers?: ReadonlyArray<{ readonly resources?: ResourceRequirementsLike | null }> | null;
    readonly initContainers?: ReadonlyArray<{ readonly resources?: ResourceRequirementsLike | null }> | null;
    /** Pod-level resources (Kubernetes `PodLevelResources`). */
    readonly resources?: ResourceRequirementsLike | null;
  } | null;
  readonly status?: { readonly qosClass?: string | null } | null;
}

/** The object's labels (empty when none). */
export function labelsOf(obj: ObjectWithMetadata | null | undefined): { readonly [key: string]: string } {
  return obj?.metadata?.labels ?? {};
}

/** The object's annotations (empty when none). */
export function annotationsOf(obj: ObjectWithMetadata | null | undefined): { readonly [key: string]: string } {
  return obj?.metadata?.annotations ?? {};
}

/** Sets (or, with `undefined`, removes) an annotation, creating the metadata and map as needed. */
export function setAnnotation(obj: MutableObjectWithMetadata, key: string, value: string | undefined): void {
  const metadata = (obj.metadata ??= {});
  if (value === undefined) {
    if (metadata.annotations) delete metadata.annotations[key];
    return;
  }
  (metadata.annotations ??= {})[key] = value;
}

/** Sets (or, with `undefined`, removes) a label, creating the metadata and map as needed. */
export function setLabel(obj: MutableObjectWithMetadata, key: string, value: string | undefined): void {
  const metadata = (obj.metadata ??= {});
  if (value === undefined) {
    if (metadata.labels) delete metadata.labels[key];
    return;
  }
  (metadata.labels ??= {})[key] = value;
}
