/**
 * Client-side CPU of one `create`, without a server: the full typed-client path (type meta,
 * cycle check, schema validation, name check, serialization, the transport stack's retry and
 * observation layers are NOT included: an in-memory transport answers at once) against its floor,
 * the `JSON.stringify` of the body plus the `JSON.parse` of the answer that any client pays.
 *
 * This isolates what `bench/throughput.ts` cannot on a small shared machine: there a create costs
 * about 1.3 ms of client CPU, mostly undici and TLS, and the part this package adds drowns in the
 * noise of a busy kube-apiserver on the same cores.
 *
 * Rows: validation on (the default), validation off, and the floor; each measured in rounds,
 * interleaved, after a warm-up (schema loaded, JIT settled). Reports µs of CPU per create and
 * ratios to the floor.
 *
 * Run: `npx tsx bench/write-cpu.ts [--ops 20000] [--rounds 4]`. A measurement, not a test.
 */
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Clientset } from '../src/generated/clientset.js';
import type { Reservation } from '../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../src/rest/transport/transport.js';
import { renderTable } from './support/measure.js';
import { runBundled } from './support/node-bundle.js';

// Measured as compiled JavaScript, as users run the package (see support/node-bundle.ts).
await runBundled(import.meta.url);

const { values: args } = parseArgs({ options: { ops: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '4' } } });
const ops = Number(args.ops);
const rounds = Number(args.rounds);

const headers = { 'content-type': 'application/json' };

/** What the API server would answer: the object with server-set metadata. */
function answer(body: string): string {
  const o = JSON.parse(body) as Reservation;
  o.metadata = { ...o.metadata, uid: '6f1c1d7e-0000-4000-8000-000000000000', resourceVersion: '12345', creationTimestamp: '2026-11-30T12:00:00Z', generation: 1 };
  return JSON.stringify(o);
}

const transport: Transport = {
  async request(req: RestRequest): Promise<RestResponse> {
    return { status: 201, headers, body: answer(req.body as string) };
  },
  async stream(): Promise<RestStream> {
    throw new Error('no streams in this bench');
  },
  async close(): Promise<void> {},
};

function reservation(name: string): Reservation {
  return {
    metadata: { name, labels: { bench: 'write-cpu' } },
    spec: {
      owners: [{ object: { kind: 'Pod', name: 'web-0', namespace: 'default' } }],
      template: { spec: { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } },
      ttl: '1h',
      allocatePolicy: 'Aligned',
    },
  };
}

type Row = { name: string; run: (i: number) => Promise<unknown> };

async function clientRow(name: string, validateWrites: boolean): Promise<Row> {
  const cs = await Clientset.create({ transport, validateWrites });
  const reservations = cs.schedulingV1alpha1.reservations();
  return { name, run: (i) => reservations.create(reservation(`r-${i}`)) };
}

const floor: Row = {
  name: 'floor: JSON.stringify body + JSON.parse answer',
  run: async (i) => JSON.parse(answer(JSON.stringify({ apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', ...reservation(`r-${i}`) }))) as unknown,
};

const rows = [await clientRow('koordinator-client create (validation on, default)', true), await clientRow('koordinator-client create (validateWrites: false)', false), floor];
const cpu = new Map<string, number[]>(rows.map((r) => [r.name, []]));

async function measure(row: Row): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < ops; i++) await row.run(i);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / ops;
}

for (const row of rows) for (let i = 0; i < 2000; i++) await row.run(i); // warm-up
for (let r = 0; r < rounds; r++) {
  const order = rows.map((_, i) => rows[(i + r) % rows.length]!);
  for (const row of order) {
    globalThis.gc?.();
    cpu.get(row.name)!.push(await measure(row));
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const floorUs = median(cpu.get(floor.name)!);
console.log(`\nClient CPU per create, in-memory transport, ${ops} creates x ${rounds} rounds (median), node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}\n`);
console.log(
  renderTable(
    ['path', 'CPU µs/op', 'vs floor', 'added µs/op'],
    rows.map((row) => {
      const us = median(cpu.get(row.name)!);
      return [row.name, us.toFixed(1), `${(us / floorUs).toFixed(2)}x`, (us - floorUs).toFixed(1)];
    }),
  ),
);
