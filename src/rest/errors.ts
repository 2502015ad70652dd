/**
 * The client's error types. `ApiError` carries the server's `Status`; `NetworkError` a failure
 * to reach the server; `DecodeError` an undecodable answer; `ValidationError` bad input caught
 * before the network; `ConfigError` a bad kubeconfig. None of them ever holds a credential.
 * @packageDocumentation
 */
import type { Status, StatusCause } from '../meta/object.js';
import type { RetryAttempt } from './flow-control/retry-attempts.js';

/** What a request was about, attached to every error for context. */
export interface RequestContext {
  /** The API verb: get, list, create, update, patch, delete, watch, ... */
  verb: string;
  /** `group/version/plural` (or the URL path when there is no resource). */
  resource?: string;
  namespace?: string;
  name?: string;
}

function describe(ctx: RequestContext | undefined): string {
  if (!ctx) return '';
  const target = [ctx.resource, ctx.namespace && `namespace ${ctx.namespace}`, ctx.name && `name ${ctx.name}`].filter(Boolean).join(', ');
  return target ? `${ctx.verb} ${target}: ` : `${ctx.verb}: `;
}

/**
 * The brand every error of this library carries: the list of its error kinds (`ApiError`,
 * `KubeClientError`, ...), under a `Symbol.for` key so that every copy of the package in a process
 * (its ESM and CommonJS builds, or two installed versions) recognises the others' errors.
 */
const ERROR_KINDS: unique symbol = Symbol.for('koordinator-client.error-kinds') as never;

/** A class of this library's errors, identified by its stable kind name. */
interface BrandedErrorClass {
  readonly errorKind: string;
}

function errorKindsOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kinds = (value as { [ERROR_KINDS]?: unknown })[ERROR_KINDS];
  return Array.isArray(kinds) ? (kinds as string[]) : undefined;
}

/**
 * Base class of every error this library throws.
 *
 * `instanceof` (and so every `is*` predicate) also recognises errors thrown by another copy of
 * this package in the same process (the dual-package hazard: an ESM and a CommonJS copy, or two
 * versions), through a brand stored under a `Symbol.for` key.
 */
export class KubeClientError extends Error {
  /** The stable name `instanceof` matches across copies of the package. */
  static readonly errorKind: string = 'KubeClientError';

  /** `instanceof` that also holds for this library's errors from another copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // A user's subclass without its own kind only matches its own instances.
    if (!Object.hasOwn(this, 'errorKind')) return false;
    return errorKindsOf(value)?.includes((this as unknown as BrandedErrorClass).errorKind) ?? false;
  }

  override readonly name: string = 'KubeClientError';
  /** The request the error happened in, when there was one. */
  readonly request?: RequestContext;
  constructor(message: string, options?: { cause?: unknown; request?: RequestContext | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.request) this.request = options.request;
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'errorKind')) kinds.push((c as unknown as BrandedErrorClass).errorKind);
    }
    Object.defineProperty(this, ERROR_KINDS, { value: Object.freeze(kinds), enumerable: false });
  }
}

/** An error answer from the API server, with its decoded `Status`. */
export class ApiError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'ApiError';
  override readonly name = 'ApiError';
  /** HTTP status code. */
  readonly code: number;
  /** Machine-readable reason (`NotFound`, `Conflict`, `Invalid`, ...), `Unknown` when absent. */
  readonly reason: string;
  /** The server's Status object (synthesised from the HTTP answer when the body was not one). */
  readonly status: Status;
  /** Seconds the server asked the client to wait (Retry-After or details.retryAfterSeconds). */
  readonly retryAfterSeconds?: number;
  /** Every attempt of the call when it was retried (the last one gave this answer). */
  readonly attempts?: readonly RetryAttempt[];
  constructor(status: Status, request?: RequestContext, retryAfterSeconds?: number, attempts?: readonly RetryAttempt[]) {
    const code = status.code ?? 0;
    const tried = attempts && attempts.length > 1 ? ` after ${attempts.length} attempts: ${attempts.map((a) => `#${a.attempt} ${a.reason}`).join('; ')}` : '';
    super(`${describe(request)}${status.message ?? `server answered ${code}`} (${code} ${status.reason ?? 'Unknown'})${tried}`, { request });
    if (attempts && attempts.length > 1) this.attempts = attempts;
    this.code = code;
    this.reason = status.reason ?? 'Unknown';
    this.status = status;
    const ra = retryAfterSeconds ?? status.details?.retryAfterSeconds;
    if (ra !== undefined) this.retryAfterSeconds = ra;
  }
  /** Field-level causes (for 422 Invalid). */
  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }
}

