/**
 * The event recorder (client-go `tools/events` over `events.k8s.io/v1`, with `tools/record`'s
 * spam filter and aggregation): `recorder.event(obj, 'Warning', 'SyncFailed', 'Reconcile', note)`
 * returns at once and never throws; a background loop writes the Event (a repeat of an identical
 * event patches the first one's `series` count instead of creating another). A full buffer drops
 * events, a failed write is logged: recording never blocks or fails a reconcile.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { KubeObject, ObjectMeta } from '../meta/object.js';
import type { CallOptions } from '../meta/options.js';
import { systemClock, type Clock } from '../rest/transport/clock.js';
import { isNotFound } from '../rest/errors.js';
import { describeError, silentLogger, type Logger } from '../rest/transport/logger.js';
import { EventCorrelator, type EventCorrelatorOptions } from './event-correlator.js';
import { formatMicroTime } from './lease-lock.js';

/** A reference to an object (`core/v1.ObjectReference`). */
export interface EventObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** An `events.k8s.io/v1` Event, structurally (the generated type fits it). */
export interface EventObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  eventTime?: string | null;
  series?: { count?: number | null; lastObservedTime?: string | null } | null;
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: EventObjectReference;
  related?: EventObjectReference | null;
  note?: string;
  type?: string;
}

/** What the recorder needs of an events client in one namespace: `cs.eventsV1.events(ns)` fits (the Event type is inferred from what the client returns). */
export interface EventSink<E extends EventObject = EventObject> {
  /** Creates an Event. */
  create(event: NoInfer<E>, opts?: CallOptions): Promise<E>;
  /** Patches an Event (the recorder sends merge patches of `series`). */
  patch(name: string, patch: { type: 'merge'; patch: Record<string, unknown> }, opts?: CallOptions): Promise<E>;
}

/** `Normal` or `Warning`. */
export type EventType = 'Normal' | 'Warning';

/** Options of an {@link EventRecorder}. */
export interface EventRecorderOptions<E extends EventObject = EventObject> extends EventCorrelatorOptions {
  /** The events client of a namespace (Events about cluster-scoped objects go to `default`). */
  sink: (namespace: string) => EventSink<E>;
  /** `reportingController`, e.g. `koordinator.sh/nodemetric-controller`. */
  reportingController: string;
  /** `reportingInstance`, e.g. the pod name (default: the controller name plus the host name). */
  reportingInstance?: string;
  /** Most events waiting to be written; more are dropped (default 1000). */
  bufferSize?: number;
  /** Bound of each write, in ms (default 10 000). */
  writeTimeoutMs?: number;
  /** Where write failures and drops are reported (default silent). */
  logger?: Logger;
  /** Time source for the spam filter and aggregation (tests). */
  clock?: Clock;
  /** Wall-clock time for event timestamps, epoch ms (default `Date.now`). */
  wallClock?: () => number;
}

interface Pending {
  regarding: EventObjectReference;
  related: EventObjectReference | undefined;
  type: EventType;
  reason: string;
  action: string;
  note: string;
}

interface Series {
  namespace: string;
  name: string | undefined;
  count: number;
  /** Count last written. */
  written: number;
  lastObserved: number;
  event: EventObject;
}

const maxNoteBytes = 1024;

function truncateNote(note: string): string {
  if (Buffer.byteLength(note) <= maxNoteBytes) return note;
  let s = note.slice(0, maxNoteBytes);
  while (Buffer.byteLength(s) > maxNoteBytes - 3) s = s.slice(0, -1);
  return `${s}...`;
}

/** Builds the reference to an object for an Event. */
export function objectReference(obj: KubeObject | DeepReadonly<KubeObject>, kind?: { apiVersion: string; kind: string }): EventObjectReference {
  const m = obj.metadata;
  const ref: EventObjectReference = {};
  const apiVersion = obj.apiVersion ?? kind?.apiVersion;
  const k = obj.kind ?? kind?.kind;
  if (apiVersion) ref.apiVersion = apiVersion;
  if (k) ref.kind = k;
  if (m?.namespace) ref.namespace = m.namespace;
  if (m?.name) ref.name = m.name;
  if (m?.uid) ref.uid = m.uid;
  if (m?.resourceVersion) ref.resourceVersion = m.resourceVersion;
  return ref;
}

function refKey(r: EventObjectReference | undefined): string {
  return r ? [r.apiVersion, r.kind, r.namespace, r.name, r.uid].join('/') : '';
}

