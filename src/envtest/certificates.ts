/**
 * The key material of one envtest: a fresh CA, the API server's serving certificate, the admin
 * client certificate (`envtest-admin` in `system:masters`) and the service account key pair.
 * @packageDocumentation
 */
import { CertificateAuthority, type CertificateKeyPair } from './certificate-authority.js';
import { generateServiceAccountKeyPair, type ServiceAccountKeyPair } from './service-account-key.js';

/** DNS names in the API server's serving certificate. */
export const SERVING_DNS_NAMES: readonly string[] = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

/** IP addresses in the API server's serving certificate (loopback, and the `kubernetes` service IP of 10.0.0.0/24). */
export const SERVING_IP_ADDRESSES: readonly string[] = ['127.0.0.1', '::1', '10.0.0.1'];

/** The admin user of the client certificate: full access through the `system:masters` group. */
export const ADMIN_USER = { name: 'envtest-admin', groups: ['system:masters'] } as const;

/** All certificates and keys of one envtest. */
export interface EnvtestCertificates {
  /** The CA; it can issue further client certificates (e.g. for RBAC tests). */
  ca: CertificateAuthority;
  /** The API server's serving certificate and key. */
  serving: CertificateKeyPair;
  /** The admin client certificate and key. */
  admin: CertificateKeyPair;
  /** Service account token signing keys. */
  serviceAccount: ServiceAccountKeyPair;
}

/** Generates a complete, fresh set (ECDSA P-256 throughout). */
export function generateEnvtestCertificates(options: { validityDays?: number } = {}): EnvtestCertificates {
  const ca = CertificateAuthority.create({ commonName: 'envtest-ca', ...(options.validityDays ? { validityDays: options.validityDays } : {}) });
  return {
    ca,
    serving: ca.issueServingCertificate({ commonName: 'kube-apiserver', dnsNames: SERVING_DNS_NAMES, ipAddresses: SERVING_IP_ADDRESSES }),
    admin: ca.issueClientCertificate(ADMIN_USER),
    serviceAccount: generateServiceAccountKeyPair(),
  };
}
