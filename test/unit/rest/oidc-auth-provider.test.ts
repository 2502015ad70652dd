// The oidc auth-provider against a local OpenID Connect IdP (discovery + token endpoint over TLS
// on loopback): an expired id-token is refreshed with the refresh_token grant, the API server (a
// loopback HTTP server) receives the new token, and the kubeconfig file gets the new tokens.
import { inspect } from 'node:util';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError } from '../../../src/rest/errors.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import { loadKubeconfig } from '../../../src/rest/config/kubeconfig.js';
import { OidcAuthProvider } from '../../../src/rest/auth/oidc-auth-provider.js';
import type { Transport } from '../../../src/rest/transport/transport.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';
import { startServer, type TestServer } from './test-server.js';
import { generateTlsFixtures, type TlsFixtures } from './tls-fixtures.js';

function jwt(expSeconds: number, sub = 'jane'): string {
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iss: 'idp', sub, exp: expSeconds })}.c2lnbmF0dXJl`;
}
const nowS = (): number => Math.floor(Date.now() / 1000);

interface TokenRequest {
  authorization?: string;
  form: Record<string, string>;
}

interface Idp {
  url: string;
  discoveries: number;
  tokenRequests: TokenRequest[];
  /** Answers a token request. */
  answer: (req: TokenRequest) => { status: number; body: object | string; contentType?: string };
  close(): Promise<void>;
}

function startIdp(tls: TlsFixtures): Promise<Idp> {
  const idp: Idp = {
    url: '',
    discoveries: 0,
    tokenRequests: [],
    answer: () => ({ status: 200, body: { access_token: 'access', token_type: 'Bearer', id_token: jwt(nowS() + 3600, 'fresh'), refresh_token: 'rt-2' } }),
    close: async () => {},
  };
  const server: Server = createServer({ cert: tls.serverCert, key: tls.serverKey }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/realms/k8s/.well-known/openid-configuration') {
        idp.discoveries++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: `${idp.url}/realms/k8s`, token_endpoint: `${idp.url}/realms/k8s/token` }));
        return;
      }
      if (req.method === 'POST' && req.url === '/realms/k8s/token') {
        const rec: TokenRequest = { form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) };
        if (req.headers.authorization) rec.authorization = req.headers.authorization;
        idp.tokenRequests.push(rec);
        const a = idp.answer(rec);
        res.writeHead(a.status, { 'content-type': a.contentType ?? 'application/json' });
        res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
        return;
      }
      res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      idp.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      idp.close = () => new Promise((r) => server.close(() => r()));
      resolve(idp);
    }),
  );
}

let tls: TlsFixtures;
let idp: Idp;
let api: TestServer;
let dir: TempDir;
let transports: Transport[];
beforeAll(() => {
  tls = generateTlsFixtures();
});
beforeEach(async () => {
  idp = await startIdp(tls);
  api = await startServer();
  dir = await tempDir('koord-oidc-');
  transports = [];
});
afterEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await idp.close();
  await api.close();
  await dir.cleanup();
});

const CLIENT_SECRET = 'client-secret-value-42';
const OLD_REFRESH = 'refresh-token-old-777';

/** A kubeconfig whose user `jane` is an oidc auth-provider user with an expired id-token. */
async function kubeconfig(extra: Record<string, string> = {}, idToken = jwt(nowS() - 60, 'expired')): Promise<string> {
  const path = join(dir.path, 'config');
  await writeFile(
    path,
    `# my kubeconfig
apiVersion: v1
kind: Config
current-context: dev
clusters:
  - name: dev
    cluster:
      server: ${api.url}
contexts:
  - name: dev
    context: { cluster: dev, user: jane }
users:
  - name: someone-else
    user: { token: other }
  - name: jane
    user:
      auth-provider:
        name: oidc
        config:
          idp-issuer-url: ${idp.url}/realms/k8s
          client-id: kubectl
          client-secret: ${CLIENT_SECRET}
          idp-certificate-authority-data: ${Buffer.from(tls.ca).toString('base64')}
          id-token: ${idToken}
          refresh-token: ${OLD_REFRESH}
${Object.entries(extra)
  .map(([k, v]) => `          ${k}: ${v}`)
  .join('\n')}
