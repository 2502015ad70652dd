/**
 * `RetryingTransport`: repeats failed attempts according to the retry policy (`retry-policy.ts`):
 * 429/5xx answers that carry Retry-After for every verb, connection failures for reads and for
 * writes that provably were not sent, with exponential backoff and jitter, up to `maxAttempts`.
 * The caller's `AbortSignal` and `timeoutMs` bound the whole call: an abort during a wait stops
 * it at once, and each attempt gets only the time that is left.
 *
 * A hand-written loop rather than p-retry: the wait is dictated per attempt by the server
 * (Retry-After), most outcomes worth retrying are *answers* that are returned, not errors that
 * are thrown, the clock must be injectable for deterministic tests, and an abort must surface as
 * this library's `AbortError` with the request's context — p-retry computes its own delays,
 * only retries thrown errors, sleeps on the real `setTimeout` and rejects with the signal's
 * reason.
 *
 * How the outcome of a retried call is reported:
 * - an HTTP answer (429/5xx after the last attempt, or any answer that is not retried) is
 *   returned as usual, so the client turns it into the usual `ApiError` (`isTooManyRequests`
 *   etc. keep working); `retryAttemptsOf(answer)` lists every attempt and why it failed;
 * - when every attempt failed to reach the server, a `RetryExhaustedError` (a `NetworkError`)
 *   is thrown, listing every attempt in its message and `attempts`;
 * - any other thrown error (a write not repeated, an abort) is thrown as is, with
 *   `retryAttemptsOf(error)` listing the attempts made.
 * A call settled by its first attempt is passed through untouched.
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import { CallDeadline } from '../transport/call-deadline.js';
import { systemClock, type Clock } from '../transport/clock.js';
import { NetworkError } from '../errors.js';
import { silentLogger, type Logger } from '../transport/logger.js';
import { callHook, requestInfo, type DecoratorOptions, type TransportHooks } from '../transport/observability.js';
import type { RateLimiter } from './rate-limiter.js';
import { recordRetryAttempts, withAttemptNumber, type RetryAttempt } from './retry-attempts.js';
import { RetryExhaustedError } from './retry-exhausted-error.js';
import { decideRetry, resolveRetryOptions, type AttemptOutcome, type ResolvedRetryOptions, type RetryOptions } from './retry-policy.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../transport/transport.js';

/** Settings of `RetryingTransport` besides the policy. */
export interface RetryingTransportOptions extends DecoratorOptions {
  /**
   * A limiter each *retry* of a stream waits for. Streams are not rate limited on their first
   * attempt, but client-go throttles the re-attempts of a watch like any retry; pass the
   * Clientset's limiter to do the same (`composeTransport` does).
   */
  streamRetryLimiter?: RateLimiter;
}

type Attempt<R> = { ok: true; value: R; outcome: AttemptOutcome } | { ok: false; error: unknown; outcome: AttemptOutcome };

/** Retries failed attempts of an inner transport. */
export class RetryingTransport implements Transport {
  /** The resolved policy. */
  readonly policy: ResolvedRetryOptions;
  private readonly hooks: TransportHooks | undefined;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly streamRetryLimiter: RateLimiter | undefined;

  /**
   * @param inner - the transport each attempt is sent through (rate limiting belongs below this
   *   one, so that every attempt waits for a token)
   * @param policy - retry settings (defaults: `DEFAULT_RETRY_OPTIONS`)
   * @param opts - hooks (`onRetry`), logger, clock, stream retry limiter
   */
  constructor(
    private readonly inner: Transport,
    policy: RetryOptions = {},
    opts: RetryingTransportOptions = {},
  ) {
    this.policy = resolveRetryOptions(policy);
    this.hooks = opts.hooks;
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.streamRetryLimiter = opts.streamRetryLimiter;
  }

