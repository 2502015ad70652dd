/**
 * Patch types the API server accepts for custom resources. Strategic merge patch is not
 * served for custom resources, so it is deliberately absent.
 * @packageDocumentation
 */

/** One operation of an RFC 6902 JSON patch. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** A patch: a JSON patch (RFC 6902) or a JSON merge patch (RFC 7386). */
export type Patch<T> =
  | { type: 'json'; operations: JsonPatchOperation[] }
  | { type: 'merge'; patch: import('./deep-partial.js').DeepPartial<T> | Record<string, unknown> };

/** Content types of the patch kinds. */
export const patchContentType = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;
