/**
 * Checking TLS material (CA bundle, client certificate and key) when a configuration is loaded,
 * as client-go does when it builds its transport: a certificate that does not match its key, a
 * key that is not a key, or a CA file without a certificate is a `ConfigError` naming where it
 * came from, at once, instead of a handshake failure on every request. Messages never quote the
 * material itself.
 * @packageDocumentation
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors.js';

/** The material to check, each with a description of where it came from (e.g. `client-key file /x/key.pem`). */
export interface TlsMaterial {
  ca?: { pem: string; source: string };
  cert?: { pem: string; source: string };
  key?: { pem: string; source: string };
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function parseCertificates(pem: string, source: string): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw new ConfigError(`${source} holds no PEM certificate`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new ConfigError(`${source}: certificate #${i + 1} cannot be parsed`);
    }
  });
}

function parseKey(pem: string, source: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${source} is not a PEM private key`);
  }
}

/**
 * Throws `ConfigError` naming the source when the material is unusable.
 * @param m - CA, certificate and key with their sources
 */
export function checkTlsMaterial(m: TlsMaterial): void {
  if (m.ca) parseCertificates(m.ca.pem, m.ca.source);
  const certs = m.cert ? parseCertificates(m.cert.pem, m.cert.source) : undefined;
  const key = m.key ? parseKey(m.key.pem, m.key.source) : undefined;
  const leaf = certs?.[0];
  if (leaf && key && m.cert && m.key && !leaf.checkPrivateKey(key)) {
    throw new ConfigError(`${m.cert.source} does not match ${m.key.source}: the certificate is not for that private key`);
  }
}
