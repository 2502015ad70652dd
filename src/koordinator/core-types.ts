/**
 * The few core/v1 and meta/v1 shapes Koordinator's annotation payloads embed, as their JSON.
 * @packageDocumentation
 */
import type { OwnerReference } from '../meta/object.js';

/** `corev1.NodeSelectorRequirement`. */
export interface NodeSelectorRequirement {
  key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`. */
  operator: string;
  values?: string[];
}

/** `corev1.NodeSelectorTerm`. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** `corev1.Toleration`. */
export interface Toleration {
  key?: string;
  /** `Exists` or `Equal`. */
  operator?: string;
  value?: string;
  /** `NoSchedule`, `PreferNoSchedule`, `NoExecute`. */
  effect?: string;
  tolerationSeconds?: number;
}

/** `metav1.LabelSelectorRequirement`. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: { [key: string]: string };
  matchExpressions?: LabelSelectorRequirement[];
}

/** A resource list as JSON holds it: Go writes quantities as strings. */
export type ResourceListJson = { [resourceName: string]: string | number };

/** `corev1.ObjectReference`. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** A Reservation owner's controller reference (`metav1.OwnerReference` plus a namespace). */
export interface ReservationControllerReference extends OwnerReference {
  namespace?: string;
}

/** Who may allocate a Reservation's resources (`ReservationOwner` of scheduling.koordinator.sh/v1alpha1). */
export interface ReservationOwner {
  object?: ObjectReference;
  controller?: ReservationControllerReference;
  labelSelector?: LabelSelector;
}
