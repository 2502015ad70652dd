/**
 * Reservation labels and annotations on Pods: which Reservation a Pod may use (affinity), which
 * one it was allocated from, and restricted/exact-match options.
 * @packageDocumentation
 */
import { labelsOf, type ObjectWithMetadata } from './annotated-object.js';
import { jsonAnnotation } from './annotation-codec.js';
import { schedulingDomainPrefix } from './domains.js';
import type { NodeSelectorTerm, ObjectReference, ReservationOwner, Toleration } from './core-types.js';

/** `scheduling.koordinator.sh/reservation-ignored`: `"true"` schedules the Pod ignoring reservations. */
export const labelReservationIgnored = `${schedulingDomainPrefix}/reservation-ignored`;
/** `scheduling.koordinator.sh/reservation-order`: lower orders are preferred (0: by score). */
export const labelReservationOrder = `${schedulingDomainPrefix}/reservation-order`;
/** `scheduling.koordinator.sh/reservation-allocated`: the Reservation a Pod was allocated from ({@link ReservationAllocated}). */
export const annotationReservationAllocated = `${schedulingDomainPrefix}/reservation-allocated`;
/** `scheduling.koordinator.sh/reservation-affinity`: which Reservations a Pod may use ({@link ReservationAffinity}). */
export const annotationReservationAffinity = `${schedulingDomainPrefix}/reservation-affinity`;
/** `scheduling.koordinator.sh/reservation-restricted-options` ({@link ReservationRestrictedOptions}). */
export const annotationReservationRestrictedOptions = `${schedulingDomainPrefix}/reservation-restricted-options`;
/** `scheduling.koordinator.sh/exact-match-reservation` ({@link ExactMatchReservationSpec}). */
export const annotationExactMatchReservation = `${schedulingDomainPrefix}/exact-match-reservation`;

/** `scheduling.koordinator.sh/operating-mode`: `Reservation` makes a Pod a reservation unit, `Runnable` (default) a normal Pod. */
export const labelPodOperatingMode = `${schedulingDomainPrefix}/operating-mode`;
/** `scheduling.koordinator.sh/reservation-owners`: on a reservation-mode Pod, who may allocate it ({@link ReservationOwner}[]). */
export const annotationReservationOwners = `${schedulingDomainPrefix}/reservation-owners`;
/** `scheduling.koordinator.sh/reservation-current-owner`: the owner that allocated a reservation-mode Pod (an object reference). */
export const annotationReservationCurrentOwner = `${schedulingDomainPrefix}/reservation-current-owner`;

/** Pod operating modes. */
export const PodOperatingMode = { runnable: 'Runnable', reservation: 'Reservation' } as const;

/** The Reservation a Pod was allocated from. */
export interface ReservationAllocated {
  name?: string;
  uid?: string;
}

/** Reservation selector terms, ORed (`corev1.NodeSelectorTerm`s applied to Reservations). */
export interface ReservationAffinitySelector {
  reservationSelectorTerms?: NodeSelectorTerm[];
}

/** Which Reservations a Pod may be allocated from. */
export interface ReservationAffinity {
  /** One Reservation by name; the other fields are then ignored. */
  name?: string;
  requiredDuringSchedulingIgnoredDuringExecution?: ReservationAffinitySelector;
  /** Labels a Reservation must have. */
  reservationSelector?: { [key: string]: string };
  /** Taints of Reservations the Pod tolerates. */
  tolerations?: Toleration[];
}

/** Resources a Pod may only allocate up to the reserved amount of. */
export interface ReservationRestrictedOptions {
  resources?: string[];
}

/** Resources whose request must equal the Reservation's allocatable exactly. */
export interface ExactMatchReservationSpec {
  resourceNames?: string[];
}

/** The reservation-allocated annotation. */
export const reservationAllocated = jsonAnnotation<ReservationAllocated>(annotationReservationAllocated, 'object');
/** The reservation-affinity annotation (an empty value is an empty affinity: any Reservation). */
export const reservationAffinity = jsonAnnotation<ReservationAffinity>(annotationReservationAffinity, 'object', { empty: () => ({}) });
/** The reservation-restricted-options annotation (an empty value is no option). */
export const reservationRestrictedOptions = jsonAnnotation<ReservationRestrictedOptions>(annotationReservationRestrictedOptions, 'object', { empty: () => ({}) });
/** The exact-match-reservation annotation (an empty value is none). */
export const exactMatchReservation = jsonAnnotation<ExactMatchReservationSpec>(annotationExactMatchReservation, 'object', { empty: () => undefined });

/** The reservation-owners annotation (an empty value is no owner). */
export const reservationOwners = jsonAnnotation<ReservationOwner[]>(annotationReservationOwners, 'array', { empty: () => undefined });
/** The reservation-current-owner annotation (an empty value is none). */
export const reservationCurrentOwner = jsonAnnotation<ObjectReference>(annotationReservationCurrentOwner, 'object', { empty: () => undefined });

/** True for a Pod in reservation operating mode. */
export function isReservationOperatingMode(pod: ObjectWithMetadata | null | undefined): boolean {
  return labelsOf(pod)[labelPodOperatingMode] === PodOperatingMode.reservation;
}

/** True when the Pod has `scheduling.koordinator.sh/reservation-ignored: "true"`. */
export function isReservationIgnored(pod: ObjectWithMetadata | null | undefined): boolean {
  return labelsOf(pod)[labelReservationIgnored] === 'true';
}