/** The server could not be reached or the connection failed before a complete answer. */
export class NetworkError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'NetworkError';
  override readonly name: string = 'NetworkError';
  /** Low-level error code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, ...). */
  readonly errorCode?: string;
  /** True when the request provably never reached the server (e.g. connection refused). */
  readonly notSent: boolean;
  /** The server (`https://host:port`, never with credentials) the connection was to, when known. */
  readonly server?: string;
  constructor(message: string, options: { cause?: unknown; request?: RequestContext; errorCode?: string; notSent?: boolean; server?: string }) {
    super(`${describe(options.request)}${message}`, options);
    if (options.errorCode !== undefined) this.errorCode = options.errorCode;
    this.notSent = options.notSent ?? false;
    if (options.server !== undefined) this.server = options.server;
  }
}

/**
 * The client (its transport) was closed: the call was refused, or stopped, by `close()`. A
 * `NetworkError` with `errorCode` `ERR_TRANSPORT_CLOSED`; never retried.
 */
export class ClientClosedError extends NetworkError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'ClientClosedError';
  override readonly name: string = 'ClientClosedError';
  constructor(options: { request?: RequestContext; notSent?: boolean; message?: string }) {
    super(options.message ?? 'the client is closed', { request: options.request, errorCode: 'ERR_TRANSPORT_CLOSED', notSent: options.notSent ?? true });
  }
}

/** True when `err` says the client was closed (see {@link ClientClosedError}). */
export function isClientClosed(err: unknown): err is NetworkError {
  return err instanceof NetworkError && err.errorCode === 'ERR_TRANSPORT_CLOSED';
}

/** The call was aborted by its AbortSignal or ran past its timeout. */
export class AbortError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'AbortError';
  override readonly name = 'AbortError';
  /** True when the call's own `timeoutMs` elapsed (rather than the caller's signal). */
  readonly timedOut: boolean;
  constructor(message: string, options: { cause?: unknown; request?: RequestContext; timedOut?: boolean }) {
    super(`${describe(options.request)}${message}`, options);
    this.timedOut = options.timedOut ?? false;
  }
}

/** The server answered something that could not be decoded. */
export class DecodeError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'DecodeError';
  override readonly name: string = 'DecodeError';
  /** HTTP status of the undecodable answer. */
  readonly httpStatus?: number;
  /** The first bytes of the body, for diagnosis. */
  readonly bodyExcerpt?: string;
  constructor(message: string, options: { cause?: unknown; request?: RequestContext; httpStatus?: number; body?: string }) {
    super(`${describe(options.request)}${message}`, options);
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.body !== undefined) this.bodyExcerpt = options.body.slice(0, 512);
  }
}

/**
 * An answer, or one watch event, larger than the configured cap (`maxResponseBytes`,
 * `maxWatchEventBytes`); the connection is dropped instead of buffering without bound.
 */
export class ResponseTooLargeError extends DecodeError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'ResponseTooLargeError';
  override readonly name: string = 'ResponseTooLargeError';
  /** The cap that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(what: string, limitBytes: number, request?: RequestContext) {
    super(`${what} is larger than the ${limitBytes} bytes allowed`, { request });
    this.limitBytes = limitBytes;
  }
}

/** One problem found in an object before it was sent. */
export interface ValidationIssue {
  /** JSON path of the offending field, e.g. `spec.template.metadata.name`. */
  path: string;
  message: string;
}

