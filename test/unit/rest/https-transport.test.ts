import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { NetworkError, type RequestContext } from '../../../src/rest/errors.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import type { RestRequest, Transport } from '../../../src/rest/transport/transport.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';
import { startServer, type TestServer } from './test-server.js';
import { generateTlsFixtures, type TlsFixtures } from './tls-fixtures.js';

const ctx: RequestContext = { verb: 'list', resource: 'slo.koordinator.sh/v1alpha1/nodemetrics' };
const get: RestRequest = { method: 'GET', path: '/api', context: ctx };
const TOKEN = 'tls-test-secret-token';

describe('https transport', () => {
  let dir: TempDir;
  let fx: TlsFixtures;
  let server: TestServer;
  const transports: Transport[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    fx = generateTlsFixtures();
    server = await startServer({ cert: fx.serverCert, key: fx.serverKey, ca: fx.ca, requestCert: true, rejectUnauthorized: false });
  });
  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await server?.close();
    await dir?.cleanup();
  });

  function transport(config: Partial<RestConfig>): Transport {
    const t = createHttpTransport({ server: server.url, tls: {}, auth: {}, ...config });
    transports.push(t);
    return t;
  }

  it('verifies the server against the configured CA', async () => {
    const res = await transport({ tls: { ca: fx.ca } }).request(get);
    expect(res.status).toBe(200);
    expect(server.received.at(-1)!.clientCN).toBeUndefined();
  });

  it('an untrusted server certificate is a NetworkError that was never sent', async () => {
    const err = (await caught(() => transport({ auth: { token: TOKEN } }).request(get))) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.notSent).toBe(true);
    expect(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN']).toContain(err.errorCode);
    expectNoSecret(err, TOKEN);
  });

  it('insecure-skip-tls-verify connects without a CA', async () => {
    expect((await transport({ tls: { insecureSkipVerify: true } }).request(get)).status).toBe(200);
  });

  it('tls-server-name overrides the name the certificate is checked against', async () => {
    expect((await transport({ tls: { ca: fx.ca, serverName: 'api.internal' } }).request(get)).status).toBe(200);
    const err = (await caught(() => transport({ tls: { ca: fx.ca, serverName: 'wrong.example' } }).request(get))) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.errorCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(err.notSent).toBe(true);
  });

  it('presents the kubeconfig client certificate', async () => {
    await transport({ tls: { ca: fx.ca, cert: fx.alice.cert, key: fx.alice.key } }).request(get);
    expect(server.received.at(-1)!.clientCN).toBe('alice');
  });

  it('HTTP/1.1 by default; HTTP/2 through ALPN when asked (request and stream)', async () => {
    const srv = createSecureServer({ cert: fx.serverCert, key: fx.serverKey, allowHTTP1: true }, (req, res) => {
      res.writeHead(200);
      res.end(req.httpVersion);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
      for (const [http2, version] of [[false, '1.1'], [true, '2.0']] as const) {
        const t = createHttpTransport({ server: url, tls: { ca: fx.ca }, auth: {} }, { http2 });
        transports.push(t);
        expect((await t.request(get)).body).toBe(version);
        const s = await t.stream(get);
        let body = '';
        for await (const c of s.body) body += Buffer.from(c).toString();
        expect(body).toBe(version);
        await t.close();
      }
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('exec-issued client certificates: a new certificate after a 401 uses new connections', async () => {
    const cred = (c: { cert: string; key: string }): string =>
      JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { clientCertificateData: c.cert, clientKeyData: c.key } });
    await dir.write('cred1.json', cred(fx.alice));
    await dir.write('cred2.json', cred(fx.bob));
    const counter = `${dir.path}/n`;
    const plugin = await dir.write(
      'plugin.sh',
      `#!/bin/sh
n=$(cat "${counter}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${counter}"
cat "${dir.path}/cred$n.json"
`,
      0o755,
    );
    server.handler = (_req, res, rec) => {
      res.writeHead(rec.clientCN === 'bob' ? 200 : 401);
      res.end(rec.clientCN ?? 'none');
    };
    const t = transport({ tls: { ca: fx.ca }, auth: { exec: { command: plugin, apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never' } } });
    const res = await t.request(get);
    expect(res.status).toBe(200);
    expect(server.received.slice(-2).map((r) => r.clientCN)).toEqual(['alice', 'bob']);
    // later requests keep using bob's certificate
    expect((await t.request(get)).body).toBe('bob');
  });
});
