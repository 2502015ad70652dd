/**
 * The delaying work queue (client-go `DelayingInterface`): `addAfter(item, ms)` adds the item
 * once the delay has passed. An item waiting for several delays is added at the earliest one.
 * One timer (on the queue's clock) serves every waiting item.
 * @packageDocumentation
 */
import { WorkQueue, type WorkQueueOptions } from './work-queue.js';

interface Waiting<T> {
  item: T;
  readyAt: number;
}

/** A min-heap of waiting items by ready time. */
class WaitingHeap<T> {
  private readonly heap: Waiting<T>[] = [];
  get size(): number {
    return this.heap.length;
  }
  peek(): Waiting<T> | undefined {
    return this.heap[0];
  }
  push(w: Waiting<T>): void {
    const h = this.heap;
    h.push(w);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.readyAt <= h[i]!.readyAt) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): Waiting<T> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.readyAt < h[m]!.readyAt) m = l;
        if (r < h.length && h[r]!.readyAt < h[m]!.readyAt) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** A {@link WorkQueue} with delayed adds. */
export class DelayingQueue<T extends NonNullable<unknown>> extends WorkQueue<T> {
  private readonly waiting = new WaitingHeap<T>();
  /** Earliest ready time of each waiting item (heap entries that disagree are stale). */
  private readonly readyAt = new Map<T, number>();
  /** Due time of the armed timer (a re-arm for an earlier time leaves the later one to fire harmlessly). */
  private timerAt: number | undefined;
  /** Aborted at shutdown: releases every pending timer. */
  private readonly timers = new AbortController();

  /** @param options - name, metrics provider, clock */
  constructor(options: WorkQueueOptions = {}) {
    super(options);
  }

  /**
   * Adds `item` after `delayMs` (at once when `delayMs <= 0`). Ignored after shutdown. When the
   * item already waits, the earlier of the two times wins.
   */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDownNow()) return;
    this.countRetry();
    if (!(delayMs > 0)) {
      this.add(item);
      return;
    }
    const at = this.clock.now() + delayMs;
    const existing = this.readyAt.get(item);
    if (existing !== undefined && existing <= at) return;
    this.readyAt.set(item, at);
    this.waiting.push({ item, readyAt: at });
    this.arm();
  }

  /** Number of items waiting for their delay to pass. */
  get waitingCount(): number {
    return this.readyAt.size;
  }

  /** Also stops the delay timer (waiting items are dropped). */
  protected override stopTimers(): void {
    super.stopTimers();
    this.timers.abort();
    this.timerAt = undefined;
  }

  /** Moves every item whose time has come into the queue, then re-arms the timer. */
  private flush(): void {
    const now = this.clock.now();
    for (let w = this.waiting.peek(); w && w.readyAt <= now; w = this.waiting.peek()) {
      this.waiting.pop();
      if (this.readyAt.get(w.item) !== w.readyAt) continue; // superseded by an earlier time
      this.readyAt.delete(w.item);
      this.add(w.item);
    }
    this.arm();
  }

  private arm(): void {
    if (this.shuttingDownNow()) return;
    // Drop stale heap tops so the timer targets a live entry.
    for (let w = this.waiting.peek(); w && this.readyAt.get(w.item) !== w.readyAt; w = this.waiting.peek()) this.waiting.pop();
    const next = this.waiting.peek();
    if (!next) return;
    if (this.timerAt !== undefined && this.timerAt <= next.readyAt) return;
    const at = next.readyAt;
    this.timerAt = at;
    this.clock.sleep(at - this.clock.now(), this.timers.signal).then(
      () => {
        if (this.timerAt === at) this.timerAt = undefined;
        this.flush();
      },
      () => {},
    );
  }
}
