/**
 * Reactors (client-go `testing.Fake`'s `PrependReactor` / `AddReactor`): functions that see a
 * request before the fake server does and may answer it themselves (an object, an error), delay
 * it, or pass it on. Watch reactors may hand back their own event source.
 * @packageDocumentation
 */
import type { Status } from '../meta/object.js';
import { ApiError } from '../rest/errors.js';
import { actionMatches, type Action } from './actions.js';
import type { FakeWatcher } from './fake-watcher.js';

/** What a reactor decided: answer with `object` or `error`, or let the next reactor (and finally the server) handle it. */
export type ReactionResult =
  | { handled: true; object?: unknown; error?: never }
  | { handled: true; error: ApiError | Status; object?: never }
  | { handled: false }
  | undefined
  | void;

/** A reactor for request verbs; may be async (to add latency). The signal aborts with the call. */
export type ReactionFunc = (action: Action, signal: AbortSignal | undefined) => ReactionResult | Promise<ReactionResult>;

/** What a watch reactor decided: serve the watch from `watcher`, fail it, or pass. */
export type WatchReactionResult = { handled: true; watcher: FakeWatcher } | { handled: true; error: ApiError | Status } | { handled: false } | undefined | void;

/** A reactor for watches. */
export type WatchReactionFunc = (action: Action, signal: AbortSignal | undefined) => WatchReactionResult | Promise<WatchReactionResult>;

interface Entry<F> {
  verb: string;
  resource: string;
  fn: F;
}

/** An ordered chain of reactors and watch reactors. */
export class ReactorChain {
  private readonly reactors: Entry<ReactionFunc>[] = [];
  private readonly watchReactors: Entry<WatchReactionFunc>[] = [];

  /** Runs `fn` before the reactors already registered, for `verb` (or `*`) on `resource` (or `*`, or `plural/status`). */
  prepend(verb: string, resource: string, fn: ReactionFunc): void {
    this.reactors.unshift({ verb, resource, fn });
  }

  /** Runs `fn` after the reactors already registered (but before the server). */
  append(verb: string, resource: string, fn: ReactionFunc): void {
    this.reactors.push({ verb, resource, fn });
  }

  /** Runs `fn` before the watch reactors already registered. */
  prependWatch(resource: string, fn: WatchReactionFunc): void {
    this.watchReactors.unshift({ verb: 'watch', resource, fn });
  }

  /** Runs `fn` after the watch reactors already registered. */
  appendWatch(resource: string, fn: WatchReactionFunc): void {
    this.watchReactors.push({ verb: 'watch', resource, fn });
  }

  /** Removes every reactor. */
  clear(): void {
    this.reactors.length = 0;
    this.watchReactors.length = 0;
  }

  /** The first handled result of the matching reactors, or undefined when none handled the action. */
  async react(action: Action, signal: AbortSignal | undefined): Promise<Exclude<ReactionResult, { handled: false } | undefined | void> | undefined> {
    for (const r of [...this.reactors]) {
      if (!actionMatches(action, r.verb, r.resource)) continue;
      const out = await r.fn(action, signal);
      if (out && out.handled) return out;
    }
    return undefined;
  }

  /** The first handled result of the matching watch reactors, or undefined. */
  async reactWatch(action: Action, signal: AbortSignal | undefined): Promise<Exclude<WatchReactionResult, { handled: false } | undefined | void> | undefined> {
    for (const r of [...this.watchReactors]) {
      if (!actionMatches(action, 'watch', r.resource)) continue;
      const out = await r.fn(action, signal);
      if (out && out.handled) return out;
    }
    return undefined;
  }
}

/** The `Status` of a reactor's error. */
export function statusOf(error: ApiError | Status): Status {
  return error instanceof ApiError ? error.status : error;
}
