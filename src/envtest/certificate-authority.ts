/**
 * A throwaway certificate authority for one envtest: a self-signed ECDSA P-256 CA that issues
 * serving certificates (serverAuth) and client certificates (clientAuth) for Kubernetes users.
 * @packageDocumentation
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { issueCertificate, type DistinguishedName } from './x509.js';

/** A PEM certificate with its PEM (PKCS#8) private key. */
export interface CertificateKeyPair {
  certPem: string;
  keyPem: string;
}

/** Options of {@link CertificateAuthority.create}. */
export interface CertificateAuthorityOptions {
  /** Subject common name of the CA certificate; `envtest-ca` by default. */
  commonName?: string;
  /** How long issued certificates (and the CA) are valid, in days; 365 by default. */
  validityDays?: number;
  /** The current time, for tests; `new Date()` by default. */
  now?: Date;
}

const HOUR_MS = 3_600_000;

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * A self-signed certificate authority. Its private key stays inside the instance (a private
 * field, so it is neither enumerable nor shown by `util.inspect`).
 */
export class CertificateAuthority {
  /** The CA certificate, PEM. */
  readonly certPem: string;
  /** The CA's subject name. */
  readonly name: DistinguishedName;
  /** The CA's public key. */
  readonly publicKey: KeyObject;
  readonly #privateKey: KeyObject;
  readonly #validityMs: number;
  readonly #now: () => Date;

  private constructor(name: DistinguishedName, certPem: string, publicKey: KeyObject, privateKey: KeyObject, validityMs: number, now: () => Date) {
    this.name = name;
    this.certPem = certPem;
    this.publicKey = publicKey;
    this.#privateKey = privateKey;
    this.#validityMs = validityMs;
    this.#now = now;
  }

  /** Creates a new CA with a fresh key. */
  static create(options: CertificateAuthorityOptions = {}): CertificateAuthority {
    const validityDays = options.validityDays ?? 365;
    if (!(validityDays > 0)) throw new RangeError('validityDays must be positive');
    const fixed = options.now;
    const now = fixed ? () => fixed : () => new Date();
    const name: DistinguishedName = { commonName: options.commonName ?? 'envtest-ca' };
    const { publicKey, privateKey } = newKeyPair();
    const start = now();
    const cert = issueCertificate(
      {
        subject: name,
        publicKey,
        // A little slack before "now" tolerates clock skew between processes.
        notBefore: new Date(start.getTime() - HOUR_MS),
        // The CA outlives every certificate it issues.
        notAfter: new Date(start.getTime() + validityDays * 24 * HOUR_MS + HOUR_MS),
        isCA: true,
        keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
      },
      { selfSigningKey: privateKey },
    );
    return new CertificateAuthority(name, cert.pem, publicKey, privateKey, validityDays * 24 * HOUR_MS, now);
  }

  #issue(subject: DistinguishedName, extra: { serverAuth: boolean; dnsNames?: readonly string[]; ipAddresses?: readonly string[] }): CertificateKeyPair {
    const { publicKey, privateKey } = newKeyPair();
    const start = this.#now();
    const cert = issueCertificate(
      {
        subject,
        publicKey,
        notBefore: new Date(start.getTime() - HOUR_MS),
        notAfter: new Date(start.getTime() + this.#validityMs),
        keyUsage: ['digitalSignature'],
        extendedKeyUsage: [extra.serverAuth ? 'serverAuth' : 'clientAuth'],
        ...(extra.dnsNames ? { dnsNames: extra.dnsNames } : {}),
        ...(extra.ipAddresses ? { ipAddresses: extra.ipAddresses } : {}),
      },
      { name: this.name, publicKey: this.publicKey, privateKey: this.#privateKey },
    );
    return { certPem: cert.pem, keyPem: privateKeyPem(privateKey) };
  }

  /** Issues a TLS serving certificate for the given DNS names and IP addresses. */
  issueServingCertificate(hosts: { commonName?: string; dnsNames: readonly string[]; ipAddresses: readonly string[] }): CertificateKeyPair {
    const commonName = hosts.commonName ?? hosts.dnsNames[0] ?? hosts.ipAddresses[0];
    if (commonName === undefined) throw new RangeError('a serving certificate needs at least one DNS name or IP address');
    return this.#issue({ commonName }, { serverAuth: true, dnsNames: hosts.dnsNames, ipAddresses: hosts.ipAddresses });
  }

  /**
   * Issues a client certificate for a Kubernetes user: the API server reads the common name as
   * the user name and each organization as a group (e.g. `system:masters`).
   */
  issueClientCertificate(user: { name: string; groups?: readonly string[] }): CertificateKeyPair {
    return this.#issue({ commonName: user.name, organizations: user.groups ?? [] }, { serverAuth: false });
  }
}
