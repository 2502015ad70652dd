/**
 * Turning low-level failures of an exchange into this library's errors: `AbortError` for the
 * caller's signal and timeouts, `NetworkError` for everything else, with `notSent` set only when
 * the request provably never reached the server.
 * @packageDocumentation
 */
import type { CallScope } from './call-scope.js';
import { AbortError, ClientClosedError, ConfigError, DecodeError, NetworkError, ResponseTooLargeError, type KubeClientError, type RequestContext } from '../errors.js';
import type { ExchangeFailure } from './exchange.js';

/**
 * Error codes that can only happen before a request is written: resolving the host, opening the
 * connection, or the TLS handshake. Used in addition to "undici never started the request".
 */
export const CONNECT_PHASE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Removes `user:password@` from any URL in a message. */
export function redactUrls(message: string): string {
  return message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1[redacted]@');
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function innermost(err: unknown): unknown {
  // undici wraps some connect failures; the socket error is the interesting part.
  let e = err;
  for (let i = 0; i < 3; i++) {
    const cause = (e as { cause?: unknown } | null)?.cause;
    if (!cause || typeof cause !== 'object') break;
    e = cause;
  }
  return e;
}

/**
 * The error a caller sees for a failed exchange: `AbortError` for our own aborts, `ConfigError`
 * when undici rejected the request's options (an invalid header value), else `NetworkError`.
 * @param f - what the exchange recorded
 * @param request - the request it was about
 * @param scope - the call's signal/timeout scope, for AbortErrors
 * @param origin - the server, named in NetworkError messages
 * @returns the typed error
 */
export function exchangeError(f: ExchangeFailure, request: RequestContext, scope: CallScope, origin: string): KubeClientError {
  if (f.abortKind === 'signal' || f.abortKind === 'timeout') return scope.error(request);
  if (f.abortKind === 'closed') return new ClientClosedError({ request, notSent: !f.started, message: 'the client was closed during the call' });
  if (f.tooLarge !== undefined) return new ResponseTooLargeError('the answer', f.tooLarge, request);
  if (f.abortKind === 'cancel') return new AbortError('request cancelled', { request });
  if (f.corruptEncoding !== undefined) return new DecodeError(`the server's gzip-encoded answer could not be decompressed: ${f.corruptEncoding}`, { request });
  const err = f.error;
  if (codeOf(err) === 'UND_ERR_INVALID_ARG') {
    // undici refused to build the request (e.g. a token with a line break makes an invalid header).
    // Not a network problem and not retryable; undici's messages name the header, not its value.
    const what = err instanceof Error ? err.message : 'invalid argument';
    return new ConfigError(`the request could not be sent: ${what}`, { request });
  }
  const inner = innermost(err);
  const code = codeOf(err) ?? codeOf(inner);
  const innerCode = codeOf(inner);
  const notSent = !f.started || (innerCode !== undefined && CONNECT_PHASE_CODES.has(innerCode));
  const raw = err instanceof Error ? err.message : String(err);
  const detail = redactUrls(raw || code || 'unknown error');
  const what = notSent ? `cannot connect to ${origin}` : `connection to ${origin} failed`;
  const withInner = inner !== err && inner instanceof Error && inner.message && !detail.includes(inner.message) ? `${detail}: ${redactUrls(inner.message)}` : detail;
  return new NetworkError(`${what}: ${withInner}`, { request, cause: err, errorCode: innerCode ?? code, notSent, server: origin });
}
