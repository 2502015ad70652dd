/**
 * kube-apiserver's Go garbage collector, seen and steered from a bench: how many collections it
 * has run (its `/metrics`) and a full collection on demand (`/debug/pprof/heap?gc=1`, served while
 * `--profiling` is on, kube-apiserver's default). A replay of thousands of watch events takes the
 * server a few seconds, and one collection of its heap more or less in that span moves its CPU
 * per event by half: forcing one before each run puts every client's run on the same footing.
 * @packageDocumentation
 */
import { Pool } from 'undici';

/** Where and how to reach the API server (a client certificate with access to `/metrics` and `/debug`). */
export interface ServerEndpoint {
  /** `https://host:port`. */
  server: string;
  tls: { ca: string; cert: string; key: string };
}

/** kube-apiserver's garbage collector, read and triggered over HTTP. */
export interface ServerGc {
  /** Collections the server's Go runtime has completed so far (`go_gc_duration_seconds_count`). */
  count(): Promise<number>;
  /** Runs one full collection on the server and waits for it. */
  collect(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a connection to the server for {@link ServerGc}.
 * @param to - the server and its client certificate
 * @returns the handle; `close()` it when done
 */
export function serverGc(to: ServerEndpoint): ServerGc {
  const pool = new Pool(new URL(to.server).origin, { allowH2: false, connect: { ca: to.tls.ca, cert: to.tls.cert, key: to.tls.key } });
  const get = async (path: string): Promise<string> => {
    const res = await pool.request({ method: 'GET', path, signal: AbortSignal.timeout(60_000) });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`GET ${path}: HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    return text;
  };
  return {
    count: async () => {
      const m = /^go_gc_duration_seconds_count (\d+)$/m.exec(await get('/metrics'));
      if (!m) throw new Error('go_gc_duration_seconds_count is not in the server /metrics');
      return Number(m[1]);
    },
    collect: async () => void (await get('/debug/pprof/heap?gc=1')),
    close: () => pool.close(),
  };
}
