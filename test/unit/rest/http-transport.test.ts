import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { AbortError, ClientClosedError, ConfigError, isClientClosed, NetworkError, type RequestContext } from '../../../src/rest/errors.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import type { RestRequest, Transport } from '../../../src/rest/transport/transport.js';
import { CLIENT_VERSION } from '../../../src/rest/transport/user-agent.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';
import { closedPort, startServer, type TestServer } from './test-server.js';

const TOKEN = 'bearer-secret-token-77';
const ctx: RequestContext = { verb: 'get', resource: 'scheduling.koordinator.sh/v1alpha1/reservations', name: 'r1' };
const get = (path: string, extra: Partial<RestRequest> = {}): RestRequest => ({ method: 'GET', path, context: ctx, ...extra });

let server: TestServer;
let dir: TempDir;
let transports: Transport[];
beforeEach(async () => {
  server = await startServer();
  dir = await tempDir();
  transports = [];
});
afterEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await server.close();
  await dir.cleanup();
});

function transport(config: Partial<RestConfig> = {}, opts: Parameters<typeof createHttpTransport>[1] = {}): Transport {
  const t = createHttpTransport({ server: server.url, tls: {}, auth: {}, ...config }, opts);
  transports.push(t);
  return t;
}

describe('createHttpTransport: request', () => {
  it('returns any status with headers and the utf-8 body', async () => {
    server.handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end('{"kind":"Status","message":"réservation r1 not found"}');
    };
    const res = await transport().request(get('/apis/x'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-multi']).toEqual(['a', 'b']);
    expect(res.body).toBe('{"kind":"Status","message":"réservation r1 not found"}');
  });

  it('sends method, path, body, User-Agent, Accept, Content-Type and the bearer token', async () => {
    const t = transport({ auth: { token: TOKEN } });
    await t.request({ method: 'POST', path: '/apis/g/v1/things?dryRun=All', body: '{"a":1}', context: ctx });
    await t.request({ method: 'PATCH', path: '/p', body: '{}', headers: { 'Content-Type': 'application/merge-patch+json' }, context: ctx });
    const [post, patch] = server.received;
    expect(post).toMatchObject({ method: 'POST', url: '/apis/g/v1/things?dryRun=All', body: '{"a":1}' });
    expect(post!.headers['user-agent']).toBe(`koordinator-client/${CLIENT_VERSION} (node ${process.version})`);
    expect(post!.headers['accept']).toBe('application/json');
    expect(post!.headers['content-type']).toBe('application/json');
    expect(post!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(patch!.headers['content-type']).toBe('application/merge-patch+json');
  });

  it('uses the configured user agent, a server path prefix, and keeps connections alive', async () => {
    server.url += '/prefix/';
    const t = transport({ userAgent: 'from-config' }, { userAgent: 'my-controller/1.0' });
    await t.request(get('/api'));
    await t.request(get('/api/v1'));
    expect(server.received.map((r) => r.url)).toEqual(['/prefix/api', '/prefix/api/v1']);
    expect(server.received[0]!.headers['user-agent']).toBe('my-controller/1.0');
    await transport({ userAgent: 'from-config' }).request(get('/'));
    expect(server.received[2]!.headers['user-agent']).toBe('from-config');
  });

  it('sends impersonation headers, one line per group and extra value', async () => {
    const t = transport({
      impersonate: { user: 'jane', uid: 'u-1', groups: ['devs', 'ops'], extra: { 'scopes.example.com/role': ['admin', 'view'] } },
    });
    await t.request(get('/'));
    const raw = server.received[0]!.rawHeaders;
    const lines = (name: string): string[] => pairs(raw, name);
    expect(lines('impersonate-user')).toEqual(['jane']);
    expect(lines('impersonate-uid')).toEqual(['u-1']);
    expect(lines('impersonate-group')).toEqual(['devs', 'ops']);
    expect(lines('impersonate-extra-scopes.example.com%2frole')).toEqual(['admin', 'view']);
  });

  it('goes through the proxy-url (credentials in the URL become Proxy-Authorization)', async () => {
    const t = createHttpTransport({
      server: 'http://apiserver.invalid:6443',
      tls: {},
      auth: { token: TOKEN },
      proxyUrl: `http://proxyuser:proxy-pass@127.0.0.1:${server.port}`,
    });
    transports.push(t);
    const res = await t.request(get('/api/v1/namespaces'));
    expect(res.status).toBe(200);
    const seen = server.received[0]!;
    expect(seen.url).toBe('http://apiserver.invalid:6443/api/v1/namespaces');
    expect(seen.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('proxyuser:proxy-pass').toString('base64')}`);
    expect(seen.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('basic auth', async () => {
    await transport({ auth: { username: 'admin', password: 'pw' } }).request(get('/'));
    expect(server.received[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
  });
});

function pairs(raw: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
  return out;
}

describe('createHttpTransport: 401 handling', () => {
  it('token file: a 401 re-reads the file and retries once with the new token', async () => {
    const file = await dir.write('token', 'old-token');
    server.handler = async (_req, res, rec) => {
      if (rec.headers['authorization'] === 'Bearer new-token') {
        res.end('ok');
        return;
      }
      await dir.write('token', 'new-token'); // rotated while the request was in flight
      res.writeHead(401);
      res.end('{"kind":"Status","code":401}');
    };
    const res = await transport({ auth: { tokenFile: file } }).request(get('/'));
    expect(res.status).toBe(200);
    expect(server.received.map((r) => r.headers['authorization'])).toEqual(['Bearer old-token', 'Bearer new-token']);
  });

  it('does not retry when the credentials did not change, nor with static credentials', async () => {
    const file = await dir.write('token', 'same-token');
    server.handler = (_req, res) => {
      res.writeHead(401);
      res.end();
    };
    expect((await transport({ auth: { tokenFile: file } }).request(get('/'))).status).toBe(401);
    expect(server.received).toHaveLength(1);
    expect((await transport({ auth: { token: TOKEN } }).request(get('/'))).status).toBe(401);
    expect(server.received).toHaveLength(2);
  });

  it('exec plugin: a 401 runs the plugin again and retries exactly once', async () => {
    const counter = `${dir.path}/n`;
    const plugin = await dir.write(
      'plugin.sh',
      `#!/bin/sh
n=$(cat "${counter}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${counter}"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-token-%s"}}' $n
`,
      0o755,
    );
    server.handler = (_req, res) => {
      res.writeHead(401);
      res.end();
    };
    const t = transport({ auth: { exec: { command: plugin, apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never' } } });
    const res = await t.request(get('/'));
    expect(res.status).toBe(401);
    expect(server.received.map((r) => r.headers['authorization'])).toEqual(['Bearer exec-token-1', 'Bearer exec-token-2']);
  });

  it('stream: a 401 refreshes and reopens the stream', async () => {
    const file = await dir.write('token', 'old-token');
    server.handler = async (_req, res, rec) => {
      if (rec.headers['authorization'] !== 'Bearer new-token') {
        await dir.write('token', 'new-token');
        res.writeHead(401);
        res.end('unauthorized');
        return;
      }
      res.writeHead(200);
      res.end('{"type":"ADDED"}\n');
    };
    const s = await transport({ auth: { tokenFile: file } }).stream(get('/watch'));
    expect(s.status).toBe(200);
    let text = '';
    for await (const c of s.body) text += Buffer.from(c).toString();
    expect(text).toBe('{"type":"ADDED"}\n');
    expect(server.received).toHaveLength(2);
  });
});

describe('createHttpTransport: failures', () => {
  it('connection refused: NetworkError, notSent, with the request context and no credentials', async () => {
    const port = await closedPort();
    const t = createHttpTransport({ server: `http://127.0.0.1:${port}`, tls: {}, auth: { token: TOKEN } });
    transports.push(t);
    const err = await caught(() => t.request(get('/')));
    expect(err).toBeInstanceOf(NetworkError);
    const n = err as NetworkError;
    expect(n.errorCode).toBe('ECONNREFUSED');
    expect(n.notSent).toBe(true);
    expect(n.request).toEqual(ctx);
    expect(n.message).toMatch(/^get scheduling\.koordinator\.sh\/v1alpha1\/reservations, name r1: cannot connect to http:\/\/127\.0\.0\.1:\d+: /);
    expectNoSecret(err, TOKEN);
    expect(JSON.stringify(err)).not.toMatch(/authorization/i);
  });

  it('a credential that cannot be a header value: ConfigError naming the header, not the value', async () => {
    const err = await caught(() => transport({ auth: { token: `${TOKEN}\r\nX-Injected: 1` } }).request(get('/')));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/could not be sent: invalid authorization header/);
    expect((err as ConfigError).request).toEqual(ctx);
    expectNoSecret(err, TOKEN);
    expect(server.received).toHaveLength(0);
  });

  it('an unreachable proxy: NetworkError without the proxy credentials', async () => {
    const port = await closedPort();
    for (const server of ['http://apiserver.invalid:6443', 'https://apiserver.invalid:6443']) {
      const t = createHttpTransport({ server, tls: {}, auth: {}, proxyUrl: `http://proxyuser:proxy-pass@127.0.0.1:${port}` });
      transports.push(t);
      const err = (await caught(() => t.request(get('/')))) as NetworkError;
      expect(err).toBeInstanceOf(NetworkError);
      expect(err.notSent).toBe(true);
      expectNoSecret(err, 'proxy-pass');
    }
  });

  it('unknown host: NetworkError ENOTFOUND, notSent', async () => {
    const t = createHttpTransport({ server: 'http://koord-does-not-exist.invalid:6443', tls: {}, auth: {} });
    transports.push(t);
    const err = (await caught(() => t.request(get('/')))) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(err.errorCode);
    expect(err.notSent).toBe(true);
  });

  it('a connection dropped after the request was sent: NetworkError, not notSent', async () => {
    server.handler = (req) => {
      req.socket.destroy();
    };
    const err = (await caught(() => transport({ auth: { token: TOKEN } }).request(get('/')))) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.notSent).toBe(false);
    expect(err.errorCode).toBeDefined();
    expectNoSecret(err, TOKEN);
  });

  it('abort via the signal: AbortError (not timed out), promptly', async () => {
    server.handler = () => {}; // never answers
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    const err = (await caught(() => transport().request(get('/'), { signal: ac.signal }))) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.timedOut).toBe(false);
    expect(err.request).toEqual(ctx);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an already aborted signal fails without contacting the server', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await caught(() => transport().request(get('/'), { signal: ac.signal }));
    expect(err).toBeInstanceOf(AbortError);
    expect(server.received).toHaveLength(0);
  });

  it('aborting a request still queued for a connection fails at once and never sends it', async () => {
    server.handler = (req, res) => {
      if (req.url === '/watch') {
        res.writeHead(200);
        res.write('x');
        return;
      }
      res.end('ok');
    };
    const t = transport({}, { connections: 1 });
    const s = await t.stream(get('/watch')); // holds the only connection
    const ac = new AbortController();
    const queued = t.request(get('/queued'), { signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    expect(await caught(() => queued)).toBeInstanceOf(AbortError);
    s.cancel();
    expect((await t.request(get('/after'))).body).toBe('ok');
    expect(server.received.map((r) => r.url)).toEqual(['/watch', '/after']);
  });

  it('timeoutMs: AbortError with timedOut', async () => {
    server.handler = () => {};
    const err = (await caught(() => transport().request(get('/'), { timeoutMs: 100 }))) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.timedOut).toBe(true);
    expect(err.message).toMatch(/timed out after 100 ms/);
  });

  it('after close(): requests fail with NetworkError notSent', async () => {
    const t = transport();
    await t.request(get('/'));
    await t.close();
    const err = (await caught(() => t.request(get('/')))) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.notSent).toBe(true);
    expect(err.errorCode).toBe('ERR_TRANSPORT_CLOSED');
  });
});

