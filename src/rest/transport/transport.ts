/**
 * The transport contract between the typed client and the wire. Requests are plain data built
 * without I/O (see `request.ts`); a transport sends them.
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import type { RequestContext } from '../errors.js';

/** HTTP methods the API server uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A fully built API request: method, path with query string, headers and serialized body. */
export interface RestRequest {
  method: HttpMethod;
  /** Absolute path on the server including the query string, e.g. `/apis/g/v1/things?limit=5`. */
  path: string;
  headers?: Record<string, string>;
  /** Serialized request body. */
  body?: string;
  /** What the request is about; used in errors, logs, metrics and the retry policy. */
  context: RequestContext;
}

/** A complete answer: status, headers and the whole body. */
export interface RestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A streaming answer (watch): status, headers, and the body as a byte stream. */
export interface RestStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
  /** Stops the stream and releases its connection. */
  cancel(): void;
}

/**
 * Sends requests to one API server. Any HTTP status is returned, not thrown; connection failures
 * throw `NetworkError`, aborts and timeouts throw `AbortError`.
 */
export interface Transport {
  /** Sends one request and reads the whole answer (any HTTP status: errors are the caller's to map). */
  request(req: RestRequest, opts?: CallOptions): Promise<RestResponse>;
  /** Sends one request and hands back the answer's body as a stream (watches, logs). */
  stream(req: RestRequest, opts?: CallOptions): Promise<RestStream>;
  /** Closes every connection; the transport is unusable afterwards. */
  close(): Promise<void>;
}
