/**
 * The controller (controller-runtime `Controller`, client-go's worker loop): informer
 * notifications become requests in a rate-limiting work queue, and `maxConcurrentReconciles`
 * workers call the reconciler, never two on the same object. Errors and requeues go back
 * through the rate limiter; a reconciler that throws or rejects never crashes the process.
 * @packageDocumentation
 */
import type { ResourceEventHandlerRegistration } from '../cache/event-handler.js';
import type { SharedIndexInformer } from '../cache/shared-informer.js';
import type { KubeObject } from '../meta/object.js';
import { systemClock, type Clock } from '../rest/transport/clock.js';
import { KubeClientError } from '../rest/errors.js';
import { stderrLogger } from './default-logger.js';
import { describeError, type Logger } from '../rest/transport/logger.js';
import { mappingEventHandler, type MapFunc, type RequestSink } from './event-handlers.js';
import type { Predicate } from './predicates.js';
import type { QueueMetricsProvider } from './queue-metrics.js';
import type { ItemRateLimiter } from './rate-limiter.js';
import { RateLimitingQueue } from './rate-limiting-queue.js';
import { noopReconcileMetrics, type ReconcileMetrics, type ReconcileOutcome } from './reconcile-metrics.js';
import { requestFromKey, requestKey, type Reconciler, type ReconcileFunc, type Request, type Result } from './reconcile.js';

/** Options of a {@link Controller}. */
export interface ControllerOptions {
  /** How many reconciles run at once (on different objects), default 1. */
  maxConcurrentReconciles?: number;
  /** Aborts a reconcile's signal after this many ms (default: no timeout). */
  reconcileTimeoutMs?: number;
  /** Retry delays of failed and requeued requests (default: client-go's default controller rate limiter). */
  rateLimiter?: ItemRateLimiter<string>;
  /** How long a stop waits for in-flight reconciles before aborting their signals, in ms (default 30 000). */
  gracefulShutdownMs?: number;
  /**
   * After the grace period, how long a stop still waits for reconciles to return once their
   * signal aborted, in ms (default 1 000); a reconcile that ignores its signal longer is
   * abandoned (logged), so that a stop always ends.
   */
  abortedReconcileWaitMs?: number;
  /** How long `start` waits for the caches to sync before failing, in ms (default 120 000). */
  cacheSyncTimeoutMs?: number;
  /** Where reconcile errors and lifecycle messages go (default: errors on stderr). */
  logger?: Logger;
  /** Work queue metrics (named after the controller). */
  queueMetrics?: QueueMetricsProvider;
  /** Reconcile metrics. */
  reconcileMetrics?: ReconcileMetrics;
  /** Time source (tests). */
  clock?: Clock;
}

/** Thrown by `start` when the caches do not sync in time, or the controller is started twice. */
export class ControllerError extends KubeClientError {
  override readonly name = 'ControllerError';
}


interface WatchSource {
  readonly informer: SharedIndexInformer<KubeObject>;
  readonly map: MapFunc;
  readonly predicates: readonly Predicate[];
  readonly what: string;
}

function toFunc(r: Reconciler): ReconcileFunc {
  return typeof r === 'function' ? r : (req, signal) => r.reconcile(req, signal);
}

/**
 * A named controller. Add watches, then `start(signal)`; abort the signal to stop: workers stop
 * taking requests, in-flight reconciles get `gracefulShutdownMs` to finish, then their signals
 * abort. Usually built with {@link ControllerBuilder} and run by a `Manager`.
 */
export class Controller {
  /** The work queue of requests (`namespace/name` keys). */
  readonly queue: RateLimitingQueue<string>;
  private readonly reconcileFn: ReconcileFunc;
  private readonly sources: WatchSource[] = [];
  private readonly registrations: Array<{ informer: SharedIndexInformer<KubeObject>; reg: ResourceEventHandlerRegistration }> = [];
  private readonly workers: number;
  private readonly logger: Logger;
  private readonly metrics: ReconcileMetrics;
  private readonly clock: Clock;
  private readonly hardStop = new AbortController();
  /** Resolves when a stop gives up on reconciles that ignore their aborted signal. */
  private readonly abandoned: Promise<void>;
  private abandon!: () => void;
  private readonly inFlight = new Set<Promise<void>>();
  private started = false;
  private synced = false;
  private stopped: Promise<void> | undefined;

