/**
 * Watch events through each client's own pipeline (socket -> lines -> parse -> cache -> handler),
 * at the client's own pace for small and large events, then large events one at a time: no API
 * server, so that nothing but the client (or the set pace) decides.
 *
 * For each size, a synthetic NodeMetric collection (`--objects` objects) and a watch of `--events`
 * MODIFIED events over them are written to files and served by the stand-in server of
 * support/recorded-api-server.ts (plain HTTP/1.1, in a process of its own, the watch written as
 * fast as the client reads, or paced). Each informer child (support/informer-child.ts, bundled, as users
 * run compiled code) lists, syncs, then counts update notifications; reported from synced to the
 * last update: events/s and client CPU per event, median of `--rounds`, the clients' order
 * rotated each round.
 * - small: metadata and a status timestamp (about 300 B): the per-event overhead of a pipeline
 *   (async steps, store, indices, dispatch) shows.
 * - large: the NodeMetric koordlet reports, with 20 pods' usage (about 6 KB): parsing dominates.
 * - large, paced: the same events written one per write at `--pace` events/s, below what any
 *   client takes, so that each reaches the client on its own, as from a live cluster: every
 *   client keeps the pace, and what tells them apart is the CPU each event costs when nothing
 *   is amortized over a chunk.
 *
 * Implementations: koordinator-client (default options: interning), the same in a process run
 * with `--max-semi-space-size=8` (V8's young generation capped at 8 MiB per semi-space, as
 * docs/controllers.md suggests), koordinator-client/no-intern, `@kubernetes/client-node`'s
 * `makeInformer`, and watch-floor (a bare watch whose lines are parsed and counted, over undici
 * HTTP/1.1 here: the least work any client does per event).
 *
 * Run (Node 24; about 6 minutes):
 *   npx tsx bench/watch-pipeline.ts [--rounds 5] [--objects 1000] [--small-events 40000] [--large-events 5000] [--paced-events 5000] [--pace 1000]
 * A measurement, not a test: figures move with the machine, compare within one run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EventsSample } from './support/informer-child.js';
import { renderTable } from './support/measure.js';
import { median } from './support/memory.js';
import { bundleNodeProgram } from './support/node-bundle.js';
import { nodeMetricName, nodeMetricObject, nodeMetricStatus } from './support/node-metric-fixture.js';
import { rotated, runChild, sinceSynced, smallYoungGeneration } from './support/replay-runs.js';
import { startRecordedServer, type WatchRecording } from './support/watch-recording.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(benchDir);

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    objects: { type: 'string', default: '1000' },
    'small-events': { type: 'string', default: '40000' },
    'large-events': { type: 'string', default: '5000' },
    'paced-events': { type: 'string', default: '5000' },
    pace: { type: 'string', default: '1000' },
  },
});
const rounds = Number(args.rounds);
const objects = Number(args.objects);

const impls = ['koordinator-client', smallYoungGeneration.name, 'koordinator-client/no-intern', 'client-node', 'watch-floor'] as const;
/** The collection's resourceVersion the list holds; event u has startVersion + u. */
const startVersion = 1_000_000;

interface Size {
  name: string;
  events: number;
  /** Serve the watch one event per write at this rate (events/s); as fast as the client reads without. */
  eventsPerSecond?: number;
  /** Object i at resourceVersion rv, update round `round`. */
  object: (i: number, rv: number, round: number) => object;
}

function metadata(i: number, rv: number): Record<string, unknown> {
  return { name: nodeMetricName(i), uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(rv), creationTimestamp: '2026-01-01T00:00:00Z' };
}

function largeObject(i: number, rv: number, round: number): object {
  const o = nodeMetricObject(i);
  return { ...o, metadata: { ...o.metadata, ...metadata(i, rv) }, status: nodeMetricStatus(i, round) };
}

const sizes: Size[] = [
  {
    name: 'small',
    events: Number(args['small-events']),
    object: (i, rv, round) => ({
      apiVersion: 'slo.koordinator.sh/v1alpha1',
      kind: 'NodeMetric',
      metadata: { ...metadata(i, rv), labels: { bench: 'watch-pipeline' } },
      status: { updateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, round)).toISOString().replace('.000Z', 'Z') },
    }),
  },
  {
    name: 'large',
    events: Number(args['large-events']),
    object: largeObject,
  },
  {
    name: 'large, paced',
    events: Number(args['paced-events']),
    eventsPerSecond: Number(args.pace),
    object: largeObject,
  },
];

