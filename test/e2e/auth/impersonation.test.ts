/**
 * Impersonation (`RestConfig.impersonate` -> `Impersonate-User` / `Impersonate-Group` headers):
 * the admin (client certificate, `system:masters`) acting as `reader` gets exactly the reader's
 * permissions; impersonated groups count; and a user without the `impersonate` permission is
 * refused, with a typed Forbidden that carries no credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envtest } from '../../../src/envtest/index.js';
import { Clientset } from '../../../src/generated/clientset.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { ApiError, ConfigError, isForbidden } from '../../../src/rest/errors.js';
import {
  eventually,
  expectNoSecretsInError,
  grantClusterRole,
  installReservationCrd,
  newToken,
  rejection,
  reservation,
  reservationReadRule,
  startPrivateEnvtest,
  suffix,
  tokenConfig,
  whoAmI,
} from './support.js';

describe('impersonation', () => {
  let env: Envtest;
  let admin: Clientset;
  const readerToken = newToken('reader');
  let existingName: string;

  beforeAll(async () => {
    env = await startPrivateEnvtest({ tokenUsers: [{ token: readerToken, user: 'reader', uid: 'reader-uid' }] });
    admin = await Clientset.create({ config: env.restConfig });
    await installReservationCrd(admin);
    await grantClusterRole(admin, 'reservation-reader', [reservationReadRule], 'reader');
    existingName = (await admin.schedulingV1alpha1.reservations().create(reservation(`imp-${suffix()}`))).metadata!.name!;
  });

  afterAll(async () => {
    await admin?.close();
    await env?.stop();
  });

  function adminAs(impersonate: RestConfig['impersonate']): Promise<Clientset> {
    return Clientset.create({ config: { ...env.restConfig, impersonate } });
  }

  it('the admin impersonating `reader` has the reader permissions: list allowed, create forbidden', async () => {
    const cs = await adminAs({ user: 'reader' });
    try {
      expect(await whoAmI(cs)).toEqual({ username: 'reader', groups: ['system:authenticated'] });
      const client = cs.schedulingV1alpha1.reservations();
      const list = await eventually(() => client.list());
      expect(list.items.map((r) => r.metadata?.name)).toContain(existingName);
      expect((await client.get(existingName)).metadata?.name).toBe(existingName);

      const err = await rejection(client.create(reservation(`imp-denied-${suffix()}`)));
      expect(isForbidden(err)).toBe(true);
      expect((err as ApiError).code).toBe(403);
      expect((err as ApiError).message).toMatch(/User "reader" cannot create resource "reservations" in API group "scheduling\.koordinator\.sh"/);
      expectNoSecretsInError(err, [env.clientKeyPem, readerToken]);
      const patchErr = await rejection(client.patch(existingName, { type: 'merge', patch: { metadata: { labels: { x: 'y' } } } }));
      expect(isForbidden(patchErr)).toBe(true);
    } finally {
      await cs.close();
    }
    // The admin itself is unaffected.
    expect(await whoAmI(admin)).toMatchObject({ username: 'envtest-admin' });
  });

  it('impersonated groups are applied (a user in system:masters may create)', async () => {
    const cs = await adminAs({ user: 'someone-else', groups: ['system:masters'] });
    try {
      const who = await whoAmI(cs);
      expect(who.username).toBe('someone-else');
      expect(who.groups).toContain('system:masters');
      const created = await cs.schedulingV1alpha1.reservations().create(reservation(`imp-group-${suffix()}`));
      expect(created.metadata?.uid).toBeTruthy();
    } finally {
      await cs.close();
    }
    // Without the group, the same user may do nothing at all.
    const plain = await adminAs({ user: 'someone-else' });
    try {
      expect(isForbidden(await rejection(plain.schedulingV1alpha1.reservations().list()))).toBe(true);
    } finally {
      await plain.close();
    }
  });

  // client-go sends the headers and the server refuses; we refuse before any request, as the
  // kubeconfig loader does for `as-groups` without `as`: never run it as the caller itself.
  it('impersonating groups without a user is a ConfigError, never a request as the caller', async () => {
    const outcome = await adminAs({ groups: ['viewers'] }).then(
      async (cs) => {
        try {
          return (await whoAmI(cs)).username;
        } finally {
          await cs.close();
        }
      },
      (err: unknown) => err,
    );
    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as ConfigError).message).toContain('require a user');
  });

  it('a user without the impersonate permission is refused with a typed Forbidden', async () => {
    const cs = await Clientset.create({ config: { ...tokenConfig(env, readerToken), impersonate: { user: 'envtest-admin', groups: ['system:masters'] } } });
    try {
      const err = await rejection(cs.schedulingV1alpha1.reservations().list());
      expect(isForbidden(err)).toBe(true);
      // Wording differs by version ("impersonate resource users", or with constrained
      // impersonation "impersonate-on:user-info:list"); both name the user and the verb.
      expect((err as ApiError).message).toMatch(/User "reader" cannot impersonate/);
      expectNoSecretsInError(err, [readerToken]);
    } finally {
      await cs.close();
    }
  });
});
