/**
 * CPU normalisation: a per-node ratio that scales CPU so that heterogeneous CPU models offer
 * comparable batch/mid capacity.
 * @packageDocumentation
 */
import { annotationsOf, labelsOf, setAnnotation, type MutableObjectWithMetadata, type ObjectWithMetadata } from './annotated-object.js';
import { AnnotationParseError, jsonAnnotation } from './annotation-codec.js';
import { nodeDomainPrefix } from './domains.js';

/** `node.koordinator.sh/cpu-normalization-ratio`: the node's ratio, two decimals (`1.20`). */
export const annotationCPUNormalizationRatio = `${nodeDomainPrefix}/cpu-normalization-ratio`;
/** `node.koordinator.sh/cpu-normalization-enabled`: overrides the node-level strategy. */
export const labelCPUNormalizationEnabled = `${nodeDomainPrefix}/cpu-normalization-enabled`;
/** `node.koordinator.sh/cpu-basic-info` ({@link CPUBasicInfo}). */
export const annotationCPUBasicInfo = `${nodeDomainPrefix}/cpu-basic-info`;
/** Ratios closer than this are the same. */
export const normalizationRatioDiffEpsilon = 0.01;

/** A node's CPU model and features. */
export interface CPUBasicInfo {
  cpuModel?: string;
  hyperThreadEnabled?: boolean;
  turboEnabled?: boolean;
  catL3CbmMask?: string;
  vendorID?: string;
}

/** The cpu-basic-info annotation. */
export const cpuBasicInfo = jsonAnnotation<CPUBasicInfo>(annotationCPUBasicInfo, 'object');

/**
 * The node's CPU normalisation ratio, or undefined without the annotation.
 * @throws {AnnotationParseError} when it is not a positive number.
 */
export function cpuNormalizationRatio(node: ObjectWithMetadata | null | undefined): number | undefined {
  const s = annotationsOf(node)[annotationCPUNormalizationRatio];
  if (s === undefined) return undefined;
  const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim()) && s.trim() === s ? Number(s) : Number.NaN;
  if (Number.isNaN(v)) throw new AnnotationParseError(annotationCPUNormalizationRatio, `${JSON.stringify(s)} is not a number`);
  if (v <= 0) throw new AnnotationParseError(annotationCPUNormalizationRatio, `illegal ratio ${v}`);
  return v;
}

/** Writes the ratio with two decimals, as Koordinator does (`3.1415926` is `3.14`); true when the value changed. */
export function setCPUNormalizationRatio(node: MutableObjectWithMetadata, ratio: number): boolean {
  const s = ratio.toFixed(2);
  if (node.metadata?.annotations?.[annotationCPUNormalizationRatio] === s) return false;
  setAnnotation(node, annotationCPUNormalizationRatio, s);
  return true;
}

/**
 * The node's cpu-normalization-enabled label, or undefined when absent.
 * @throws {AnnotationParseError} when it is not a Go boolean (`1 t T TRUE true True 0 f F FALSE false False`).
 */
export function cpuNormalizationEnabled(node: ObjectWithMetadata | null | undefined): boolean | undefined {
  const s = labelsOf(node)[labelCPUNormalizationEnabled];
  if (s === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new AnnotationParseError(labelCPUNormalizationEnabled, `${JSON.stringify(s)} is not a boolean`);
}

/** True when two ratios differ by more than {@link normalizationRatioDiffEpsilon}. */
export function isCPUNormalizationRatioDifferent(a: number, b: number): boolean {
  return a > b + normalizationRatioDiffEpsilon || a < b - normalizationRatioDiffEpsilon;
}