/** Bad input caught before the network: an invalid object, name, namespace or option. */
export class ValidationError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'ValidationError';
  override readonly name: string = 'ValidationError';
  readonly issues: ValidationIssue[];
  constructor(message: string, issues: ValidationIssue[], request?: RequestContext) {
    const detail = issues.length ? `: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}` : '';
    super(`${describe(request)}${message}${detail}`, { request });
    this.issues = issues;
  }
}

/**
 * A write refused because it would send an integer beyond 2^53 that was rounded when it was read
 * (a Go int64 such as 9007199254740993 arrives as 9007199254740992) and whose exact value is no
 * longer known: the object was copied in a way that lost it (`structuredClone`, a JSON round
 * trip; `deepCopy` and spreads keep it). Nothing was sent. Re-read the object, or change it
 * through a copy made with `deepCopy`.
 */
export class PrecisionLossError extends ValidationError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'PrecisionLossError';
  override readonly name: string = 'PrecisionLossError';
}

/** A kubeconfig or in-cluster configuration that cannot be used. */
export class ConfigError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'ConfigError';
  override readonly name = 'ConfigError';
}

function hasReason(err: unknown, reason: string, code?: number): boolean {
  return err instanceof ApiError && (err.reason === reason || (code !== undefined && err.reason === 'Unknown' && err.code === code));
}

/** The object does not exist (404 NotFound). */
export const isNotFound = (err: unknown): err is ApiError => hasReason(err, 'NotFound', 404);
/** An object of that name already exists (409 AlreadyExists). */
export const isAlreadyExists = (err: unknown): err is ApiError => hasReason(err, 'AlreadyExists');
/** A write lost an optimistic-concurrency race, or an apply conflicted (409 Conflict). */
export const isConflict = (err: unknown): err is ApiError => hasReason(err, 'Conflict', 409);
/** The object failed the server's validation (422 Invalid); see `causes`. */
export const isInvalid = (err: unknown): err is ApiError => hasReason(err, 'Invalid', 422);
/** The caller may not do this (403 Forbidden). */
export const isForbidden = (err: unknown): err is ApiError => hasReason(err, 'Forbidden', 403);
/** The caller is not authenticated (401 Unauthorized). */
export const isUnauthorized = (err: unknown): err is ApiError => hasReason(err, 'Unauthorized', 401);
/** The resourceVersion is too old (410 Gone / Expired). */
export const isGone = (err: unknown): err is ApiError => hasReason(err, 'Gone', 410) || hasReason(err, 'Expired');
/**
 * A list or watch asked for a resourceVersion newer than the server has (504 with cause
 * `ResourceVersionTooLarge`, or the older servers' "Too large resource version" message).
 */
export const isResourceVersionTooLarge = (err: unknown): err is ApiError =>
  err instanceof ApiError && (err.causes.some((c) => c.reason === 'ResourceVersionTooLarge' || c.message === 'Too large resource version') || (isServerTimeout(err) && err.message.includes('Too large resource version')));
/** The server asked the client to slow down (429 TooManyRequests). */
export const isTooManyRequests = (err: unknown): err is ApiError => hasReason(err, 'TooManyRequests', 429);
/** The server timed out processing the request (504 / Timeout, or ServerTimeout). */
export const isServerTimeout = (err: unknown): err is ApiError => hasReason(err, 'ServerTimeout') || hasReason(err, 'Timeout', 504);
/** The request was malformed (400 BadRequest). */
export const isBadRequest = (err: unknown): err is ApiError => hasReason(err, 'BadRequest', 400);
/** The verb is not supported for this resource (405 MethodNotAllowed). */
export const isMethodNotSupported = (err: unknown): err is ApiError => hasReason(err, 'MethodNotAllowed', 405);
/** The content type (e.g. a patch type) is not supported (415 UnsupportedMediaType). */
export const isUnsupportedMediaType = (err: unknown): err is ApiError => hasReason(err, 'UnsupportedMediaType', 415);
/** The server is unavailable (503 ServiceUnavailable). */
export const isServiceUnavailable = (err: unknown): err is ApiError => hasReason(err, 'ServiceUnavailable', 503);
/** An internal server error (500 InternalError). */
export const isInternalError = (err: unknown): err is ApiError => hasReason(err, 'InternalError', 500);
