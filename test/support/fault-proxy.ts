/**
 * A fault-injecting proxy for resilience tests, placed between the client and a real
 * kube-apiserver on loopback (built on `node:net`; no third-party code).
 *
 * The API server only speaks HTTPS, and a byte-level TCP relay cannot tell where a request or an
 * answer begins inside TLS. So the proxy works at two levels:
 * - per TCP connection, *before* any TLS: `reset` (RST right after accept: the request provably
 *   never left the client), `stall` (accept, then never answer, not even the TLS handshake), or
 *   `pass`;
 * - per HTTP request, after terminating the client's TLS with a certificate issued by the
 *   envtest CA (so the client verifies it exactly as it verifies the API server) and opening its
 *   own TLS connection upstream: `forward`; `respond` (answer without forwarding, e.g. 503 with
 *   Retry-After); `reset-after-forward` (forward, wait until the server starts answering — the
 *   request has been processed — then reset the client's connection); `close-mid-response`
 *   (forward only the first bytes of the answer, then close); `stall-response` (forward, never
 *   answer).
 *
 * Requests are parsed just enough to find their boundaries (HTTP/1.1 with `Content-Length`, which
 * is what the client sends); credentials pass through untouched and are never recorded.
 *
 * With `mode: 'tcp'` the proxy is a plain byte relay instead (TLS and ALPN pass through, so HTTP/2
 * works end to end, for any client: ours or client-go); only connection faults apply then.
 *
 * Silent deaths (a partition, a dead NAT entry, a middlebox dropping the flow), in both modes:
 * `blackHole()` makes every open connection drop every byte in both directions while staying
 * open (no FIN, no RST); `halfOpen()` closes the upstream side of every open connection and
 * leaves the client side open and silent; `blackHoleAfterBytes(n)` lets the next `n` bytes from
 * the server through, then black-holes the connection that carried them (an answer stuck
 * mid-body). New connections are not affected unless `connectionFault` says so (`'stall'`).
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, createSecureContext, TLSSocket, type SecureContext } from 'node:tls';

/** What to do with a new TCP connection. */
export type ConnectionFault = 'pass' | 'reset' | 'stall';

/** What to do with one HTTP request. */
export type RequestFault =
  | { kind: 'forward' }
  | { kind: 'black-hole-mid-response'; afterBodyBytes: number }
  | { kind: 'respond'; status: number; reason?: string; headers?: Record<string, string>; body?: string }
  | { kind: 'reset-after-forward' }
  | { kind: 'close-mid-response'; afterBytes: number }
  | { kind: 'stall-response' };

/** A request the proxy saw (method and path only: never headers). */
export interface SeenRequest {
  /** 0-based index since the last `reset()`. */
  index: number;
  method: string;
  path: string;
  fault: RequestFault['kind'];
}

/** How to build a `FaultProxy`. */
export interface FaultProxyOptions {
  /** The API server, e.g. `https://127.0.0.1:41234`. */
  upstream: string;
  /** CA bundle to verify the upstream server with. */
  upstreamCa: string;
  /** Certificate and key the proxy presents to clients (for 127.0.0.1); not needed in `tcp` mode. */
  serving?: { certPem: string; keyPem: string };
  /** `http` (default): terminate TLS and apply request faults; `tcp`: relay bytes untouched. */
  mode?: 'http' | 'tcp';
}

/** One relayed connection, as the silent-death faults see it. */
interface Relay {
  /** Drops every byte from now on, in both directions; the sockets stay open. */
  darken(): void;
  /** Closes the upstream side only; the client side stays open and silent. */
  dropUpstream(): void;
}

const FORWARD: RequestFault = { kind: 'forward' };

/** The fault-injecting proxy. Start with `start()`, stop with `close()`. */
export class FaultProxy {
  /** Decides the fault of each new TCP connection (by its 0-based index since the last `reset()`). */
  connectionFault: (index: number) => ConnectionFault = () => 'pass';
  /** Decides the fault of each request. */
  requestFault: (req: { index: number; method: string; path: string }) => RequestFault = () => FORWARD;
  /** Every request seen, in order. */
  readonly requests: SeenRequest[] = [];
  /** TCP connections accepted since the last `reset()`. */
  connections = 0;

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly relays = new Set<Relay>();
  private readonly upstreamUrl: URL;
  private readonly secureContext: SecureContext | undefined;
  /** Bytes from the server still allowed through before the carrying connection goes dark. */
  private darkAfter: number | undefined;

