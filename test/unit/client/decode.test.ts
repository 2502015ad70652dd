import { describe, expect, it } from 'vitest';
import { apiErrorFrom, decodeResponse, parseRetryAfter } from '../../../src/rest/wire/decode-response.js';
import { ApiError, DecodeError, isConflict, isGone, isInvalid, isNotFound, isTooManyRequests, isUnauthorized } from '../../../src/rest/errors.js';
import { decodeWatchStream } from '../../../src/rest/wire/watch-decoder.js';

const ctx = { verb: 'get', resource: 'scheduling.koordinator.sh/v1alpha1/reservations', name: 'r1' };

describe('decodeResponse', () => {
  it('returns the parsed body of a 2xx answer', () => {
    expect(decodeResponse({ status: 200, headers: {}, body: '{"a":1}' }, ctx)).toEqual({ a: 1 });
  });
  it('turns a Status body into an ApiError with reason, code, details and causes', () => {
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422, message: 'Reservation "r1" is invalid', details: { name: 'r1', causes: [{ reason: 'FieldValueRequired', field: 'spec.template', message: 'Required value' }] } };
    const err = apiErrorFrom({ status: 422, headers: {}, body: JSON.stringify(status) }, ctx);
    expect(err).toBeInstanceOf(ApiError);
    expect(isInvalid(err)).toBe(true);
    expect(err.code).toBe(422);
    expect(err.causes).toEqual([{ reason: 'FieldValueRequired', field: 'spec.template', message: 'Required value' }]);
    expect(err.message).toContain('get scheduling.koordinator.sh/v1alpha1/reservations, name r1');
    expect(err.request).toEqual(ctx);
  });
  it('synthesises a Status for non-JSON error bodies from the HTTP code', () => {
    const err = apiErrorFrom({ status: 404, headers: {}, body: '404 page not found' }, ctx);
    expect(isNotFound(err)).toBe(true);
    expect(err.message).toContain('404 page not found');
    expect(isUnauthorized(apiErrorFrom({ status: 401, headers: {}, body: '' }, ctx))).toBe(true);
    expect(isConflict(apiErrorFrom({ status: 409, headers: {}, body: '{"kind":"Status","reason":"Conflict","code":409}' }, ctx))).toBe(true);
  });
  it('reads Retry-After from headers', () => {
    const err = apiErrorFrom({ status: 429, headers: { 'retry-after': '3' }, body: '{"kind":"Status","code":429,"reason":"TooManyRequests"}' }, ctx);
    expect(isTooManyRequests(err)).toBe(true);
    expect(err.retryAfterSeconds).toBe(3);
  });
  it('throws DecodeError for an undecodable 2xx body', () => {
    expect(() => decodeResponse({ status: 200, headers: {}, body: '<html>' }, ctx)).toThrowError(DecodeError);
  });
});

describe('parseRetryAfter', () => {
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  for (const p of parts) yield enc.encode(p);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('decodeWatchStream', () => {
  it('splits events across arbitrary chunk boundaries, including multi-byte characters', async () => {
    const e1 = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'ä' } } });
    const e2 = JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } });
    const whole = Buffer.from(`${e1}\n${e2}\n`);
    const split = [whole.subarray(0, 30), whole.subarray(30, 31), whole.subarray(31)];
    async function* bytes() { for (const b of split) yield new Uint8Array(b); }
    const events = await collect(decodeWatchStream(bytes(), ctx));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect((events[0]!.object as { metadata: { name: string } }).metadata.name).toBe('ä');
  });
  it('throws ApiError on an ERROR event (410 Expired)', async () => {
    const err = JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } });
    await expect(collect(decodeWatchStream(chunks(err + '\n'), ctx))).rejects.toSatisfy((e: unknown) => isGone(e));
  });
  it('reports a stream cut in the middle of an event', async () => {
    await expect(collect(decodeWatchStream(chunks('{"type":"ADDED","object":{"metad'), ctx))).rejects.toBeInstanceOf(DecodeError);
  });
  it('rejects events without a known type', async () => {
    await expect(collect(decodeWatchStream(chunks('{"type":"WEIRD","object":{}}\n'), ctx))).rejects.toBeInstanceOf(DecodeError);
  });
});
