import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../../../src/envtest/certificate-authority.js';
import { ADMIN_USER, generateEnvtestCertificates } from '../../../src/envtest/certificates.js';
import { Oid, issueCertificate, keyIdentifier } from '../../../src/envtest/x509.js';
import { certificateExtensions, readDer } from './der-reader.js';

const DAY = 24 * 3_600_000;
const env = generateEnvtestCertificates();
const ca = new X509Certificate(env.ca.certPem);
const serving = new X509Certificate(env.serving.certPem);
const admin = new X509Certificate(env.admin.certPem);

describe('envtest CA', () => {
  it('is a self-signed CA certificate', () => {
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=envtest-ca');
    expect(ca.issuer).toBe(ca.subject);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.checkIssued(ca)).toBe(true);
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('has critical basicConstraints cA and keyUsage keyCertSign, cRLSign, digitalSignature', () => {
    const exts = certificateExtensions(ca.raw);
    const bc = exts.get(Oid.basicConstraints)!;
    expect(bc.critical).toBe(true);
    expect(bc.value.children.map((c) => c.content.toString('hex'))).toEqual(['ff']);
    const ku = exts.get(Oid.keyUsage)!;
    expect(ku.critical).toBe(true);
    expect(ku.value.content.toString('hex')).toBe('0186');
    expect(exts.get(Oid.subjectKeyIdentifier)!.value.content).toEqual(keyIdentifier(ca.publicKey));
    expect(exts.has(Oid.authorityKeyIdentifier)).toBe(false);
  });

  it('is valid from a little before now to about the requested lifetime', () => {
    const now = Date.now();
    expect(ca.validFromDate.getTime()).toBeLessThan(now);
    expect(ca.validFromDate.getTime()).toBeGreaterThan(now - 2 * 3_600_000);
    expect(ca.validToDate.getTime()).toBeGreaterThan(now + 364 * DAY);
    expect(ca.validToDate.getTime()).toBeLessThan(now + 366 * DAY);
  });

  it('signs with ecdsa-with-SHA256 and writes a positive 16-octet serial', () => {
    const [, sigAlg] = readDer(ca.raw).children;
    expect(sigAlg!.children[0]!.content.toString('hex')).toBe('2a8648ce3d040302');
    expect(ca.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });

  it('does not reveal its private key through inspection or JSON', () => {
    const shown = inspect(env.ca, { depth: 5, showHidden: true }) + JSON.stringify(env.ca);
    expect(shown).not.toMatch(/PRIVATE KEY/);
  });
});

describe('serving certificate', () => {
  it('chains to the CA and is not a CA itself', () => {
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.issuer).toBe('CN=envtest-ca');
    expect(serving.ca).toBe(false);
    const bc = certificateExtensions(serving.raw).get(Oid.basicConstraints)!;
    expect(bc.value.children).toEqual([]);
  });

  it('names loopback and the in-cluster kubernetes service names', () => {
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.checkIP('::1')).toBe('::1');
    expect(serving.checkIP('10.0.0.1')).toBe('10.0.0.1');
    expect(serving.checkIP('127.0.0.2')).toBeUndefined();
    for (const host of ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local']) {
      expect(serving.checkHost(host)).toBe(host);
    }
    expect(serving.checkHost('example.com')).toBeUndefined();
    expect(serving.subjectAltName).toContain('IP Address:127.0.0.1');
  });

  it('is for serverAuth only, with digitalSignature key usage and an authority key id', () => {
    expect(serving.keyUsage).toEqual([Oid.serverAuth]);
    const exts = certificateExtensions(serving.raw);
    expect(exts.get(Oid.keyUsage)!.value.content.toString('hex')).toBe('0780');
    const aki = exts.get(Oid.authorityKeyIdentifier)!.value;
    expect(aki.children[0]!.tag).toBe(0x80);
    expect(aki.children[0]!.content).toEqual(keyIdentifier(ca.publicKey));
  });

  it('matches its private key', () => {
    const key = createPrivateKey(env.serving.keyPem);
    const sig = sign('sha256', Buffer.from('x'), key);
    expect(verify('sha256', Buffer.from('x'), serving.publicKey, sig)).toBe(true);
  });
});

describe('admin client certificate', () => {
  it('is envtest-admin in system:masters, for clientAuth, issued by the CA', () => {
    expect(admin.subject.split('\n').sort()).toEqual(['CN=envtest-admin', 'O=system:masters']);
    expect(ADMIN_USER.name).toBe('envtest-admin');
    expect(admin.keyUsage).toEqual([Oid.clientAuth]);
    expect(admin.verify(ca.publicKey)).toBe(true);
    expect(admin.ca).toBe(false);
    expect(createPublicKey(env.admin.keyPem).export({ format: 'jwk' })).toEqual(admin.publicKey.export({ format: 'jwk' }));
  });

  it('is not verifiable by an unrelated CA', () => {
    const other = new X509Certificate(CertificateAuthority.create().certPem);
    expect(admin.verify(other.publicKey)).toBe(false);
    expect(admin.checkIssued(other)).toBe(false);
  });
});