`,
    { mode: 0o600 },
  );
  return path;
}

async function transportFor(path: string): Promise<Transport> {
  const t = createHttpTransport(await loadKubeconfig({ kubeconfig: path }));
  transports.push(t);
  return t;
}

const get = { method: 'GET' as const, path: '/api/v1/namespaces', context: { verb: 'list', resource: 'namespaces' } };

describe('oidc auth-provider', () => {
  it('refreshes an expired id-token through discovery + refresh_token grant, sends it, and persists the new tokens', async () => {
    const path = await kubeconfig();
    const t = await transportFor(path);
    const res = await t.request(get);
    expect(res.status).toBe(200);
    const sent = api.received[0]?.headers.authorization ?? '';
    expect(sent).toMatch(/^Bearer /);
    const fresh = sent.slice('Bearer '.length);
    expect(JSON.parse(Buffer.from(fresh.split('.')[1]!, 'base64url').toString()).sub).toBe('fresh');

    expect(idp.discoveries).toBe(1);
    expect(idp.tokenRequests).toHaveLength(1);
    const tr = idp.tokenRequests[0]!;
    expect(tr.form).toEqual({ grant_type: 'refresh_token', refresh_token: OLD_REFRESH });
    expect(tr.authorization).toBe(`Basic ${Buffer.from(`kubectl:${CLIENT_SECRET}`).toString('base64')}`);

    // Written back to the user's entry; the rest of the file (comments, other users) kept.
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('# my kubeconfig')).toBe(true);
    const doc = parse(text) as { users: { name: string; user: Record<string, { config: Record<string, string> }> }[] };
    const jane = doc.users.find((u) => u.name === 'jane')!.user['auth-provider']!.config;
    expect(jane['id-token']).toBe(fresh);
    expect(jane['refresh-token']).toBe('rt-2');
    expect(jane['client-secret']).toBe(CLIENT_SECRET);
    expect(doc.users.find((u) => u.name === 'someone-else')).toEqual({ name: 'someone-else', user: { token: 'other' } });

    // A valid token is reused: no second refresh.
    await t.request(get);
    expect(api.received[1]?.headers.authorization).toBe(sent);
    expect(idp.tokenRequests).toHaveLength(1);

    // A new process starting from the file sends the persisted token without a refresh.
    const t2 = await transportFor(path);
    await t2.request(get);
    expect(api.received[2]?.headers.authorization).toBe(sent);
    expect(idp.tokenRequests).toHaveLength(1);
  });

  it('a valid id-token is sent as is; one expiring within 10 s is refreshed', async () => {
    const valid = jwt(nowS() + 600, 'still-valid');
    const t = await transportFor(await kubeconfig({}, valid));
    await t.request(get);
    expect(api.received[0]?.headers.authorization).toBe(`Bearer ${valid}`);
    expect(idp.tokenRequests).toHaveLength(0);

    const soon = new OidcAuthProvider({ 'idp-issuer-url': `${idp.url}/realms/k8s`, 'client-id': 'kubectl', 'id-token': jwt(nowS() + 5), 'refresh-token': 'x', 'idp-certificate-authority-data': Buffer.from(tls.ca).toString('base64') });
    await soon.idToken();
    expect(idp.tokenRequests).toHaveLength(1);
  });

  it('concurrent calls share one refresh', async () => {
    const t = await transportFor(await kubeconfig());
    await Promise.all([t.request(get), t.request(get), t.request(get)]);
    expect(idp.tokenRequests).toHaveLength(1);
    expect(new Set(api.received.map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('falls back to client credentials in the form body when the endpoint refuses basic auth', async () => {
    idp.answer = (req) =>
      req.authorization
        ? { status: 401, body: { error: 'invalid_client' } }
        : { status: 200, body: `id_token=${jwt(nowS() + 3600, 'form')}&token_type=bearer`, contentType: 'application/x-www-form-urlencoded' };
    const t = await transportFor(await kubeconfig());
    await t.request(get);
    expect(idp.tokenRequests.map((r) => r.form['client_id'] ?? null)).toEqual([null, 'kubectl']);
    expect(idp.tokenRequests[1]!.form['client_secret']).toBe(CLIENT_SECRET);
    expect(api.received[0]?.headers.authorization).toMatch(/^Bearer /);
  });

  it('failures are ConfigErrors that name the cause and never a token or the secret', async () => {
    idp.answer = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Token is not active', id_token: 'leaky-id-token-123456' } });
    const path = await kubeconfig();
    const t = await transportFor(path);
    const err = await caught(() => t.request(get));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/HTTP 400 \(invalid_grant: Token is not active\)/);
    for (const secret of [CLIENT_SECRET, OLD_REFRESH, 'leaky-id-token-123456']) expectNoSecret(err, secret);
    expect(api.received).toHaveLength(0); // nothing sent to the API server without a token
    for (const secret of [CLIENT_SECRET, OLD_REFRESH]) expect(inspect(t, { depth: 10 })).not.toContain(secret);

    idp.answer = () => ({ status: 200, body: { access_token: 'only-an-access-token', token_type: 'Bearer' } });
    const noId = await caught(() => t.request(get));
    expect(noId).toBeInstanceOf(ConfigError);
    expect((noId as Error).message).toMatch(/did not contain an id_token/);
    expectNoSecret(noId, 'only-an-access-token');
  });

  it('an expired id-token without a refresh-token, or a missing issuer, is a ConfigError', async () => {
    const p = new OidcAuthProvider({ 'idp-issuer-url': idp.url, 'client-id': 'kubectl', 'id-token': jwt(nowS() - 1) });
    expect(await caught(() => p.idToken())).toBeInstanceOf(ConfigError);
    expect(() => new OidcAuthProvider({ 'client-id': 'kubectl' })).toThrow(/idp-issuer-url/);
    expect(() => new OidcAuthProvider({ 'idp-issuer-url': idp.url })).toThrow(/client-id/);
  });

  it('verifies the IdP with idp-certificate-authority: an IdP the CA did not sign is refused', async () => {
    const other = generateTlsFixtures();
    const p = new OidcAuthProvider({ 'idp-issuer-url': `${idp.url}/realms/k8s`, 'client-id': 'kubectl', 'refresh-token': 'x', 'idp-certificate-authority-data': Buffer.from(other.ca).toString('base64') });
    const err = await caught(() => p.idToken());
    expect(err).toBeInstanceOf(ConfigError);
    expect(idp.discoveries).toBe(0);
  });

  describe('HTTPS_PROXY / HTTP_PROXY / NO_PROXY (Go ProxyFromEnvironment, as client-go oidc)', () => {
    /** A forward proxy on loopback that resolves every name to 127.0.0.1, with basic auth. */
    interface ForwardProxy {
      url: string;
      tunnels: string[];
      absolute: string[];
      auth: (string | undefined)[];
      close(): Promise<void>;
    }
    function startProxy(): Promise<ForwardProxy> {
      const p: ForwardProxy = { url: '', tunnels: [], absolute: [], auth: [], close: async () => {} };
      const server = createHttpServer((req, res) => {
        // An http:// IdP through the proxy: absolute-form request; the proxy answers as the IdP.
        p.absolute.push(req.url ?? '');
        p.auth.push(req.headers['proxy-authorization']);
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const url = new URL(req.url ?? '/', 'http://invalid');
          res.writeHead(200, { 'content-type': 'application/json' });
          if (url.pathname.endsWith('/.well-known/openid-configuration')) res.end(JSON.stringify({ token_endpoint: `${url.origin}/realms/k8s/token` }));
          else res.end(JSON.stringify({ id_token: jwt(nowS() + 3600, 'via-http-proxy'), token_type: 'Bearer' }));
        });
      });
      const open = new Set<Socket>();
      server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
        open.add(client);
        client.on('close', () => open.delete(client));
        p.tunnels.push(req.url ?? '');
        p.auth.push(req.headers['proxy-authorization']);
        if (req.headers['proxy-authorization'] === undefined) {
          client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
          return;
        }
        const port = Number((req.url ?? '').split(':').pop());
        const upstream = netConnect(port, '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client).pipe(upstream);
        });
        // Either side going away takes the other with it (pipe alone would keep the IdP's side open).
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      return new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () => {
          p.url = `http://user:proxy-pass-123@127.0.0.1:${(server.address() as AddressInfo).port}`;
          p.close = () =>
            new Promise((r) => {
              for (const s of open) s.destroy();
              server.closeAllConnections();
              server.close(() => r());
            });
          resolve(p);
        }),
      );
    }

    /** The IdP under a name only the proxy resolves (its certificate holds `api.internal`). */
    function hiddenIdp(): string {
      const port = new URL(idp.url).port;
      idp.url = `https://api.internal:${port}`; // discovery answers with this name too
      return idp.url;
    }

    const config = (issuer: string, ca = tls.ca) => ({ 'idp-issuer-url': `${issuer}/realms/k8s`, 'client-id': 'kubectl', 'client-secret': CLIENT_SECRET, 'refresh-token': OLD_REFRESH, 'idp-certificate-authority-data': Buffer.from(ca).toString('base64') });

    it('an https IdP only the proxy can reach is refreshed through a CONNECT tunnel, with the proxy credentials, TLS verified to the IdP', async () => {
      const proxy = await startProxy();
      try {
        const issuer = hiddenIdp();
        const p = new OidcAuthProvider(config(issuer), { proxyEnvironment: { httpsProxy: proxy.url } });
        const token = await p.idToken();
        expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub).toBe('fresh');
        expect(proxy.tunnels).toEqual([`api.internal:${new URL(issuer).port}`, `api.internal:${new URL(issuer).port}`]); // discovery, token
        expect(proxy.auth[0]).toBe(`Basic ${Buffer.from('user:proxy-pass-123').toString('base64')}`);
        expect(idp.tokenRequests).toHaveLength(1);

        // The IdP's certificate is still verified inside the tunnel.
        const other = generateTlsFixtures();
        const untrusted = new OidcAuthProvider(config(issuer, other.ca), { proxyEnvironment: { httpsProxy: proxy.url } });
        const err = await caught(() => untrusted.idToken());
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as Error).message).toMatch(/through the proxy http:\/\/127\.0\.0\.1:\d+/);
        expectNoSecret(err, 'proxy-pass-123');
      } finally {
        await proxy.close();
      }
    });

    it('NO_PROXY and loopback IdPs go direct; a proxy refusing the tunnel is a ConfigError without its credentials', async () => {
      const proxy = await startProxy();
      try {
        // Loopback is never proxied (Go's rule), whatever HTTPS_PROXY says.
        const direct = new OidcAuthProvider(config(idp.url), { proxyEnvironment: { httpsProxy: proxy.url } });
        await direct.idToken();
        expect(proxy.tunnels).toHaveLength(0);

        const issuer = hiddenIdp();
        const excluded = new OidcAuthProvider(config(issuer), { proxyEnvironment: { httpsProxy: proxy.url, noProxy: '.internal' } });
        const unresolved = await caught(() => excluded.idToken());
        expect(unresolved).toBeInstanceOf(ConfigError); // direct: the name does not resolve
        expect(proxy.tunnels).toHaveLength(0);

        const noCredentials = proxy.url.replace('user:proxy-pass-123@', '');
        const refused = await caught(() => new OidcAuthProvider(config(issuer), { proxyEnvironment: { httpsProxy: noCredentials } }).idToken());
        expect(refused).toBeInstanceOf(ConfigError);
        expect((refused as Error).message).toMatch(/refused the tunnel to api\.internal:\d+: HTTP 407/);
      } finally {
        await proxy.close();
      }
    });

    it('an http IdP goes through HTTP_PROXY as absolute-form requests; the default reads the environment', async () => {
      const proxy = await startProxy();
      const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
      try {
        process.env.HTTP_PROXY = proxy.url;
        for (const k of ['http_proxy', 'NO_PROXY', 'no_proxy'] as const) delete process.env[k];
        const p = new OidcAuthProvider({ 'idp-issuer-url': 'http://idp.internal/realms/k8s', 'client-id': 'kubectl', 'refresh-token': OLD_REFRESH });
        const token = await p.idToken();
        expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub).toBe('via-http-proxy');
        expect(proxy.absolute).toEqual(['http://idp.internal/realms/k8s/.well-known/openid-configuration', 'http://idp.internal/realms/k8s/token']);
        expect(proxy.auth[0]).toBe(`Basic ${Buffer.from('user:proxy-pass-123').toString('base64')}`);
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        await proxy.close();
      }
    });
  });
});
