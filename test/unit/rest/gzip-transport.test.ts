// Accept-Encoding: gzip and the decoding of gzip-encoded answers, buffered and streamed, against a
// local HTTP server that compresses as kube-apiserver does.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { DecodeError, ResponseTooLargeError, type RequestContext } from '../../../src/rest/errors.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import { decodeWatchStream } from '../../../src/rest/wire/watch-decoder.js';
import type { RestRequest, Transport } from '../../../src/rest/transport/transport.js';
import { caught } from './helpers.js';
import { startServer, type TestServer } from './test-server.js';

const ctx: RequestContext = { verb: 'list', resource: 'slo.koordinator.sh/v1alpha1/nodemetrics' };
const get = (path: string, headers?: Record<string, string>): RestRequest => ({ method: 'GET', path, context: ctx, ...(headers ? { headers } : {}) });

let server: TestServer;
let transports: Transport[];
beforeEach(async () => {
  server = await startServer();
  transports = [];
});
afterEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await server.close();
});

function transport(config: Partial<RestConfig> = {}, opts: Parameters<typeof createHttpTransport>[1] = {}): Transport {
  const t = createHttpTransport({ server: server.url, tls: {}, auth: {}, ...config }, opts);
  transports.push(t);
  return t;
}

function bigList(n: number): string {
  const items = Array.from({ length: n }, (_, i) => ({ metadata: { name: `nm-${i}`, labels: { app: 'web', idx: String(i) } }, status: { x: 'é'.repeat(20) } }));
  return JSON.stringify({ kind: 'NodeMetricList', metadata: { resourceVersion: '7' }, items });
}

describe('gzip', () => {
  it('asks for gzip and decodes a gzip-encoded answer; headers lose content-encoding and content-length', async () => {
    const body = bigList(2000);
    const compressed = gzipSync(body);
    server.handler = (req, res) => {
      const enc = req.headers['accept-encoding'] === 'gzip';
      res.writeHead(200, { 'content-type': 'application/json', ...(enc ? { 'content-encoding': 'gzip' } : {}) });
      // Split mid-stream, so decoding runs over several chunks.
      const bytes = enc ? compressed : Buffer.from(body);
      res.write(bytes.subarray(0, 100));
      setTimeout(() => res.end(bytes.subarray(100)), 5);
    };
    const res = await transport().request(get('/apis/slo.koordinator.sh/v1alpha1/nodemetrics'));
    expect(server.received[0]?.headers['accept-encoding']).toBe('gzip');
    expect(res.body).toBe(body);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(compressed.length).toBeLessThan(body.length / 5);
  });

  it('disableCompression sends no Accept-Encoding', async () => {
    const res = await transport({ disableCompression: true }).request(get('/x'));
    expect(res.status).toBe(200);
    expect(server.received[0]?.headers['accept-encoding']).toBeUndefined();
  });

  it('streams: a gzip-encoded watch is decoded event by event as it arrives', async () => {
    const events = [1, 2, 3].map((i) => JSON.stringify({ type: 'ADDED', object: { metadata: { name: `n${i}` } } }) + '\n');
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    server.handler = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      // One gzip member per flush, as kube-apiserver's per-flush gzip writer does for watch-list.
      res.write(gzipSync(events[0]!));
      await released;
      res.write(gzipSync(events[1]! + events[2]!));
      res.end();
    };
    const stream = await transport().stream(get('/w?watch=1'));
    const names: string[] = [];
    for await (const ev of decodeWatchStream(stream.body, ctx)) {
      names.push(String((ev.object as { metadata?: { name?: string } }).metadata?.name));
      if (names.length === 1) release(); // the first event arrived before the server sent the rest
    }
    expect(names).toEqual(['n1', 'n2', 'n3']);
  });

  it('a corrupt gzip body is a DecodeError, not garbage', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(Buffer.from('this is not gzip at all'));
    };
    const err = await caught(() => transport({}, {}).request(get('/x')));
    expect(err).toBeInstanceOf(DecodeError);
    expect(String((err as Error).message)).toMatch(/gzip/);
  });

  it('an empty body labelled gzip is an empty body', async () => {
    server.handler = (_req, res) => {
      res.writeHead(204, { 'content-encoding': 'gzip' });
      res.end();
    };
    const res = await transport().request(get('/x'));
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
  });

  it('a truncated gzip body fails', async () => {
    const whole = gzipSync(bigList(200));
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(whole.subarray(0, whole.length - 20));
    };
    expect(await caught(() => transport().request(get('/x')))).toBeInstanceOf(DecodeError);
  });

  it('maxResponseBytes counts decompressed bytes: a small gzip bomb cannot expand past it', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    };
    const err = await caught(() => transport({}, { maxResponseBytes: 1024 * 1024 }).request(get('/x')));
    expect(err).toBeInstanceOf(ResponseTooLargeError);
  });
});
