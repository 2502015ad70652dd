/**
 * Work queue metrics (client-go `workqueue.MetricsProvider`): depth, adds, queue latency, work
 * duration, unfinished work, longest running processor and retries, per named queue. The queue
 * talks to the small metric shapes below, so any metrics library fits; `prometheusQueueMetrics`
 * in `metrics.ts` binds them to prom-client.
 * @packageDocumentation
 */

/** A value that goes up and down. */
export interface GaugeMetric {
  /** Adds one. */
  inc(): void;
  /** Subtracts one. */
  dec(): void;
}

/** A value that is set. */
export interface SettableGaugeMetric {
  /** Sets the value. */
  set(value: number): void;
}

/** A value that only goes up. */
export interface CounterMetric {
  /** Adds one. */
  inc(): void;
}

/** A distribution of observed values. */
export interface HistogramMetric {
  /** Records one observation (seconds for the queue's durations). */
  observe(value: number): void;
}

/** Creates the metrics of one named queue (client-go's `MetricsProvider`). */
export interface QueueMetricsProvider {
  /** Current number of items waiting in the queue. */
  newDepthMetric(name: string): GaugeMetric;
  /** Total number of adds. */
  newAddsMetric(name: string): CounterMetric;
  /** Seconds an item waits in the queue before a worker gets it. */
  newLatencyMetric(name: string): HistogramMetric;
  /** Seconds a worker spends on an item (get to done). */
  newWorkDurationMetric(name: string): HistogramMetric;
  /** Seconds of work in progress that has not been observed by work duration yet (sum over in-flight items). */
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  /** Seconds the longest in-flight item has been processed. */
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  /** Total number of retries (delayed and rate-limited re-adds). */
  newRetriesMetric(name: string): CounterMetric;
}

const noopGauge: GaugeMetric & SettableGaugeMetric & CounterMetric & HistogramMetric = {
  inc() {},
  dec() {},
  set() {},
  observe() {},
};

/** A provider whose metrics record nothing (the default). */
export const noopQueueMetricsProvider: QueueMetricsProvider = {
  newDepthMetric: () => noopGauge,
  newAddsMetric: () => noopGauge,
  newLatencyMetric: () => noopGauge,
  newWorkDurationMetric: () => noopGauge,
  newUnfinishedWorkSecondsMetric: () => noopGauge,
  newLongestRunningProcessorSecondsMetric: () => noopGauge,
  newRetriesMetric: () => noopGauge,
};
