/**
 * Impersonation headers (client-go `transport.NewImpersonatingRoundTripper`):
 * `Impersonate-User`, `Impersonate-Uid`, `Impersonate-Group` (one per group) and
 * `Impersonate-Extra-<key>` (one per value, the key percent-escaped to a legal header name).
 * @packageDocumentation
 */
import type { ImpersonationConfig } from '../config/config.js';
import { ConfigError } from '../errors.js';

// RFC 7230 token characters, minus '%' which is the escape character itself.
const LEGAL_KEY_CHAR = /^[!#$&'*+\-.^_`|~0-9A-Za-z]$/;

/**
 * Escapes an extra key into a legal header-name suffix: every byte outside the token set (and
 * `%`) becomes `%XX`, as client-go's `headerKeyEscape` does.
 * @param key - the user-extra key, e.g. `scopes.example.com/role`
 * @returns the escaped key
 */
export function escapeExtraKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && LEGAL_KEY_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The impersonation headers for a configuration (lower-case names; arrays are sent as repeated
 * header lines).
 * @param imp - who to impersonate; nothing when absent
 * @returns the headers to add to every request
 * @throws ConfigError when uid, groups or extra are given without a user (the request would
 *   otherwise silently run as the caller itself)
 */
export function impersonationHeaders(imp: ImpersonationConfig | undefined): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {};
  if (!imp?.user) {
    if (imp && (imp.uid || imp.groups?.length || Object.keys(imp.extra ?? {}).length)) {
      throw new ConfigError('impersonation: uid, groups or extra require a user to impersonate');
    }
    return h;
  }
  h['impersonate-user'] = imp.user;
  if (imp.uid) h['impersonate-uid'] = imp.uid;
  if (imp.groups?.length) h['impersonate-group'] = [...imp.groups];
  for (const [key, values] of Object.entries(imp.extra ?? {})) {
    if (values.length) h[`impersonate-extra-${escapeExtraKey(key)}`] = [...values];
  }
  return h;
}
