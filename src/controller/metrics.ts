/**
 * Prometheus metrics of controllers (prom-client, loaded only when this is used): client-go's
 * work queue metrics (`workqueue_*`), controller-runtime's reconcile metrics
 * (`controller_runtime_*`) and the REST client metrics (`rest_client_*`, fed by the transport
 * hooks: pass `metrics.restClientHooks` as `hooks` when creating the Clientset).
 *
 * ```ts
 * const metrics = await ControllerMetrics.create();
 * const cs = await Clientset.create({ hooks: metrics.restClientHooks });
 * const mgr = new Manager(cs, { metrics, server: { port: 8080 } });
 * ```
 * @packageDocumentation
 */
import type * as PromClient from 'prom-client';
import type { TransportHooks } from '../rest/transport/observability.js';
import type { QueueMetricsProvider } from './queue-metrics.js';
import type { ReconcileMetrics } from './reconcile-metrics.js';

type Prom = typeof PromClient;

/** Buckets of client-go's queue duration histograms: 1 ns .. 10 s in decades (seconds). */
const queueBuckets = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10];
/** Buckets of controller-runtime's reconcile time histogram (seconds). */
const reconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];
/** Buckets of client-go's REST request latency histogram (seconds). */
const restBuckets = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

/** Work queue, reconcile and REST client metrics in one prom-client registry. */
export class ControllerMetrics {
  /** The registry holding every metric (serve it at /metrics). */
  readonly registry: PromClient.Registry;
  /** Work queue metrics for controllers and queues. */
  readonly queueMetrics: QueueMetricsProvider;
  /** Reconcile metrics for controllers. */
  readonly reconcileMetrics: ReconcileMetrics;
  /** Transport hooks recording REST client metrics: pass them to `Clientset.create({ hooks })`. */
  readonly restClientHooks: TransportHooks;

  private constructor(prom: Prom, registry: PromClient.Registry) {
    this.registry = registry;
    const r = [registry];
    const depth = new prom.Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'], registers: r });
    const adds = new prom.Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'], registers: r });
    const latency = new prom.Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames: ['name'], buckets: queueBuckets, registers: r });
    const work = new prom.Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames: ['name'], buckets: queueBuckets, registers: r });
    const unfinished = new prom.Gauge({ name: 'workqueue_unfinished_work_seconds', help: 'How many seconds of work has been done that is in progress and has not been observed by work_duration', labelNames: ['name'], registers: r });
    const longest = new prom.Gauge({ name: 'workqueue_longest_running_processor_seconds', help: 'How many seconds has the longest running processor for workqueue been running', labelNames: ['name'], registers: r });
    const retries = new prom.Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'], registers: r });
    this.queueMetrics = {
      newDepthMetric: (name) => depth.labels({ name }),
      newAddsMetric: (name) => adds.labels({ name }),
      newLatencyMetric: (name) => latency.labels({ name }),
      newWorkDurationMetric: (name) => work.labels({ name }),
      newUnfinishedWorkSecondsMetric: (name) => unfinished.labels({ name }),
      newLongestRunningProcessorSecondsMetric: (name) => longest.labels({ name }),
      newRetriesMetric: (name) => retries.labels({ name }),
    };

    const total = new prom.Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers: r });
    const errors = new prom.Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers: r });
    const time = new prom.Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: reconcileBuckets, registers: r });
    const active = new prom.Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers: r });
    const max = new prom.Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers: r });
    this.reconcileMetrics = {
      reconcileDone: (controller, outcome, seconds) => {
        total.inc({ controller, result: outcome });
        if (outcome === 'error') errors.inc({ controller });
        time.observe({ controller }, seconds);
      },
      activeWorkers: (controller, delta) => active.inc({ controller }, delta),
      maxConcurrentReconciles: (controller, n) => max.set({ controller }, n),
    };

    const requests = new prom.Counter({ name: 'rest_client_requests_total', help: 'Number of HTTP requests, partitioned by status code and method', labelNames: ['code', 'method'], registers: r });
    const duration = new prom.Histogram({ name: 'rest_client_request_duration_seconds', help: 'Request latency in seconds, by verb', labelNames: ['verb'], buckets: restBuckets, registers: r });
    const restRetries = new prom.Counter({ name: 'rest_client_request_retries_total', help: 'Number of request retries, partitioned by status code and verb', labelNames: ['code', 'verb'], registers: r });
    const throttle = new prom.Histogram({ name: 'rest_client_rate_limiter_duration_seconds', help: 'Client side rate limiter latency in seconds, by verb', labelNames: ['verb'], buckets: restBuckets, registers: r });
    this.restClientHooks = {
      onRequestEnd: (i) => {
        requests.inc({ code: i.status === undefined ? '<error>' : String(i.status), method: i.method });
        if (!i.stream) duration.observe({ verb: i.method }, i.latencyMs / 1000);
      },
      onRetry: (i) => restRetries.inc({ code: i.status === undefined ? '<error>' : String(i.status), verb: i.method }),
      onThrottle: (i) => throttle.observe({ verb: i.method }, i.waitedMs / 1000),
    };
  }

  /**
   * Loads prom-client and registers the metrics in `registry` (a new one by default). Throws a
   * clear error when prom-client is not installed.
   */
  static async create(registry?: PromClient.Registry): Promise<ControllerMetrics> {
    let prom: Prom;
    try {
      const mod = (await import('prom-client')) as Prom & { default?: Prom };
      prom = mod.Registry ? mod : (mod.default as Prom);
    } catch (err) {
      throw new Error('metrics need the optional dependency prom-client: npm install prom-client', { cause: err });
    }
    return new ControllerMetrics(prom, registry ?? new prom.Registry());
  }

  /** The exposition text of every metric, and its content type. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
