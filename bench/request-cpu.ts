/**
 * Client CPU per GET through the layers of the transport stack, against raw undici, on a plain
 * HTTP/1.1 server in a child process (so neither kube-apiserver nor the server's CPU is in the
 * figures): what each layer adds to a small request, which `bench/throughput.ts` cannot show on
 * a small shared machine where a request to kube-apiserver costs ten times as much.
 *
 * Rows, interleaved in rounds after a warm-up, one request in flight:
 * - raw undici `Pool.request`, the body read as text and parsed;
 * - our HTTP transport alone (`createHttpTransport`);
 * - the stack a Clientset builds (`composeTransport`: closing, retries, observation) with no
 *   rate limiter, with a token bucket that never runs dry (every request under the rate), and
 *   the same with a `timeoutMs` on every call, or with one signal that outlives the calls (as a
 *   controller's stop signal).
 *
 * Run: `npm run bench:request-cpu -- [--ops 3000] [--rounds 7]`. A measurement, not a test.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import type { CallOptions } from '../src/meta/options.js';
import type { RestConfig } from '../src/rest/config/config.js';
import { createRateLimiter } from '../src/rest/flow-control/rate-limiter.js';
import { composeTransport } from '../src/rest/transport/compose-transport.js';
import { createHttpTransport } from '../src/rest/transport/http-transport.js';
import type { Transport } from '../src/rest/transport/transport.js';
import { median } from './support/memory.js';
import { renderTable } from './support/measure.js';
import { nodeFlagsWithoutLoader, runBundled } from './support/node-bundle.js';

// Measured as compiled JavaScript, as users run the package (see support/node-bundle.ts).
await runBundled(import.meta.url);

/** A Reservation-sized answer. */
const body = JSON.stringify({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'g', namespace: 'default', resourceVersion: '1' }, spec: { note: 'x'.repeat(800) } });

if (process.argv[2] === '--serve') {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
} else {
  const { values: args } = parseArgs({ options: { ops: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '7' } } });
  const ops = Number(args.ops);
  const rounds = Number(args.rounds);
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: nodeFlagsWithoutLoader() });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  const origin = `http://127.0.0.1:${port}`;
  const config: RestConfig = { server: origin, auth: {}, tls: {} };
  const context = { verb: 'get', resource: 'things' };
  const getVia = (t: Transport, opts?: CallOptions) => async () => JSON.parse((await t.request({ method: 'GET', path: '/x', context }, opts)).body) as unknown;
  /** A signal that outlives the calls, as a controller's stop signal does. */
  const stop = new AbortController();

  const pool = new Pool(origin, { connections: null, pipelining: 1, allowH2: false });
  const http = createHttpTransport(config, { http2: false });
  const stack = composeTransport(createHttpTransport(config, { http2: false }), { rateLimiter: false });
  const limited = composeTransport(createHttpTransport(config, { http2: false }), { rateLimiter: createRateLimiter({ qps: 1e9, burst: 1e9 }) });
  const rows: [string, () => Promise<unknown>][] = [
    ['raw undici Pool', async () => JSON.parse(await (await pool.request({ method: 'GET', path: '/x', headers: { accept: 'application/json' } })).body.text()) as unknown],
    ['HTTP transport', getVia(http)],
    ['full stack, no rate limiter', getVia(stack)],
    ['full stack, token bucket (never waits)', getVia(limited)],
    ['full stack, token bucket, timeoutMs', getVia(limited, { timeoutMs: 30_000 })],
    ['full stack, token bucket, a long-lived signal', getVia(limited, { signal: stop.signal })],
  ];

  const measure = async (run: () => Promise<unknown>, n: number): Promise<number> => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await run();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / n;
  };
  for (const [, run] of rows) await measure(run, Math.min(ops, 2000));
  const samples = new Map<string, number[]>(rows.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    // A rotating order: no row always runs first.
    for (let k = 0; k < rows.length; k++) {
      const [name, run] = rows[(k + r) % rows.length]!;
      samples.get(name)!.push(await measure(run, ops));
    }
  }
  const floor = median(samples.get('raw undici Pool')!);
  console.log(`\nClient CPU per GET, HTTP/1.1 on 127.0.0.1 (server in a child process), ${ops} GETs x ${rounds} rounds (median), node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}\n`);
  console.log(
    renderTable(
      ['path', 'CPU µs/op', 'vs raw undici'],
      rows.map(([name]) => {
        const m = median(samples.get(name)!);
        return [name, m.toFixed(1), `${(m / floor).toFixed(2)}x`];
      }),
    ),
  );
  await Promise.all([pool.close(), http.close(), stack.close(), limited.close()]);
  child.kill();
}
