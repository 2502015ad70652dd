/**
 * Health probes of the envtest servers: one plain HTTP or HTTPS GET with a short timeout, done
 * with `node:http(s)` so envtest does not depend on the library's own transport.
 * @packageDocumentation
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The answer to a probe. */
export interface ProbeResult {
  status: number;
  /** Body text (first 4 KiB). */
  body: string;
}

/** TLS material for an HTTPS probe. */
export interface ProbeTls {
  ca: string;
  cert?: string;
  key?: string;
}

/**
 * GETs `url` once. Rejects on a connection error or when no answer arrives within `timeoutMs`.
 * The connection is not kept alive.
 */
export function probe(url: string, options: { tls?: ProbeTls; timeoutMs?: number } = {}): Promise<ProbeResult> {
  const target = new URL(url);
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const common = { method: 'GET', agent: false as const, timeout: timeoutMs, headers: { accept: 'application/json, text/plain, */*' } };
    const req =
      target.protocol === 'https:'
        ? httpsRequest(target, { ...common, ...(options.tls ?? {}) })
        : httpRequest(target, common);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 4096) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 4096) }));
    });
    req.end();
  });
}