  /** Sends the request, retrying as the policy allows; see the module notes for the outcome. */
  request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    return this.run(req, opts, false, async (r, o) => {
      try {
        const res = await this.inner.request(r, o);
        return { ok: true, value: res, outcome: { kind: 'answer', status: res.status, headers: res.headers } };
      } catch (error) {
        return { ok: false, error, outcome: { kind: 'error', error } };
      }
    });
  }

  /**
   * Opens the stream, retrying its establishment (before any event is read) like a read:
   * connection failures and Retry-After answers. Once open, a stream is never re-established
   * here (resuming a watch is the reflector's job: it knows the resourceVersion).
   */
  stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    return this.run(req, opts, true, async (r, o) => {
      try {
        const s = await this.inner.stream(r, o);
        return { ok: true, value: s, outcome: { kind: 'answer', status: s.status, headers: s.headers } };
      } catch (error) {
        return { ok: false, error, outcome: { kind: 'error', error } };
      }
    });
  }

  /** Closes the inner transport. */
  close(): Promise<void> {
    return this.inner.close();
  }

  private async run<R extends RestResponse | RestStream>(
    req: RestRequest,
    opts: CallOptions | undefined,
    stream: boolean,
    send: (r: RestRequest, o: CallOptions) => Promise<Attempt<R>>,
  ): Promise<R> {
    const deadline = new CallDeadline(opts, this.clock, req.context);
    const attempts: RetryAttempt[] = [];
    const fail = (error: unknown): never => {
      if (attempts.length > 0 && error !== null && typeof error === 'object') recordRetryAttempts(error, attempts);
      throw error;
    };
    for (let n = 1; ; n++) {
      if (n > 1 && stream && this.streamRetryLimiter) {
        const limiter = this.streamRetryLimiter;
        await deadline.guard((signal) => limiter.acquire(signal)).catch(fail);
      }
      let innerOpts: CallOptions;
      try {
        innerOpts = deadline.innerOptions();
      } catch (err) {
        return fail(err);
      }
      const result = await send(withAttemptNumber(req, n), innerOpts);
      const decision = decideRetry(this.policy, req, result.outcome, n, deadline.remainingMs());
      if (!decision.retry) {
        if (decision.stop === 'success' && attempts.length === 0) {
          if (result.ok) return result.value;
          return fail(result.error);
        }
        const last: RetryAttempt = { attempt: n, reason: decision.reason };
        describeOutcome(last, result.outcome);
        attempts.push(last);
        if (attempts.length > 1) {
          const info = requestInfo(req, stream, n);
          this.logger.debug({ verb: info.verb, method: info.method, path: info.path, attempts: attempts.length }, `${req.method} ${info.path} settled after ${attempts.length} attempts: ${decision.reason}`);
        }
        if (result.ok) {
          // recorded on the answer object itself: a copy would lose a class instance's methods (a stream's cancel)
          if (attempts.length > 1) recordRetryAttempts(result.value, attempts);
          return result.value;
        }
        if (attempts.length === 1) throw result.error;
        if (decision.stop === 'exhausted' && result.error instanceof NetworkError) throw new RetryExhaustedError(result.error, attempts, req.context);
        return fail(result.error);
      }
      const entry: RetryAttempt = { attempt: n, reason: decision.reason, delayMs: decision.delayMs };
      describeOutcome(entry, result.outcome);
      attempts.push(entry);
      const info = requestInfo(req, stream, n);
      const retryInfo = { ...info, delayMs: decision.delayMs, reason: decision.reason, ...(entry.status !== undefined ? { status: entry.status } : {}), ...(entry.errorCode !== undefined ? { errorCode: entry.errorCode } : {}) };
      callHook(this.hooks, 'onRetry', retryInfo, this.logger);
      if (n === 1 && !result.ok && result.error instanceof NetworkError) {
        // The first retry after a connection failure is worth a warning: the message names the server.
        const e = result.error;
        const server = e.server ?? 'the API server';
        const what = e.notSent ? `cannot connect to ${server}` : `connection to ${server} failed`;
        this.logger.warn(
          { verb: info.verb, method: info.method, path: info.path, ...(e.errorCode ? { errorCode: e.errorCode } : {}), ...(e.server ? { server: e.server } : {}) },
          `${what} (${e.errorCode ?? 'network error'}) during ${req.method} ${info.path}; retrying, at most ${this.policy.maxAttempts - 1} more attempts`,
        );
      }
      this.logger.debug({ verb: info.verb, method: info.method, path: info.path, attempt: n, delayMs: Math.round(decision.delayMs) }, `retrying ${req.method} ${info.path} in ${Math.round(decision.delayMs)} ms after attempt ${n}: ${decision.reason}`);
      if (result.ok && stream) (result.value as RestStream).cancel();
      await deadline.sleep(decision.delayMs).catch(fail);
    }
  }
}

function describeOutcome(entry: RetryAttempt, outcome: AttemptOutcome): void {
  if (outcome.kind === 'answer') entry.status = outcome.status;
  else if (outcome.error instanceof NetworkError && outcome.error.errorCode) entry.errorCode = outcome.error.errorCode;
}
