/**
 * The manager's HTTP endpoints: `/healthz` (liveness), `/readyz` (readiness) and, when metrics
 * are enabled, `/metrics` (Prometheus text format), on one port. A check is a function returning
 * (or resolving) nothing when healthy and throwing otherwise; `?verbose` lists every check.
 * @packageDocumentation
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../rest/transport/logger.js';

/** A named health or readiness check: healthy unless it throws or rejects. */
export type Check = () => void | Promise<void>;

/** Options of a {@link ProbeServer}. */
export interface ProbeServerOptions {
  /** Port to listen on (0 for any free one). */
  port: number;
  /** Address to bind (default `0.0.0.0`; use `127.0.0.1` for local only). */
  host?: string;
}

/** What `/metrics` serves. */
export interface MetricsSource {
  /** The exposition text and its content type. */
  expose(): Promise<{ contentType: string; body: string }>;
}

/** Serves health, readiness and metrics. */
export class ProbeServer {
  private readonly server: Server;
  private readonly health = new Map<string, Check>();
  private readonly ready = new Map<string, Check>();
  private metrics: MetricsSource | undefined;

  /** @param options - where to listen */
  constructor(private readonly options: ProbeServerOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Adds a liveness check. */
  addHealthCheck(name: string, check: Check): void {
    this.health.set(name, check);
  }

  /** Adds a readiness check. */
  addReadyCheck(name: string, check: Check): void {
    this.ready.set(name, check);
  }

  /** Serves `/metrics` from `source`. */
  setMetrics(source: MetricsSource): void {
    this.metrics = source;
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** The bound address, once listening. */
  address(): AddressInfo | undefined {
    const a = this.server.address();
    return a && typeof a === 'object' ? a : undefined;
  }

  /** Stops listening and closes open connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET' && req.method !== 'HEAD') return this.send(res, 405, 'text/plain', 'method not allowed\n');
      if (url.pathname === '/healthz' || url.pathname === '/livez') return await this.runChecks(res, this.health, url.searchParams.has('verbose'));
      if (url.pathname === '/readyz') return await this.runChecks(res, this.ready, url.searchParams.has('verbose'));
      if (url.pathname === '/metrics' && this.metrics) {
        const { contentType, body } = await this.metrics.expose();
        return this.send(res, 200, contentType, body);
      }
      this.send(res, 404, 'text/plain', 'not found\n');
    } catch (err) {
      this.send(res, 500, 'text/plain', `${describeError(err)}\n`);
    }
  }

  private async runChecks(res: ServerResponse, checks: Map<string, Check>, verbose: boolean): Promise<void> {
    const lines: string[] = [];
    let ok = true;
    for (const [name, check] of checks) {
      try {
        await check();
        lines.push(`[+]${name} ok`);
      } catch (err) {
        ok = false;
        lines.push(`[-]${name} failed: ${describeError(err)}`);
      }
    }
    const body = ok && !verbose ? 'ok\n' : `${lines.join('\n')}\n${ok ? 'check passed' : 'check failed'}\n`;
    this.send(res, ok ? 200 : 500, 'text/plain; charset=utf-8', body);
  }

  private send(res: ServerResponse, status: number, contentType: string, body: string): void {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}
