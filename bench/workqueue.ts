/**
 * Work queue throughput, side by side with client-go's `util/workqueue` (bench/go-workqueue,
 * built with `go build` into a temporary directory), same workloads in one run:
 *
 * - adds+drain: `--adds` adds over `--keys` distinct keys (duplicates collapse) while `--workers`
 *   workers get/done as fast as they can; then shutDownWithDrain.
 * - rate-limited retries: every key fails twice (addRateLimited, exponential 1 ms..10 ms) and
 *   then succeeds (forget).
 *
 * Figures: wall time, adds/s and processed/s, and our time as a ratio of client-go's (median of
 * `--runs`). The JS workers are async tasks on one thread (the producer yields every 1000 adds);
 * client-go's are goroutines on every core: the ratio is what a Node controller pays, not a
 * like-for-like data structure comparison.
 *
 *   npx tsx bench/workqueue.ts [--adds 200000] [--keys 10000] [--workers 4] [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ItemExponentialFailureRateLimiter } from '../src/controller/rate-limiter.js';
import { RateLimitingQueue } from '../src/controller/rate-limiting-queue.js';
import { WorkQueue } from '../src/controller/work-queue.js';
import { buildGoProgram } from './support/go-build.js';
import { renderTable } from './support/measure.js';

interface Result {
  scenario: string;
  adds: number;
  processed: number;
  ms: number;
}

const { values } = parseArgs({ options: { adds: { type: 'string', default: '200000' }, keys: { type: 'string', default: '10000' }, workers: { type: 'string', default: '4' }, runs: { type: 'string', default: '5' } } });
const adds = Number(values.adds);
const keysN = Number(values.keys);
const workersN = Number(values.workers);
const runs = Number(values.runs);
const names = Array.from({ length: keysN }, (_, i) => `ns/obj-${i}`);
const yieldNow = () => new Promise<void>((r) => setImmediate(r));

async function addsAndDrain(): Promise<Result> {
  const q = new WorkQueue<string>();
  let processed = 0;
  const start = performance.now();
  const worker = async () => {
    for (;;) {
      const item = await q.get();
      if (item === undefined) return;
      processed++;
      q.done(item);
    }
  };
  const workers = Array.from({ length: workersN }, worker);
  for (let i = 0; i < adds; i++) {
    q.add(names[i % keysN]!);
    if (i % 1000 === 999) await yieldNow();
  }
  await q.shutDownWithDrain();
  await Promise.all(workers);
  return { scenario: 'adds+drain', adds, processed, ms: performance.now() - start };
}

async function rateLimitedRetries(): Promise<Result> {
  const q = new RateLimitingQueue<string>({ rateLimiter: new ItemExponentialFailureRateLimiter<string>(1, 10) });
  let processed = 0;
  let done = 0;
  const start = performance.now();
  const worker = async () => {
    for (;;) {
      const item = await q.get();
      if (item === undefined) return;
      processed++;
      if (q.numRequeues(item) < 2) q.addRateLimited(item);
      else {
        q.forget(item);
        if (++done === keysN) q.shutDown();
      }
      q.done(item);
    }
  };
  const workers = Array.from({ length: workersN }, worker);
  for (const k of names) q.add(k);
  await Promise.all(workers);
  return { scenario: 'rate-limited retries', adds: keysN, processed, ms: performance.now() - start };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const built = await buildGoProgram(join(benchDir, 'go-workqueue'), 'go-workqueue');
  const go: Record<string, Result[]> = {};
  const ts: Record<string, Result[]> = {};
  for (let r = 0; r < runs; r++) {
    for (const res of [await addsAndDrain(), await rateLimitedRetries()]) (ts[res.scenario] ??= []).push(res);
    if (built) {
      const out = spawnSync(built.binary, ['--adds', String(adds), '--keys', String(keysN), '--workers', String(workersN)], { encoding: 'utf8' });
      for (const line of out.stdout.trim().split('\n')) {
        const res = JSON.parse(line) as Result;
        (go[res.scenario] ??= []).push(res);
      }
    }
  }
  built?.dispose();
  const rows: string[][] = [];
  for (const scenario of Object.keys(ts)) {
    const row = (who: string, rs: Result[] | undefined, ref?: number) => {
      if (!rs?.length) return;
      const ms = median(rs.map((x) => x.ms));
      const processed = median(rs.map((x) => x.processed));
      rows.push([scenario, who, ms.toFixed(1), Math.round((rs[0]!.adds / ms) * 1000).toLocaleString('en-US'), Math.round((processed / ms) * 1000).toLocaleString('en-US'), String(processed), ref ? `${(ms / ref).toFixed(2)}x` : '1.00x']);
    };
    const goMs = go[scenario]?.length ? median(go[scenario]!.map((x) => x.ms)) : undefined;
    row('client-go workqueue', go[scenario]);
    row('koordinator-client', ts[scenario], goMs);
  }
  console.log(`work queue: ${adds} adds over ${keysN} keys, ${workersN} workers, median of ${runs} runs; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(renderTable(['scenario', 'queue', 'ms', 'adds/s', 'processed/s', 'processed', 'time vs client-go'], rows));
}

await main();
