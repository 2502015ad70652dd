/**
 * The key pair the API server signs service account tokens with
 * (`--service-account-signing-key-file`) and verifies them against (`--service-account-key-file`).
 * @packageDocumentation
 */
import { generateKeyPairSync } from 'node:crypto';

/** A PEM key pair for service account tokens (ECDSA P-256, tokens are signed ES256). */
export interface ServiceAccountKeyPair {
  /** PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`). */
  privateKeyPem: string;
  /** SPKI PEM public key (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
}

/** Generates a fresh service account signing key pair. */
export function generateServiceAccountKeyPair(): ServiceAccountKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
