/**
 * How the API server decodes a built-in kind: Go's JSON decoder leaves a field sent as `null` at
 * its zero value, and the encoder then omits it (`omitempty`). The fake server drops such nulls
 * before storing a built-in object, so what it returns matches the read types (and the real
 * server), whatever the write types let a client send.
 * @packageDocumentation
 */

/**
 * Removes, in place, every object property whose value is `null`, at any depth (objects inside
 * lists included). List items themselves are kept: Go decodes a `null` item as a zero-valued item,
 * which the server's validation judges.
 */
export function dropNullFields(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNullFields(item);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (obj[key] === null) delete obj[key];
    else dropNullFields(obj[key]);
  }
}
