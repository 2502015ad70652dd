import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import { apiErrorFrom } from '../../../src/rest/wire/decode-response.js';
import { AbortError, isTooManyRequests, NetworkError } from '../../../src/rest/errors.js';
import type { TransportRetryInfo } from '../../../src/rest/transport/observability.js';
import type { RateLimiter } from '../../../src/rest/flow-control/rate-limiter.js';
import { attemptNumberOf, retryAttemptsOf } from '../../../src/rest/flow-control/retry-attempts.js';
import { RetryExhaustedError } from '../../../src/rest/flow-control/retry-exhausted-error.js';
import { RetryingTransport } from '../../../src/rest/flow-control/retrying-transport.js';
import { isSettled, netError, req, ScriptedTransport, settle, type Step } from './support.js';

function setup(steps: Step[], policy = {}) {
  const clock = new ManualClock();
  const stub = new ScriptedTransport(steps);
  const retries: TransportRetryInfo[] = [];
  const transport = new RetryingTransport(stub, { jitter: 0, ...policy }, { clock, hooks: { onRetry: (i) => retries.push(i) } });
  return { clock, stub, retries, transport };
}

const ok = { status: 200, body: '{"kind":"Reservation"}' };

describe('RetryingTransport', () => {
  it('retries a 429 with Retry-After, waiting at least Retry-After, then returns the success', async () => {
    const { clock, stub, retries, transport } = setup([{ status: 429, headers: { 'retry-after': '1' } }, ok]);
    const p = transport.request(req('get'));
    expect(await isSettled(p)).toBe(false);
    await clock.advance(999);
    expect(stub.calls).toHaveLength(1);
    await clock.advance(1);
    const res = await p;
    expect(res.status).toBe(200);
    expect(stub.calls).toHaveLength(2);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, delayMs: 1000, status: 429, verb: 'get', method: 'GET', reason: 'HTTP 429 TooManyRequests, Retry-After 1s' })]);
    expect(retryAttemptsOf(res)?.map((a) => a.attempt)).toEqual([1, 2]);
  });

  it('retries a POST answered 503 with Retry-After (the server did not process it)', async () => {
    const { clock, stub, transport } = setup([{ status: 503, headers: { 'Retry-After': '2' } }, { status: 201, body: '{}' }]);
    const res = await settle(clock, transport.request(req('create')));
    expect(res.status).toBe(201);
    expect(stub.calls.map((c) => c.req.method)).toEqual(['POST', 'POST']);
    expect(stub.calls[1]!.req.body).toBe('{}');
    expect(clock.now()).toBe(2000);
  });

  it('does not retry a 500 without Retry-After', async () => {
    const { stub, transport } = setup([{ status: 500, body: 'boom' }, ok]);
    const res = await transport.request(req('get'));
    expect(res.status).toBe(500);
    expect(stub.calls).toHaveLength(1);
    expect(retryAttemptsOf(res)).toBeUndefined();
  });

  it('never retries a 404 (even with Retry-After)', async () => {
    const { stub, transport } = setup([{ status: 404, headers: { 'retry-after': '1' } }, ok]);
    expect((await transport.request(req('get'))).status).toBe(404);
    expect(stub.calls).toHaveLength(1);
  });

  it('retries ECONNRESET for a GET with exponential backoff', async () => {
    const { clock, stub, retries, transport } = setup([netError('ECONNRESET'), netError('ECONNRESET'), netError('ECONNRESET'), ok]);
    const p = transport.request(req('get'));
    const res = await settle(clock, p);
    expect(res.status).toBe(200);
    expect(stub.calls).toHaveLength(4);
    expect(retries.map((r) => r.delayMs)).toEqual([250, 500, 1000]);
    expect(retries.map((r) => r.reason)).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
    expect(clock.now()).toBe(1750);
    expect(stub.calls.map((c) => attemptNumberOf(c.req))).toEqual([1, 2, 3, 4]);
  });

  it('does not retry ECONNRESET for a POST: the create may have reached the server', async () => {
    const err = netError('ECONNRESET', false, 'create');
    const { stub, transport } = setup([err, { status: 201 }]);
    await expect(transport.request(req('create'))).rejects.toBe(err);
    expect(stub.calls).toHaveLength(1);
  });

  it('retries ECONNREFUSED (notSent) for a POST', async () => {
    const { clock, stub, transport } = setup([netError('ECONNREFUSED', true, 'create'), { status: 201 }]);
    const res = await settle(clock, transport.request(req('create')));
    expect(res.status).toBe(201);
    expect(stub.calls).toHaveLength(2);
  });

  it('stops at once with AbortError when aborted during backoff', async () => {
    const { clock, stub, transport } = setup([{ status: 429, headers: { 'retry-after': '30' } }, ok]);
    const ac = new AbortController();
    const p = transport.request(req('get'), { signal: ac.signal });
    await clock.advance(5000);
    expect(await isSettled(p)).toBe(false);
    ac.abort();
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).timedOut).toBe(false);
    expect(clock.now()).toBe(5000); // no further time passed
    expect(clock.pendingSleeps).toBe(0);
    expect(stub.calls).toHaveLength(1);
    expect(retryAttemptsOf(err)?.[0]).toMatchObject({ attempt: 1, status: 429, delayMs: 30000 });
  });

  it('does not start when already aborted', async () => {
    const { stub, transport } = setup([ok]);
    await expect(transport.request(req('get'), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(stub.calls).toHaveLength(0);
  });

  it('gives every attempt only the time left of timeoutMs, and stops when a wait would pass it', async () => {
    const { clock, stub, transport } = setup([netError('ECONNRESET'), netError('ECONNRESET'), netError('ECONNRESET'), netError('ECONNRESET'), ok]);
    const p = transport.request(req('get'), { timeoutMs: 1000 });
    const err = await settle(clock, p).catch((e: unknown) => e);
    // waits 250 + 500 fit in 1000 ms, the next (1000 ms) would not
    expect(stub.calls.map((c) => c.opts?.timeoutMs)).toEqual([1000, 750, 250]);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).not.toBeInstanceOf(RetryExhaustedError);
    expect(retryAttemptsOf(err)?.at(-1)?.reason).toMatch(/deadline/);
    expect(clock.now()).toBe(750);
  });

  it('settles at once when the next backoff would pass the deadline', async () => {
    let n = 0;
    const { clock, transport } = setup([
      async () => {
        n++;
        await clock.sleep(900);
        throw netError('ECONNRESET');
      },
    ]);
    const p = transport.request(req('get'), { timeoutMs: 1000 });
    // attempt 1 fails at 900 ms; its 250 ms backoff would end after the deadline → settle now
    const err = await settle(clock, p).catch((e: unknown) => e);
    expect(n).toBe(1);
    expect(err).toBeInstanceOf(NetworkError);
  });

  it('after maxAttempts of connection errors throws RetryExhaustedError listing each attempt', async () => {
    const { clock, stub, transport } = setup([netError('ECONNREFUSED', true), netError('ECONNRESET')], { maxAttempts: 4 });
    const err = await settle(clock, transport.request(req('list'))).catch((e: unknown) => e);
    expect(stub.calls).toHaveLength(4);
    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect(err).toBeInstanceOf(NetworkError);
    const e = err as RetryExhaustedError;
    expect(e.name).toBe('RetryExhaustedError');
    expect(e.attempts).toEqual([
      { attempt: 1, reason: 'ECONNREFUSED (not sent)', errorCode: 'ECONNREFUSED', delayMs: 250 },
      { attempt: 2, reason: 'ECONNRESET', errorCode: 'ECONNRESET', delayMs: 500 },
      { attempt: 3, reason: 'ECONNRESET', errorCode: 'ECONNRESET', delayMs: 1000 },
      { attempt: 4, reason: 'ECONNRESET', errorCode: 'ECONNRESET' },
    ]);
    expect(e.message).toContain('gave up after 4 attempts: #1 ECONNREFUSED (not sent) (retried after 250 ms); #2 ECONNRESET (retried after 500 ms); #3 ECONNRESET (retried after 1000 ms); #4 ECONNRESET');
    expect(e.errorCode).toBe('ECONNRESET');
    expect(e.lastError).toBe(e.cause);
    expect(e.request?.verb).toBe('list');
  });

  it('after maxAttempts of 429s returns the last answer (an ApiError for the client) with the attempts', async () => {
    const { clock, stub, transport } = setup([{ status: 429, headers: { 'retry-after': '1' }, body: '{"kind":"Status","code":429,"reason":"TooManyRequests","message":"slow down"}' }], { maxAttempts: 3 });
    const res = await settle(clock, transport.request(req('create')));
    expect(stub.calls).toHaveLength(3);
    expect(res.status).toBe(429);
    expect(retryAttemptsOf(res)).toEqual([
      { attempt: 1, reason: 'HTTP 429 TooManyRequests, Retry-After 1s', status: 429, delayMs: 1000 },
      { attempt: 2, reason: 'HTTP 429 TooManyRequests, Retry-After 1s', status: 429, delayMs: 1000 },
      { attempt: 3, reason: 'HTTP 429 TooManyRequests, Retry-After 1s', status: 429 },
    ]);
    const apiErr = apiErrorFrom(res, req('create').context);
    expect(isTooManyRequests(apiErr)).toBe(true);
  });

  it('with maxAttempts 1 never retries', async () => {
    const { stub, transport } = setup([netError('ECONNRESET'), ok], { maxAttempts: 1 });
    await expect(transport.request(req('get'))).rejects.toBeInstanceOf(NetworkError);
    expect(stub.calls).toHaveLength(1);
  });

  it('retries stream establishment on connection errors and Retry-After answers, cancelling the discarded stream', async () => {
    const clock = new ManualClock();
    const stub = new ScriptedTransport([netError('ECONNREFUSED', true, 'watch'), { status: 503, headers: { 'retry-after': '1' } }, { status: 200, body: '{"type":"ADDED"}\n' }]);
    let acquired = 0;
    const limiter: RateLimiter = { acquire: async () => (acquired++, 0) };
    const transport = new RetryingTransport(stub, { jitter: 0 }, { clock, streamRetryLimiter: limiter });
    const s = await settle(clock, transport.stream(req('watch')));
    expect(s.status).toBe(200);
    expect(stub.calls.map((c) => c.kind)).toEqual(['stream', 'stream', 'stream']);
    expect(stub.cancelled).toEqual([1]); // the 503 stream was released before retrying
    expect(acquired).toBe(2); // each re-attempt (not the first) took a token
    expect(clock.now()).toBe(1250);
  });

  it('returns a non-retryable stream answer untouched', async () => {
    const { stub, transport } = setup([{ status: 410, body: '{"kind":"Status","code":410}' }]);
    const s = await transport.stream(req('watch'));
    expect(s.status).toBe(410);
    expect(stub.cancelled).toEqual([]);
  });

  it('closes the inner transport', async () => {
    const { stub, transport } = setup([ok]);
    await transport.close();
    expect(stub.closed).toBe(true);
  });
});
