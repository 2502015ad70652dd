/**
 * Keeping credentials out of `console.log` / `util.inspect` of a `RestConfig` (client-go
 * `rest.Config.String()`): the bearer token, password, client key, proxy password, exec plugin
 * environment values and auth-provider settings print as `--- REDACTED ---`; certificates print
 * as their size. The values themselves stay on the object, usable as before; only how the object
 * (and its `auth` and `tls` parts, also after `{ ...config }`) prints changes.
 * @packageDocumentation
 */
import type { AuthConfig, RestConfig, TlsConfig } from './config.js';

/** What a redacted value prints as (client-go's marker). */
export const REDACTED = '--- REDACTED ---';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

type Inspect = (depth: number, options: object, inspect: (v: unknown, o: object) => string) => string;

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    if (u.password) u.password = 'REDACTED';
    else u.username = 'REDACTED';
    return u.toString();
  } catch {
    return REDACTED;
  }
}

function pemSize(pem: string): string {
  return `[PEM, ${Buffer.byteLength(pem)} bytes]`;
}

function redactedAuth(a: AuthConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  if (a.token !== undefined) out['token'] = REDACTED;
  if (a.password !== undefined) out['password'] = REDACTED;
  if (a.exec) out['exec'] = { ...a.exec, ...(a.exec.env ? { env: a.exec.env.map((e) => ({ name: e.name, value: REDACTED })) } : {}) };
  if (a.authProvider) {
    const config = a.authProvider.config ? Object.fromEntries(Object.keys(a.authProvider.config).map((k) => [k, REDACTED])) : undefined;
    out['authProvider'] = { name: a.authProvider.name, ...(config ? { config } : {}) };
  }
  return out;
}

function redactedTls(t: TlsConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...t };
  if (t.key !== undefined) out['key'] = REDACTED;
  if (t.cert !== undefined) out['cert'] = pemSize(t.cert);
  if (t.ca !== undefined) out['ca'] = pemSize(t.ca);
  return out;
}

function defineInspect(target: object, view: () => unknown): void {
  const fn: Inspect = (depth, options, inspect) => inspect(view(), { ...options, depth });
  Object.defineProperty(target, inspectSymbol, { value: fn, enumerable: false, configurable: true, writable: true });
}

/**
 * Makes `config` (and its `auth`, `tls` and `impersonate` parts) print without credentials;
 * returns the same object, values untouched.
 * @param config - the configuration
 * @returns `config`
 */
export function redactOnInspect<T extends RestConfig>(config: T): T {
  defineInspect(config.auth, () => redactedAuth(config.auth));
  defineInspect(config.tls, () => redactedTls(config.tls));
  defineInspect(config, () => redactedRestConfig(config));
  return config;
}

/**
 * A printable copy of `config` with every credential replaced (for logs that serialize with
 * `JSON.stringify` rather than `util.inspect`).
 * @param config - the configuration
 * @returns a plain redacted copy
 */
export function redactedRestConfig(config: RestConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config, auth: redactedAuth(config.auth), tls: redactedTls(config.tls) };
  if (config.proxyUrl !== undefined) out['proxyUrl'] = redactUrl(config.proxyUrl);
  return out;
}
