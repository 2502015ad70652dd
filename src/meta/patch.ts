/**
 * Patch types the API server accepts: JSON patch and JSON merge patch for every kind, strategic
 * merge patch for built-in kinds only (the server does not serve it for custom resources, and the
 * client refuses it for them before the network).
 * @packageDocumentation
 */

/** One operation of an RFC 6902 JSON patch. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/**
 * A patch: a JSON patch (RFC 6902), a JSON merge patch (RFC 7386), or a strategic merge patch
 * (built-in kinds only: lists with a patch merge key, such as a Pod's `containers`, merge by that
 * key instead of being replaced; `$patch` / `$setElementOrder` directives pass through as is).
 */
export type Patch<T> =
  | { type: 'json'; operations: JsonPatchOperation[] }
  | { type: 'merge'; patch: import('./deep-partial.js').DeepPartial<T> | Record<string, unknown> }
  | { type: 'strategic'; patch: import('./deep-partial.js').DeepPartial<T> | Record<string, unknown> };

/** Content types of the patch kinds. */
export const patchContentType = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;
