/**
 * Token file rotation (client-go `NewCachedFileTokenSource` semantics): the client caches the
 * file's token, and after a 401 re-reads the file and retries once when the token changed. The
 * file is rotated from a token the server does not know to one it does; the next request is sent
 * with the cached stale token, gets a 401, re-reads, and succeeds - without the caller seeing
 * the 401, and without any token in errors or logs.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envtest } from '../../../src/envtest/index.js';
import { Clientset } from '../../../src/generated/clientset.js';
import { createAuthenticator, type AuthState, type Authenticator } from '../../../src/rest/auth/auth.js';
import { composeTransport } from '../../../src/rest/transport/compose-transport.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { isUnauthorized } from '../../../src/rest/errors.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import {
  expectNoSecretsInError,
  expectNoSecretsInText,
  installReservationCrd,
  LogCapture,
  newToken,
  rejection,
  reservation,
  startPrivateEnvtest,
  suffix,
  whoAmI,
} from './support.js';

/** Writes a token file the way rotating writers do: a temp file renamed over the old one. */
async function rotate(path: string, token: string): Promise<void> {
  const tmp = `${path}.${suffix()}.tmp`;
  await writeFile(tmp, `${token}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

/**
 * Wraps the real authenticator, recording what each call produced as a label (never the
 * token): `authorize:<label>` and `onUnauthorized:<changed>`.
 */
function recordingAuthenticator(inner: Authenticator, label: (s: AuthState) => string): { authenticator: Authenticator; events: string[] } {
  const events: string[] = [];
  const authenticator: Authenticator = {
    get refreshable() {
      return inner.refreshable;
    },
    async authorize() {
      const s = await inner.authorize();
      events.push(`authorize:${label(s)}`);
      return s;
    },
    headers: () => inner.headers(),
    async onUnauthorized(used) {
      const changed = await inner.onUnauthorized(used);
      events.push(`onUnauthorized:${changed}`);
      return changed;
    },
  };
  return { authenticator, events };
}

describe('auth.tokenFile rotation', () => {
  let env: Envtest;
  let dir: string;
  const validToken = newToken('valid');
  const invalidToken = newToken('stale');

  beforeAll(async () => {
    env = await startPrivateEnvtest({ tokenUsers: [{ token: validToken, user: 'rotator', uid: 'rotator-uid', groups: ['system:masters'] }] });
    const admin = await Clientset.create({ config: env.restConfig });
    try {
      await installReservationCrd(admin);
    } finally {
      await admin.close();
    }
    dir = await mkdtemp(join(tmpdir(), 'koord-token-file-'));
  });

  afterAll(async () => {
    await env?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('after a 401 the file is re-read and the request retried once with the new token', async () => {
    const tokenFile = join(dir, 'token-a');
    await rotate(tokenFile, invalidToken);
    const config: RestConfig = { server: env.server, tls: { ca: env.caPem }, auth: { tokenFile } };
    const label = (s: AuthState): string =>
      s.headers['authorization'] === `Bearer ${validToken}` ? 'valid' : s.headers['authorization'] === `Bearer ${invalidToken}` ? 'invalid' : 'other';
    const { authenticator, events } = recordingAuthenticator(createAuthenticator(config), label);
    const log = new LogCapture().captureConsole();
    const statuses: number[] = [];
    const transport = composeTransport(createHttpTransport(config, { authenticator }), {
      rateLimiter: false,
      logger: log.logger,
      hooks: { ...log.hooks, onRequestEnd: (i) => (log.hooks.onRequestEnd?.(i), statuses.push(i.status ?? -1)) },
    });
    const cs = await Clientset.create({ transport });
    try {
      // 1. The file holds a token the server rejects: 401, one re-read (same token), no retry.
      const err = await rejection(whoAmI(cs));
      expect(isUnauthorized(err)).toBe(true);
      expectNoSecretsInError(err, [invalidToken, validToken]);
      expect(events).toEqual(['authorize:invalid', 'onUnauthorized:false']);
      expect(statuses).toEqual([401]);

      // 2. Rotate. The cached stale token is sent first (401), the file is re-read, the retry
      //    succeeds: the caller sees only the success.
      await rotate(tokenFile, validToken);
      events.length = 0;
      expect(await whoAmI(cs)).toMatchObject({ username: 'rotator' });
      expect(events).toEqual(['authorize:invalid', 'onUnauthorized:true', 'authorize:valid']);

      // 3. From now on the new token is used directly, for reads and writes alike.
      events.length = 0;
      const created = await cs.schedulingV1alpha1.reservations().create(reservation(`rotated-${suffix()}`));
      expect(created.metadata?.uid).toBeTruthy();
      await cs.schedulingV1alpha1.reservations().get(created.metadata!.name!);
      expect(events).toEqual(['authorize:valid', 'authorize:valid']);
      // whoAmI x2, create, get: one hook report per call, the 401 + retry inside the transport.
      expect(statuses).toEqual([401, 201, 201, 200]);
    } finally {
      await cs.close();
      log.restore();
    }
    expect(log.hookCalls).toBeGreaterThan(0);
    expectNoSecretsInText(log.text(), [invalidToken, validToken], 'the transport log');
  });

  it('works the same through a plain RestConfig and through a kubeconfig `tokenFile`', async () => {
    const fromConfig = join(dir, 'token-b');
    const fromKubeconfig = join(dir, 'token-c');
    await rotate(fromConfig, invalidToken);
    await rotate(fromKubeconfig, invalidToken);
    const kubeconfigPath = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfigPath,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'env', cluster: { server: env.server, 'certificate-authority-data': Buffer.from(env.caPem).toString('base64') } }],
        users: [{ name: 'rotator', user: { tokenFile: fromKubeconfig } }],
        contexts: [{ name: 'env', context: { cluster: 'env', user: 'rotator' } }],
        'current-context': 'env',
      }),
      { mode: 0o600 },
    );
    const clients = [
      { file: fromConfig, cs: await Clientset.create({ config: { server: env.server, tls: { ca: env.caPem }, auth: { tokenFile: fromConfig } } }) },
      { file: fromKubeconfig, cs: await Clientset.create({ kubeconfig: kubeconfigPath }) },
    ];
    try {
      for (const { file, cs } of clients) {
        const reservations = cs.schedulingV1alpha1.reservations();
        const err = await rejection(reservations.list());
        expect(isUnauthorized(err)).toBe(true);
        expectNoSecretsInError(err, [invalidToken, validToken]);
        await rotate(file, validToken);
        const list = await reservations.list();
        expect(Array.isArray(list.items)).toBe(true);
        expect(await whoAmI(cs)).toMatchObject({ username: 'rotator' });
      }
    } finally {
      for (const { cs } of clients) await cs.close();
    }
  });
});
