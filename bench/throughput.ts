/**
 * Request throughput against a real kube-apiserver (envtest on loopback), with client-side rate
 * limiting OFF: `get` and `create` of Reservations, sequential and with 32 in flight, for
 *
 * - koordinator-client: `Clientset.create({ transport: composeTransport(createHttpTransport(config),
 *   { rateLimiter: false }) })`, i.e. the full stack (retry loop, observation, typed errors), writes
 *   validated against the CRD schema as by default; and once more with `validateWrites: false`
 *   for creates, to show what client-side validation costs;
 * - `@kubernetes/client-node` `CustomObjectsApi` (`getClusterCustomObject` /
 *   `createClusterCustomObject`) from the same kubeconfig, twice: as users get it by default
 *   (2.0.1 opens a new TLS connection per request) and with one reused dispatcher (its best
 *   configuration), so that the gap is read for what it is;
 * - raw undici: a `Pool` with the same TLS material and pool settings as ours (HTTP/1.1,
 *   keep-alive, pipelining 1, unlimited connections), hand-built GET/POST requests, JSON parsed.
 *   (undici >= 7 negotiates HTTP/2 by default; that baseline would multiplex all requests over
 *   one connection, so it is turned off here. `--http2` adds raw undici and koordinator-client
 *   over HTTP/2 as extra rows.)
 *
 * All on the same server in the same process; every client warms up first (connections, JIT,
 * lazily built schemas). Before every run the process does a full GC and pauses briefly. Each
 * scenario runs in `rounds` rounds (default 4), the clients interleaved in a rotating order, so
 * drift in the server's state (it holds more objects as creates go on) and machine noise spread
 * evenly; the table aggregates the rounds (`--verbose` prints every round). Ratios are against
 * raw undici speaking the same protocol (ops/s: higher is better; p50 and client CPU per
 * operation: lower is better). Creates use unique names.
 *
 * Client and server share the machine's cores: on a small or busy machine the wall-clock figures
 * say as much about kube-apiserver + etcd (and the neighbours) as about the clients; client CPU
 * per operation is the steadier figure.
 *
 * Run: `npx tsx bench/throughput.ts [rounds=4] [scale=1] [--http2] [--verbose]` with
 * KUBEBUILDER_ASSETS (or KOORD_ENVTEST_ASSETS) pointing at etcd + kube-apiserver; `scale`
 * multiplies the operation counts. A measurement, not a test.
 */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pool } from 'undici';
import { installCrds } from '../src/client/crd-installer.js';
import { startEnvtest, type Envtest } from '../src/envtest/index.js';
import { Clientset } from '../src/generated/clientset.js';
import { reservationResource } from '../src/generated/scheduling.koordinator.sh/v1alpha1/resources.js';
import type { Reservation } from '../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { composeTransport } from '../src/rest/transport/compose-transport.js';
import { createHttpTransport } from '../src/rest/transport/http-transport.js';
import { mergeRuns, renderTable, runOps, summarize, type RunResult, type Summary } from './support/measure.js';
import { runBundled } from './support/node-bundle.js';

// Measured as compiled JavaScript, as users run the package (see support/node-bundle.ts).
await runBundled(import.meta.url);

const group = 'scheduling.koordinator.sh';
const version = 'v1alpha1';
const plural = 'reservations';
const collectionPath = `/apis/${group}/${version}/${plural}`;

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withHttp2 = process.argv.includes('--http2');
const verbose = process.argv.includes('--verbose');
const rounds = Math.max(1, Number(args[0] ?? 4) || 4);
const scale = Math.max(0.01, Number(args[1] ?? 1) || 1);

type Op = 'get' | 'create';

interface Scenario {
  op: Op;
  concurrency: number;
  /** Operations over all rounds. */
  total: number;
}

const scenarios: Scenario[] = [
  { op: 'get', concurrency: 1, total: Math.round(500 * scale) },
  { op: 'get', concurrency: 32, total: Math.round(2000 * scale) },
  { op: 'create', concurrency: 1, total: Math.round(500 * scale) },
  { op: 'create', concurrency: 32, total: Math.round(2000 * scale) },
];

/** One client under test. */
interface BenchClient {
  name: string;
  /** Which operations it takes part in. */
  ops: readonly Op[];
  /** The protocol it speaks; ratios are against raw undici speaking the same one. */
  protocol: 'HTTP/1.1' | 'HTTP/2';
  get(name: string): Promise<unknown>;
  create(obj: Reservation): Promise<unknown>;
  close(): Promise<void>;
}

const GET_NAME = 'bench-get-target';

