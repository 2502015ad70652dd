/**
 * What informers deliver to their users: add / update / delete notifications, and the handle of
 * a registered handler.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { DeletedFinalStateUnknown } from './deleted-final-state-unknown.js';

/**
 * What a handler returns: a promise makes the next notification for the same handler wait for it;
 * anything else is ignored (so `(r) => seen.push(r)` is a handler too).
 */
export type HandlerResult = unknown;

/**
 * Callbacks of an informer's user (client-go's `ResourceEventHandlerFuncs`). Objects are shared
 * with the cache: never mutate them (use `deepCopy`). Each handler receives its notifications in
 * order, one at a time; an async handler holds back only its own queue.
 */
export interface ResourceEventHandler<T> {
  /**
   * An object was added to the cache. `isInInitialList` is true for objects of the initial list
   * (and for the synthetic adds a handler registered later receives).
   */
  onAdd?(obj: DeepReadonly<T>, isInInitialList: boolean): HandlerResult;
  /** An object changed, or (with a resync period) a periodic re-delivery where `oldObj === newObj`. */
  onUpdate?(oldObj: DeepReadonly<T>, newObj: DeepReadonly<T>): HandlerResult;
  /**
   * An object was deleted. After a relist the informer may not know the final state: it then
   * passes a {@link DeletedFinalStateUnknown} tombstone holding the last known state.
   */
  onDelete?(obj: DeepReadonly<T> | DeletedFinalStateUnknown<DeepReadonly<T>>): HandlerResult;
}

/** Per-handler options of `addEventHandler`. */
export interface EventHandlerOptions {
  /**
   * Re-deliver every cached object as an update (`onUpdate(obj, obj)`) this often, in ms; served
   * from the cache, never from the server. 0 disables it; default: the informer's resync period.
   */
  resyncPeriodMs?: number;
}

/** The handle of a registered handler (client-go's `ResourceEventHandlerRegistration`). */
export interface ResourceEventHandlerRegistration {
  /**
   * True once the informer has synced and this handler has processed every notification of the
   * initial list (or the synthetic adds it got when registered late).
   */
  hasSynced(): boolean;
  /**
   * Unregisters the handler: queued notifications are dropped. Resolves once a notification in
   * progress, if any, has been processed.
   */
  remove(): Promise<void>;
}
