/**
 * A scripted, in-memory ListerWatcher for unit tests of the cache: lists page a fixed set of
 * objects; every watch is a {@link ScriptedWatch} the test feeds events, errors or a close into.
 */
import type { KubeList, KubeObject } from '../../../../src/meta/object.js';
import type { ListOptions, WatchOptions } from '../../../../src/meta/options.js';
import type { WatchEvent } from '../../../../src/meta/watch-event.js';
import type { ListerWatcher } from '../../../../src/cache/lister-watcher.js';
import { ApiError, NetworkError } from '../../../../src/rest/errors.js';

/** A test object: a NodeMetric-like kind with labels and a spec value. */
export interface Thing extends KubeObject {
  spec?: { value?: number };
}

/** Builds a test object. */
export function thing(name: string, rv: string, opts: { ns?: string; labels?: Record<string, string>; value?: number; managedFields?: boolean } = {}): Thing {
  return {
    apiVersion: 'test.koordinator.sh/v1',
    kind: 'Thing',
    metadata: {
      name,
      resourceVersion: rv,
      ...(opts.ns ? { namespace: opts.ns } : {}),
      ...(opts.labels ? { labels: opts.labels } : {}),
      ...(opts.managedFields ? { managedFields: [{ manager: 'test', operation: 'Update' as const }] } : {}),
    },
    spec: { value: opts.value ?? 0 },
  };
}

/** A 410 Expired error, as a watch ERROR event or a list of an expired continue token throws. */
export function expired(): ApiError {
  return new ApiError({ kind: 'Status', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version' });
}

/** A dropped connection. */
export function connectionReset(): NetworkError {
  return new NetworkError('socket hang up', { errorCode: 'ECONNRESET' });
}

/** A bookmark event at `rv`; `initialEnd` marks the end of a streaming list's initial events. */
export function bookmark(rv: string, initialEnd = false): WatchEvent<Thing> {
  return { type: 'BOOKMARK', object: { kind: 'Thing', apiVersion: 'test.koordinator.sh/v1', metadata: { resourceVersion: rv, ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) } } };
}

type Step<T> = { kind: 'events'; events: WatchEvent<T>[] } | { kind: 'error'; error: unknown } | { kind: 'close' };

/** One watch stream, driven by the test. */
export class ScriptedWatch<T> {
  private readonly steps: Step<T>[] = [];
  private wake: (() => void) | undefined;
  /** True once the consumer stopped iterating (returned, aborted or the stream ended). */
  finished = false;

  constructor(
    readonly opts: WatchOptions,
    private readonly openError?: unknown,
  ) {}

  private push(step: Step<T>): this {
    this.steps.push(step);
    const w = this.wake;
    this.wake = undefined;
    w?.();
    return this;
  }

  /** Sends an event. */
  send(event: WatchEvent<T>): this {
    return this.push({ kind: 'events', events: [event] });
  }

  /** Sends events that arrived together: one batch for {@link BatchingListerWatcher}, one by one otherwise. */
  batch(...events: WatchEvent<T>[]): this {
    return this.push({ kind: 'events', events });
  }

  /** Sends an ADDED event. */
  added(object: T): this {
    return this.send({ type: 'ADDED', object });
  }

  /** Sends a MODIFIED event. */
  modified(object: T): this {
    return this.send({ type: 'MODIFIED', object });
  }

  /** Sends a DELETED event. */
  deleted(object: T): this {
    return this.send({ type: 'DELETED', object });
  }

  /** Makes the stream throw `error` (after what was sent before). */
  fail(error: unknown): this {
    return this.push({ kind: 'error', error });
  }

  /** Ends the stream cleanly, as a server timeout does. */
  close(): this {
    return this.push({ kind: 'close' });
  }

  async *iterate(): AsyncGenerator<WatchEvent<T>, void, undefined> {
    for await (const events of this.iterateBatches()) yield* events;
  }

  async *iterateBatches(): AsyncGenerator<WatchEvent<T>[], void, undefined> {
    const signal = this.opts.signal;
    const onAbort = (): void => {
      const w = this.wake;
      this.wake = undefined;
      w?.();
    };
    signal?.addEventListener('abort', onAbort);
    try {
      if (this.openError !== undefined) throw this.openError;
      for (;;) {
        if (signal?.aborted) return;
        const step = this.steps.shift();
        if (!step) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        if (step.kind === 'close') return;
        if (step.kind === 'error') throw step.error;
        yield step.events;
      }
    } finally {
      this.finished = true;
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** A ListerWatcher whose answers the test scripts. */
export class ScriptedListerWatcher<T extends KubeObject = Thing> implements ListerWatcher<T> {
  /** Every list call's options, in order. */
  readonly listCalls: ListOptions[] = [];
  /** Every watch call, in order. */
  readonly watches: ScriptedWatch<T>[] = [];
  /** What lists return; change it to script a relist. */
  items: T[] = [];
  /** resourceVersion of list answers. */
  listResourceVersion = 'rv-list-1';
  /** Errors the next list calls throw, in order. */
  listErrors: unknown[] = [];
  /** Errors the next watch calls throw when opened, in order. */
  watchOpenErrors: unknown[] = [];
  /** When true, a list with a continue token throws 410 Expired (once). */
  expireContinueOnce = false;
  private watchWaiters: Array<() => void> = [];

  async list(opts: ListOptions): Promise<KubeList<T>> {
    this.listCalls.push({ ...opts, signal: undefined } as ListOptions);
    await Promise.resolve();
    const err = this.listErrors.shift();
    if (err !== undefined) throw err;
    if (opts.continue && this.expireContinueOnce) {
      this.expireContinueOnce = false;
      throw expired();
    }
    const start = opts.continue ? Number(opts.continue) : 0;
    const end = opts.limit ? start + opts.limit : this.items.length;
    const page = this.items.slice(start, end);
    const meta: KubeList<T>['metadata'] = { resourceVersion: this.listResourceVersion };
    if (end < this.items.length) meta.continue = String(end);
    return { kind: 'ThingList', apiVersion: 'test.koordinator.sh/v1', metadata: meta, items: page };
  }

  watch(opts: WatchOptions): AsyncIterable<WatchEvent<T>> {
    return this.open(opts).iterate();
  }

  protected open(opts: WatchOptions): ScriptedWatch<T> {
    const w = new ScriptedWatch<T>(opts, this.watchOpenErrors.shift());
    this.watches.push(w);
    const waiters = this.watchWaiters;
    this.watchWaiters = [];
    for (const f of waiters) f();
    return w;
  }

  /** Resolves with watch number `index` (0-based) once it has been opened. */
  async watchAt(index: number): Promise<ScriptedWatch<T>> {
    while (this.watches.length <= index) await new Promise<void>((resolve) => this.watchWaiters.push(resolve));
    return this.watches[index]!;
  }
}

/** A {@link ScriptedListerWatcher} that also yields its watches in batches (as `ResourceReader` does). */
export class BatchingListerWatcher<T extends KubeObject = Thing> extends ScriptedListerWatcher<T> {
  /** How many watches were opened through `watch` rather than `watchBatches`. */
  plainWatches = 0;

  override watch(opts: WatchOptions): AsyncIterable<WatchEvent<T>> {
    this.plainWatches++;
    return super.watch(opts);
  }

  watchBatches(opts: WatchOptions): AsyncIterable<WatchEvent<T>[]> {
    return this.open(opts).iterateBatches();
  }
}

/** Lets pending promise callbacks and a few event-loop turns run. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
