/**
 * RBAC with static bearer tokens: a private kube-apiserver with a `--token-auth-file` user
 * `reader`, bound by a ClusterRole to get/list/watch on Reservations only. As `reader`: reads
 * work, writes are a typed Forbidden naming the resource; an unknown token is a typed
 * Unauthorized. Neither the token nor any other credential appears in any rendering of the
 * errors, in the transport's logs or hook payloads, or on the console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envtest } from '../../../src/envtest/index.js';
import { Clientset } from '../../../src/generated/clientset.js';
import type { Reservation } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { composeTransport } from '../../../src/rest/transport/compose-transport.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { ApiError, isForbidden, isUnauthorized } from '../../../src/rest/errors.js';
import { createHttpTransport } from '../../../src/rest/transport/http-transport.js';
import {
  eventually,
  expectNoSecretsInError,
  expectNoSecretsInText,
  grantClusterRole,
  installReservationCrd,
  LogCapture,
  newToken,
  rejection,
  reservation,
  reservationReadRule,
  startPrivateEnvtest,
  suffix,
  tokenConfig,
  whoAmI,
} from './support.js';

/** A Clientset whose transport logs everything (debug included) and reports every attempt to `log`. */
function connectObserved(config: RestConfig, log: LogCapture): Promise<Clientset> {
  const transport = composeTransport(createHttpTransport(config), { rateLimiter: false, logger: log.logger, hooks: log.hooks });
  return Clientset.create({ transport });
}

