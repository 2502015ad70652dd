// The oidc auth-provider against a real kube-apiserver that trusts a local OpenID Connect IdP
// (--oidc-issuer-url on loopback, tokens signed RS256 with the IdP's JWKS): a kubeconfig user with
// an expired id-token is refreshed through the IdP, the API server authenticates the new token
// (SelfSubjectReview names the user), and the kubeconfig file holds the refreshed tokens.
// Its own envtest: the shared one has no OIDC flags.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CertificateAuthority } from '../../../src/envtest/certificate-authority.js';
import { startEnvtest, type Envtest } from '../../../src/envtest/index.js';
import { KubeClientset } from '../../../src/generated/kube-clientset.js';
import { isUnauthorized } from '../../../src/rest/errors.js';
import { envtestInfo } from '../env.js';

const CLIENT_ID = 'kubectl';
let dir: string;
let idp: Server;
let issuer: string;
let signingKey: KeyObject;
let env: Envtest;
let caPem: string;
let refreshes = 0;

function b64url(v: object): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

function idToken(sub: string, expSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const data = `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64url({ iss: issuer, aud: CLIENT_ID, sub, iat: now - 5, exp: expSeconds })}`;
  const sig = createSign('RSA-SHA256').update(data).sign(signingKey).toString('base64url');
  return `${data}.${sig}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oidc-e2e-'));
  const ca = CertificateAuthority.create();
  caPem = ca.certPem;
  const serving = ca.issueServingCertificate({ commonName: 'idp', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  signingKey = keys.privateKey;
  const jwk = { ...(keys.publicKey.export({ format: 'jwk' }) as object), kid: 'k1', alg: 'RS256', use: 'sig' };
  idp = createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: object): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          jwks_uri: `${issuer}/keys`,
          token_endpoint: `${issuer}/token`,
          authorization_endpoint: `${issuer}/auth`,
          response_types_supported: ['id_token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      if (req.url === '/keys') return json(200, { keys: [jwk] });
      if (req.url === '/token' && req.method === 'POST') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'refresh-1') return json(400, { error: 'invalid_grant' });
        refreshes++;
        return json(200, { access_token: 'unused', token_type: 'Bearer', expires_in: 3600, id_token: idToken('jane', Math.floor(Date.now() / 1000) + 3600), refresh_token: 'refresh-2' });
      }
      json(404, {});
    });
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', () => r()));
  issuer = `https://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const caFile = join(dir, 'idp-ca.pem');
  await writeFile(caFile, caPem);
  env = await startEnvtest({
    binaryAssetsDir: envtestInfo().assetsDir,
    apiServerFlags: { 'oidc-issuer-url': issuer, 'oidc-client-id': CLIENT_ID, 'oidc-ca-file': caFile, 'oidc-username-claim': 'sub', 'oidc-username-prefix': 'oidc:' },
  });
}, 240_000);

afterAll(async () => {
  await env?.stop();
  await new Promise((r) => idp?.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('oidc auth-provider against kube-apiserver', () => {
  it('an expired id-token is refreshed through the IdP; the API server authenticates the new one; the kubeconfig is updated', async () => {
    const expired = idToken('jane', Math.floor(Date.now() / 1000) - 60);
    const { server, tls } = env.restConfig;

    // The API server does check tokens: the expired one alone is a 401.
    const raw = await KubeClientset.create({ config: { server, tls: { ca: tls.ca }, auth: { token: expired } }, retry: false });
    try {
      const err = await raw.authenticationV1.selfSubjectReviews().create({ metadata: { name: 'whoami' } }).catch((e: unknown) => e);
      expect(isUnauthorized(err), String(err)).toBe(true);
    } finally {
      await raw.close();
    }

    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: oidc',
        'clusters:',
        `  - name: c\n    cluster:\n      server: ${server}\n      certificate-authority-data: ${Buffer.from(tls.ca ?? '').toString('base64')}`,
        'contexts:',
        '  - name: oidc\n    context: { cluster: c, user: jane }',
        'users:',
        '  - name: jane',
        '    user:',
        '      auth-provider:',
        '        name: oidc',
        '        config:',
        `          idp-issuer-url: ${issuer}`,
        `          client-id: ${CLIENT_ID}`,
        `          idp-certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
        `          id-token: ${expired}`,
        '          refresh-token: refresh-1',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const cs = await KubeClientset.create({ kubeconfig, retry: false });
    try {
      // The API server initialises its OIDC verifier in the background: allow it a few seconds.
      let review;
      for (let attempt = 0; ; attempt++) {
        try {
          review = await cs.authenticationV1.selfSubjectReviews().create({ metadata: { name: 'whoami' } });
          break;
        } catch (err) {
          if (!isUnauthorized(err) || attempt >= 30) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      expect(review.status?.userInfo?.username).toBe('oidc:jane');
      expect(refreshes).toBe(1);
    } finally {
      await cs.close();
    }
    const doc = parse(await readFile(kubeconfig, 'utf8')) as { users: { user: { 'auth-provider': { config: Record<string, string> } } }[] };
    const saved = doc.users[0]!.user['auth-provider'].config;
    expect(saved['refresh-token']).toBe('refresh-2');
    expect(saved['id-token']).not.toBe(expired);
    expect(JSON.parse(Buffer.from(saved['id-token']!.split('.')[1]!, 'base64url').toString()).sub).toBe('jane');
  }, 120_000);
});
