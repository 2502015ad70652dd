/**
 * Reaching the benches' kube-apiserver directly, outside any client under measurement: its
 * address and the client certificate envtest issued, and a plain HTTP/1.1 undici pool on them.
 * @packageDocumentation
 */
import { Pool } from 'undici';

/** Where and how to reach the API server. */
export interface ServerEndpoint {
  /** `https://host:port`. */
  server: string;
  /** The cluster CA and a client certificate and key (PEM). */
  tls: { ca: string; cert: string; key: string };
}

/**
 * Opens an HTTP/1.1 pool to the server with the endpoint's certificate.
 * @param to - the server and its client certificate
 * @returns the pool; close it when done
 */
export function serverPool(to: ServerEndpoint): Pool {
  return new Pool(new URL(to.server).origin, { allowH2: false, connect: { ca: to.tls.ca, cert: to.tls.cert, key: to.tls.key } });
}
