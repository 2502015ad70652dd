/**
 * Reconcile metrics (controller-runtime's `controller_runtime_reconcile_*`): outcomes, errors,
 * durations and busy workers, per controller. Controllers report to this small interface;
 * `metrics.ts` binds it to prom-client.
 * @packageDocumentation
 */

/** How a reconcile ended. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

/** Receives what controllers report. Implementations must not throw. */
export interface ReconcileMetrics {
  /** A reconcile of `controller` ended with `outcome` after `seconds`. */
  reconcileDone(controller: string, outcome: ReconcileOutcome, seconds: number): void;
  /** The number of workers of `controller` busy reconciling changed by `delta`. */
  activeWorkers(controller: string, delta: number): void;
  /** `controller` runs at most `n` reconciles at once. */
  maxConcurrentReconciles(controller: string, n: number): void;
}

/** Metrics that record nothing (the default). */
export const noopReconcileMetrics: ReconcileMetrics = {
  reconcileDone() {},
  activeWorkers() {},
  maxConcurrentReconciles() {},
};
