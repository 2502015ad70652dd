/**
 * Request throughput against a real kube-apiserver (envtest on loopback), with client-side rate
 * limiting OFF: `get` and `create` of Reservations, sequential and with 32 in flight, for
 *
 * - koordinator-client: `Clientset.create({ transport: composeTransport(createHttpTransport(config),
 *   { rateLimiter: false }) })`, i.e. the full stack (retry loop, observation, typed errors), writes
 *   validated against the CRD schema as by default; and once more with `validateWrites: false`
 *   for creates, to show what client-side validation costs;
 * - `@kubernetes/client-node` `CustomObjectsApi` (`getClusterCustomObject` /
 *   `createClusterCustomObject`) from the same kubeconfig;
 * - raw undici: a `Pool` with the same TLS material and pool settings as ours (keep-alive,
 *   pipelining 1, unlimited connections), hand-built GET/POST requests, JSON parsed.
 *
 * All on the same server in the same process; every client warms up first (connections, JIT,
 * lazily built schemas). Each scenario runs in `rounds` rounds (default 2), the clients
 * interleaved in a rotating order, so drift in the server's state (it holds more objects as
 * creates go on) and machine noise spread evenly; the table aggregates the rounds. Ratios are
 * against raw undici (ops/s: higher is better; p50: lower is better). Creates use unique names.
 *
 * Note that client and server share the machine's cores: on a small machine the figures say as
 * much about kube-apiserver + etcd as about the clients.
 *
 * Run: `npx tsx bench/throughput.ts [rounds=2] [scale=1]` with KUBEBUILDER_ASSETS (or
 * KOORD_ENVTEST_ASSETS) pointing at etcd + kube-apiserver; `scale` multiplies the operation
 * counts. A measurement, not a test.
 */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { installCrds } from '../src/client/crd-installer.js';
import { startEnvtest, type Envtest } from '../src/envtest/index.js';
import { Clientset } from '../src/generated/clientset.js';
import { reservationResource } from '../src/generated/scheduling.koordinator.sh/v1alpha1/resources.js';
import type { Reservation } from '../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { composeTransport } from '../src/rest/compose-transport.js';
import { createHttpTransport } from '../src/rest/http-transport.js';
import { mergeRuns, renderTable, runOps, summarize, type RunResult, type Summary } from './support/measure.js';

const group = 'scheduling.koordinator.sh';
const version = 'v1alpha1';
const plural = 'reservations';
const collectionPath = `/apis/${group}/${version}/${plural}`;

const rounds = Math.max(1, Number(process.argv[2] ?? 2) || 2);
const scale = Math.max(0.01, Number(process.argv[3] ?? 1) || 1);

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
  get(name: string): Promise<unknown>;
  create(obj: Reservation): Promise<unknown>;
  close(): Promise<void>;
}

const GET_NAME = 'bench-get-target';

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

async function koordinatorClient(env: Envtest, name: string, validateWrites: boolean, ops: readonly Op[]): Promise<BenchClient> {
  const transport = composeTransport(createHttpTransport(env.restConfig), { rateLimiter: false });
  const cs = await Clientset.create({ transport, validateWrites });
  const reservations = cs.schedulingV1alpha1.reservations();
  return {
    name,
    ops,
    get: (n) => reservations.get(n),
    create: (obj) => reservations.create(obj),
    close: () => cs.close(),
  };
}

function clientNodeClient(env: Envtest): BenchClient {
  const kc = new KubeConfig();
  kc.loadFromFile(env.kubeconfigPath);
  const api = kc.makeApiClient(CustomObjectsApi);
  return {
    name: '@kubernetes/client-node',
    ops: ['get', 'create'],
    get: (name) => api.getClusterCustomObject({ group, version, plural, name }),
    create: (body) => api.createClusterCustomObject({ group, version, plural, body }),
    close: async () => {},
  };
}

function undiciClient(env: Envtest): BenchClient {
  const url = new URL(env.server);
  const pool = new Pool(url.origin, {
    connections: null,
    pipelining: 1,
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
    name: 'raw undici Pool',
    ops: ['get', 'create'],
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

    const undici = undiciClient(env);
    clients.push(
      undici,
      await koordinatorClient(env, 'koordinator-client', true, ['get', 'create']),
      await koordinatorClient(env, 'koordinator-client (validateWrites: false)', false, ['create']),
      clientNodeClient(env),
    );
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
          const run = await runOps(perRound, s.concurrency, (i) => (s.op === 'get' ? c.get(GET_NAME) : c.create(reservation(`bench-${tag}-${i}`))));
          const list = results.get(key(s, c)) ?? [];
          list.push(run);
          results.set(key(s, c), list);
        }
      }
    }

    const header = ['op', 'in flight', 'client', 'ops', 'errors', 'ops/s', 'p50 ms', 'p99 ms', 'ops/s vs undici', 'p50 vs undici'];
    const rows: string[][] = [];
    const errors: string[] = [];
    for (const s of scenarios) {
      const base = summarize(mergeRuns(results.get(key(s, undici)) ?? []));
      for (const c of clients.filter((x) => x.ops.includes(s.op))) {
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
          c === undici ? '1.00x' : `${fmt(sum.opsPerSec / base.opsPerSec, 2)}x`,
          c === undici ? '1.00x' : `${fmt(sum.p50Ms / base.p50Ms, 2)}x`,
        ]);
      }
    }

    console.log(
      `\nReservation get/create throughput, kube-apiserver ${serverVersion} on ${env.server} (envtest), ` +
        `node ${process.version}, ${cpus().length} CPUs, ${rounds} interleaved round(s), client-side rate limiting off\n`,
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