describe('createHttpTransport: stream', () => {
  it('yields the body chunk by chunk as the server writes it', async () => {
    let writeNext: (() => void) | undefined;
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED"}\n');
      writeNext = () => {
        res.write('{"type":"MODIFIED"}\n');
        res.end();
      };
    };
    const s = await transport().stream(get('/watch'));
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('application/json');
    const it = s.body[Symbol.asyncIterator]();
    const first = await it.next();
    expect(Buffer.from(first.value as Uint8Array).toString()).toBe('{"type":"ADDED"}\n');
    writeNext!();
    const second = await it.next();
    expect(Buffer.from(second.value as Uint8Array).toString()).toBe('{"type":"MODIFIED"}\n');
    expect((await it.next()).done).toBe(true);
  });

  it('cancel() ends the iteration and releases the connection', async () => {
    let closed: Promise<unknown> | undefined;
    server.handler = (_req, res) => {
      res.writeHead(200);
      res.write('chunk\n');
      closed = once(res, 'close');
    };
    const s = await transport().stream(get('/watch'));
    const it = s.body[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    s.cancel();
    expect((await it.next()).done).toBe(true);
    await closed; // the server saw the connection go away
  });

  it('breaking out of for-await cancels the stream', async () => {
    let closed: Promise<unknown> | undefined;
    server.handler = (_req, res) => {
      res.writeHead(200);
      res.write('a');
      closed = once(res, 'close');
    };
    const s = await transport().stream(get('/watch'));
    for await (const chunk of s.body) {
      expect(Buffer.from(chunk).toString()).toBe('a');
      break;
    }
    await closed;
  });

  it('the abort signal ends an open stream with AbortError; no body timeout on quiet streams', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200);
      res.write('x');
    };
    const ac = new AbortController();
    const s = await transport().stream(get('/watch'), { signal: ac.signal });
    const it = s.body[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    setTimeout(() => ac.abort(), 30);
    const err = await caught(() => pending);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).timedOut).toBe(false);
  });

  it('returns error statuses with their body', async () => {
    server.handler = (_req, res) => {
      res.writeHead(403);
      res.end('{"kind":"Status","reason":"Forbidden"}');
    };
    const s = await transport().stream(get('/watch'));
    expect(s.status).toBe(403);
    let body = '';
    for await (const c of s.body) body += Buffer.from(c).toString();
    expect(body).toBe('{"kind":"Status","reason":"Forbidden"}');
  });

  it('close() ends open streams with ClientClosedError', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200);
      res.write('x');
    };
    const t = transport();
    const s = await t.stream(get('/watch'));
    const it = s.body[Symbol.asyncIterator]();
    await it.next();
    await t.close();
    const err = await caught(() => it.next());
    expect(err).toBeInstanceOf(ClientClosedError);
    expect(isClientClosed(err)).toBe(true);
  });
});
