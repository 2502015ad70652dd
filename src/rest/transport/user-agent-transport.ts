/**
 * A view of a transport that sends its own `User-Agent`: how a Clientset copy named after a
 * component (`withUserAgent('descheduler')`, as Koordinator's `GetGenericClientWithName`) shares
 * its parent's connections and rate limiter while the server sees who is calling.
 * @packageDocumentation
 */
import type { CallOptions } from '../../meta/options.js';
import type { RestRequest, RestResponse, RestStream, Transport } from './transport.js';

/** `RestRequest` with `user-agent` set unless the request sets one itself. */
function withHeader(req: RestRequest, userAgent: string): RestRequest {
  const headers = req.headers ?? {};
  if (Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) return req;
  return { ...req, headers: { ...headers, 'user-agent': userAgent } };
}

/**
 * Wraps `transport` so that every request carries `userAgent`. The view does not own the
 * transport: its `close()` does nothing, and closing the parent closes both.
 */
export function userAgentTransport(transport: Transport, userAgent: string): Transport {
  return {
    request: (req: RestRequest, opts?: CallOptions): Promise<RestResponse> => transport.request(withHeader(req, userAgent), opts),
    stream: (req: RestRequest, opts?: CallOptions): Promise<RestStream> => transport.stream(withHeader(req, userAgent), opts),
    close: async (): Promise<void> => {},
  };
}
