/**
 * Issues X.509 v3 certificates (RFC 5280) in-process with `node:crypto`, so envtest needs no
 * openssl or cfssl: the TBSCertificate is built with the DER encoder in `asn1.ts` and signed
 * with the issuer's key (ECDSA with SHA-256, or RSA PKCS#1 v1.5 with SHA-256).
 * @packageDocumentation
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as der from './asn1.js';
import { ipAddressOctets } from './ip-address.js';

/** Object identifiers used in the certificates this module issues. */
export const Oid = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** A distinguished name as Kubernetes reads it: CN is the user name, each O a group. */
export interface DistinguishedName {
  commonName: string;
  /** Organizations, in order; Kubernetes treats each as a group of a client certificate's user. */
  organizations?: readonly string[];
}

/** KeyUsage bits (RFC 5280 §4.2.1.3) this module can set. */
export type KeyUsage = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';

/** ExtendedKeyUsage purposes this module can set. */
export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

const keyUsageBit: Record<KeyUsage, number> = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 };

/** The certificate and key that sign a new certificate. */
export interface CertificateIssuer {
  /** The issuer's subject name (becomes the new certificate's issuer name). */
  name: DistinguishedName;
  /** The issuer's public key (used for the authority key identifier). */
  publicKey: KeyObject;
  /** The issuer's private key, which signs the new certificate. */
  privateKey: KeyObject;
}

/** What to put in a new certificate. */
export interface CertificateTemplate {
  subject: DistinguishedName;
  /** The subject's public key. */
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** Marks the certificate as a CA (basicConstraints cA=TRUE). */
  isCA?: boolean;
  keyUsage: readonly KeyUsage[];
  extendedKeyUsage?: readonly ExtendedKeyUsage[];
  /** DNS subject alternative names. */
  dnsNames?: readonly string[];
  /** IP subject alternative names (IPv4 or IPv6 text form). */
  ipAddresses?: readonly string[];
  /** Unsigned big-endian serial number; 16 random bytes when absent. */
  serialNumber?: Uint8Array;
}

/** An issued certificate in both encodings. */
export interface IssuedCertificate {
  /** The DER encoding of the certificate. */
  der: Buffer;
  /** The PEM encoding (`-----BEGIN CERTIFICATE-----`). */
  pem: string;
}

function encodeName(name: DistinguishedName): Buffer {
  const attribute = (oid: string, value: string): Buffer => der.set(der.sequence(der.objectIdentifier(oid), der.utf8String(value)));
  return der.sequence(...(name.organizations ?? []).map((o) => attribute(Oid.organizationName, o)), attribute(Oid.commonName, name.commonName));
}

// The AlgorithmIdentifier for signing with `key` and SHA-256 (RFC 5758 §3.2, RFC 4055 §5).
function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return der.sequence(der.objectIdentifier(Oid.ecdsaWithSha256));
  if (key.asymmetricKeyType === 'rsa') return der.sequence(der.objectIdentifier(Oid.sha256WithRsaEncryption), der.nullValue());
  throw new TypeError(`unsupported signing key type ${String(key.asymmetricKeyType)} (use an EC or RSA key)`);
}

/** The key identifier of a public key: the first 160 bits of the SHA-256 of its SPKI (RFC 7093 §2). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest().subarray(0, 20);
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? der.sequence(der.objectIdentifier(oid), der.boolean(true), der.octetString(value))
    : der.sequence(der.objectIdentifier(oid), der.octetString(value));
}

function dnsNameOctets(name: string): Buffer {
  // dNSName is an IA5String under an implicit [2] tag; Go rejects anything but printable ASCII.
  if (!/^[\x21-\x7e]+$/.test(name)) throw new RangeError(`${JSON.stringify(name)} is not a valid DNS name`);
  return Buffer.from(name, 'latin1');
}

function randomSerial(): Buffer {
  const serial = randomBytes(16);
  // Positive, and never starting with a zero octet, so the DER integer is always 16 octets.
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  return serial;
}

/** Encodes DER as PEM with the given label and 64-column base64 lines. */
export function toPem(label: string, derBytes: Uint8Array): string {
  const body = Buffer.from(derBytes).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/**
 * Builds and signs one certificate. Without an `issuer` the certificate is self-signed with
 * `selfSigningKey` (the private key matching `template.publicKey`).
 */
export function issueCertificate(template: CertificateTemplate, issuer: CertificateIssuer | { selfSigningKey: KeyObject }): IssuedCertificate {
  if (!(template.notAfter.getTime() > template.notBefore.getTime())) throw new RangeError('notAfter must be later than notBefore');
  const selfSigned = 'selfSigningKey' in issuer;
  const signingKey = selfSigned ? issuer.selfSigningKey : issuer.privateKey;
  const issuerName = selfSigned ? template.subject : issuer.name;
  const algorithm = signatureAlgorithm(signingKey);

  const extensions: Buffer[] = [
    extension(Oid.basicConstraints, true, template.isCA ? der.sequence(der.boolean(true)) : der.sequence()),
    extension(Oid.keyUsage, true, der.namedBitString(template.keyUsage.map((u) => keyUsageBit[u]))),
  ];
  if (template.extendedKeyUsage?.length) {
    extensions.push(extension(Oid.extKeyUsage, false, der.sequence(...template.extendedKeyUsage.map((p) => der.objectIdentifier(Oid[p])))));
  }
  const altNames = [
    ...(template.dnsNames ?? []).map((d) => der.implicitPrimitive(2, dnsNameOctets(d))),
    ...(template.ipAddresses ?? []).map((ip) => der.implicitPrimitive(7, ipAddressOctets(ip))),
  ];
  if (altNames.length) extensions.push(extension(Oid.subjectAltName, false, der.sequence(...altNames)));
  extensions.push(extension(Oid.subjectKeyIdentifier, false, der.octetString(keyIdentifier(template.publicKey))));
  if (!selfSigned) extensions.push(extension(Oid.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, keyIdentifier(issuer.publicKey)))));

  const tbs = der.sequence(
    der.explicit(0, der.integer(2)), // v3
    der.integer(template.serialNumber ?? randomSerial()),
    algorithm,
    encodeName(issuerName),
    der.sequence(der.x509Time(template.notBefore), der.x509Time(template.notAfter)),
    encodeName(template.subject),
    template.publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, { key: signingKey, dsaEncoding: 'der' });
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  return { der: certificate, pem: toPem('CERTIFICATE', certificate) };
}
