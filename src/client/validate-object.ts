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

/** What zod reports of an object: its issues, with the path of each. */
export type SchemaIssues = ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;

const NO_ISSUES: SchemaIssues = [];

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

function issuesOf(schema: ObjectSchema, obj: unknown): SchemaIssues {
  const result = schema.safeParse(obj);
  return result.success ? NO_ISSUES : result.error.issues;
}

/** The zod schema's issues of `obj` (the schema loaded on first use), after `beforeSchema`. */
function zodIssues(descriptor: ResourceDescriptor, obj: unknown, beforeSchema: (() => void) | undefined): SchemaIssues | Promise<SchemaIssues> {
  beforeSchema?.();
  const cached = schemas.get(descriptor);
  if (cached !== undefined) return issuesOf(cached, obj);
  if (!descriptor.schema) return NO_ISSUES;
  return descriptor.schema().then((schema) => {
    schemas.set(descriptor, schema);
    return issuesOf(schema, obj);
  });
}

/**
 * The problems of `obj` under the descriptor's zod schema: none when the kind's write check passes
 * it (zod is then not even loaded) or when the kind has no schema. A plain value, no promise, once
 * what it needs is loaded. Client validation and the fake API server both judge writes with it.
 * @param beforeSchema - runs before zod judges an object the check refused
 */
export function schemaIssues(descriptor: ResourceDescriptor, obj: unknown, beforeSchema?: () => void): SchemaIssues | Promise<SchemaIssues> {
  const check = checks.get(descriptor);
  if (check !== undefined) return passes(check, obj) ? NO_ISSUES : zodIssues(descriptor, obj, beforeSchema);
  if (!descriptor.check) return zodIssues(descriptor, obj, beforeSchema);
  return descriptor.check().then((loaded) => {
    checks.set(descriptor, loaded);
    return passes(loaded, obj) ? NO_ISSUES : zodIssues(descriptor, obj, beforeSchema);
  });
}

/** Throws the `ValidationError` of `found`, counting only problems under `fields` when given. */
function report(descriptor: ResourceDescriptor, found: SchemaIssues, ctx: RequestContext, fields: ReadonlySet<string> | undefined): void {
  const judged = fields === undefined ? found : found.filter((i) => i.path.length > 0 && fields.has(String(i.path[0])));
  if (judged.length === 0) return;
  const issues: ValidationIssue[] = judged.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
  throw new ValidationError(`${descriptor.kind} failed validation`, issues, ctx);
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
  // Before the schema: zod would recurse forever on a cycle under a typed field.
  const found = schemaIssues(descriptor, obj, () => assertAcyclic(obj, ctx));
  if (found instanceof Promise) return found.then((f) => report(descriptor, f, ctx, fields));
  report(descriptor, found, ctx, fields);
  return undefined;
}
