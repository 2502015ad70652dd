/**
 * The default `User-Agent` this library sends (client-go `rest.DefaultKubernetesUserAgent`).
 * @packageDocumentation
 */

/** This library's version, as published in package.json. Keep in step with package.json. */
export const CLIENT_VERSION = '0.1.0';

/**
 * The default User-Agent: `koordinator-client/<version> (node <process.version>)`.
 * @returns the header value
 */
export function defaultUserAgent(): string {
  return `koordinator-client/${CLIENT_VERSION} (node ${process.version})`;
}
