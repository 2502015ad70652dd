/**
 * Client-side validation of objects before the network. A kind's generated write check (plain
 * code, no zod) answers first; only an object it refuses goes through the kind's (lazily built)
 * zod schema, which lists every problem, so bad input fails with all of them and zod is loaded
 * only when needed.
 * @packageDocumentation
 */
import type { ObjectCheck, ObjectSchema, ResourceDescriptor } from '../meta/descriptor.js';
import { ValidationError, type RequestContext, type ValidationIssue } from '../rest/errors.js';
import { assertAcyclic } from '../rest/wire/serialize-body.js';

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
 * Checks and schemas already loaded, per descriptor: after the first write of a kind, validation
 * is a plain synchronous call (loading goes through a dynamic `import()`, which costs several
 * times the validation itself on every call).
 */
const checks = new WeakMap<ResourceDescriptor, ObjectCheck>();
const schemas = new WeakMap<ResourceDescriptor, ObjectSchema>();

function judge(schema: ObjectSchema, descriptor: ResourceDescriptor, obj: unknown, ctx: RequestContext, fields?: ReadonlySet<string>): void {
  const result = schema.safeParse(obj);
  if (result.success) return;
  const judged = fields === undefined ? result.error.issues : result.error.issues.filter((i) => i.path.length > 0 && fields.has(String(i.path[0])));
  if (judged.length === 0) return;
  const issues: ValidationIssue[] = judged.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
  throw new ValidationError(`${descriptor.kind} failed validation`, issues, ctx);
}

/**
 * True when the check passes `obj`. A circular reference under a checked field makes the check
 * recurse until the stack overflows: that, like anything else the check throws, counts as a no,
 * and the slow path names the problem.
 */
function passes(check: ObjectCheck, obj: unknown): boolean {
  try {
    return check(obj);
  } catch {
    return false;
  }
}

/** Judges `obj` with the zod schema (loading it on first use), after ruling out cycles. */
function judgeWithSchema(descriptor: ResourceDescriptor, obj: unknown, ctx: RequestContext, fields?: ReadonlySet<string>): Promise<void> | undefined {
  // Before the schema: zod would recurse forever on a cycle under a typed field.
  assertAcyclic(obj, ctx);
  const cached = schemas.get(descriptor);
  if (cached !== undefined) {
    judge(cached, descriptor, obj, ctx, fields);
    return undefined;
  }
  if (!descriptor.schema) return undefined;
  return descriptor.schema().then((schema) => {
    schemas.set(descriptor, schema);
    judge(schema, descriptor, obj, ctx, fields);
  });
}

/**
 * Throws `ValidationError` when `obj` fails the descriptor's schema; does nothing without one.
 * A circular reference the check does not walk into (under a free-form field) is left to the
 * serialization of the body, which reports it with its path.
 * With `fields`, only problems under those top-level fields count (a `/status` write: the server
 * takes nothing but the status from the body). Returns `undefined` (no promise) once the kind's
 * check is loaded and passes, so the hot path need not wait.
 */
export function validateObject(descriptor: ResourceDescriptor, obj: unknown, ctx: RequestContext, fields?: ReadonlySet<string>): Promise<void> | undefined {
  const check = checks.get(descriptor);
  if (check !== undefined) return passes(check, obj) ? undefined : judgeWithSchema(descriptor, obj, ctx, fields);
  if (!descriptor.check) return judgeWithSchema(descriptor, obj, ctx, fields);
  return descriptor.check().then((loaded) => {
    checks.set(descriptor, loaded);
    if (!passes(loaded, obj)) return judgeWithSchema(descriptor, obj, ctx, fields);
  });
}
