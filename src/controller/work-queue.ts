/**
 * The work queue with client-go's `util/workqueue` semantics: fair (FIFO), an item waiting in
 * the queue is stored once however often it is added (dirty set), an item is never handed to two
 * workers at once (processing set), and an item added while it is processed is queued again when
 * its worker calls `done`. Shutting down wakes every waiting worker.
 * @packageDocumentation
 */
import { KubeClientError } from '../rest/errors.js';
import { systemClock, type Clock } from '../rest/transport/clock.js';
import { noopQueueMetricsProvider, type CounterMetric, type GaugeMetric, type HistogramMetric, type QueueMetricsProvider, type SettableGaugeMetric } from './queue-metrics.js';

/** Options of a {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Name of the queue in its metrics (metrics are only recorded for named queues). */
  name?: string;
  /** Where the metrics go (default: nowhere). */
  metricsProvider?: QueueMetricsProvider;
  /** Time source for latencies and delays (a `ManualClock` in tests). */
  clock?: Clock;
  /** How often the unfinished-work and longest-running gauges are refreshed, in ms (default 500). */
  unfinishedWorkUpdatePeriodMs?: number;
}

/** Thrown by `done` for an item that is not being processed (a bug in the caller). */
export class WorkQueueStateError extends KubeClientError {
  override readonly name = 'WorkQueueStateError';
}

/** A FIFO that holds each item once; queue storage uses a head index so `get` is O(1). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

interface QueueMetrics {
  depth: GaugeMetric;
  adds: CounterMetric;
  latency: HistogramMetric;
  workDuration: HistogramMetric;
  unfinished: SettableGaugeMetric;
  longest: SettableGaugeMetric;
  retries: CounterMetric;
}

/**
 * A work queue of comparable items (strings, numbers, or shared object references; controllers
 * use `namespace/name` keys).
 *
 * ```ts
 * const q = new WorkQueue<string>();
 * q.add('default/a');
 * for (;;) {
 *   const key = await q.get();
 *   if (key === undefined) break; // shut down
 *   try { await work(key); } finally { q.done(key); }
 * }
 * ```
 */
export class WorkQueue<T extends NonNullable<unknown>> {
  /** The queue's name (metrics label), `''` when unnamed. */
  readonly name: string;
  /** The time source. */
  protected readonly clock: Clock;
  private readonly queue = new Fifo<T>();
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiters: Array<(item: T | undefined) => void> = [];
  private readonly drainWaiters: Array<() => void> = [];
  private readonly addTimes = new Map<T, number>();
  private readonly processingStart = new Map<T, number>();
  private readonly metrics: QueueMetrics | undefined;
  private metricsTimer: ReturnType<typeof setInterval> | undefined;
  private shuttingDown = false;
  private draining = false;

  /** @param options - name, metrics provider, clock */
  constructor(options: WorkQueueOptions = {}) {
    this.name = options.name ?? '';
    this.clock = options.clock ?? systemClock;
    const provider = options.metricsProvider ?? noopQueueMetricsProvider;
    if (this.name !== '' && provider !== noopQueueMetricsProvider) {
      this.metrics = {
        depth: provider.newDepthMetric(this.name),
        adds: provider.newAddsMetric(this.name),
        latency: provider.newLatencyMetric(this.name),
        workDuration: provider.newWorkDurationMetric(this.name),
        unfinished: provider.newUnfinishedWorkSecondsMetric(this.name),
        longest: provider.newLongestRunningProcessorSecondsMetric(this.name),
        retries: provider.newRetriesMetric(this.name),
      };
      this.metricsTimer = setInterval(() => this.updateUnfinishedWork(), options.unfinishedWorkUpdatePeriodMs ?? 500);
      this.metricsTimer.unref();
    }
  }

  /**
   * Marks `item` as needing processing. Ignored when the item already waits in the queue, and
   * after shutdown; an item being processed is queued again once its worker calls `done`.
   */
  add(item: T): void {
    if (this.shuttingDown) return;
    if (this.dirty.has(item)) return;
    this.metrics?.adds.inc();
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.enqueue(item);
  }

