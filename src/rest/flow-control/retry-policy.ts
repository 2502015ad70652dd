/**
 * When a failed attempt is tried again, and after how long: the decision table of
 * `RetryingTransport`, as a pure function (client-go `rest.withRetry.IsNextRetry` + `checkWait`):
 *
 * | attempt outcome                                   | verb          | decision                                  |
 * |---------------------------------------------------|---------------|-------------------------------------------|
 * | 429 or 5xx with `Retry-After` (seconds or a date) | any           | retry after at least Retry-After          |
 * | 429 or 5xx without `Retry-After`                  | any           | not retried (client-go `checkWait`)       |
 * | any other status (2xx, 3xx, 4xx)                  | any           | not retried                               |
 * | transient `NetworkError` (reset, refused, ...)    | read (GET)    | retry with exponential backoff + jitter   |
 * | transient `NetworkError` with `notSent`           | write         | retry with exponential backoff + jitter   |
 * | `NetworkError` that may have reached the server   | write         | not retried (a write is not idempotent)   |
 * | permanent `NetworkError` (TLS, certificate, DNS)  | any           | not retried                               |
 * | `AbortError` (caller's signal or timeout), other  | any           | not retried                               |
 *
 * A call makes at most `maxAttempts` attempts (11: client-go's first attempt plus its
 * `maxRetries` of 10), and never waits past its own deadline: when the next wait would end after
 * the caller's `timeoutMs`, the call settles with the outcome it has.
 *
 * Connection failures use the same budget as client-go: 10 retries about 1 s apart (here 250 ms,
 * 500 ms, then 1 s, plus jitter: about 10 s in all), then the call fails with
 * `RetryExhaustedError`; the first retry logs a warning naming the server. Certificate, TLS and
 * OpenSSL errors, an unknown host name and a closed client are never retried.
 *
 * Beyond client-go: Retry-After may be an HTTP date; connection errors are retried with
 * exponential backoff and jitter instead of a fixed 1 s; connection *refused* is retried too,
 * for writes as well, because the request provably never left the client (`notSent`); waits
 * get a little jitter so that many clients told "Retry-After: 1" do not come back in lockstep.
 * @packageDocumentation
 */
import { parseRetryAfter, reasonForCode } from '../wire/decode-response.js';
import { AbortError, NetworkError } from '../errors.js';
import { describeError } from '../transport/logger.js';
import type { RestRequest, RestResponse } from '../transport/transport.js';

/** Retry settings (every field optional; see `DEFAULT_RETRY_OPTIONS`). */
export interface RetryOptions {
  /** Attempts per call, the first included (default 11 = client-go's 1 + `maxRetries` 10). `1` disables retries. */
  maxAttempts?: number;
  /** Backoff before the first retry after a connection error, in ms (default 250). */
  initialBackoffMs?: number;
  /** Growth factor of the backoff per attempt (default 2). */
  backoffFactor?: number;
  /**
   * Upper bound of the backoff (before jitter), in ms (default 1000: with the other defaults a
   * call gives up on an unreachable server after about 10 s, as client-go's 10 retries 1 s apart).
   */
  maxBackoffMs?: number;
  /**
   * Random extra wait, as a fraction of the wait: each wait (backoff or Retry-After) is multiplied
   * by `1 + jitter * random()` — never shorter than asked (default 0.2).
   */
  jitter?: number;
  /** Source of randomness in [0, 1) for the jitter (tests). */
  random?: () => number;
  /**
   * Decides whether a request is a read that can be repeated after a connection error.
   * Default: `GET` requests (get, list, watch, discovery).
   */
  isRead?: (req: RestRequest) => boolean;
}

/** Retry settings with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The retry defaults. */
export const DEFAULT_RETRY_OPTIONS: Readonly<ResolvedRetryOptions> = Object.freeze({
  maxAttempts: 11,
  initialBackoffMs: 250,
  backoffFactor: 2,
  maxBackoffMs: 1000,
  jitter: 0.2,
  random: Math.random,
  isRead: (req: RestRequest) => req.method === 'GET',
});

/** Fills in the defaults and checks the values. */
export function resolveRetryOptions(opts: RetryOptions = {}): ResolvedRetryOptions {
  const out: ResolvedRetryOptions = { ...DEFAULT_RETRY_OPTIONS };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  if (!Number.isInteger(out.maxAttempts) || out.maxAttempts < 1) throw new RangeError(`retry.maxAttempts must be an integer >= 1 (got ${out.maxAttempts})`);
  for (const k of ['initialBackoffMs', 'backoffFactor', 'maxBackoffMs', 'jitter'] as const) {
    if (!(out[k] >= 0) || !Number.isFinite(out[k])) throw new RangeError(`retry.${k} must be a finite number >= 0 (got ${out[k]})`);
  }
  return out;
}

