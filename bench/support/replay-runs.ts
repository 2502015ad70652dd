/**
 * Helpers shared by the benchmarks that replay watch events to informer children
 * (informer-sync.ts, watch-pipeline.ts): the order of the rounds and the span of a replay from
 * memory.
 * @packageDocumentation
 */
import type { EventsSample } from './informer-child.js';

/** `list` rotated left by `r` (the implementations' order in round `r`: the machine's speed drifts). */
export function rotated<T>(list: readonly T[], r: number): T[] {
  const k = r % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/**
 * A sample re-measured from the moment the informer was synced to its last update (span,
 * events/s, CPU): the span of a replay from memory, where the first notification can come after
 * much of the work.
 */
export function sinceSynced<S extends EventsSample>(s: S): S {
  const span = s.lastEventAt - s.syncedAt;
  return { ...s, firstToLastMs: span, eventsPerSec: span > 0 ? (s.events * 1000) / span : 0, cpuMs: s.cpuSyncedToLastMs };
}
