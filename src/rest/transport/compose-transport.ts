/**
 * `composeTransport`: the shared transport stack of a Clientset. Given the base transport (the
 * one that talks HTTP), it builds
 *
 * ```
 * typed clients ──► ClosingTransport ──► RetryingTransport ──► RateLimitedTransport ──► ObservedTransport ──► base
 *                   (close() final for    (attempt loop,        (one token per attempt;  (hooks per attempt,
 *                    every layer)          backoff, deadline)    watch not limited)       Warning headers)
 * ```
 *
 * Why this order:
 * - the rate limiter sits *inside* the retry loop, so every attempt — the first and each retry —
 *   waits for its own token, as client-go does (`tryThrottle` before the first attempt,
 *   `tryThrottleWithInfo` in `withRetry.Before` for each retry); a retry storm cannot exceed
 *   the client's QPS, and no token is held while sleeping out a backoff;
 * - the retry loop is outermost, so the caller's `timeoutMs` and `AbortSignal` cover the whole
 *   call (token waits, attempts and backoffs), and an abort during any wait stops it at once;
 * - observation is next to the wire, so hooks see each attempt actually sent, with its attempt
 *   number, and latencies that exclude client-side waits; warnings of every answer are seen.
 *
 * Watches (`stream()`) are not rate limited; a re-attempt of a watch's establishment takes a
 * token (client-go does the same).
 * @packageDocumentation
 */
import type { Clock } from './clock.js';
import { ClosingTransport } from './closing-transport.js';
import { defaultLogger, type Logger } from './logger.js';
import { ObservedTransport, type TransportHooks } from './observability.js';
import { RateLimitedTransport } from '../flow-control/rate-limited-transport.js';
import { createRateLimiter, unlimitedRateLimiter, type RateLimiter } from '../flow-control/rate-limiter.js';
import type { RetryOptions } from '../flow-control/retry-policy.js';
import { RetryingTransport } from '../flow-control/retrying-transport.js';
import type { Transport } from './transport.js';
import { deduplicateWarnings, loggerWarningHandler, type WarningHandler } from './warning-handler.js';

/** How to build the shared transport stack. */
export interface ComposeTransportOptions {
  /** Client-side requests per second once the burst is spent (default 5; `<= 0` disables rate limiting). */
  qps?: number;
  /** Requests that may be sent at once from a rested client (default 10). */
  burst?: number;
  /**
   * Your own rate limiter (wins over `qps`/`burst`), or `false` / `{ disabled: true }` to disable
   * client-side rate limiting.
   */
  rateLimiter?: RateLimiter | false | { disabled: true };
  /** Retry settings, or `false` to disable retries (default: `DEFAULT_RETRY_OPTIONS`). */
  retry?: RetryOptions | false;
  /** Observability hooks. */
  hooks?: TransportHooks;
  /**
   * Where diagnostics go (a pino-compatible logger). Default: silent except warnings, which go
   * to `console.warn`.
   */
  logger?: Logger;
  /**
   * Receives the server's `Warning` headers, or `false` to ignore them. Default: each distinct
   * warning once, to `logger.warn`.
   */
  warningHandler?: WarningHandler | false;
  /** Time source (tests). */
  clock?: Clock;
}

/**
 * Builds the transport stack over `base` (see the module notes for the order). The result owns
 * `base`: closing it closes `base`.
 */
export function composeTransport(base: Transport, opts: ComposeTransportOptions = {}): Transport {
  const logger = opts.logger ?? defaultLogger;
  const common = { logger, ...(opts.hooks ? { hooks: opts.hooks } : {}), ...(opts.clock ? { clock: opts.clock } : {}) };
  const warningHandler = opts.warningHandler === false ? undefined : (opts.warningHandler ?? deduplicateWarnings(loggerWarningHandler(logger)));

  let transport: Transport = new ObservedTransport(base, warningHandler ? { ...common, warningHandler } : common);

  let limiter: RateLimiter | undefined;
  const custom = opts.rateLimiter;
  const disabled = custom === false || (custom !== undefined && 'disabled' in custom && custom.disabled === true);
  if (!disabled) {
    limiter =
      (custom as RateLimiter | undefined) ??
      createRateLimiter({
        ...(opts.qps !== undefined ? { qps: opts.qps } : {}),
        ...(opts.burst !== undefined ? { burst: opts.burst } : {}),
        ...(opts.clock ? { clock: opts.clock } : {}),
      });
    if (limiter === unlimitedRateLimiter) limiter = undefined;
    else transport = new RateLimitedTransport(transport, limiter, common);
  }

  if (opts.retry !== false) {
    transport = new RetryingTransport(transport, opts.retry ?? {}, limiter ? { ...common, streamRetryLimiter: limiter } : common);
  }
  return new ClosingTransport(transport);
}