  constructor(private readonly opts: FaultProxyOptions) {
    this.upstreamUrl = new URL(opts.upstream);
    if ((opts.mode ?? 'http') === 'http') {
      if (!opts.serving) throw new Error('the http mode needs a serving certificate');
      this.secureContext = createSecureContext({ cert: opts.serving.certPem, key: opts.serving.keyPem });
    }
    this.server = createServer((raw) => this.accept(raw));
  }

  /** Silently drops every byte of every open connection from now on (no FIN, no RST). */
  blackHole(): void {
    for (const r of this.relays) r.darken();
  }

  /** Closes the server side of every open connection; the client side stays open and silent. */
  halfOpen(): void {
    for (const r of this.relays) r.dropUpstream();
  }

  /**
   * Lets `bytes` more bytes from the server through (across connections), then black-holes the
   * connection that carried the last of them; later connections pass.
   */
  blackHoleAfterBytes(bytes: number): void {
    this.darkAfter = bytes;
  }

  /** @internal How many of `n` bytes from the server may pass; darkens the relay when the budget runs out. */
  allowUpstreamBytes(n: number, relay: Relay): number {
    if (this.darkAfter === undefined) return n;
    const allowed = Math.min(n, this.darkAfter);
    this.darkAfter -= allowed;
    if (this.darkAfter <= 0) {
      this.darkAfter = undefined;
      relay.darken();
    }
    return allowed;
  }

  /** @internal */
  addRelay(r: Relay): () => void {
    this.relays.add(r);
    return () => this.relays.delete(r);
  }

  /** The proxy's URL (after `start()`). */
  get url(): string {
    const addr = this.server.address() as AddressInfo;
    return `https://127.0.0.1:${addr.port}`;
  }

  /** Listens on a free loopback port. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  /** Forgets the recorded requests and connections and restores pass-through behaviour. */
  reset(): void {
    this.darkAfter = undefined;
    this.requests.length = 0;
    this.connections = 0;
    this.connectionFault = () => 'pass';
    this.requestFault = () => FORWARD;
  }

  /** Drops every open connection (e.g. between tests, so clients start afresh). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Stops listening and drops every connection. */
  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => {});
  }

  private accept(raw: Socket): void {
    this.track(raw);
    const fault = this.connectionFault(this.connections++);
    if (fault === 'reset') {
      raw.resetAndDestroy();
      return;
    }
    if (fault === 'stall') return; // hold it open and say nothing
    if (this.opts.mode === 'tcp') {
      this.relayTcp(raw);
      return;
    }
    const client = new TLSSocket(raw, { isServer: true, secureContext: this.secureContext, ALPNProtocols: ['http/1.1'] });
    this.track(client);
    new ProxiedConnection(this, raw, client).run();
  }

  private relayTcp(raw: Socket): void {
    const up = createConnection({ host: this.upstreamUrl.hostname, port: Number(this.upstreamUrl.port || 443) });
    this.track(up);
    let dark = false;
    let upstreamGone = false;
    const relay: Relay = {
      darken: () => {
        dark = true;
      },
      dropUpstream: () => {
        dark = true;
        upstreamGone = true;
        up.destroy();
      },
    };
    const remove = this.addRelay(relay);
    raw.on('data', (chunk: Buffer) => {
      if (!dark) up.write(chunk);
    });
    up.on('data', (chunk: Buffer) => {
      if (dark) return;
      const n = this.allowUpstreamBytes(chunk.length, relay);
      if (n > 0) raw.write(n === chunk.length ? chunk : chunk.subarray(0, n));
    });
    const closeBoth = (): void => {
      remove();
      if (!dark) {
        raw.destroy();
        up.destroy();
      }
    };
    raw.on('close', () => {
      remove();
      up.destroy();
    });
    up.on('close', () => {
      if (!upstreamGone) closeBoth();
    });
  }

  /** @internal */
  openUpstream(): TLSSocket {
    const port = Number(this.upstreamUrl.port || 443);
    const host = this.upstreamUrl.hostname;
    const socket = tlsConnect({ host, port, ca: this.opts.upstreamCa, ALPNProtocols: ['http/1.1'] });
    this.track(socket);
    return socket;
  }

  /** @internal */
  decide(method: string, path: string): RequestFault {
    const index = this.requests.length;
    const fault = this.requestFault({ index, method, path });
    this.requests.push({ index, method, path, fault: fault.kind });
    return fault;
  }
}

