/**
 * A watch event source (client-go `watch.FakeWatcher` / `RaceFreeFakeWatcher`): events pushed
 * into it are streamed to the client as the server's newline-delimited JSON, until it is
 * stopped or the client goes away. The fake server's own watches use it too.
 * @packageDocumentation
 */
import type { Status } from '../meta/object.js';

/** A raw event as it goes on the wire. */
export interface WireEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

const encoder = new TextEncoder();

/** A push-based stream of watch events; iterate `chunks()` to read them as encoded lines. */
export class FakeWatcher {
  private readonly queue: WireEvent[] = [];
  private wake: (() => void) | undefined;
  private stoppedFlag = false;
  private readonly onStop: Array<() => void> = [];

  /** True once `stop()` was called or the client went away. */
  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Queues an event (ignored once stopped). */
  push(event: WireEvent): void {
    if (this.stoppedFlag) return;
    this.queue.push(event);
    this.wake?.();
  }

  /** Queues an ADDED event. */
  add(object: unknown): void {
    this.push({ type: 'ADDED', object });
  }

  /** Queues a MODIFIED event. */
  modify(object: unknown): void {
    this.push({ type: 'MODIFIED', object });
  }

  /** Queues a DELETED event. */
  delete(object: unknown): void {
    this.push({ type: 'DELETED', object });
  }

  /** Queues a BOOKMARK event. */
  bookmark(object: unknown): void {
    this.push({ type: 'BOOKMARK', object });
  }

  /** Queues an ERROR event carrying a Status (e.g. 410 Expired); the client throws it as an `ApiError`. */
  error(status: Status): void {
    this.push({ type: 'ERROR', object: status });
  }

  /** Ends the stream after the queued events; runs the stop callbacks once. */
  stop(): void {
    if (this.stoppedFlag) return;
    this.stoppedFlag = true;
    this.wake?.();
    for (const f of this.onStop.splice(0)) f();
  }

  /** Registers a callback run once when the watcher stops. */
  whenStopped(fn: () => void): void {
    if (this.stoppedFlag) fn();
    else this.onStop.push(fn);
  }

  /** The events as encoded JSON lines, until stopped; ends early when `signal` aborts. */
  async *chunks(signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
    const onAbort = (): void => this.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        while (this.queue.length) {
          const ev = this.queue.shift() as WireEvent;
          yield encoder.encode(`${JSON.stringify(ev)}\n`);
        }
        if (this.stoppedFlag) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.stop();
    }
  }
}