  /** Number of items waiting (not counting those being processed). */
  len(): number {
    return this.queue.length;
  }

  /**
   * Waits for the next item and marks it as being processed; the caller must call `done(item)`
   * when finished. Resolves `undefined` once the queue is shut down and empty, or when `signal`
   * aborts.
   */
  get(signal?: AbortSignal): Promise<T | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve) => {
      const waiter = (item: T | undefined): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(item);
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * Marks `item` as processed. If it was added again while being processed, it goes back in the
   * queue now. Throws a {@link WorkQueueStateError} for an item that is not being processed.
   */
  done(item: T): void {
    if (!this.processing.delete(item)) throw new WorkQueueStateError(`work queue ${this.name || '(unnamed)'}: done() for an item that is not being processed`);
    const start = this.processingStart.get(item);
    this.processingStart.delete(item);
    if (this.metrics && start !== undefined) this.metrics.workDuration.observe((this.clock.now() - start) / 1000);
    if (this.dirty.has(item)) this.enqueue(item);
    else if (this.processing.size === 0 && this.drainWaiters.length > 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  /**
   * Stops accepting items and wakes every waiting `get` (they resolve `undefined` once the queue
   * is empty). Items already queued can still be taken.
   */
  shutDown(): void {
    this.shuttingDown = true;
    this.stopTimers();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /**
   * Like `shutDown`, then resolves once every item being processed has been marked `done`, or
   * when `signal` aborts (client-go's `ShutDownWithDrain`, with a bound).
   * @returns true when drained, false when `signal` aborted first
   */
  shutDownWithDrain(signal?: AbortSignal): Promise<boolean> {
    this.draining = true;
    this.shutDown();
    if (this.processing.size === 0) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const w = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = (): void => {
        const i = this.drainWaiters.indexOf(w);
        if (i >= 0) this.drainWaiters.splice(i, 1);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.drainWaiters.push(w);
    });
  }

  /** True once `shutDown` or `shutDownWithDrain` was called. */
  shuttingDownNow(): boolean {
    return this.shuttingDown;
  }

  /** True while a `shutDownWithDrain` waits for in-flight items. */
  get isDraining(): boolean {
    return this.draining && this.processing.size > 0;
  }

  /** Number of items being processed right now. */
  get processingCount(): number {
    return this.processing.size;
  }

  /** Refreshes the unfinished-work and longest-running gauges (also done periodically). */
  updateUnfinishedWork(): void {
    if (!this.metrics) return;
    const now = this.clock.now();
    let total = 0;
    let longest = 0;
    for (const start of this.processingStart.values()) {
      const s = (now - start) / 1000;
      total += s;
      if (s > longest) longest = s;
    }
    this.metrics.unfinished.set(total);
    this.metrics.longest.set(longest);
  }

  /** Counts a retry (delayed re-add) in the metrics. */
  protected countRetry(): void {
    this.metrics?.retries.inc();
  }

  /** Releases timers; subclasses extend it. */
  protected stopTimers(): void {
    if (this.metricsTimer !== undefined) clearInterval(this.metricsTimer);
    this.metricsTimer = undefined;
  }

  private enqueue(item: T): void {
    if (this.metrics) {
      this.metrics.depth.inc();
      if (!this.addTimes.has(item)) this.addTimes.set(item, this.clock.now());
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.queue.push(item);
      waiter(this.take());
      return;
    }
    this.queue.push(item);
  }

  private take(): T {
    const item = this.queue.shift()!;
    this.processing.add(item);
    this.dirty.delete(item);
    if (this.metrics) {
      const now = this.clock.now();
      this.metrics.depth.dec();
      const added = this.addTimes.get(item);
      if (added !== undefined) this.metrics.latency.observe((now - added) / 1000);
      this.addTimes.delete(item);
      this.processingStart.set(item, now);
    }
    return item;
  }
}
