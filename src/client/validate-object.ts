/**
 * Client-side validation of objects against their kind's (lazily built) zod schema, so that
 * bad input fails before the network with every problem listed.
 * @packageDocumentation
 */
import type { ResourceDescriptor } from '../meta/descriptor.js';
import { ValidationError, type RequestContext, type ValidationIssue } from '../rest/errors.js';

/** Formats a schema issue path as `spec.items[2].name`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** Throws `ValidationError` when `obj` fails the descriptor's schema; does nothing without one. */
export async function validateObject(descriptor: ResourceDescriptor, obj: unknown, ctx: RequestContext): Promise<void> {
  if (!descriptor.schema) return;
  const schema = await descriptor.schema();
  const result = schema.safeParse(obj);
  if (result.success) return;
  const issues: ValidationIssue[] = result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
  throw new ValidationError(`${descriptor.kind} failed validation`, issues, ctx);
}