  /**
   * @param name - unique among a manager's controllers; names the queue and the metrics
   * @param reconciler - the reconcile function (or an object with `reconcile`)
   * @param options - concurrency, timeout, rate limiter, grace period, logger, metrics
   */
  constructor(
    readonly name: string,
    reconciler: Reconciler,
    private readonly options: ControllerOptions = {},
  ) {
    this.reconcileFn = toFunc(reconciler);
    this.abandoned = new Promise<void>((resolve) => (this.abandon = resolve));
    this.workers = Math.max(1, Math.floor(options.maxConcurrentReconciles ?? 1));
    this.logger = options.logger ?? stderrLogger;
    this.metrics = options.reconcileMetrics ?? noopReconcileMetrics;
    this.clock = options.clock ?? systemClock;
    const queueOptions: ConstructorParameters<typeof RateLimitingQueue<string>>[0] = { name, clock: this.clock };
    if (options.rateLimiter) queueOptions.rateLimiter = options.rateLimiter;
    if (options.queueMetrics) queueOptions.metricsProvider = options.queueMetrics;
    this.queue = new RateLimitingQueue<string>(queueOptions);
  }

  /**
   * Feeds the queue from an informer: every notification passing `predicates` is mapped to
   * requests by `map` (the object itself by default). Before `start` only.
   */
  watch<T extends KubeObject>(informer: SharedIndexInformer<T>, map: MapFunc<T>, predicates: readonly Predicate<T>[] = [], what = informer.name): void {
    if (this.started) throw new ControllerError(`controller ${this.name}: watches must be added before start`);
    this.sources.push({ informer: informer as unknown as SharedIndexInformer<KubeObject>, map: map as MapFunc, predicates: predicates as readonly Predicate[], what });
  }

  /** Queues a request directly (e.g. from an external trigger). */
  enqueue(req: Request): void {
    this.queue.add(requestKey(req));
  }

  /** True once every watched informer synced and its handler processed the initial list. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Number of reconciles running now. */
  get activeReconciles(): number {
    return this.inFlight.size;
  }

  /**
   * Registers the watches, waits for the caches (the informers must be started by their factory),
   * runs the workers until `signal` aborts, then drains; resolves once every worker has exited.
   * Rejects with a {@link ControllerError} when the caches do not sync within `cacheSyncTimeoutMs`.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new ControllerError(`controller ${this.name} was already started`);
    this.started = true;
    const sink: RequestSink = {
      enqueue: (req) => this.queue.add(requestKey(req)),
      reportError: (err, what) => this.log('error', { controller: this.name, source: what, error: describeError(err) }, 'event handler failed'),
    };
    for (const s of this.sources) {
      const reg = s.informer.addEventHandler(mappingEventHandler(sink, s.map, s.predicates, s.what));
      this.registrations.push({ informer: s.informer, reg });
    }
    this.metrics.maxConcurrentReconciles(this.name, this.workers);
    const onStop = (): void => void this.stop();
    signal.addEventListener('abort', onStop, { once: true });
    try {
      const ok = await this.waitForSync(signal);
      if (!ok) {
        if (signal.aborted) return;
        throw new ControllerError(`controller ${this.name}: caches did not sync within ${this.options.cacheSyncTimeoutMs ?? 120_000} ms`);
      }
      this.synced = true;
      this.log('info', { controller: this.name, workers: this.workers }, 'starting workers');
      const workers = Array.from({ length: this.workers }, () => this.worker(signal));
      await Promise.all(workers);
      await this.stop();
    } catch (err) {
      await this.stop();
      throw err;
    } finally {
      signal.removeEventListener('abort', onStop);
    }
  }

  /**
   * Stops taking requests, waits up to `gracefulShutdownMs` for in-flight reconciles, then aborts
   * their signals and waits for them to return; removes the watch handlers. The first call's
   * grace period (`graceMs`, default `gracefulShutdownMs`) wins.
   */
  stop(graceMs?: number): Promise<void> {
    this.stopped ??= (async () => {
      this.queue.shutDown();
      const grace = graceMs ?? this.options.gracefulShutdownMs ?? 30_000;
      const graceOver = new AbortController();
      const inFlight = Promise.all([...this.inFlight]);
      const timer = this.clock.sleep(grace, graceOver.signal).then(
        () => 'timeout' as const,
        () => 'done' as const,
      );
      const first = await Promise.race([inFlight.then(() => 'done' as const), timer]);
      graceOver.abort();
      if (first === 'timeout') {
        this.log('warn', { controller: this.name, inFlight: this.inFlight.size, graceMs: grace }, 'grace period over: aborting in-flight reconciles');
        this.hardStop.abort(new ControllerError(`controller ${this.name} stopped`));
        const waitOver = new AbortController();
        const after = await Promise.race([
          Promise.all([...this.inFlight]).then(() => 'done' as const),
          this.clock.sleep(this.options.abortedReconcileWaitMs ?? 1_000, waitOver.signal).then(
            () => 'timeout' as const,
            () => 'done' as const,
          ),
        ]);
        waitOver.abort();
        if (after === 'timeout' && this.inFlight.size > 0) {
          this.log('error', { controller: this.name, inFlight: this.inFlight.size }, 'reconciles ignored their aborted signal: abandoned');
          this.abandon();
        }
      }
      await Promise.all(this.registrations.map((r) => r.reg.remove()));
    })();
    return this.stopped;
  }