describe('service account keys', () => {
  it('are a matching PEM key pair', () => {
    const priv = createPrivateKey(env.serviceAccount.privateKeyPem);
    const pub = createPublicKey(env.serviceAccount.publicKeyPem);
    const sig = sign('sha256', Buffer.from('token'), priv);
    expect(verify('sha256', Buffer.from('token'), pub, sig)).toBe(true);
    expect(env.serviceAccount.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
});

describe('issueCertificate', () => {
  it('signs with an RSA issuer key too', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = new Date();
    const cert = issueCertificate(
      { subject: { commonName: 'rsa-ca', organizations: ['a', 'b'] }, publicKey, notBefore: now, notAfter: new Date(now.getTime() + DAY), isCA: true, keyUsage: ['keyCertSign'] },
      { selfSigningKey: privateKey },
    );
    const x = new X509Certificate(cert.pem);
    expect(x.verify(publicKey)).toBe(true);
    expect(x.subject.split('\n')).toEqual(['O=a', 'O=b', 'CN=rsa-ca']);
    expect(x.ca).toBe(true);
  });

  it('uses GeneralizedTime for dates from 2050 and respects the given serial', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const cert = issueCertificate(
      {
        subject: { commonName: 'far' },
        publicKey,
        notBefore: new Date(Date.UTC(2049, 0, 1)),
        notAfter: new Date(Date.UTC(2051, 5, 1)),
        keyUsage: ['digitalSignature'],
        serialNumber: Buffer.from([0x00, 0x99]),
      },
      { selfSigningKey: privateKey },
    );
    const x = new X509Certificate(cert.pem);
    expect(x.validToDate.toISOString()).toBe('2051-06-01T00:00:00.000Z');
    expect(x.validFromDate.toISOString()).toBe('2049-01-01T00:00:00.000Z');
    expect(x.serialNumber).toBe('99');
    // 0x99 has its high bit set, so DER prefixes a zero octet to keep the integer positive.
    expect(readDer(x.raw).children[0]!.children[1]!.content.toString('hex')).toBe('0099');
  });

  it('rejects an empty validity window and bad DNS names', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const now = new Date();
    expect(() => issueCertificate({ subject: { commonName: 'x' }, publicKey, notBefore: now, notAfter: now, keyUsage: [] }, { selfSigningKey: privateKey })).toThrow(RangeError);
    expect(() =>
      issueCertificate(
        { subject: { commonName: 'x' }, publicKey, notBefore: now, notAfter: new Date(now.getTime() + DAY), keyUsage: [], dnsNames: ['bad name'] },
        { selfSigningKey: privateKey },
      ),
    ).toThrow(RangeError);
  });

  it('issues client certificates for arbitrary users from the CA', () => {
    const pair = env.ca.issueClientCertificate({ name: 'alice', groups: ['dev', 'ops'] });
    const x = new X509Certificate(pair.certPem);
    expect(x.subject.split('\n')).toEqual(['O=dev', 'O=ops', 'CN=alice']);
    expect(x.verify(ca.publicKey)).toBe(true);
  });
});

describe('a TLS handshake with the generated certificates (OpenSSL checks chain, purpose and names)', () => {
  async function handshake(serverPair: { certPem: string; keyPem: string }, clientPair?: { certPem: string; keyPem: string }): Promise<string> {
    const server = createServer({ cert: serverPair.certPem, key: serverPair.keyPem, ca: env.ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.end(peer.subject?.CN ?? 'none');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = (server.address() as AddressInfo).port;
      return await new Promise<string>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/', ca: env.ca.certPem, agent: false, ...(clientPair ? { cert: clientPair.certPem, key: clientPair.keyPem } : {}) },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', reject);
        req.end();
      });
    } finally {
      server.close();
    }
  }

  it('succeeds for the serving certificate on 127.0.0.1 and the admin client certificate', async () => {
    await expect(handshake(env.serving, env.admin)).resolves.toBe('envtest-admin');
  });

  it('fails when a client certificate is used as a server certificate (wrong extended key usage)', async () => {
    await expect(handshake(env.admin, env.admin)).rejects.toThrow(/purpose|unsuitable/i);
  });

  it('fails when the server requires a client certificate and none is sent', async () => {
    await expect(handshake(env.serving)).rejects.toThrow();
  });
});
