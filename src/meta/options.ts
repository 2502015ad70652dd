/**
 * Options of the API verbs, mirroring `metav1.GetOptions`, `ListOptions`, ... plus the
 * per-call controls every verb accepts.
 * @packageDocumentation
 */

/** Controls every call accepts. */
export interface CallOptions {
  /** Aborts the call (and its retries) when signalled. */
  signal?: AbortSignal | undefined;
  /** Fails the call after this many milliseconds. */
  timeoutMs?: number | undefined;
}

/** `dryRun=All` and field validation, accepted by every write. */
export interface WriteOptions extends CallOptions {
  /** When true, the server validates and admits the request but persists nothing. */
  dryRun?: boolean | undefined;
  /** Name of the actor making the change, recorded in managedFields. */
  fieldManager?: string | undefined;
  /** How the server treats unknown or duplicate fields. */
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict' | undefined;
  /** Validate the object against its schema before sending (default true). */
  validate?: boolean | undefined;
}

/** Options of `get`. */
export interface GetOptions extends CallOptions {
  resourceVersion?: string | undefined;
}

/** How `resourceVersion` is matched on list. */
export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

/** Options of `list` and `listAll`. */
export interface ListOptions extends CallOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: ResourceVersionMatch | undefined;
  timeoutSeconds?: number | undefined;
}

/** Options of `watch`. */
export interface WatchOptions extends CallOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: ResourceVersionMatch | undefined;
  timeoutSeconds?: number | undefined;
  allowWatchBookmarks?: boolean | undefined;
  sendInitialEvents?: boolean | undefined;
}

/** Options of `create`. */
export type CreateOptions = WriteOptions;
/** Options of `update` and `updateStatus`. */
export type UpdateOptions = WriteOptions;

/** Options of `patch`. */
export interface PatchOptions extends WriteOptions {
  /** Only meaningful for apply patches. */
  force?: boolean | undefined;
}

/** Options of `apply` (server-side apply): a field manager is required. */
export interface ApplyOptions extends Omit<WriteOptions, 'fieldManager'> {
  fieldManager: string;
  /** Take ownership of fields owned by other managers instead of failing with a conflict. */
  force?: boolean | undefined;
}

/** Preconditions a delete must meet. */
export interface Preconditions {
  uid?: string | undefined;
  resourceVersion?: string | undefined;
}

/** Options of `delete` and `deleteCollection`. */
export interface DeleteOptions extends CallOptions {
  gracePeriodSeconds?: number | undefined;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground' | undefined;
  preconditions?: Preconditions | undefined;
  dryRun?: boolean | undefined;
}
