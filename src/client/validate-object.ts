/**
 * Client-side validation of objects against their kind's (lazily built) zod schema, so that
 * bad input fails before the network with every problem listed.
 * @packageDocumentation
 */
import type { ObjectSchema, ResourceDescriptor } from '../meta/descriptor.js';
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

/**
 * Schemas already loaded, per descriptor: after the first write of a kind, validation is a plain
 * synchronous call (loading goes through a dynamic `import()`, which costs several times the
 * validation itself on every call).
 */
const loaded = new WeakMap<ResourceDescriptor, ObjectSchema>();

function check(schema: ObjectSchema, descriptor: ResourceDescriptor, obj: unknown, ctx: RequestContext, fields?: ReadonlySet<string>): void {
  const result = schema.safeParse(obj);
  if (result.success) return;
  const judged = fields === undefined ? result.error.issues : result.error.issues.filter((i) => i.path.length > 0 && fields.has(String(i.path[0])));
  if (judged.length === 0) return;
  const issues: ValidationIssue[] = judged.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
  throw new ValidationError(`${descriptor.kind} failed validation`, issues, ctx);
}

/**
 * Throws `ValidationError` when `obj` fails the descriptor's schema; does nothing without one.
 * With `fields`, only problems under those top-level fields count (a `/status` write: the server
 * takes nothing but the status from the body). Returns `undefined` (no promise) once the kind's
 * schema is loaded, so the hot path need not wait.
 */
export function validateObject(descriptor: ResourceDescriptor, obj: unknown, ctx: RequestContext, fields?: ReadonlySet<string>): Promise<void> | undefined {
  const cached = loaded.get(descriptor);
  if (cached !== undefined) {
    check(cached, descriptor, obj, ctx, fields);
    return undefined;
  }
  if (!descriptor.schema) return undefined;
  return descriptor.schema().then((schema) => {
    loaded.set(descriptor, schema);
    check(schema, descriptor, obj, ctx, fields);
  });
}
