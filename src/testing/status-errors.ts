/**
 * The `metav1.Status` failure bodies the API server sends, built the way apimachinery's
 * `errors.New*` functions build them, so that a fake answer decodes into the same `ApiError`
 * (reason, code, details, message) as a real one.
 * @packageDocumentation
 */
import type { Status, StatusCause } from '../meta/object.js';

/** The group and plural of a resource, e.g. `{ group: 'scheduling.koordinator.sh', resource: 'reservations' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** `plural.group`, or the plural alone for the core group (`namespaces`). */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
  if (details) {
    // Go leaves empty detail fields out (omitempty).
    const d: NonNullable<Status['details']> = {};
    for (const [k, v] of Object.entries(details)) if (v !== '' && v !== undefined) (d as Record<string, unknown>)[k] = v;
    s.details = d;
  }
  s.code = code;
  return s;
}

/** 404 NotFound: `reservations.scheduling.koordinator.sh "x" not found`. */
export function notFound(gr: GroupResource, name: string): Status {
  return failure(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });
}

/** 409 AlreadyExists: `reservations.scheduling.koordinator.sh "x" already exists`. */
export function alreadyExists(gr: GroupResource, name: string): Status {
  return failure(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, { name, group: gr.group, kind: gr.resource });
}

/** 409 Conflict: `Operation cannot be fulfilled on <resource> "x": <why>`. */
export function conflict(gr: GroupResource, name: string, why: string): Status {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, { name, group: gr.group, kind: gr.resource });
}

/** 409 Conflict of a delete precondition, which the server words with the Kind: `Operation cannot be fulfilled on Kind.group "x": <why>`. */
export function preconditionFailed(kind: string, group: string, name: string, why: string): Status {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${group ? `${kind}.${group}` : kind} "${name}": ${why}`, { name, group, kind });
}

/** The message of a stale resourceVersion on update. */
export const optimisticLockMessage = 'the object has been modified; please apply your changes to the latest version and try again';

/** One invalid field, as `field.Error` reports it. */
export interface FieldError {
  /** `FieldValueInvalid`, `FieldValueRequired`, `FieldValueTypeInvalid`, `FieldValueNotSupported`, ... */
  type: string;
  /** Dotted path, e.g. `spec.ttl` or `spec.owners[0].object`. */
  field: string;
  /** The error without the field path, e.g. `Required value`. */
  detail: string;
}

/**
 * 422 Invalid: `Kind.group "x" is invalid: field: detail` (several errors in brackets). `kind`
 * is the Kind for schema errors, the plural for some metadata errors (as the server does).
 */
export function invalid(kind: string, group: string, name: string, errors: readonly FieldError[]): Status {
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field }));
  const parts = errors.map((e) => (e.field ? `${e.field}: ${e.detail}` : e.detail));
  const what = group ? `${kind}.${group}` : kind;
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return failure(422, 'Invalid', `${what} "${name}" is invalid: ${list}`, { name, group, kind, causes });
}

/** 400 BadRequest with a message. */
export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

/** 410 Expired (a watch or list from a compacted resourceVersion). */
export function expired(message: string): Status {
  return failure(410, 'Expired', message);
}

/** The generic 422 of a patch that does not apply. */
export function patchRejected(): Status {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

/** 405 MethodNotAllowed for a verb the resource does not support. */
export function methodNotSupported(gr: GroupResource, verb: string): Status {
  return failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualifiedResource(gr)}"`, { group: gr.group, kind: gr.resource });
}

/** 415 UnsupportedMediaType for a patch type the resource does not accept. */
export function unsupportedMediaType(supported: readonly string[]): Status {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`);
}

/** 500 InternalError. */
export function internalError(message: string): Status {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}
