/**
 * The few core/v1 and meta/v1 shapes Koordinator's annotation payloads embed, as their JSON.
 * @packageDocumentation
 */

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
