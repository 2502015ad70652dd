/**
 * Client certificate authentication (`RestConfig.tls.cert` / `tls.key`): a certificate issued by
 * the envtest CA authenticates as its common name with its organizations as groups; a
 * certificate from an unknown CA is Unauthorized; a certificate user without RBAC rights is
 * Forbidden. The private keys never appear in an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, type CertificateKeyPair, type Envtest } from '../../../src/envtest/index.js';
import { Clientset } from '../../../src/generated/clientset.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { ApiError, isForbidden, isUnauthorized } from '../../../src/rest/errors.js';
import {
  expectNoSecretsInError,
  installReservationCrd,
  rejection,
  reservation,
  startPrivateEnvtest,
  suffix,
  whoAmI,
} from './support.js';

function certConfig(env: Envtest, pair: CertificateKeyPair): RestConfig {
  return { server: env.server, tls: { ca: env.caPem, cert: pair.certPem, key: pair.keyPem }, auth: {} };
}

/** The base64 body of a PEM key (what a leak would most likely contain). */
function keyBody(pem: string): string {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
}

describe('client certificates', () => {
  let env: Envtest;

  beforeAll(async () => {
    env = await startPrivateEnvtest();
    const admin = await Clientset.create({ config: env.restConfig });
    try {
      await installReservationCrd(admin);
    } finally {
      await admin.close();
    }
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('a certificate issued by the cluster CA authenticates as its CN with its O as groups', async () => {
    const pair = env.certificateAuthority.issueClientCertificate({ name: 'cert-user', groups: ['system:masters', 'team-a'] });
    const cs = await Clientset.create({ config: certConfig(env, pair) });
    try {
      const who = await whoAmI(cs);
      expect(who.username).toBe('cert-user');
      expect(who.groups).toEqual(expect.arrayContaining(['system:masters', 'team-a', 'system:authenticated']));
      const client = cs.schedulingV1alpha1.reservations();
      const created = await client.create(reservation(`cert-${suffix()}`));
      expect((await client.get(created.metadata!.name!)).metadata?.uid).toBe(created.metadata?.uid);
      expect((await client.list()).items.map((r) => r.metadata?.name)).toContain(created.metadata!.name);
    } finally {
      await cs.close();
    }
  });

  it('a certificate from a different CA is Unauthorized, without the key in the error', async () => {
    const foreignCa = CertificateAuthority.create({ commonName: 'not-the-cluster-ca' });
    const pair = foreignCa.issueClientCertificate({ name: 'cert-user', groups: ['system:masters'] });
    const cs = await Clientset.create({ config: certConfig(env, pair) });
    try {
      for (const call of [() => cs.schedulingV1alpha1.reservations().list(), () => cs.schedulingV1alpha1.reservations().create(reservation(`foreign-${suffix()}`))]) {
        const err = await rejection(call());
        expect(err).toBeInstanceOf(ApiError);
        expect(isUnauthorized(err)).toBe(true);
        expect((err as ApiError).code).toBe(401);
        expectNoSecretsInError(err, [keyBody(pair.keyPem), keyBody(env.clientKeyPem)]);
      }
    } finally {
      await cs.close();
    }
  });

  it('a certificate user without RBAC rights is authenticated but Forbidden', async () => {
    const pair = env.certificateAuthority.issueClientCertificate({ name: 'nobody-special' });
    const cs = await Clientset.create({ config: certConfig(env, pair) });
    try {
      expect(await whoAmI(cs)).toEqual({ username: 'nobody-special', groups: ['system:authenticated'] });
      const err = await rejection(cs.schedulingV1alpha1.reservations().list());
      expect(isForbidden(err)).toBe(true);
      expect((err as ApiError).message).toMatch(/User "nobody-special" cannot list resource "reservations"/);
      expectNoSecretsInError(err, [keyBody(pair.keyPem)]);
    } finally {
      await cs.close();
    }
  });
});
