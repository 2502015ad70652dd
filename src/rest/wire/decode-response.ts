/**
 * Turns raw answers into objects or typed errors: 2xx bodies are parsed as JSON, anything else
 * becomes an `ApiError` carrying the server's `Status` (synthesised when the body is not one).
 * @packageDocumentation
 */
import { parseJson } from '../../meta/exact-integers.js';
import { isStatus, type Status } from '../../meta/object.js';
import { ApiError, DecodeError, type RequestContext } from '../errors.js';
import { retryAttemptsOf } from '../flow-control/retry-attempts.js';
import type { RestResponse } from '../transport/transport.js';

const reasonByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The Kubernetes reason conventionally used for an HTTP status code. */
export function reasonForCode(code: number): string {
  return reasonByCode[code] ?? 'Unknown';
}

function header(headers: RestResponse['headers'], name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Parses a Retry-After header: delay-seconds or an HTTP date. Returns seconds (never negative),
 * or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Builds the `ApiError` for a non-2xx answer. `attemptsFrom` is the transport's original answer
 * object when `res` is a copy of it (the retry history is recorded on the original).
 */
export function apiErrorFrom(res: RestResponse, ctx: RequestContext, attemptsFrom: object = res): ApiError {
  let status: Status | undefined;
  try {
    const parsed: unknown = res.body ? JSON.parse(res.body) : undefined;
    if (isStatus(parsed)) status = parsed;
  } catch {
    // not JSON: synthesise below
  }
  if (!status || status.code === undefined) {
    const text = res.body.trim().slice(0, 512);
    status = {
      ...status,
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: res.status,
      reason: status?.reason ?? reasonForCode(res.status),
      message: status?.message ?? (text || `the server answered HTTP ${res.status}`),
    };
  }
  return new ApiError(status, ctx, parseRetryAfter(header(res.headers, 'retry-after')), retryAttemptsOf(attemptsFrom));
}

/**
 * The shape a verb promises: `object` (get, create, update, patch, delete: one JSON object), `list`
 * (an object whose `items`, when present, is an array), or `any` JSON.
 */
export type ResponseShape = 'object' | 'list' | 'any';

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Returns the decoded JSON body of a 2xx answer, or throws `ApiError` / `DecodeError`. An answer
 * that is not the shape the verb promises (`null`, an array or a string where an object is due,
 * a list whose `items` is not an array) is a `DecodeError` naming the verb and resource. A list
 * with `items: null` (how Go encodes an empty slice) gets `items: []`.
 * @param res - the answer
 * @param ctx - the request, for errors
 * @param shape - what the verb promises (default `any`)
 * @returns the decoded body
 */
export function decodeResponse<T>(res: RestResponse, ctx: RequestContext, shape: ResponseShape = 'any'): T {
  if (res.status < 200 || res.status > 299) throw apiErrorFrom(res, ctx);
  let parsed: unknown;
  try {
    parsed = parseJson(res.body);
  } catch (cause) {
    throw new DecodeError(`the server's answer is not valid JSON (HTTP ${res.status})`, { cause, request: ctx, httpStatus: res.status, body: res.body });
  }
  if (shape === 'any') return parsed as T;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DecodeError(`the server answered ${describeJson(parsed)} where ${shape === 'list' ? 'a list' : 'an object'} was expected (HTTP ${res.status})`, { request: ctx, httpStatus: res.status, body: res.body });
  }
  if (shape === 'list') {
    const list = parsed as { items?: unknown };
    if (list.items === null) list.items = [];
    else if (list.items !== undefined && !Array.isArray(list.items)) {
      throw new DecodeError(`the server answered a list whose items is ${describeJson(list.items)}, not an array (HTTP ${res.status})`, { request: ctx, httpStatus: res.status, body: res.body });
    }
  }
  return parsed as T;
}
