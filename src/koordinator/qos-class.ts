/**
 * Koordinator QoS classes and which class a Pod belongs to
 * (https://koordinator.sh/docs/architecture/qos/): the `koordinator.sh/qosClass` label, else the
 * class its Kubernetes QoS implies.
 * @packageDocumentation
 */
import { Quantity, type QuantityLike } from '../meta/quantity/quantity.js';
import { labelsOf, type PodLike, type ResourceRequirementsLike } from './annotated-object.js';
import { domainPrefix } from './domains.js';

/** A Koordinator QoS class; `''` is none. */
export type QoSClass = 'LSE' | 'LSR' | 'LS' | 'BE' | 'SYSTEM' | '';

/** The QoS classes. */
export const QoSClass = {
  /** Latency Sensitive Exclusive: bound CPUs, exclusively. */
  LSE: 'LSE',
  /** Latency Sensitive Reserved: bound CPUs. */
  LSR: 'LSR',
  /** Latency Sensitive: shared CPUs, burstable. */
  LS: 'LS',
  /** Best Effort: batch, runs on reclaimed resources. */
  BE: 'BE',
  /** System daemons. */
  SYSTEM: 'SYSTEM',
  none: '',
} as const satisfies Record<string, QoSClass>;

/** `koordinator.sh/qosClass`: a Pod's Koordinator QoS class. */
export const labelPodQoS = `${domainPrefix}qosClass`;

/** A Kubernetes Pod QoS class. */
export type KubeQoSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The class a name denotes (`''` for anything but the five class names). */
export function qosClassByName(name: string | null | undefined): QoSClass {
  switch (name) {
    case 'LSE':
    case 'LSR':
    case 'LS':
    case 'BE':
    case 'SYSTEM':
      return name;
    default:
      return '';
  }
}

/** The class the `koordinator.sh/qosClass` label declares (`''` when absent or unknown). */
export function podQoSClassRaw(pod: PodLike | null | undefined): QoSClass {
  return qosClassByName(labelsOf(pod)[labelPodQoS]);
}

function get(list: { readonly [name: string]: QuantityLike } | null | undefined, name: string): Quantity {
  const v = list?.[name];
  return v === undefined ? Quantity.zero : Quantity.from(v);
}

function requirementsQoS(r: ResourceRequirementsLike | null | undefined): KubeQoSClass {
  if (Object.keys(r?.requests ?? {}).length === 0 && Object.keys(r?.limits ?? {}).length === 0) return 'BestEffort';
  let qos: KubeQoSClass | undefined;
  for (const name of ['cpu', 'memory']) {
    const req = get(r?.requests, name);
    const lim = get(r?.limits, name);
    const q: KubeQoSClass = !req.equals(lim) ? 'Burstable' : req.isZero() ? 'BestEffort' : 'Guaranteed';
    if (q === 'Burstable') return q;
    if (qos === undefined) qos = q;
    else if (qos !== q) return 'Burstable';
  }
  return qos!;
}

/**
 * The Pod's Kubernetes QoS class: `status.qosClass` when set, else computed as the kubelet does
 * (pod-level resources when they name cpu or memory; else every init and app container:
 * Guaranteed when cpu and memory requests equal limits and are set, BestEffort when none is set,
 * Burstable otherwise). Quantities compare exactly (`1Gi` equals `1024Mi`).
 * @throws {QuantityParseError} when a container holds a quantity the server would reject.
 */
export function kubeQoSClass(pod: PodLike | null | undefined): KubeQoSClass {
  const status = pod?.status?.qosClass;
  if (status === 'Guaranteed' || status === 'Burstable' || status === 'BestEffort') return status;
  const podLevel = pod?.spec?.resources;
  const names = [...Object.keys(podLevel?.requests ?? {}), ...Object.keys(podLevel?.limits ?? {})];
  if (names.includes('cpu') || names.includes('memory')) return requirementsQoS(podLevel);
  let qos: KubeQoSClass | undefined;
  for (const c of [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])]) {
    const q = requirementsQoS(c.resources);
    if (q === 'Burstable') return q;
    if (qos === undefined) qos = q;
    else if (qos !== q) return 'Burstable';
  }
  return qos ?? 'BestEffort';
}

/** The Koordinator class a Kubernetes QoS class implies: Guaranteed is LSR, Burstable LS, BestEffort BE. */
export function qosClassForKubeQoS(kube: KubeQoSClass): QoSClass {
  return kube === 'Guaranteed' ? 'LSR' : kube === 'Burstable' ? 'LS' : 'BE';
}

/**
 * The Pod's QoS class as Koordinator's components use it (Go's `GetPodQoSClassWithDefault`): the
 * `koordinator.sh/qosClass` label when it names a class, else the class its Kubernetes QoS implies.
 */
export function podQoSClass(pod: PodLike | null | undefined): QoSClass {
  const raw = podQoSClassRaw(pod);
  return raw !== '' ? raw : pod ? qosClassForKubeQoS(kubeQoSClass(pod)) : '';
}
