/**
 * Koordinator priority classes, their numeric ranges, and which class a Pod belongs to
 * (https://koordinator.sh/docs/architecture/priority/).
 * @packageDocumentation
 */
import { labelsOf, type PodLike } from './annotated-object.js';
import { domainPrefix } from './domains.js';
import { podQoSClass, type QoSClass } from './qos-class.js';

/** A Koordinator priority class; `''` is none. */
export type PriorityClass = 'koord-prod' | 'koord-mid' | 'koord-batch' | 'koord-free' | '';

/** The priority classes. */
export const PriorityClass = {
  prod: 'koord-prod',
  mid: 'koord-mid',
  batch: 'koord-batch',
  free: 'koord-free',
  none: '',
} as const satisfies Record<string, PriorityClass>;

/** The inclusive `spec.priority` range of each class, and the value Koordinator uses by default. */
export const priorityClassRanges: Readonly<Record<Exclude<PriorityClass, ''>, { readonly min: number; readonly max: number; readonly default: number }>> = {
  'koord-prod': { min: 9000, max: 9999, default: 9500 },
  'koord-mid': { min: 7000, max: 7999, default: 7500 },
  'koord-batch': { min: 5000, max: 5999, default: 5500 },
  'koord-free': { min: 3000, max: 3999, default: 3500 },
};

/** `koordinator.sh/priority-class`: revises the class of Pods that already run with a priority. */
export const labelPodPriorityClass = `${domainPrefix}priority-class`;
/** `koordinator.sh/priority`: the sub-priority within a class (an int32). */
export const labelPodPriority = `${domainPrefix}priority`;

/** The class a name denotes (`''` for anything but the four class names). */
export function priorityClassByName(name: string | null | undefined): PriorityClass {
  switch (name) {
    case 'koord-prod':
    case 'koord-mid':
    case 'koord-batch':
    case 'koord-free':
      return name;
    default:
      return '';
  }
}

/** The class a `spec.priority` value falls in (`''` outside the four ranges). */
export function priorityClassByValue(priority: number | null | undefined): PriorityClass {
  if (priority == null) return '';
  for (const [cls, r] of Object.entries(priorityClassRanges) as Array<[Exclude<PriorityClass, ''>, { min: number; max: number }]>) {
    if (priority >= r.min && priority <= r.max) return cls;
  }
  return '';
}

/**
 * The Pod's class as declared: the `koordinator.sh/priority-class` label when present (an unknown
 * name is none), else the range `spec.priority` falls in (Go's `GetPodPriorityClassRaw`).
 */
export function podPriorityClassRaw(pod: PodLike | null | undefined): PriorityClass {
  if (!pod) return '';
  const labels = labelsOf(pod);
  if (Object.hasOwn(labels, labelPodPriorityClass)) return priorityClassByName(labels[labelPodPriorityClass]);
  return priorityClassByValue(pod.spec?.priority);
}

/** The class Koordinator derives from a QoS class when none is declared: prod for SYSTEM/LSE/LSR/LS, batch for BE. */
export function priorityClassForQoS(qos: QoSClass): PriorityClass {
  switch (qos) {
    case 'SYSTEM':
    case 'LSE':
    case 'LSR':
    case 'LS':
      return 'koord-prod';
    case 'BE':
      return 'koord-batch';
    default:
      return '';
  }
}

/**
 * The Pod's priority class as Koordinator's components use it (Go's
 * `GetPodPriorityClassWithDefault`): the declared class, else the one its QoS class implies.
 */
export function podPriorityClass(pod: PodLike | null | undefined): PriorityClass {
  const raw = podPriorityClassRaw(pod);
  return raw !== '' ? raw : priorityClassForQoS(podQoSClass(pod));
}

/**
 * The sub-priority from the `koordinator.sh/priority` label (0 when absent).
 * @throws {RangeError} when the label is not an int32 (Go's `strconv.ParseInt(s, 0, 32)` syntax).
 */
export function podSubPriority(pod: PodLike | null | undefined): number {
  const s = labelsOf(pod)[labelPodPriority];
  if (!s) return 0;
  const m = /^([+-]?)(0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[bB][01](?:_?[01])*|0[oO]?[0-7](?:_?[0-7])*|[1-9](?:_?[0-9])*|0)$/.exec(s);
  if (!m) throw new RangeError(`label ${labelPodPriority}: ${JSON.stringify(s)} is not an integer`);
  let body = m[2]!.replace(/_/g, '');
  if (/^0[0-7]/.test(body)) body = `0o${body.slice(1)}`;
  const v = (m[1] === '-' ? -1n : 1n) * BigInt(body.replace(/^0[oO]/, '0o'));
  if (v < -(2n ** 31n) || v >= 2n ** 31n) throw new RangeError(`label ${labelPodPriority}: ${s} is out of the int32 range`);
  return Number(v);
}
