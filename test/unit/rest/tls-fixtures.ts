/**
 * Throw-away TLS material for https transport tests, generated with the `openssl` CLI: a CA, a
 * server certificate for 127.0.0.1 / localhost / api.internal, and two client certificates.
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM material. */
export interface TlsFixtures {
  ca: string;
  serverCert: string;
  serverKey: string;
  alice: { cert: string; key: string };
  bob: { cert: string; key: string };
}

/** Why https tests are skipped, or undefined when openssl is available. */
export function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'openssl is not installed: https transport tests skipped (the TLS path is covered by e2e against kube-apiserver)';
  }
}

/**
 * Generates the fixtures into `dir`.
 * @param dir - an empty temporary directory
 */
export function generateTlsFixtures(dir: string): TlsFixtures {
  const f = (name: string): string => join(dir, name);
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ossl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=koord-test-ca');
  ossl(
    'req', '-x509', ...ec, '-keyout', f('server.key'), '-out', f('server.crt'), '-days', '2', '-subj', '/CN=kube-apiserver',
    '-CA', f('ca.crt'), '-CAkey', f('ca.key'),
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:api.internal',
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'extendedKeyUsage=serverAuth',
  );
  for (const who of ['alice', 'bob']) {
    ossl(
      'req', '-x509', ...ec, '-keyout', f(`${who}.key`), '-out', f(`${who}.crt`), '-days', '2', '-subj', `/CN=${who}`,
      '-CA', f('ca.crt'), '-CAkey', f('ca.key'),
      '-addext', 'basicConstraints=critical,CA:FALSE',
      '-addext', 'extendedKeyUsage=clientAuth',
    );
  }
  const read = (n: string): string => readFileSync(f(n), 'utf8');
  return {
    ca: read('ca.crt'),
    serverCert: read('server.crt'),
    serverKey: read('server.key'),
    alice: { cert: read('alice.crt'), key: read('alice.key') },
    bob: { cert: read('bob.crt'), key: read('bob.key') },
  };
}
