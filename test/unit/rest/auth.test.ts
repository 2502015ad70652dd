import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/rest/auth/auth.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { ConfigError } from '../../../src/rest/errors.js';
import { TokenFileSource } from '../../../src/rest/auth/token-file.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';

let dir: TempDir;
let clock: number;
beforeEach(async () => {
  dir = await tempDir();
  clock = 1_000_000;
});
afterEach(async () => {
  await dir.cleanup();
});

const base = (auth: RestConfig['auth']): RestConfig => ({ server: 'https://127.0.0.1:6443', tls: {}, auth });

describe('createAuthenticator', () => {
  it('static bearer token and basic auth; nothing refreshable', async () => {
    const t = createAuthenticator(base({ token: 'abc' }));
    expect(await t.headers()).toEqual({ authorization: 'Bearer abc' });
    expect(t.refreshable).toBe(false);
    expect(await t.onUnauthorized(await t.authorize())).toBe(false);
    const b = createAuthenticator(base({ username: 'admin', password: 'p@ss:word' }));
    expect(await b.headers()).toEqual({ authorization: `Basic ${Buffer.from('admin:p@ss:word').toString('base64')}` });
    expect(await createAuthenticator(base({})).headers()).toEqual({});
  });

  it('token file: re-read at most once a minute, and at once after a 401', async () => {
    const file = await dir.write('token', 'first-token\n');
    const a = createAuthenticator(base({ tokenFile: file }), { now: () => clock });
    expect(a.refreshable).toBe(true);
    const s1 = await a.authorize();
    expect(s1.headers).toEqual({ authorization: 'Bearer first-token' });
    await dir.write('token', 'second-token');
    clock += 59_000;
    expect(await a.headers()).toEqual({ authorization: 'Bearer first-token' });
    clock += 2_000;
    expect(await a.headers()).toEqual({ authorization: 'Bearer second-token' });

    await dir.write('token', 'third-token');
    const s2 = await a.authorize(); // still cached: second-token
    expect(await a.onUnauthorized(s2)).toBe(true); // re-read now: changed
    expect(await a.headers()).toEqual({ authorization: 'Bearer third-token' });
    expect(await a.onUnauthorized(await a.authorize())).toBe(false); // unchanged file: no point retrying
  });

  it('token file: keeps the last good token when the file disappears; a static token is the fallback', async () => {
    const file = await dir.write('token', 'good-token');
    const a = createAuthenticator(base({ tokenFile: file }), { now: () => clock });
    await a.authorize();
    await dir.cleanup();
    clock += 120_000;
    expect(await a.headers()).toEqual({ authorization: 'Bearer good-token' });

    const missing = join(dir.path, 'never');
    const withFallback = createAuthenticator(base({ tokenFile: missing, token: 'static' }));
    expect(await withFallback.headers()).toEqual({ authorization: 'Bearer static' });
    const without = createAuthenticator(base({ tokenFile: missing }));
    const err = await caught(() => without.headers());
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`token file ${missing} cannot be read (ENOENT)`);
  });

  it('exec: bearer token and client certificate; a 401 runs the plugin again', async () => {
    const counter = join(dir.path, 'n');
    const plugin = await dir.write(
      'plugin.sh',
      `#!/bin/sh
n=$(cat "${counter}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${counter}"
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"exec-%s","clientCertificateData":"CERT%s","clientKeyData":"KEY"}}' $n $n
`,
      0o755,
    );
    const a = createAuthenticator(base({ exec: { command: plugin, apiVersion: 'client.authentication.k8s.io/v1beta1' } }));
    expect(a.refreshable).toBe(true);
    const s1 = await a.authorize();
    expect(s1).toEqual({ headers: { authorization: 'Bearer exec-1' }, clientCertificate: { cert: 'CERT1', key: 'KEY' } });
    expect(await a.authorize()).toEqual(s1); // cached
    // two requests failed with the same credential: one plugin run
    const [r1, r2] = await Promise.all([a.onUnauthorized(s1), a.onUnauthorized(s1)]);
    expect([r1, r2]).toEqual([true, true]);
    expect(await a.headers()).toEqual({ authorization: 'Bearer exec-2' });
  });

  it('auth-provider: delegated lazily to @kubernetes/client-node', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    const gcp = createAuthenticator(base({ authProvider: { name: 'gcp', config: { 'access-token': 'gcp-access-token', expiry: future } } }));
    expect(await gcp.headers()).toEqual({ authorization: 'Bearer gcp-access-token' });
    expect(gcp.refreshable).toBe(false);

    const expired = createAuthenticator(base({ authProvider: { name: 'gcp', config: { 'access-token': 'old-secret-access-token', expiry: '2000-01-01T00:00:00Z' } } }));
    const err = await caught(() => expired.headers());
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^auth-provider "gcp" could not provide credentials/);
    expectNoSecret(err, 'old-secret-access-token');

    const unknown = createAuthenticator(base({ authProvider: { name: 'nope', config: { secret: 'unknown-provider-secret' } } }));
    const err2 = await caught(() => unknown.headers());
    expect((err2 as Error).message).toMatch(/auth-provider "nope" is not supported/);
    expectNoSecret(err2, 'unknown-provider-secret');
  });
});

describe('TokenFileSource', () => {
  it('trims the token, rejects an empty file, and single-flights reads', async () => {
    const file = await dir.write('t', '  spaced-token \n');
    const s = new TokenFileSource(file);
    const all = await Promise.all([s.token(), s.token(), s.token()]);
    expect(all).toEqual(['spaced-token', 'spaced-token', 'spaced-token']);
    const empty = await dir.write('e', '\n');
    expect(((await caught(() => new TokenFileSource(empty).token())) as Error).message).toBe(`token file ${empty} is empty`);
  });
});
