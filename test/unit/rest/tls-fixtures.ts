/**
 * Throw-away TLS material for https transport tests, issued in-process by envtest's certificate
 * authority (no openssl needed): a CA, a server certificate for 127.0.0.1 / localhost /
 * api.internal, and two client certificates.
 * @packageDocumentation
 */
import { CertificateAuthority } from '../../../src/envtest/certificate-authority.js';

/** PEM material. */
export interface TlsFixtures {
  ca: string;
  serverCert: string;
  serverKey: string;
  alice: { cert: string; key: string };
  bob: { cert: string; key: string };
}

/** Issues fresh fixtures. */
export function generateTlsFixtures(): TlsFixtures {
  const ca = CertificateAuthority.create();
  const server = ca.issueServingCertificate({ commonName: 'kube-apiserver', dnsNames: ['localhost', 'api.internal'], ipAddresses: ['127.0.0.1'] });
  const client = (name: string) => {
    const pair = ca.issueClientCertificate({ name });
    return { cert: pair.certPem, key: pair.keyPem };
  };
  return { ca: ca.certPem, serverCert: server.certPem, serverKey: server.keyPem, alice: client('alice'), bob: client('bob') };
}
