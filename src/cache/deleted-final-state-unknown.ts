/**
 * The tombstone an informer hands to `onDelete` when an object vanished while the watch was
 * down: the relist no longer contains it, so its final state is unknown.
 * @packageDocumentation
 */

/**
 * An object that was deleted while the informer was not watching (client-go's
 * `DeletedFinalStateUnknown`). `obj` is the last state the cache knew, which may be stale.
 */
export class DeletedFinalStateUnknown<T> {
  /**
   * @param key - the cache key (`namespace/name` or `name`) of the deleted object
   * @param obj - the last known state of the object
   */
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** True when `value` is a {@link DeletedFinalStateUnknown} tombstone. */
export function isDeletedFinalStateUnknown<T>(value: T | DeletedFinalStateUnknown<T>): value is DeletedFinalStateUnknown<T> {
  return value instanceof DeletedFinalStateUnknown;
}

/** The object of a delete notification: the object itself, or the last state a tombstone carries. */
export function finalStateOf<T>(value: T | DeletedFinalStateUnknown<T>): T {
  return value instanceof DeletedFinalStateUnknown ? value.obj : value;
}
