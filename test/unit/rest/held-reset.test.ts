// A stopped request with a body fails at once for the caller, but its HTTP/2 stream is reset only
// once the answer begins (see the notes of exchange.ts: resetting it under a queued body made
// Node's HTTP/2 session spin until the process died).
import { createServer as createHttpsServer } from 'node:https';
import { createSecureServer, type Http2SecureServer, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, type RequestContext } from '../../../src/rest/errors.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import { generateTlsFixtures } from './tls-fixtures.js';

const ctx: RequestContext = { verb: 'update', resource: 'v1/configmaps', name: 'x' };

/** Whether `p` settles within `ms`. */
function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

interface HeldStream {
  method: string;
  body: string;
  /** Resolves when the client reset (or otherwise closed) the stream. */
  closed: Promise<void>;
  stream: ServerHttp2Stream;
}

describe('stopping a request on HTTP/2', () => {
  let srv: Http2SecureServer;
  let url: string;
  let ca: string;
  const arrived: HeldStream[] = [];
  let onArrive: (() => void) | undefined;

  beforeAll(async () => {
    const fx = generateTlsFixtures();
    ca = fx.ca;
    srv = createSecureServer({ cert: fx.serverCert, key: fx.serverKey });
    srv.on('stream', (stream, headers) => {
      stream.on('error', () => {});
      let body = '';
      const closed = new Promise<void>((r) => stream.once('close', () => r()));
      stream.on('data', (c: Buffer) => (body += c.toString()));
      // Held: answered only when the test says so. GET is registered at once, a write once its body is in.
      const register = () => {
        arrived.push({ method: String(headers[':method']), body, closed, stream });
        onArrive?.();
      };
      if (headers[':method'] === 'GET') register();
      else stream.once('end', register);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => srv?.close(r));
  });

  const nextArrival = () => new Promise<HeldStream>((r) => {
    const n = arrived.length;
    onArrive = () => {
      if (arrived.length > n) r(arrived[n]!);
    };
  });

  it('a write fails at once; its stream is reset only when the answer begins', async () => {
    const t = createHttpTransport({ server: url, tls: { ca }, auth: {} });
    try {
      const ac = new AbortController();
      const came = nextArrival();
      const call = t.request({ method: 'PUT', path: '/api/v1/namespaces/d/configmaps/x', body: '{"a":1}', context: ctx }, { signal: ac.signal });
      const held = await came;
      expect(held.body).toBe('{"a":1}');
      ac.abort();
      await expect(call).rejects.toBeInstanceOf(AbortError);
      // Not reset while the server has not answered ...
      expect(await settledWithin(held.closed, 300)).toBe(false);
      held.stream.respond({ ':status': 200 });
      held.stream.write('{"partial":');
      // ... and reset once it has (the answer is never ended here: only the client can close it).
      expect(await settledWithin(held.closed, 5000)).toBe(true);
      // The connection stays usable.
      const again = nextArrival();
      const next = t.request({ method: 'PUT', path: '/api/v1/namespaces/d/configmaps/x', body: '{"a":2}', context: ctx });
      const h2 = await again;
      h2.stream.respond({ ':status': 200, 'content-type': 'application/json' });
      h2.stream.end('{"ok":true}');
      expect((await next).body).toBe('{"ok":true}');
    } finally {
      await t.close();
    }
  });

  it('a read is reset at once', async () => {
    const t = createHttpTransport({ server: url, tls: { ca }, auth: {} });
    try {
      const ac = new AbortController();
      const came = nextArrival();
      const call = t.request({ method: 'GET', path: '/api/v1/namespaces/d/configmaps/x', context: { ...ctx, verb: 'get' } }, { signal: ac.signal });
      const held = await came;
      ac.abort();
      await expect(call).rejects.toBeInstanceOf(AbortError);
      expect(await settledWithin(held.closed, 5000)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('stopping a write on HTTP/1.1', () => {
  it('closes its connection at once', async () => {
    const fx = generateTlsFixtures();
    let closed: Promise<void> | undefined;
    let onArrive!: () => void;
    const arrived = new Promise<void>((r) => (onArrive = r));
    const srv = createHttpsServer({ cert: fx.serverCert, key: fx.serverKey }, (req) => {
      closed = new Promise<void>((r) => req.socket.once('close', () => r()));
      req.resume();
      req.once('end', onArrive); // never answered
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const t = createHttpTransport({ server: `https://127.0.0.1:${(srv.address() as AddressInfo).port}`, tls: { ca: fx.ca }, auth: {} }, { http2: false });
    try {
      const ac = new AbortController();
      const call = t.request({ method: 'PUT', path: '/api/v1/namespaces/d/configmaps/x', body: '{"a":1}', context: ctx }, { signal: ac.signal });
      await arrived;
      ac.abort();
      await expect(call).rejects.toBeInstanceOf(AbortError);
      expect(await settledWithin(closed!, 5000)).toBe(true);
    } finally {
      await t.close();
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});
