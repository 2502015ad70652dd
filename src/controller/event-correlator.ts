/**
 * What the event recorder does before writing (client-go `tools/record` EventCorrelator and
 * `tools/events` series): a spam filter (a token bucket per source and object: 25 events, then
 * one per 5 minutes), aggregation (more than 10 events that differ only in their note within
 * 10 minutes collapse into one "combined from similar events" event), and series (repeats of an
 * identical event are counted on the first one instead of creating new Events).
 * @packageDocumentation
 */
import type { Clock } from '../rest/transport/clock.js';

/** The identity of an event, without its time. */
export interface EventFingerprint {
  /** `controller/instance` that reports it. */
  source: string;
  /** `apiVersion/kind/namespace/name/uid` of the object it is about. */
  regarding: string;
  /** Same for the related object, `''` when none. */
  related: string;
  type: string;
  reason: string;
  action: string;
  note: string;
}

/** Settings of an {@link EventCorrelator} (client-go's defaults). */
export interface EventCorrelatorOptions {
  /** Events an object may get at once per source (default 25). */
  spamBurst?: number;
  /** Refill of the spam bucket, events per second (default 1/300). */
  spamQps?: number;
  /** Similar events (differing only in note) within the window before aggregation (default 10). */
  maxSimilarEvents?: number;
  /** Aggregation window, in ms (default 10 minutes). */
  aggregateWindowMs?: number;
  /** Most keys remembered (LRU, default 4096). */
  maxKeys?: number;
}

/** The correlator's decision about one event. */
export type Correlation =
  | { action: 'drop' }
  /** A new Event to create, under `key` (the series key), with `note` (possibly aggregated). */
  | { action: 'create'; key: string; note: string }
  /** A repeat of the Event under `key`: count it. */
  | { action: 'count'; key: string; note: string };

/** Remembers at most `max` entries, the least recently used going first. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(k: string): void {
    this.map.delete(k);
  }
}

/** The aggregation prefix client-go puts on combined events. */
export const combinedEventsPrefix = '(combined from similar events): ';

/** Decides, per event, whether to drop it, create it or count it as a repeat. */
export class EventCorrelator {
  private readonly spam: Lru<{ tokens: number; last: number }>;
  private readonly similar: Lru<{ notes: Set<string>; first: number }>;
  private readonly seen: Lru<true>;
  private readonly burst: number;
  private readonly qps: number;
  private readonly maxSimilar: number;
  private readonly windowMs: number;

  /**
   * @param clock - time source
   * @param options - limits (client-go's defaults)
   */
  constructor(
    private readonly clock: Clock,
    options: EventCorrelatorOptions = {},
  ) {
    const max = options.maxKeys ?? 4096;
    this.spam = new Lru(max);
    this.similar = new Lru(max);
    this.seen = new Lru(max);
    this.burst = options.spamBurst ?? 25;
    this.qps = options.spamQps ?? 1 / 300;
    this.maxSimilar = options.maxSimilarEvents ?? 10;
    this.windowMs = options.aggregateWindowMs ?? 10 * 60_000;
  }

  /** Correlates one event. */
  correlate(e: EventFingerprint): Correlation {
    const now = this.clock.now();
    // Spam filter: per source + object.
    const spamKey = `${e.source}\u0000${e.regarding}`;
    const bucket = this.spam.get(spamKey) ?? { tokens: this.burst, last: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.last) / 1000) * this.qps);
    bucket.last = now;
    if (bucket.tokens < 1) {
      this.spam.set(spamKey, bucket);
      return { action: 'drop' };
    }
    bucket.tokens -= 1;
    this.spam.set(spamKey, bucket);

    // Aggregation: events alike but for their note.
    const aggKey = [e.source, e.regarding, e.related, e.type, e.reason, e.action].join('\u0000');
    let group = this.similar.get(aggKey);
    if (!group || now - group.first > this.windowMs) group = { notes: new Set(), first: now };
    group.notes.add(e.note);
    this.similar.set(aggKey, group);
    let note = e.note;
    let key = `${aggKey}\u0000${e.note}`;
    if (group.notes.size > this.maxSimilar) {
      note = `${combinedEventsPrefix}${e.note}`;
      key = `${aggKey}\u0000${combinedEventsPrefix}`;
    }

    // Series: identical events count on the first.
    if (this.seen.get(key)) return { action: 'count', key, note };
    this.seen.set(key, true);
    return { action: 'create', key, note };
  }

  /** Forgets a series (e.g. when its Event disappeared from the server). */
  forget(key: string): void {
    this.seen.delete(key);
  }
}