const STATUS_TEXT: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** One client connection: parses requests, applies their faults, relays answers. */
class ProxiedConnection {
  private buffer = Buffer.alloc(0);
  private upstream: TLSSocket | undefined;
  private current: RequestFault = FORWARD;
  private answerBytes = 0;
  /** Head bytes of the current answer, while `black-hole-mid-response` looks for its end. */
  private head = Buffer.alloc(0);
  private headEnd: number | undefined;
  private dark = false;
  private upstreamGone = false;
  private readonly relay: Relay = {
    darken: () => {
      this.dark = true;
    },
    dropUpstream: () => {
      this.dark = true;
      this.upstreamGone = true;
      this.upstream?.destroy();
    },
  };

  constructor(
    private readonly proxy: FaultProxy,
    private readonly raw: Socket,
    private readonly client: TLSSocket,
  ) {}

  run(): void {
    const remove = this.proxy.addRelay(this.relay);
    this.client.on('data', (chunk: Buffer) => {
      if (this.dark) return;
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.client.on('close', () => {
      remove();
      this.upstream?.destroy();
    });
  }

  private drain(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.subarray(0, end).toString('latin1');
      const lines = head.split('\r\n');
      const [method = '', path = ''] = (lines[0] ?? '').split(' ');
      let length = 0;
      for (const line of lines.slice(1)) {
        const m = /^content-length:\s*(\d+)\s*$/i.exec(line);
        if (m) length = Number(m[1]);
      }
      const total = end + 4 + length;
      if (this.buffer.length < total) return;
      const request = this.buffer.subarray(0, total);
      this.buffer = this.buffer.subarray(total);
      this.handle(method, path, request);
    }
  }

  private handle(method: string, path: string, request: Buffer): void {
    const fault = this.proxy.decide(method, path);
    if (fault.kind === 'respond') {
      const body = fault.body ?? JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: fault.status, reason: 'ServiceUnavailable', message: 'injected by the fault proxy' });
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...(fault.headers ?? {}) };
      const head = [`HTTP/1.1 ${fault.status} ${fault.reason ?? STATUS_TEXT[fault.status] ?? 'Error'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
      this.client.write(`${head}\r\n\r\n${body}`);
      return;
    }
    this.current = fault;
    this.answerBytes = 0;
    this.head = Buffer.alloc(0);
    this.headEnd = undefined;
    this.ensureUpstream().write(request);
  }

  private ensureUpstream(): TLSSocket {
    if (this.upstream) return this.upstream;
    const up = this.proxy.openUpstream();
    this.upstream = up;
    up.on('data', (chunk: Buffer) => this.relayAnswer(chunk));
    up.on('close', () => {
      if (!this.dark && !this.upstreamGone) this.client.destroy();
    });
    return up;
  }

  private relayAnswer(input: Buffer): void {
    let chunk = input;
    if (this.dark) return;
    const fault = this.current;
    switch (fault.kind) {
      case 'forward': {
        const n = this.proxy.allowUpstreamBytes(chunk.length, this.relay);
        if (n > 0) this.client.write(n === chunk.length ? chunk : chunk.subarray(0, n));
        return;
      }
      case 'black-hole-mid-response': {
        // the whole head, then `afterBodyBytes` of the body, then nothing: open, silent, forever
        if (this.headEnd === undefined) {
          this.head = Buffer.concat([this.head, chunk]);
          const end = this.head.indexOf('\r\n\r\n');
          if (end < 0) return;
          this.headEnd = end + 4;
          chunk = this.head;
          this.head = Buffer.alloc(0);
        }
        const limit = this.headEnd + fault.afterBodyBytes;
        const room = limit - this.answerBytes;
        if (room > 0) this.client.write(chunk.subarray(0, room));
        this.answerBytes += chunk.length;
        if (this.answerBytes >= limit) this.dark = true;
        return;
      }
      case 'stall-response':
        return;
      case 'reset-after-forward':
        // the server has started answering: the request was processed; the client never learns how
        this.upstream?.destroy();
        this.raw.resetAndDestroy();
        return;
      case 'close-mid-response': {
        const room = fault.afterBytes - this.answerBytes;
        if (room > 0) this.client.write(chunk.subarray(0, room));
        this.answerBytes += chunk.length;
        if (this.answerBytes >= fault.afterBytes) {
          this.upstream?.destroy();
          this.client.end(() => this.raw.destroy());
        }
        return;
      }
      default:
        return;
    }
  }
}
