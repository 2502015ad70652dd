/**
 * kube-apiserver's Go garbage collector, seen and steered from a bench: how many collections it
 * has run (its `/metrics`) and a full collection on demand (`/debug/pprof/heap?gc=1`, served while
 * `--profiling` is on, kube-apiserver's default). A replay of thousands of watch events takes the
 * server a few seconds, and one collection of its heap more or less in that span moves its CPU
 * per event by half: forcing one before each run puts every client's run on the same footing.
 * @packageDocumentation
 */
import { serverPool, type ServerEndpoint } from './server-endpoint.js';

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
 * @param to - the server and a client certificate with access to `/metrics` and `/debug`
 * @returns the handle; `close()` it when done
 */
export function serverGc(to: ServerEndpoint): ServerGc {
  const pool = serverPool(to);
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