/** Records Events; see the module docs. */
export class EventRecorder<E extends EventObject = EventObject> {
  private readonly correlator: EventCorrelator;
  private readonly queue: Array<Pending> = [];
  private readonly series = new Map<string, Series>();
  private readonly logger: Logger;
  private readonly wallClock: () => number;
  private readonly bufferSize: number;
  private readonly instance: string;
  private seq = 0;
  private draining: Promise<void> | undefined;
  private closed = false;
  /** Events dropped (full buffer, spam filter, closed recorder). */
  dropped = 0;

  /** @param options - the sink, the reporting controller, limits */
  constructor(private readonly options: EventRecorderOptions<E>) {
    this.correlator = new EventCorrelator(options.clock ?? systemClock, options);
    this.logger = options.logger ?? silentLogger;
    this.wallClock = options.wallClock ?? Date.now;
    this.bufferSize = options.bufferSize ?? 1000;
    this.instance = options.reportingInstance ?? `${options.reportingController}-${process.env.HOSTNAME ?? 'local'}`;
  }

  /**
   * Records an event about `regarding` (and optionally `related`). Returns at once; never throws.
   * Pass `kind` when the object lacks apiVersion/kind (objects from listers often do).
   */
  event(regarding: KubeObject | DeepReadonly<KubeObject>, type: EventType, reason: string, action: string, note: string, opts: { related?: KubeObject | DeepReadonly<KubeObject>; kind?: { apiVersion: string; kind: string } } = {}): void {
    try {
      if (this.closed || this.queue.length >= this.bufferSize) {
        this.dropped++;
        return;
      }
      const p: Pending = { regarding: objectReference(regarding, opts.kind), related: opts.related ? objectReference(opts.related) : undefined, type, reason, action, note: truncateNote(note) };
      this.queue.push(p);
      this.draining ??= this.drain().finally(() => (this.draining = undefined));
    } catch (err) {
      this.dropped++;
      this.log({ error: describeError(err) }, 'event dropped');
    }
  }

  /** Resolves once every event recorded so far has been written (or given up on). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops accepting events and waits (bounded by `timeoutMs`, default 5 000) for pending writes. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closed = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.flush(), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async drain(): Promise<void> {
    for (let p = this.queue.shift(); p; p = this.queue.shift()) {
      try {
        await this.write(p);
      } catch (err) {
        this.log({ reason: p.reason, regarding: refKey(p.regarding), error: describeError(err) }, 'failed to write event');
      }
    }
  }

  private async write(p: Pending): Promise<void> {
    const c = this.correlator.correlate({
      source: `${this.options.reportingController}/${this.instance}`,
      regarding: refKey(p.regarding),
      related: refKey(p.related),
      type: p.type,
      reason: p.reason,
      action: p.action,
      note: p.note,
    });
    if (c.action === 'drop') {
      this.dropped++;
      return;
    }
    const now = this.wallClock();
    const namespace = p.regarding.namespace || 'default';
    const opts = { timeoutMs: this.options.writeTimeoutMs ?? 10_000 };
    const sink = this.options.sink(namespace);
    const existing = this.series.get(c.key);
    if (c.action === 'count' && existing?.name) {
      existing.count++;
      existing.lastObserved = now;
      try {
        await sink.patch(existing.name, { type: 'merge', patch: { series: { count: existing.count, lastObservedTime: formatMicroTime(now) } } }, opts);
        existing.written = existing.count;
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // The Event expired or was deleted: start again with a new one.
        this.series.delete(c.key);
      }
    }
    const event: EventObject = {
      metadata: { name: `${p.regarding.name ?? 'object'}.${(BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16)}`, namespace },
      eventTime: formatMicroTime(now),
      reportingController: this.options.reportingController,
      reportingInstance: this.instance,
      action: p.action,
      reason: p.reason,
      regarding: p.regarding,
      note: c.note,
      type: p.type,
    };
    if (p.related) event.related = p.related;
    const created = await sink.create(event as E, opts);
    if (this.series.size > 4096) this.series.delete(this.series.keys().next().value!);
    this.series.set(c.key, { namespace, name: created.metadata?.name ?? event.metadata!.name, count: 1, written: 1, lastObserved: now, event });
  }

  private log(obj: object, msg: string): void {
    try {
      this.logger.warn(obj, msg);
    } catch {
      // never let logging break recording
    }
  }
}
