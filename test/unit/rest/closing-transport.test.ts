/**
 * `ClosingTransport` and `connectionHealth` without a server: close() refuses calls made in the
 * same tick, ends waits in the layers below at once, and reports them as ClientClosedError; the
 * dead-connection bound maps onto PING interval, idle-body and header timeouts.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../../src/meta/options.js';
import { ClosingTransport } from '../../../src/rest/transport/closing-transport.js';
import { connectionHealth } from '../../../src/rest/transport/dispatcher.js';
import { AbortError, ClientClosedError, isClientClosed } from '../../../src/rest/errors.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../../../src/rest/transport/transport.js';

/** Waits until the call's signal aborts (a token wait, a backoff), then rejects like the decorators do. */
class WaitingTransport implements Transport {
  closed = 0;
  calls = 0;
  request(_req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    this.calls++;
    return new Promise((_, reject) => {
      const signal = opts?.signal;
      if (!signal) return;
      signal.addEventListener('abort', () => reject(new AbortError('the call was aborted', {})), { once: true });
    });
  }
  stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    return this.request(req, opts) as unknown as Promise<RestStream>;
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

const req: RestRequest = { method: 'GET', path: '/api', context: { verb: 'get', resource: 'core/v1/configmaps' } };

describe('ClosingTransport', () => {
  it('ends waiting calls with ClientClosedError, refuses later ones, closes the inner transport once', async () => {
    const inner = new WaitingTransport();
    const t = new ClosingTransport(inner);
    const pending = [t.request(req), t.stream(req), t.request(req, { signal: new AbortController().signal })].map((p) => p.catch((e: unknown) => e));
    await Promise.all([t.close(), t.close()]);
    for (const e of await Promise.all(pending)) expect(e).toBeInstanceOf(ClientClosedError);
    await expect(t.request(req)).rejects.toBeInstanceOf(ClientClosedError);
    await expect(t.stream(req)).rejects.toBeInstanceOf(ClientClosedError);
    expect(inner.calls).toBe(3);
    expect(inner.closed).toBe(1);
    expect(t.closed).toBe(true);
  });

  it("a call the caller aborted keeps the caller's AbortError", async () => {
    const t = new ClosingTransport(new WaitingTransport());
    const ac = new AbortController();
    const call = t.request(req, { signal: ac.signal }).catch((e: unknown) => e);
    ac.abort();
    const err = await call;
    expect(err).toBeInstanceOf(AbortError);
    expect(isClientClosed(err)).toBe(false);
  });

  it("finished calls leave at most one shared listener on the caller's signal; an already aborted signal reaches the layers below aborted", async () => {
    const answered: RestResponse = { status: 200, headers: {}, body: new Uint8Array() } as unknown as RestResponse;
    const seen: AbortSignal[] = [];
    const inner: Transport = {
      request: async (_r, opts) => {
        seen.push(opts!.signal!);
        return answered;
      },
      stream: () => Promise.reject(new Error('unused')),
      close: async () => {},
    };
    const t = new ClosingTransport(inner);
    const long = new AbortController(); // e.g. a reconcile's signal, shared by many calls
    for (let i = 0; i < 50; i++) await t.request(req, { signal: long.signal });
    // One listener shared by every call (abort-listeners.ts), not one per call.
    expect(getEventListeners(long.signal, 'abort').length).toBeLessThanOrEqual(1);
    // Aborting it now reaches no finished call.
    long.abort();
    expect(seen.slice(0, 50).some((s) => s.aborted)).toBe(false);
    const aborted = AbortSignal.abort(new Error('stop'));
    await t.request(req, { signal: aborted });
    expect(seen.at(-1)!.aborted).toBe(true);
    expect(seen.at(-1)!.reason).toBe(aborted.reason);
  });
});

describe('connectionHealth', () => {
  it('derives the PING interval, idle-body and header timeouts and keep-alive from the bound', () => {
    expect(connectionHealth(45_000)).toEqual({ pingIntervalMs: 22_500, bodyIdleTimeoutMs: 45_000, headersTimeoutMs: 90_000, keepAliveInitialDelayMs: 15_000 });
    expect(connectionHealth(3000)).toEqual({ pingIntervalMs: 1500, bodyIdleTimeoutMs: 3000, headersTimeoutMs: 90_000, keepAliveInitialDelayMs: 1000 });
    expect(connectionHealth(120_000).headersTimeoutMs).toBe(240_000);
    expect(connectionHealth(0)).toEqual({ pingIntervalMs: 0, bodyIdleTimeoutMs: 0, headersTimeoutMs: 0, keepAliveInitialDelayMs: 60_000 });
  });
});
