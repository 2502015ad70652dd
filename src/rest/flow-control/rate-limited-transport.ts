/**
 * `RateLimitedTransport`: every `request()` waits for a token of the client-side rate limiter
 * before it is sent (client-go `Request.tryThrottle`); `stream()` (watch) is not rate limited,
 * as in client-go. Long waits are logged like client-go does:
 * `Waited for 1.2s due to client-side throttling, not priority and fairness, request: GET:/apis/...`
 * (at `info` when over 1 s, at most once a second; at `debug` when over 50 ms).
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import { CallDeadline } from '../transport/call-deadline.js';
import { systemClock, type Clock } from '../transport/clock.js';
import { silentLogger, type Logger } from '../transport/logger.js';
import { callHook, requestInfo, type DecoratorOptions, type TransportHooks } from '../transport/observability.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../transport/transport.js';

/** Waits longer than this are logged at `debug` (client-go `longThrottleLatency`). */
export const LONG_THROTTLE_MS = 50;
/** Waits longer than this are logged at `info`, throttled (client-go `extraLongThrottleLatency`). */
export const EXTRA_LONG_THROTTLE_MS = 1000;
/** Minimum interval between two `info` throttling messages. */
const INFO_LOG_INTERVAL_MS = 1000;

/** Formats milliseconds the way Go prints a duration in seconds: `1.2s`, `0.25s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

/** Rate limits `request()` calls of an inner transport. */
export class RateLimitedTransport implements Transport {
  private readonly hooks: TransportHooks | undefined;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private lastInfoLog = Number.NEGATIVE_INFINITY;

  /**
   * @param inner - the transport that sends the requests
   * @param limiter - the limiter every request waits for
   * @param opts - hooks (`onThrottle`), logger, clock
   */
  constructor(
    private readonly inner: Transport,
    private readonly limiter: RateLimiter,
    opts: DecoratorOptions = {},
  ) {
    this.hooks = opts.hooks;
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
  }

  /**
   * Waits for a token, then sends the request with the time left of the caller's `timeoutMs`.
   * An abort or timeout while waiting rejects at once with `AbortError`.
   */
  async request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    const deadline = new CallDeadline(opts, this.clock, req.context);
    // A token at hand (every request under the rate): nothing to wait for, so no abortable wait
    // to set up. An aborted or expired call still fails as below.
    if (!deadline.done && this.limiter.tryAcquire?.() === true) return this.inner.request(req, deadline.innerOptions());
    const waitedMs = await deadline.guard((signal) => this.limiter.acquire(signal));
    if (waitedMs > 0) this.reportWait(req, waitedMs);
    return this.inner.request(req, deadline.innerOptions());
  }

  /** Opens a stream without rate limiting (watches are long-lived and not counted, as in client-go). */
  stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    return this.inner.stream(req, opts);
  }

  /** Closes the inner transport. */
  close(): Promise<void> {
    return this.inner.close();
  }

  private reportWait(req: RestRequest, waitedMs: number): void {
    const info = requestInfo(req, false);
    callHook(this.hooks, 'onThrottle', { ...info, waitedMs }, this.logger);
    if (waitedMs <= LONG_THROTTLE_MS) return;
    const attempt = info.attempt > 1 ? ` before attempt ${info.attempt}` : '';
    const message = `Waited for ${formatSeconds(waitedMs)}${attempt} due to client-side throttling, not priority and fairness, request: ${req.method}:${info.path}`;
    const fields = { waitedMs: Math.round(waitedMs), verb: info.verb, method: info.method, path: info.path, attempt: info.attempt };
    const now = this.clock.now();
    if (waitedMs > EXTRA_LONG_THROTTLE_MS && now - this.lastInfoLog >= INFO_LOG_INTERVAL_MS) {
      this.lastInfoLog = now;
      this.logger.info(fields, message);
    } else {
      this.logger.debug(fields, message);
    }
  }
}