  /** Logs through the configured logger; a logger that throws is ignored. */
  private log(level: 'info' | 'warn' | 'error', obj: object, msg: string): void {
    try {
      this.logger[level](obj, msg);
    } catch {
      // a broken logger must not break the controller
    }
  }

  private async waitForSync(signal: AbortSignal): Promise<boolean> {
    const timeout = this.options.cacheSyncTimeoutMs ?? 120_000;
    const give = AbortSignal.any([signal, AbortSignal.timeout(timeout)]);
    const ok = await Promise.all(this.registrations.map((r) => r.informer.waitForSync(give)));
    if (!ok.every(Boolean)) return false;
    // The handlers must also have seen the initial list (client-go's handler HasSynced).
    while (!this.registrations.every((r) => r.reg.hasSynced())) {
      if (give.aborted) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }

  private async worker(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) return;
      const key = await this.queue.get(signal);
      if (key === undefined) return;
      if (signal.aborted) {
        this.queue.done(key);
        return;
      }
      const p = this.process(key);
      this.inFlight.add(p);
      try {
        // An abandoned reconcile (it ignored its aborted signal) no longer holds its worker.
        await Promise.race([p, this.abandoned]);
      } finally {
        this.inFlight.delete(p);
      }
    }
  }

  private async process(key: string): Promise<void> {
    const req = requestFromKey(key);
    const timeoutMs = this.options.reconcileTimeoutMs;
    const signal = timeoutMs && timeoutMs > 0 ? AbortSignal.any([this.hardStop.signal, AbortSignal.timeout(timeoutMs)]) : this.hardStop.signal;
    const start = this.clock.now();
    this.metrics.activeWorkers(this.name, 1);
    let outcome: ReconcileOutcome;
    try {
      let result: Result;
      try {
        result = await this.reconcileFn(req, signal);
      } catch (err) {
        this.queue.addRateLimited(key);
        outcome = 'error';
        this.log('error', { controller: this.name, namespace: req.namespace, name: req.name, requeues: this.queue.numRequeues(key), error: describeError(err) }, 'reconcile failed');
        return;
      }
      if (result && typeof result.requeueAfterMs === 'number' && result.requeueAfterMs > 0) {
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfterMs);
        outcome = 'requeue_after';
      } else if (result && result.requeue) {
        this.queue.addRateLimited(key);
        outcome = 'requeue';
      } else {
        this.queue.forget(key);
        outcome = 'success';
      }
    } finally {
      this.queue.done(key);
      this.metrics.activeWorkers(this.name, -1);
      this.metrics.reconcileDone(this.name, outcome!, (this.clock.now() - start) / 1000);
    }
  }
}
