/**
 * Load-aware scheduling: per-node utilisation thresholds (`scheduling.koordinator.sh/usage-thresholds`).
 * @packageDocumentation
 */
import { jsonAnnotation } from './annotation-codec.js';
import { schedulingDomainPrefix } from './domains.js';

/** `scheduling.koordinator.sh/usage-thresholds` ({@link CustomUsageThresholds}). */
export const annotationCustomUsageThresholds = `${schedulingDomainPrefix}/usage-thresholds`;

/** Percentile aggregations. */
export const AggregationType = { avg: 'avg', p99: 'p99', p95: 'p95', p90: 'p90', p50: 'p50' } as const;

/** Thresholds on percentile statistics of a node's utilisation. */
export interface CustomAggregatedUsage {
  /** Percent per resource. */
  usageThresholds?: { [resourceName: string]: number };
  /** `avg`, `p99`, `p95`, `p90` or `p50`. */
  usageAggregationType?: string;
  /** A Go duration (`5m0s`). */
  usageAggregatedDuration?: string;
}

/** A node's utilisation thresholds, in percent per resource. */
export interface CustomUsageThresholds {
  usageThresholds?: { [resourceName: string]: number };
  /** Thresholds of Prod Pods' usage against the whole node. */
  prodUsageThresholds?: { [resourceName: string]: number };
  aggregatedUsage?: CustomAggregatedUsage;
}

/** The usage-thresholds annotation. */
export const customUsageThresholds = jsonAnnotation<CustomUsageThresholds>(annotationCustomUsageThresholds, 'object');
