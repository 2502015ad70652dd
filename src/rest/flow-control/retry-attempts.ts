/**
 * The attempt history of a retried call. `RetryingTransport` numbers every attempt it sends
 * (inner decorators read the number with `attemptNumberOf`) and, when a call needed more than
 * one attempt, records why each one failed on the call's final outcome — the last answer it
 * returns, or the error it throws — where `retryAttemptsOf()` reads it back.
 * @packageDocumentation
 */
import type { RestRequest } from '../transport/transport.js';

/** One attempt of a call that was retried, and why it did not settle the call. */
export interface RetryAttempt {
  /** 1-based attempt number. */
  attempt: number;
  /** Why the attempt failed, e.g. `HTTP 429 TooManyRequests, Retry-After 1s` or `ECONNRESET`. */
  reason: string;
  /** HTTP status of the attempt's answer, when there was one. */
  status?: number;
  /** Low-level error code (ECONNRESET, ...) when the attempt failed without an answer. */
  errorCode?: string;
  /** How long the client waited before the next attempt (absent on the last attempt). */
  delayMs?: number;
}

const histories = new WeakMap<object, readonly RetryAttempt[]>();

/**
 * The attempts a retried call made, in order (the last entry is the attempt whose outcome the
 * call returned or threw), read from that outcome: the `RestResponse`/`RestStream` returned by
 * the transport or the error it threw. Undefined when the call was settled by its first attempt.
 */
export function retryAttemptsOf(outcome: unknown): readonly RetryAttempt[] | undefined {
  if (outcome === null || (typeof outcome !== 'object' && typeof outcome !== 'function')) return undefined;
  return histories.get(outcome);
}

/** Records the attempt history on a call's final outcome (an answer or an error object). */
export function recordRetryAttempts(outcome: object, attempts: readonly RetryAttempt[]): void {
  histories.set(outcome, Object.freeze([...attempts]));
}

/** Formats attempts for a message: `#1 HTTP 503 ... (retried after 1000 ms); #2 ECONNRESET`. */
export function describeAttempts(attempts: readonly RetryAttempt[]): string {
  return attempts.map((a) => `#${a.attempt} ${a.reason}${a.delayMs !== undefined ? ` (retried after ${Math.round(a.delayMs)} ms)` : ''}`).join('; ');
}

const attemptNumbers = new WeakMap<RestRequest, number>();

/**
 * `req` tagged as attempt `attempt` of its call (read with `attemptNumberOf`): a tagged copy, or
 * `req` itself for the first attempt of an untagged request (attempt 1 already).
 */
export function withAttemptNumber(req: RestRequest, attempt: number): RestRequest {
  // An untagged request is attempt 1 already: no copy for the first attempt.
  if (attempt === 1 && !attemptNumbers.has(req)) return req;
  const copy = { ...req };
  attemptNumbers.set(copy, attempt);
  return copy;
}

/** The attempt number a request was tagged with by `RetryingTransport` (1 when untagged). */
export function attemptNumberOf(req: RestRequest): number {
  return attemptNumbers.get(req) ?? 1;
}
