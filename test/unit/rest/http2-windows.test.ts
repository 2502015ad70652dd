import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsetBase } from '../../../src/client/clientset-base.js';
import { ConfigError, type RequestContext } from '../../../src/rest/errors.js';
import { createHttpTransport, DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES, DEFAULT_HTTP2_STREAM_WINDOW_BYTES, type HttpTransportOptions } from '../../../src/rest/transport/http-transport.js';
import type { RestRequest } from '../../../src/rest/transport/transport.js';
import { generateTlsFixtures, type TlsFixtures } from './tls-fixtures.js';

const ctx: RequestContext = { verb: 'watch', resource: 'slo.koordinator.sh/v1alpha1/nodemetrics' };
const get: RestRequest = { method: 'GET', path: '/apis', context: ctx };

/** What the server sees of the client's HTTP/2 flow control when a request arrives. */
interface SeenWindows {
  /** The client's SETTINGS_INITIAL_WINDOW_SIZE: what the server may send on one stream. */
  stream: number;
  /** What the server may still send on the whole connection. */
  connection: number;
}

describe('HTTP/2 receive windows', () => {
  let fx: TlsFixtures;
  let srv: Http2SecureServer;
  let url: string;

  beforeAll(async () => {
    fx = generateTlsFixtures();
    srv = createSecureServer({ cert: fx.serverCert, key: fx.serverKey }, (req, res) => {
      const session = req.stream.session!;
      const seen: SeenWindows = { stream: session.remoteSettings.initialWindowSize ?? -1, connection: session.state.remoteWindowSize ?? -1 };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(seen));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => srv?.close(r));
  });

  async function seen(opts: HttpTransportOptions): Promise<SeenWindows> {
    const t = createHttpTransport({ server: url, tls: { ca: fx.ca }, auth: {} }, opts);
    try {
      const s = await t.stream(get);
      let body = '';
      for await (const c of s.body) body += Buffer.from(c).toString();
      return JSON.parse(body) as SeenWindows;
    } finally {
      await t.close();
    }
  }

  it('advertises 4 MiB per stream and 16 MiB per connection by default (not undici 256 KiB / 512 KiB)', async () => {
    expect(DEFAULT_HTTP2_STREAM_WINDOW_BYTES).toBe(4 * 1024 * 1024);
    expect(await seen({})).toEqual({ stream: DEFAULT_HTTP2_STREAM_WINDOW_BYTES, connection: DEFAULT_HTTP2_CONNECTION_WINDOW_BYTES });
  });

  it('the configured windows reach the HTTP/2 session', async () => {
    expect(await seen({ http2StreamWindowBytes: 1024 * 1024, http2ConnectionWindowBytes: 3 * 1024 * 1024 })).toEqual({ stream: 1024 * 1024, connection: 3 * 1024 * 1024 });
  });

  it('Clientset.create passes the windows to the transport it builds', async () => {
    const cs = await ClientsetBase.create({ config: { server: url, tls: { ca: fx.ca }, auth: {} }, http2StreamWindowBytes: 2 * 1024 * 1024, http2ConnectionWindowBytes: 5 * 1024 * 1024 });
    try {
      const res = await cs.ctx.transport.request(get);
      expect(JSON.parse(res.body)).toEqual({ stream: 2 * 1024 * 1024, connection: 5 * 1024 * 1024 });
    } finally {
      await cs.close();
    }
  });

  it('a window out of HTTP/2 range is a ConfigError', () => {
    for (const bad of [0, 1000, 2 ** 31, 1.5, Number.NaN]) {
      expect(() => createHttpTransport({ server: url, tls: {}, auth: {} }, { http2StreamWindowBytes: bad })).toThrow(ConfigError);
      expect(() => createHttpTransport({ server: url, tls: {}, auth: {} }, { http2ConnectionWindowBytes: bad })).toThrow(ConfigError);
    }
    expect(() => createHttpTransport({ server: url, tls: {}, auth: {} }, { http2StreamWindowBytes: 65_535, http2ConnectionWindowBytes: 2 ** 31 - 1 })).not.toThrow();
  });
});
