/**
 * Node reservation: resources and CPUs a node keeps out of Koordinator's scheduling
 * (`node.koordinator.sh/reservation`).
 * @packageDocumentation
 */
import { Quantity } from '../meta/quantity/quantity.js';
import type { ObjectWithMetadata } from './annotated-object.js';
import { jsonAnnotation } from './annotation-codec.js';
import type { ResourceListJson } from './core-types.js';
import { nodeDomainPrefix } from './domains.js';

/** `node.koordinator.sh/reservation` ({@link NodeReservation}). */
export const annotationNodeReservation = `${nodeDomainPrefix}/reservation`;

/** How a node reservation takes effect. */
export const NodeReservationApplyPolicy = {
  /** Deducted from the node's schedulable resources, and the CPUs kept out of CPU binding. */
  default: 'Default',
  /** Only the CPUs are kept out of CPU binding; the kubelet's own reservation covers the amounts. */
  reservedCPUsOnly: 'ReservedCPUsOnly',
} as const;

/** What a node reserves. */
export interface NodeReservation {
  /** Amounts to reserve (`{"cpu":"1","memory":"2Gi"}`). */
  resources?: ResourceListJson;
  /** CPUs to reserve, in Linux CPU list format (`0-5`). */
  reservedCPUs?: string;
  applyPolicy?: string;
}

/** The node reservation annotation (an empty value is none). */
export const nodeReservation = jsonAnnotation<NodeReservation>(annotationNodeReservation, 'object', { empty: () => undefined });

/**
 * The CPUs a node reserves: the explicit CPU list when given (count 0), else the reserved cpu
 * amount rounded up to whole CPUs (Go's `GetReservedCPUs`).
 * @throws {AnnotationParseError} when the annotation is malformed, `QuantityParseError` (koordinator-client/quantity) when its cpu is.
 */
export function reservedCPUs(node: ObjectWithMetadata | null | undefined): { cpus: string; count: number } {
  const r = nodeReservation.get(node);
  if (!r) return { cpus: '', count: 0 };
  if (r.reservedCPUs) return { cpus: r.reservedCPUs, count: 0 };
  const cpu = r.resources?.cpu;
  const milli = cpu === undefined ? 0n : Quantity.from(cpu).milliValue();
  return { cpus: '', count: milli > 0n ? Number((milli + 999n) / 1000n) : 0 };
}
