import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import { composeTransport } from '../../../src/rest/transport/compose-transport.js';
import { NetworkError } from '../../../src/rest/errors.js';
import { redact, type Logger } from '../../../src/rest/transport/logger.js';
import type { TransportHooks, TransportRequestEndInfo, TransportRequestInfo, TransportRetryInfo, TransportThrottleInfo } from '../../../src/rest/transport/observability.js';
import type { RateLimiter } from '../../../src/rest/flow-control/rate-limiter.js';
import { RetryExhaustedError } from '../../../src/rest/flow-control/retry-exhausted-error.js';
import { netError, req, ScriptedTransport, settle } from './support.js';

function recorder() {
  const events: string[] = [];
  const starts: TransportRequestInfo[] = [];
  const ends: TransportRequestEndInfo[] = [];
  const retries: TransportRetryInfo[] = [];
  const throttles: TransportThrottleInfo[] = [];
  const hooks: TransportHooks = {
    onRequestStart: (i) => (starts.push(i), events.push(`start#${i.attempt}`)),
    onRequestEnd: (i) => (ends.push(i), events.push(`end#${i.attempt}:${i.status ?? (i.error as Error).name}`)),
    onRetry: (i) => (retries.push(i), events.push(`retry#${i.attempt}+${i.delayMs}`)),
    onThrottle: (i) => (throttles.push(i), events.push(`throttle#${i.attempt}:${i.waitedMs}`)),
  };
  return { events, starts, ends, retries, throttles, hooks };
}

function recordingLogger() {
  const out: unknown[] = [];
  const fn = (...args: unknown[]): void => void out.push(args);
  const logger: Logger = { debug: fn, info: fn, warn: fn, error: fn };
  return { out, logger };
}

