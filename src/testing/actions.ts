/**
 * Actions: what a client asked the fake server to do, as client-go's testing `Action` records
 * them (verb, resource, namespace, name, subresource, body), matched by reactors and kept in the
 * fake's action log.
 * @packageDocumentation
 */

/** The verbs of the Kubernetes API. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** The patch flavours, by content type. */
export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

/** A group/version/resource. */
export interface GroupVersionResource {
  group: string;
  version: string;
  /** The plural resource name, e.g. `reservations`. */
  resource: string;
}

/** One request to the fake server. */
export interface Action {
  readonly verb: Verb;
  readonly resource: GroupVersionResource;
  /** `''` for cluster-scoped resources and for lists across all namespaces. */
  readonly namespace: string;
  /** The object's name (get, update, patch, delete). */
  readonly name?: string;
  /** `status` for status writes. */
  readonly subresource?: string;
  /** The decoded body of create and update. */
  readonly object?: Record<string, unknown>;
  /** The patch of patch (and server-side apply). */
  readonly patch?: { kind: PatchKind; body: unknown };
  /** The decoded `DeleteOptions` of delete and deletecollection. */
  readonly deleteOptions?: Record<string, unknown>;
  /** Query parameters (dryRun, fieldManager, labelSelector, limit, resourceVersion, ...). */
  readonly query: Readonly<Record<string, string>>;
}

/**
 * True when `action` has `verb` (or `verb` is `*`) and targets `resource` (any subresource of it,
 * as in client-go), exactly `resource/subresource` (e.g. `reservations/status`), or `*`.
 */
export function actionMatches(action: Action, verb: string, resource: string): boolean {
  if (verb !== '*' && verb !== action.verb) return false;
  if (resource === '*') return true;
  const slash = resource.indexOf('/');
  if (slash < 0) return resource === action.resource.resource;
  return resource.slice(0, slash) === action.resource.resource && resource.slice(slash + 1) === (action.subresource ?? '');
}
