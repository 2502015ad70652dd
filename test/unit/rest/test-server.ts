/**
 * A tiny local HTTP(S) server for transport tests: records every request and answers through a
 * per-test handler.
 * @packageDocumentation
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** One request the server received. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** Header lines as sent, `[name, value, name, value, ...]`. */
  rawHeaders: string[];
  body: string;
  /** The client certificate's CN on a TLS connection, when one was presented. */
  clientCN?: string;
}

/** Answers a request; may be async. */
export type Handler = (req: IncomingMessage, res: ServerResponse, rec: Received) => void | Promise<void>;

/** A running test server. */
export interface TestServer {
  url: string;
  port: number;
  received: Received[];
  handler: Handler;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 with an ephemeral port.
 * @param tls - https options; plain http when absent
 */
export async function startServer(tls?: ServerOptions): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state: TestServer = {
    url: '',
    port: 0,
    received: [],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    },
    close: async () => {},
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const peer = (req.socket as { getPeerCertificate?: () => { subject?: { CN?: string } } }).getPeerCertificate?.();
      const rec: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      if (peer?.subject?.CN) rec.clientCN = peer.subject.CN;
      state.received.push(rec);
      Promise.resolve(state.handler(req, res, rec)).catch((err: unknown) => {
        res.destroy(err as Error);
      });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  state.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createHttpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