describe('composeTransport', () => {
  it('each attempt waits for its own token (rate limiter inside the retry loop)', async () => {
    const clock = new ManualClock();
    const stub = new ScriptedTransport([{ status: 429, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '1' } }, { status: 200 }]);
    const acquired: number[] = [];
    const limiter: RateLimiter = { acquire: async () => (acquired.push(clock.now()), 0) };
    const t = composeTransport(stub, { rateLimiter: limiter, retry: { jitter: 0 }, clock, logger: recordingLogger().logger });
    const res = await settle(clock, t.request(req('create')));
    expect(res.status).toBe(200);
    expect(acquired).toEqual([0, 1000, 2000]);
  });

  it('calls the hooks with the right data, in order', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const stub = new ScriptedTransport([
      async () => {
        await clock.sleep(30);
        throw netError('ECONNREFUSED', true, 'create');
      },
      async () => {
        await clock.sleep(40);
        return { status: 201, headers: {}, body: '{}' };
      },
    ]);
    const t = composeTransport(stub, { qps: 1, burst: 1, retry: { jitter: 0 }, hooks: r.hooks, clock, logger: recordingLogger().logger });
    const res = await settle(clock, t.request(req('create')));
    expect(res.status).toBe(201);
    // attempt 1: token at once, fails after 30 ms; backoff 250 ms; attempt 2 waits 720 ms more for its token (1 QPS)
    expect(r.events).toEqual(['start#1', 'end#1:NetworkError', 'retry#1+250', 'throttle#2:720', 'start#2', 'end#2:201']);
    const base = { verb: 'create', resource: 'scheduling.koordinator.sh/v1alpha1/reservations', method: 'POST', path: '/apis/scheduling.koordinator.sh/v1alpha1/reservations', stream: false };
    expect(r.starts).toEqual([{ ...base, attempt: 1 }, { ...base, attempt: 2 }]);
    expect(r.ends[0]).toEqual({ ...base, attempt: 1, latencyMs: 30, error: expect.any(NetworkError) });
    expect(r.ends[1]).toEqual({ ...base, attempt: 2, latencyMs: 40, status: 201 });
    expect(r.retries).toEqual([{ ...base, attempt: 1, delayMs: 250, reason: 'ECONNREFUSED (not sent)', errorCode: 'ECONNREFUSED' }]);
    expect(r.throttles).toEqual([{ ...base, attempt: 2, waitedMs: 720 }]);
  });

  it('watch streams are neither rate limited nor throttled on their first attempt', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const stub = new ScriptedTransport([{ status: 200 }]);
    const t = composeTransport(stub, { qps: 1, burst: 1, hooks: r.hooks, clock });
    await Promise.all([1, 2, 3].map(() => t.stream(req('watch'))));
    expect(r.throttles).toEqual([]);
    expect(r.starts.every((s) => s.stream && s.verb === 'watch')).toBe(true);
  });

  it('rateLimiter { disabled: true } and qps <= 0 disable client-side rate limiting', async () => {
    for (const opts of [{ rateLimiter: { disabled: true as const } }, { qps: 0 }, { qps: -1 }]) {
      const clock = new ManualClock();
      const r = recorder();
      const stub = new ScriptedTransport([{ status: 200 }]);
      const t = composeTransport(stub, { ...opts, burst: 1, hooks: r.hooks, clock });
      await Promise.all(Array.from({ length: 50 }, () => t.request(req('get'))));
      expect(stub.calls).toHaveLength(50);
      expect(r.throttles).toEqual([]);
      expect(clock.now()).toBe(0);
    }
  });

  it('accepts console (or any pino-shaped logger) as the logger', async () => {
    const logger: Logger = console;
    const t = composeTransport(new ScriptedTransport([{ status: 200 }]), { logger, rateLimiter: false });
    expect((await t.request(req('get'))).status).toBe(200);
  });

  it('a throwing hook is ignored and logged', async () => {
    const { out, logger } = recordingLogger();
    const t = composeTransport(new ScriptedTransport([{ status: 200 }]), {
      logger,
      hooks: {
        onRequestStart: () => {
          throw new Error('hook bug');
        },
      },
    });
    expect((await t.request(req('get'))).status).toBe(200);
    expect(JSON.stringify(out)).toContain('transport hook onRequestStart threw');
  });

  it('retry: false and rateLimiter: false give a pass-through (with hooks)', async () => {
    const r = recorder();
    const stub = new ScriptedTransport([netError('ECONNRESET'), { status: 200 }]);
    const t = composeTransport(stub, { retry: false, rateLimiter: false, hooks: r.hooks });
    await expect(t.request(req('get'))).rejects.toBeInstanceOf(NetworkError);
    expect(stub.calls).toHaveLength(1);
    await t.close();
    expect(stub.closed).toBe(true);
  });

  it('never puts a credential in a log line, hook payload or final error', async () => {
    const clock = new ManualClock();
    const token = 'sEcReTtOkEn1234567890';
    const { out, logger } = recordingLogger();
    const r = recorder();
    const leaky = new NetworkError(`connect failed: Authorization: Bearer ${token}; url https://admin:${token}@10.0.0.1:6443/api?token=${token}`, { errorCode: 'ECONNRESET', request: { verb: 'get' } });
    const stub = new ScriptedTransport([leaky, { status: 503, headers: { 'retry-after': '1', warning: `299 - "token=${token}"` } }, leaky]);
    const t = composeTransport(stub, { rateLimiter: false, retry: { jitter: 0, maxAttempts: 3 }, hooks: r.hooks, logger, clock });
    const request = req('get', { headers: { authorization: `Bearer ${token}` }, path: `/api/v1/namespaces?watch=false` });
    const err = await settle(clock, t.request(request)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect((err as Error).message).not.toContain(token);
    const payloads = JSON.stringify({ out, starts: r.starts, retries: r.retries, throttles: r.throttles, ends: r.ends.map(({ error, ...rest }) => ({ ...rest, error: error instanceof Error ? error.name : undefined })) });
    expect(payloads).not.toContain(token);
    expect(payloads).not.toMatch(/authorization/i);
    // the server's warning was logged (redacted)
    expect(JSON.stringify(out)).toContain('token=[REDACTED]');
  });

  it('redact() removes the usual credential shapes', () => {
    const s = redact('Authorization: Bearer abc.def.ghi x basic dXNlcjpwYXNz https://u:p@h/ ?token=t1&x=1 password: hunter2 -----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----');
    for (const secret of ['abc.def.ghi', 'dXNlcjpwYXNz', 'u:p@', 't1', 'hunter2', 'MII']) expect(s).not.toContain(secret);
  });

  it('uses the default logger for warnings, deduplicated', async () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const stub = new ScriptedTransport([{ status: 200, headers: { warning: '299 - "deprecated API"' } }]);
      const t = composeTransport(stub, { rateLimiter: false });
      await t.request(req('get'));
      await t.request(req('get'));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenCalledWith('Warning: deprecated API');
    } finally {
      spy.mockRestore();
    }
  });
});
