/**
 * The per-handler queue of a shared informer (client-go's `processorListener`): notifications
 * are buffered without bound and delivered in order, one at a time, so a slow handler delays
 * only itself and one object's events are never reordered.
 * @packageDocumentation
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { DeletedFinalStateUnknown } from './deleted-final-state-unknown.js';
import type { ResourceEventHandler } from './event-handler.js';

/** One notification for a handler. */
export type Notification<T> =
  | { type: 'add'; obj: DeepReadonly<T>; isInInitialList: boolean }
  | { type: 'update'; oldObj: DeepReadonly<T>; newObj: DeepReadonly<T> }
  | { type: 'delete'; obj: DeepReadonly<T> | DeletedFinalStateUnknown<DeepReadonly<T>> };

/** A queued notification; `initial` marks one of the initial list. */
type Queued<T> = Notification<T> & { readonly initial?: boolean };

/** A FIFO that is cheap at both ends, however long it grows. */
class NotificationQueue<T> {
  private items: (Queued<T> | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(n: Queued<T>): void {
    this.items.push(n);
  }

  shift(): Queued<T> | undefined {
    if (this.head >= this.items.length) return undefined;
    const n = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return n;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** Synchronous handlers are called this many times in a row before the listener yields to the event loop. */
const batchSize = 256;

/** Buffers and delivers the notifications of one handler. */
export class ProcessorListener<T> {
  private readonly queue = new NotificationQueue<T>();
  /** Initial-list notifications queued or in progress. */
  private initialPending = 0;
  private wake: (() => void) | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  /**
   * @param handler - the user's callbacks
   * @param resyncPeriodMs - this handler's resync period (0: none)
   * @param onError - receives what a callback throws or rejects with
   */
  constructor(
    readonly handler: ResourceEventHandler<T>,
    readonly resyncPeriodMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Number of notifications waiting. */
  get pending(): number {
    return this.queue.length;
  }

  /** True when every initial-list notification given to this listener has been processed. */
  initialListProcessed(): boolean {
    return this.initialPending === 0;
  }

  /**
   * Queues a notification; `initial` marks it as part of the initial list, which
   * {@link ProcessorListener.initialListProcessed} waits for.
   */
  add(n: Notification<T>, initial = false): void {
    if (this.stopped) return;
    if (initial) this.initialPending++;
    this.queue.push(initial ? { ...n, initial: true } : n);
    const w = this.wake;
    if (w) {
      this.wake = undefined;
      w();
    }
  }

  /** Starts delivering (once). */
  start(): void {
    this.running ??= this.pump();
  }

  /** Stops delivering, drops what is queued, and resolves once the notification in progress is done. */
  stop(): Promise<void> {
    this.stopped = true;
    this.queue.clear();
    this.initialPending = 0;
    const w = this.wake;
    this.wake = undefined;
    w?.();
    return this.running ?? Promise.resolve();
  }

  private async pump(): Promise<void> {
    let sinceYield = 0;
    while (!this.stopped) {
      const n = this.queue.shift();
      if (n === undefined) {
        sinceYield = 0;
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      try {
        const r = this.deliver(n);
        if ((typeof r === 'object' || typeof r === 'function') && r !== null && typeof (r as PromiseLike<unknown>).then === 'function') {
          sinceYield = 0;
          await r;
        }
      } catch (err) {
        this.report(err);
      }
      if (n.initial && this.initialPending > 0) this.initialPending--;
      if (++sinceYield >= batchSize) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }

  private report(err: unknown): void {
    try {
      this.onError(err);
    } catch {
      // An error handler must not stop the listener.
    }
  }

  private deliver(n: Notification<T>): unknown {
    const h = this.handler;
    switch (n.type) {
      case 'add':
        return h.onAdd?.(n.obj, n.isInInitialList);
      case 'update':
        return h.onUpdate?.(n.oldObj, n.newObj);
      case 'delete':
        return h.onDelete?.(n.obj);
    }
  }
}