/** What one attempt produced: an HTTP answer (of a request or a stream), or a thrown error. */
export type AttemptOutcome = { kind: 'answer'; status: number; headers: RestResponse['headers'] } | { kind: 'error'; error: unknown };

/** The verdict on a failed attempt. */
export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | {
      retry: false;
      reason: string;
      /** Why the call stops: the outcome is final, the budget is spent, or the wait would pass the deadline. */
      stop: 'success' | 'not-retryable' | 'exhausted' | 'deadline';
    };

/**
 * Error codes that no amount of retrying fixes: certificate and TLS failures, an unresolvable
 * host name, a malformed URL, a transport that was closed.
 */
const permanentCodes = new Set([
  'ERR_TRANSPORT_CLOSED',
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'ERR_INVALID_ARG_TYPE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/**
 * True when a failure to reach the server may go away by itself: a `NetworkError` (reset,
 * refused, socket closed, timeouts before an answer, ...) other than a certificate/TLS or DNS
 * name failure.
 */
export function isTransientNetworkError(err: unknown): err is NetworkError {
  if (!(err instanceof NetworkError)) return false;
  const code = err.errorCode;
  if (code === undefined) return true;
  if (permanentCodes.has(code)) return false;
  return !(code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('ERR_OSSL_') || code.startsWith('CERT_'));
}

function headerValue(headers: RestResponse['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** Seconds of a `Retry-After` header (delay-seconds or HTTP date), if present and valid. */
export function retryAfterSeconds(headers: RestResponse['headers'], now: number = Date.now()): number | undefined {
  return parseRetryAfter(headerValue(headers, 'retry-after'), now);
}

/** The backoff before retry number `retry` (1 for the first retry), before jitter. */
export function backoffDelayMs(opts: ResolvedRetryOptions, retry: number): number {
  return Math.min(opts.maxBackoffMs, opts.initialBackoffMs * opts.backoffFactor ** Math.max(0, retry - 1));
}

function withJitter(opts: ResolvedRetryOptions, ms: number): number {
  return ms * (1 + opts.jitter * Math.min(1, Math.max(0, opts.random())));
}

function describeStatus(status: number): string {
  const reason = reasonForCode(status);
  return reason === 'Unknown' ? `HTTP ${status}` : `HTTP ${status} ${reason}`;
}

/** A short reason for a thrown attempt error: its code (`ECONNRESET`), or name and message. */
export function describeAttemptError(err: unknown): string {
  if (err instanceof NetworkError && err.errorCode) return `${err.errorCode}${err.notSent ? ' (not sent)' : ''}`;
  return describeError(err);
}

/**
 * Decides what to do after attempt number `attempt` (1-based) of `req` produced `outcome`.
 * `remainingMs` is the time left before the caller's deadline (undefined without one).
 */
export function decideRetry(opts: ResolvedRetryOptions, req: RestRequest, outcome: AttemptOutcome, attempt: number, remainingMs?: number): RetryDecision {
  let delayMs: number;
  let reason: string;
  if (outcome.kind === 'answer') {
    const { status } = outcome;
    if (status < 400) return { retry: false, reason: describeStatus(status), stop: 'success' };
    if (status !== 429 && status < 500) return { retry: false, reason: describeStatus(status), stop: 'not-retryable' };
    const seconds = retryAfterSeconds(outcome.headers);
    if (seconds === undefined) return { retry: false, reason: `${describeStatus(status)} without Retry-After`, stop: 'not-retryable' };
    reason = `${describeStatus(status)}, Retry-After ${seconds}s`;
    delayMs = withJitter(opts, seconds * 1000);
  } else {
    const err = outcome.error;
    reason = describeAttemptError(err);
    if (err instanceof AbortError || !isTransientNetworkError(err)) return { retry: false, reason, stop: 'not-retryable' };
    if (!opts.isRead(req) && !err.notSent) {
      return { retry: false, reason: `${reason}; a ${req.context.verb} that may have reached the server is not repeated`, stop: 'not-retryable' };
    }
    delayMs = withJitter(opts, backoffDelayMs(opts, attempt));
  }
  if (attempt >= opts.maxAttempts) return { retry: false, reason, stop: 'exhausted' };
  if (remainingMs !== undefined && delayMs >= remainingMs) {
    return { retry: false, reason: `${reason}; the next attempt (in ${Math.round(delayMs)} ms) would pass the call's deadline`, stop: 'deadline' };
  }
  return { retry: true, delayMs, reason };
}