// A full GC and a short pause between runs, so that no run pays for the garbage (or the
// server-side work) the previous client left behind: client-node allocates ~10x more per request.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function settle(): Promise<void> {
  gc();
  await new Promise((r) => setTimeout(r, 150));
}

function reservation(name: string): Reservation {
  return {
    apiVersion: `${group}/${version}`,
    kind: 'Reservation',
    metadata: { name, labels: { bench: 'throughput' } },
    spec: {
      owners: [{ object: { kind: 'Pod', name: 'web-0', namespace: 'default' } }],
      template: { spec: { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } },
      ttl: '1h',
      allocatePolicy: 'Aligned',
    },
  };
}

async function koordinatorClient(env: Envtest, name: string, opts: { validateWrites: boolean; http2?: boolean }, ops: readonly Op[]): Promise<BenchClient> {
  const { validateWrites } = opts;
  const transport = composeTransport(createHttpTransport(env.restConfig, { http2: opts.http2 ?? false }), { rateLimiter: false });
  const cs = await Clientset.create({ transport, validateWrites });
  const reservations = cs.schedulingV1alpha1.reservations();
  return {
    name,
    ops,
    protocol: opts.http2 ? 'HTTP/2' : 'HTTP/1.1',
    get: (n) => reservations.get(n),
    create: (obj) => reservations.create(obj),
    close: () => cs.close(),
  };
}

/**
 * client-node 2.0.1 builds a new undici dispatcher, hence a new TLS connection, for every request
 * in its default setup (`KubeConfig.applySecurityAuthentication` calls its private
 * `createDispatcher` each time). The `reuseDispatcher` variant keeps the first one, which is its
 * best configuration (what a user who works around it gets), so that both rows are in the table.
 */
function clientNodeClient(env: Envtest, reuseDispatcher: boolean): BenchClient {
  const kc = new KubeConfig();
  kc.loadFromFile(env.kubeconfigPath);
  if (reuseDispatcher) {
    const target = kc as unknown as { createDispatcher(...args: unknown[]): unknown };
    const create = target.createDispatcher.bind(kc);
    let cached: unknown;
    target.createDispatcher = (...args: unknown[]) => (cached ??= create(...args));
  }
  const api = kc.makeApiClient(CustomObjectsApi);
  return {
    name: reuseDispatcher ? '@kubernetes/client-node (one reused dispatcher)' : '@kubernetes/client-node (default)',
    ops: ['get', 'create'],
    protocol: 'HTTP/1.1',
    get: (name) => api.getClusterCustomObject({ group, version, plural, name }),
    create: (body) => api.createClusterCustomObject({ group, version, plural, body }),
    close: async () => {},
  };
}

