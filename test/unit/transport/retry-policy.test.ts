import { describe, expect, it } from 'vitest';
import { AbortError, NetworkError } from '../../../src/rest/errors.js';
import { backoffDelayMs, decideRetry, isTransientNetworkError, resolveRetryOptions, type AttemptOutcome } from '../../../src/rest/flow-control/retry-policy.js';
import { netError, req } from './support.js';

const noJitter = resolveRetryOptions({ jitter: 0 });
const answer = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({ kind: 'answer', status, headers });
const thrown = (error: unknown): AttemptOutcome => ({ kind: 'error', error });

describe('decideRetry: the decision table', () => {
  const rows: Array<{ name: string; verb: string; outcome: AttemptOutcome; retry: boolean; delayMs?: number; stop?: string }> = [
    { name: '429 with Retry-After, GET', verb: 'get', outcome: answer(429, { 'retry-after': '2' }), retry: true, delayMs: 2000 },
    { name: '429 with Retry-After, POST', verb: 'create', outcome: answer(429, { 'Retry-After': '1' }), retry: true, delayMs: 1000 },
    { name: '429 without Retry-After (client-go checkWait)', verb: 'get', outcome: answer(429), retry: false, stop: 'not-retryable' },
    { name: '503 with Retry-After for a POST', verb: 'create', outcome: answer(503, { 'retry-after': '3' }), retry: true, delayMs: 3000 },
    { name: '500 with Retry-After for a DELETE', verb: 'delete', outcome: answer(500, { 'retry-after': '1' }), retry: true, delayMs: 1000 },
    { name: '500 without Retry-After', verb: 'get', outcome: answer(500), retry: false, stop: 'not-retryable' },
    { name: '503 with an unparseable Retry-After', verb: 'get', outcome: answer(503, { 'retry-after': 'soon' }), retry: false, stop: 'not-retryable' },
    { name: '404', verb: 'get', outcome: answer(404, { 'retry-after': '1' }), retry: false, stop: 'not-retryable' },
    { name: '409 Conflict', verb: 'update', outcome: answer(409), retry: false, stop: 'not-retryable' },
    { name: '422 Invalid', verb: 'create', outcome: answer(422), retry: false, stop: 'not-retryable' },
    { name: '200', verb: 'get', outcome: answer(200), retry: false, stop: 'success' },
    { name: 'ECONNRESET for GET', verb: 'get', outcome: thrown(netError('ECONNRESET')), retry: true, delayMs: 250 },
    { name: 'ECONNRESET for list', verb: 'list', outcome: thrown(netError('ECONNRESET')), retry: true, delayMs: 250 },
    { name: 'ECONNRESET for POST (may have been sent)', verb: 'create', outcome: thrown(netError('ECONNRESET')), retry: false, stop: 'not-retryable' },
    { name: 'socket closed for PATCH', verb: 'patch', outcome: thrown(netError('UND_ERR_SOCKET')), retry: false, stop: 'not-retryable' },
    { name: 'ECONNREFUSED (notSent) for POST', verb: 'create', outcome: thrown(netError('ECONNREFUSED', true)), retry: true, delayMs: 250 },
    { name: 'ECONNREFUSED (notSent) for DELETE', verb: 'delete', outcome: thrown(netError('ECONNREFUSED', true)), retry: true, delayMs: 250 },
    { name: 'headers timeout for GET', verb: 'get', outcome: thrown(netError('UND_ERR_HEADERS_TIMEOUT')), retry: true, delayMs: 250 },
    { name: 'certificate error for GET', verb: 'get', outcome: thrown(netError('DEPTH_ZERO_SELF_SIGNED_CERT')), retry: false, stop: 'not-retryable' },
    { name: 'TLS alt-name error for GET', verb: 'get', outcome: thrown(netError('ERR_TLS_CERT_ALTNAME_INVALID')), retry: false, stop: 'not-retryable' },
    { name: 'unknown host for GET', verb: 'get', outcome: thrown(netError('ENOTFOUND')), retry: false, stop: 'not-retryable' },
    { name: 'AbortError', verb: 'get', outcome: thrown(new AbortError('aborted', {})), retry: false, stop: 'not-retryable' },
    { name: 'a programming error', verb: 'get', outcome: thrown(new TypeError('x is not a function')), retry: false, stop: 'not-retryable' },
  ];
  for (const row of rows) {
    it(`${row.name} → ${row.retry ? 'retried' : 'not retried'}`, () => {
      const d = decideRetry(noJitter, req(row.verb), row.outcome, 1);
      expect(d.retry).toBe(row.retry);
      if (d.retry) expect(d.delayMs).toBe(row.delayMs);
      else expect(d.stop).toBe(row.stop);
      expect(d.reason.length).toBeGreaterThan(0);
    });
  }

  it('honours Retry-After as an HTTP date', () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const d = decideRetry(noJitter, req('get'), answer(503, { 'retry-after': at }), 1);
    expect(d.retry).toBe(true);
    if (d.retry) {
      expect(d.delayMs).toBeGreaterThanOrEqual(4000);
      expect(d.delayMs).toBeLessThanOrEqual(6000);
    }
  });

  it('jitter only ever lengthens the wait, by at most the jitter fraction', () => {
    const high = resolveRetryOptions({ jitter: 0.2, random: () => 0.999999 });
    const low = resolveRetryOptions({ jitter: 0.2, random: () => 0 });
    const ra = answer(429, { 'retry-after': '1' });
    const dh = decideRetry(high, req('get'), ra, 1);
    const dl = decideRetry(low, req('get'), ra, 1);
    expect(dl.retry && dl.delayMs).toBe(1000);
    expect(dh.retry && dh.delayMs).toBeGreaterThan(1199);
    expect(dh.retry && dh.delayMs).toBeLessThanOrEqual(1200);
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffDelayMs(noJitter, n))).toEqual([250, 500, 1000, 1000, 1000, 1000, 1000, 1000]);
    const d3 = decideRetry(noJitter, req('get'), thrown(netError('ECONNRESET')), 3);
    expect(d3.retry && d3.delayMs).toBe(1000);
  });

  it('stops after maxAttempts (default 11: client-go 1 + maxRetries 10)', () => {
    expect(resolveRetryOptions().maxAttempts).toBe(11);
    const o = thrown(netError('ECONNRESET'));
    expect(decideRetry(noJitter, req('get'), o, 10).retry).toBe(true);
    const last = decideRetry(noJitter, req('get'), o, 11);
    expect(last.retry).toBe(false);
    if (!last.retry) expect(last.stop).toBe('exhausted');
  });

  it('does not schedule a wait that would end after the call deadline', () => {
    const d = decideRetry(noJitter, req('get'), answer(429, { 'retry-after': '5' }), 1, 3000);
    expect(d.retry).toBe(false);
    if (!d.retry) {
      expect(d.stop).toBe('deadline');
      expect(d.reason).toMatch(/deadline/);
    }
    expect(decideRetry(noJitter, req('get'), answer(429, { 'retry-after': '1' }), 1, 3000).retry).toBe(true);
  });

  it('lets the caller say which requests are reads', () => {
    const opts = resolveRetryOptions({ jitter: 0, isRead: (r) => r.method === 'GET' || r.context.verb === 'apply' });
    expect(decideRetry(opts, req('apply'), thrown(netError('ECONNRESET')), 1).retry).toBe(true);
    expect(decideRetry(opts, req('create'), thrown(netError('ECONNRESET')), 1).retry).toBe(false);
  });

  it('rejects invalid settings', () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ maxAttempts: 2.5 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ initialBackoffMs: -1 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ jitter: Number.NaN })).toThrow(RangeError);
  });

  it('classifies network errors', () => {
    expect(isTransientNetworkError(netError('ECONNRESET'))).toBe(true);
    expect(isTransientNetworkError(new NetworkError('no code', {}))).toBe(true);
    expect(isTransientNetworkError(netError('CERT_HAS_EXPIRED'))).toBe(false);
    expect(isTransientNetworkError(new Error('ECONNRESET'))).toBe(false);
  });
});