describe('RBAC for a static-token user', () => {
  let env: Envtest;
  let admin: Clientset;
  const readerToken = newToken('reader');
  const otherToken = newToken('other');
  let existing: Reservation;

  beforeAll(async () => {
    env = await startPrivateEnvtest({
      tokenUsers: [
        { token: readerToken, user: 'reader', uid: 'reader-uid', groups: ['readers'] },
        // A second user, so that the server's token file has more than one line to confuse.
        { token: otherToken, user: 'other', uid: 'other-uid' },
      ],
    });
    admin = await Clientset.create({ config: env.restConfig });
    await installReservationCrd(admin);
    await grantClusterRole(admin, 'reservation-reader', [reservationReadRule], 'reader');
    existing = await admin.schedulingV1alpha1.reservations().create(reservation(`seen-by-reader-${suffix()}`));
  });

  afterAll(async () => {
    await admin?.close();
    await env?.stop();
  });

  it('the reader may get, list and watch Reservations', async () => {
    const log = new LogCapture().captureConsole();
    try {
      const cs = await connectObserved(tokenConfig(env, readerToken), log);
      try {
        expect(await whoAmI(cs)).toEqual({ username: 'reader', groups: expect.arrayContaining(['readers', 'system:authenticated']) });
        const client = cs.schedulingV1alpha1.reservations();
        // The binding takes effect through the authorizer's informers: allow it a moment.
        const list = await eventually(() => client.list());
        expect(list.items.map((r) => r.metadata?.name)).toContain(existing.metadata!.name);
        const got = await client.get(existing.metadata!.name!);
        expect(got.metadata?.uid).toBe(existing.metadata?.uid);

        const ac = new AbortController();
        const names: string[] = [];
        for await (const ev of client.watch({ signal: ac.signal, resourceVersion: '0' })) {
          if (ev.type === 'ADDED') names.push(ev.object.metadata?.name ?? '');
          if (names.includes(existing.metadata!.name!)) ac.abort();
        }
        expect(names).toContain(existing.metadata!.name);
      } finally {
        await cs.close();
      }
    } finally {
      log.restore();
    }
    expect(log.hookCalls).toBeGreaterThan(0);
    expectNoSecretsInText(log.text(), [readerToken, otherToken], 'the transport log');
  });

  it('a create by the reader is a typed Forbidden naming the resource, without the token', async () => {
    const log = new LogCapture().captureConsole();
    let err: unknown;
    try {
      const cs = await connectObserved(tokenConfig(env, readerToken), log);
      try {
        const client = cs.schedulingV1alpha1.reservations();
        await eventually(() => client.list({ limit: 1 }));
        err = await rejection(client.create(reservation(`forbidden-${suffix()}`)));
        // Deletes are forbidden too, and nothing was created.
        const delErr = await rejection(client.delete(existing.metadata!.name!));
        expect(isForbidden(delErr)).toBe(true);
        expectNoSecretsInError(delErr, [readerToken]);
      } finally {
        await cs.close();
      }
    } finally {
      log.restore();
    }

    expect(err).toBeInstanceOf(ApiError);
    expect(isForbidden(err)).toBe(true);
    expect(isUnauthorized(err)).toBe(false);
    const apiErr = err as ApiError;
    expect(apiErr.code).toBe(403);
    expect(apiErr.reason).toBe('Forbidden');
    expect(apiErr.status.details).toMatchObject({ group: 'scheduling.koordinator.sh', kind: 'reservations' });
    expect(apiErr.request).toMatchObject({ verb: 'create', resource: 'scheduling.koordinator.sh/v1alpha1/reservations' });
    // The message names the resource, the verb and the user, as the server said it.
    expect(apiErr.message).toContain('reservations');
    expect(apiErr.message).toContain('scheduling.koordinator.sh');
    expect(apiErr.message).toMatch(/User "reader" cannot create resource "reservations"/);
    expectNoSecretsInError(err, [readerToken, otherToken]);

    expect(log.lines.some((l) => l.includes('"status": 403') || l.includes('status: 403'))).toBe(true);
    expectNoSecretsInText(log.text(), [readerToken, otherToken], 'the transport log');

    const after = await admin.schedulingV1alpha1.reservations().list();
    expect(after.items.map((r) => r.metadata?.name).filter((n) => n?.startsWith('forbidden-'))).toEqual([]);
    expect(after.items.map((r) => r.metadata?.name)).toContain(existing.metadata!.name);
  });

  it('an unknown token is a typed Unauthorized, without the token', async () => {
    const badToken = newToken('not-registered');
    const log = new LogCapture().captureConsole();
    let listErr: unknown;
    let createErr: unknown;
    let watchErr: unknown;
    try {
      const cs = await connectObserved(tokenConfig(env, badToken), log);
      try {
        const client = cs.schedulingV1alpha1.reservations();
        listErr = await rejection(client.list());
        createErr = await rejection(client.create(reservation(`unauth-${suffix()}`)));
        watchErr = await rejection(
          (async () => {
            for await (const _ of client.watch()) break;
          })(),
        );
      } finally {
        await cs.close();
      }
    } finally {
      log.restore();
    }
    for (const err of [listErr, createErr, watchErr]) {
      expect(isUnauthorized(err)).toBe(true);
      expect(isForbidden(err)).toBe(false);
      expect((err as ApiError).code).toBe(401);
      expectNoSecretsInError(err, [badToken, readerToken, otherToken]);
    }
    expect(String(listErr)).toMatch(/list scheduling\.koordinator\.sh\/v1alpha1\/reservations: Unauthorized/);
    expect(log.lines.some((l) => l.includes('"status": 401') || l.includes('status: 401'))).toBe(true);
    expectNoSecretsInText(log.text(), [badToken, readerToken, otherToken], 'the transport log');
  });

  it('the leak check itself catches a token in any rendering (so the checks above are not vacuous)', () => {
    const token = newToken('probe');
    const inMessage = new Error(`bad ${token}`);
    expect(() => expectNoSecretsInError(inMessage, [token])).toThrow(/String\(err\) contains secret #0/);
    const inProperty = Object.assign(new Error('plain'), { headers: { authorization: `Bearer ${token}` } });
    expect(() => expectNoSecretsInError(inProperty, [token])).toThrow(/JSON\.stringify\(err\) contains secret #0/);
    const inCause = new Error('outer', { cause: { nested: { deeper: { header: token } } } });
    expect(() => expectNoSecretsInError(inCause, [token])).toThrow(/inspect.*contains secret #0/);
    const hidden = new Error('plain');
    Object.defineProperty(hidden, 'config', { value: { token }, enumerable: false });
    expect(() => expectNoSecretsInError(hidden, [token])).toThrow(/showHidden: true\}\) contains secret #0/);
  });

  it('a Clientset built from the RestConfig alone behaves the same', async () => {
    const cs = await Clientset.create({ config: tokenConfig(env, readerToken) });
    try {
      const client = cs.schedulingV1alpha1.reservations();
      const list = await eventually(() => client.list());
      expect(list.items.length).toBeGreaterThan(0);
      const err = await rejection(client.create(reservation(`forbidden-${suffix()}`)));
      expect(isForbidden(err)).toBe(true);
      expectNoSecretsInError(err, [readerToken]);
    } finally {
      await cs.close();
    }
  });
});