function undiciClient(env: Envtest, http2: boolean): BenchClient {
  const url = new URL(env.server);
  // undici >= 7 negotiates HTTP/2 by default; the HTTP/1.1 baseline turns it off as ours does.
  const pool = new Pool(url.origin, {
    connections: null,
    pipelining: 1,
    allowH2: http2,
    connect: { ca: env.caPem, cert: env.clientCertPem, key: env.clientKeyPem, rejectUnauthorized: true },
  });
  const send = async (method: 'GET' | 'POST', path: string, expected: number, body?: string): Promise<unknown> => {
    const res = await pool.request({
      method,
      path,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.body.text();
    if (res.statusCode !== expected) throw new Error(`${method} ${path}: HTTP ${res.statusCode}`);
    return JSON.parse(text);
  };
  return {
    name: http2 ? 'raw undici Pool (HTTP/2)' : 'raw undici Pool',
    ops: ['get', 'create'],
    protocol: http2 ? 'HTTP/2' : 'HTTP/1.1',
    get: (name) => send('GET', `${collectionPath}/${name}`, 200),
    create: (obj) => send('POST', collectionPath, 201, JSON.stringify(obj)),
    close: () => pool.close(),
  };
}

/** Warm-up: connections (up to 32), JIT, lazily loaded modules and schemas. */
async function warmUp(client: BenchClient, tag: string): Promise<void> {
  const check = (r: RunResult, what: string): void => {
    if (r.errors) throw new Error(`${client.name}: warm-up ${what} failed: ${r.firstError}`);
  };
  check(await runOps(50, 1, () => client.get(GET_NAME)), 'get');
  check(await runOps(320, 32, () => client.get(GET_NAME)), 'concurrent get');
  if (client.ops.includes('create')) {
    check(await runOps(20, 1, (i) => client.create(reservation(`warm-${tag}-${i}`))), 'create');
    check(await runOps(64, 32, (i) => client.create(reservation(`warm-${tag}-c${i}`))), 'concurrent create');
  }
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = await startEnvtest();
  const clients: BenchClient[] = [];
  try {
    const admin = await Clientset.create({ config: env.restConfig });
    let serverVersion = '?';
    try {
      await installCrds(admin, [reservationResource], { waitTimeoutMs: 120_000 });
      await admin.schedulingV1alpha1.reservations().create(reservation(GET_NAME));
      serverVersion = (await admin.discovery.serverVersion()).gitVersion ?? '?';
    } finally {
      await admin.close();
    }

    const undici = undiciClient(env, false);
    const undiciH2 = withHttp2 ? undiciClient(env, true) : undefined;
    clients.push(
      undici,
      await koordinatorClient(env, 'koordinator-client', { validateWrites: true }, ['get', 'create']),
      await koordinatorClient(env, 'koordinator-client (validateWrites: false)', { validateWrites: false }, ['create']),
      clientNodeClient(env, false),
      clientNodeClient(env, true),
    );
    if (withHttp2) {
      clients.push(undiciH2!, await koordinatorClient(env, 'koordinator-client (http2: true)', { validateWrites: true, http2: true }, ['get', 'create']));
    }
    for (const [i, c] of clients.entries()) await warmUp(c, `w${i}`);

    const results = new Map<string, RunResult[]>();
    const key = (s: Scenario, c: BenchClient): string => `${s.op}/${s.concurrency}/${c.name}`;
    let seq = 0;
    for (const s of scenarios) {
      const perRound = Math.max(1, Math.round(s.total / rounds));
      const taking = clients.filter((c) => c.ops.includes(s.op));
      for (let r = 0; r < rounds; r++) {
        const order = [...taking.slice(r % taking.length), ...taking.slice(0, r % taking.length)];
        for (const c of order) {
          const tag = `r${seq++}`;
          await settle();
          const run = await runOps(perRound, s.concurrency, (i) => (s.op === 'get' ? c.get(GET_NAME) : c.create(reservation(`bench-${tag}-${i}`))));
          if (verbose) {
            const v = summarize(run);
            console.log(`${s.op}/${s.concurrency} round ${r + 1} ${c.name}: ${fmt(v.opsPerSec)} ops/s, p50 ${fmt(v.p50Ms, 2)} ms, ${fmt(v.cpuMicrosPerOp)} µs CPU/op`);
          }
          const list = results.get(key(s, c)) ?? [];
          list.push(run);
          results.set(key(s, c), list);
        }
      }
    }

    const header = ['op', 'in flight', 'client', 'ops', 'errors', 'ops/s', 'p50 ms', 'p99 ms', 'client CPU µs/op', 'ops/s vs undici', 'p50 vs undici', 'CPU vs undici'];
    const rows: string[][] = [];
    const errors: string[] = [];
    const baselines = new Set<BenchClient>([undici, ...(undiciH2 ? [undiciH2] : [])]);
    for (const s of scenarios) {
      for (const c of clients.filter((x) => x.ops.includes(s.op))) {
        const baseClient = c.protocol === 'HTTP/2' && undiciH2 ? undiciH2 : undici;
        const base = summarize(mergeRuns(results.get(key(s, baseClient)) ?? []));
        const merged = mergeRuns(results.get(key(s, c)) ?? []);
        const sum: Summary = summarize(merged);
        if (merged.firstError) errors.push(`${c.name} ${s.op}/${s.concurrency}: ${merged.errors} errors, first: ${merged.firstError}`);
        rows.push([
          s.op,
          String(s.concurrency),
          c.name,
          String(sum.ops),
          String(sum.errors),
          fmt(sum.opsPerSec),
          fmt(sum.p50Ms, 2),
          fmt(sum.p99Ms, 2),
          fmt(sum.cpuMicrosPerOp),
          baselines.has(c) ? '1.00x' : `${fmt(sum.opsPerSec / base.opsPerSec, 2)}x`,
          baselines.has(c) ? '1.00x' : `${fmt(sum.p50Ms / base.p50Ms, 2)}x`,
          baselines.has(c) ? '1.00x' : `${fmt(sum.cpuMicrosPerOp / base.cpuMicrosPerOp, 2)}x`,
        ]);
      }
    }

    console.log(
      `\nReservation get/create throughput, kube-apiserver ${serverVersion} on ${env.server} (envtest), ` +
        `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, ${rounds} interleaved round(s), client-side rate limiting off\n`,
    );
    console.log(renderTable(header, rows));
    if (errors.length) console.log(`\nerrors:\n${errors.join('\n')}`);
    console.log(`\ntotal run time ${fmt((performance.now() - started) / 1000, 1)} s`);
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await env.stop();
  }
}

await main();
