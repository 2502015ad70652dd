/**
 * Helpers of the cache e2e tests: an unthrottled Clientset, a recording event handler, a
 * ListerWatcher that counts calls and records events, and bulk creation of NodeMetrics.
 */
import { Clientset } from '../../../src/generated/clientset.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import { DeletedFinalStateUnknown } from '../../../src/cache/deleted-final-state-unknown.js';
import type { ResourceEventHandler } from '../../../src/cache/event-handler.js';
import type { ListerWatcher } from '../../../src/cache/lister-watcher.js';
import type { KubeObject } from '../../../src/meta/object.js';
import type { ListOptions, WatchOptions } from '../../../src/meta/options.js';
import type { WatchEvent } from '../../../src/meta/watch-event.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import { envtestRestConfig } from '../env.js';

/** A Clientset without client-side rate limiting (bulk setup must not wait on a 5 QPS bucket). */
export function connectUnthrottled(config: RestConfig = envtestRestConfig()): Promise<Clientset> {
  return Clientset.create({ transport: createHttpTransport(config) });
}

/** One recorded notification. */
export type Recorded =
  | { type: 'add'; name: string; rv: string; initial: boolean }
  | { type: 'update'; name: string; oldRv: string; newRv: string; oldObj: unknown; newObj: unknown }
  | { type: 'delete'; name: string; rv: string; tombstone: boolean };

/** A handler that records every notification. */
export function recordingHandler<T extends KubeObject>(): { events: Recorded[]; handler: ResourceEventHandler<T> } {
  const events: Recorded[] = [];
  return {
    events,
    handler: {
      onAdd: (o, initial) => void events.push({ type: 'add', name: o.metadata?.name ?? '', rv: o.metadata?.resourceVersion ?? '', initial }),
      onUpdate: (a, b) => void events.push({ type: 'update', name: b.metadata?.name ?? '', oldRv: a.metadata?.resourceVersion ?? '', newRv: b.metadata?.resourceVersion ?? '', oldObj: a, newObj: b }),
      onDelete: (o) => {
        const tombstone = o instanceof DeletedFinalStateUnknown;
        const obj = (tombstone ? o.obj : o) as { metadata?: { name?: string; resourceVersion?: string } };
        events.push({ type: 'delete', name: obj.metadata?.name ?? '', rv: obj.metadata?.resourceVersion ?? '', tombstone });
      },
    },
  };
}

/** Wraps a ListerWatcher to count lists and watches and to record watch options and events. */
export class RecordingListerWatcher<T> implements ListerWatcher<T> {
  readonly lists: ListOptions[] = [];
  readonly watches: WatchOptions[] = [];
  readonly events: WatchEvent<T>[] = [];
  constructor(private readonly inner: ListerWatcher<T>) {}

  list(opts: ListOptions) {
    this.lists.push({ ...opts, signal: undefined });
    return this.inner.list(opts);
  }

  async *watch(opts: WatchOptions): AsyncGenerator<WatchEvent<T>> {
    this.watches.push({ ...opts, signal: undefined });
    for await (const ev of this.inner.watch(opts)) {
      this.events.push(ev);
      yield ev;
    }
  }
}

/** Creates `count` NodeMetrics named `<prefix>-<i>` with label `e2e-batch=<batch>`, `concurrency` at a time. */
export async function createNodeMetrics(cs: Clientset, prefix: string, batch: string, count: number, opts: { concurrency?: number; payloadBytes?: number } = {}): Promise<void> {
  const client = cs.sloV1alpha1.nodeMetrics();
  const concurrency = opts.concurrency ?? 32;
  const filler = opts.payloadBytes ? 'x'.repeat(opts.payloadBytes) : undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const obj: NodeMetric = {
        metadata: { name: `${prefix}-${String(i).padStart(5, '0')}`, labels: { 'e2e-batch': batch }, ...(filler ? { annotations: { 'e2e/payload': filler } } : {}) },
        spec: { metricCollectPolicy: { reportIntervalSeconds: 60 } },
      };
      await client.create(obj, { validate: false });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