/** Writes the list and the watch of one size to a temporary directory. */
function writeStream(size: Size): WatchRecording {
  const dir = mkdtempSync(join(tmpdir(), `watch-pipeline-${size.name.replace(/\W+/g, '-')}-`));
  const items = Array.from({ length: objects }, (_, i) => size.object(i, startVersion, 0));
  const listText = JSON.stringify({ apiVersion: 'slo.koordinator.sh/v1alpha1', kind: 'NodeMetricList', metadata: { resourceVersion: String(startVersion) }, items });
  const lines: string[] = [];
  for (let u = 1; u <= size.events; u++) {
    lines.push(JSON.stringify({ type: 'MODIFIED', object: size.object(u % objects, startVersion + u, Math.ceil(u / objects)) }));
  }
  const watchText = `${lines.join('\n')}\n`;
  const listFile = join(dir, 'list.json');
  const watchFile = join(dir, 'watch.jsonl');
  writeFileSync(listFile, listText);
  writeFileSync(watchFile, watchText);
  return {
    listFile,
    watchFile,
    listBytes: Buffer.byteLength(listText),
    watchBytes: Buffer.byteLength(watchText),
    updates: size.events,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs one informer child to its last update (within `graceMs`, see runChild); resolves its sample from synced. */
async function replay(program: string, impl: string, kubeconfig: string, events: number, graceMs = 120_000): Promise<EventsSample> {
  const { as, nodeFlags } = impl === smallYoungGeneration.name ? smallYoungGeneration : { as: impl, nodeFlags: [] };
  const args = ['--expose-gc', ...nodeFlags, program, as, kubeconfig, 'replay', String(events), String(startVersion)];
  return sinceSynced(await runChild<EventsSample>(impl, { file: process.execPath, args }, graceMs));
}

async function main(): Promise<void> {
  const childBundle = await bundleNodeProgram(repoDir, join(benchDir, 'support', 'informer-child.ts'), 'informer-child');
  const results: { size: Size; bytes: number; samples: EventsSample[] }[] = [];
  try {
    for (const size of sizes) {
      const stream = writeStream(size);
      const served = await startRecordedServer(repoDir, stream, size.eventsPerSecond);
      const samples: EventsSample[] = [];
      try {
        for (let r = 0; r < rounds; r++) {
          for (const impl of rotated(impls, r)) {
            const s = await replay(childBundle.file, impl, served.kubeconfig, size.events);
            samples.push(s);
            console.log(`${size.name} ${r + 1}/${rounds} ${impl}: ${Math.round(s.eventsPerSec)} events/s, ${((s.cpuMs * 1000) / s.events).toFixed(2)} µs CPU per event`);
          }
        }
      } finally {
        await served.stop();
        stream.dispose();
      }
      results.push({ size, bytes: stream.watchBytes / size.events, samples });
    }
  } finally {
    childBundle.dispose();
  }

  console.log(`\nnode ${process.version}, ${cpus().length} CPUs, load average now ${loadavg()[0]!.toFixed(1)}`);
  for (const { size, bytes, samples } of results) {
    const med = (impl: string, f: (s: EventsSample) => number): number => median(samples.filter((s) => s.impl === impl).map(f));
    const eps = (impl: string): number => med(impl, (s) => s.eventsPerSec);
    const cpu = (impl: string): number => med(impl, (s) => (s.cpuMs * 1000) / s.events);
    const pacing = size.eventsPerSecond ? `, served one per write at ${size.eventsPerSecond}/s` : '';
    console.log(`\n${size.name}: ${size.events} events of about ${Math.round(bytes)} B over ${objects} objects${pacing}, from synced to the last update, median of ${rounds}`);
    console.log(
      renderTable(
        ['implementation', 'events/s', 'CPU µs / event', 'events/s vs client-node', 'CPU vs client-node'],
        impls.map((impl) => [impl, String(Math.round(eps(impl))), cpu(impl).toFixed(2), `${(eps(impl) / eps('client-node')).toFixed(2)}x`, `${(cpu(impl) / cpu('client-node')).toFixed(2)}x`]),
      ),
    );
  }
}

await main();
