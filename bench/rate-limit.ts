/**
 * Client-side rate limiting accuracy: for several QPS/burst settings, fire N requests at once
 * through `composeTransport` (retries off) over an in-memory stub transport, on the real clock,
 * and compare the QPS asked for with the QPS achieved after the burst — side by side with
 * Bottleneck in three configurations:
 * - `reservoir`: its reservoir configured as a token bucket (reservoir = burst, +1 every 1/qps,
 *   maximum burst) with the default 250 ms heartbeat, which applies the increments only four
 *   times a second (what users get when they configure a token bucket as documented);
 * - `reservoir+hb`: the same with `heartbeatInterval` set to the refill interval (its best
 *   documented setting for a token bucket; floored at 1 ms), at the price of a timer per refill;
 * - `minTime`: requests spaced by `minTime = 1000/qps` and no reservoir: the steady rate is
 *   right, but there is no burst at all (client-go's bucket lets `burst` requests through at once).
 *
 * "burst" = requests sent within 5 ms of the first; "achieved" = (sent - burst) / (time of the
 * last request - time of the first), i.e. the steady rate once the initial burst is spent.
 * A Bottleneck run is cut off after max(6 s, 1.5 x the expected time) and measured on what it
 * sent by then.
 *
 * Run: `npx tsx bench/rate-limit.ts`. This is a measurement, not a test; real-server throughput
 * benches are separate.
 */
import Bottleneck from 'bottleneck';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { composeTransport } from '../src/rest/transport/compose-transport.js';
import { silentLogger } from '../src/rest/transport/logger.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../src/rest/transport/transport.js';

interface Case {
  qps: number;
  burst: number;
  n: number;
}

const cases: Case[] = [
  { qps: 5, burst: 10, n: 30 },
  { qps: 20, burst: 10, n: 90 },
  { qps: 50, burst: 20, n: 220 },
  { qps: 100, burst: 10, n: 410 },
  { qps: 500, burst: 50, n: 2050 },
];

/** A stub transport that answers at once and records when each request reached it. */
class StampingTransport implements Transport {
  readonly stamps: number[] = [];
  async request(): Promise<RestResponse> {
    this.stamps.push(performance.now());
    return { status: 200, headers: {}, body: '{}' };
  }
  stream(): Promise<RestStream> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

const req: RestRequest = { method: 'GET', path: '/apis/scheduling.koordinator.sh/v1alpha1/reservations', context: { verb: 'list' } };

interface Result {
  achieved: number;
  burstPassed: number;
  totalMs: number;
  sent: number;
}

/** The steady rate counts what came after the burst that actually passed at once (none for `minTime`). */
function summarize(stamps: number[]): Result {
  const sorted = [...stamps].sort((a, b) => a - b);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const burstPassed = sorted.filter((t) => t - first <= 5).length;
  return {
    achieved: (sorted.length - burstPassed) / ((last - first) / 1000),
    burstPassed,
    totalMs: last - first,
    sent: sorted.length,
  };
}

async function runTokenBucket(c: Case): Promise<Result> {
  const stub = new StampingTransport();
  const t = composeTransport(stub, { qps: c.qps, burst: c.burst, retry: false, logger: silentLogger, warningHandler: false });
  await Promise.all(Array.from({ length: c.n }, () => t.request(req)));
  return summarize(stub.stamps);
}

/** Bottleneck configurations compared with the token bucket. */
type BottleneckVariant = 'reservoir' | 'reservoir+hb' | 'minTime';
const variants: readonly BottleneckVariant[] = ['reservoir', 'reservoir+hb', 'minTime'];

function bottleneckOptions(c: Case, variant: BottleneckVariant): Bottleneck.ConstructorOptions {
  const interval = 1000 / c.qps;
  const reservoir = { reservoir: c.burst, reservoirIncreaseAmount: 1, reservoirIncreaseInterval: interval, reservoirIncreaseMaximum: c.burst };
  switch (variant) {
    case 'reservoir':
      return reservoir;
    case 'reservoir+hb':
      return { ...reservoir, heartbeatInterval: Math.max(1, Math.floor(interval)) };
    case 'minTime':
      return { minTime: interval };
  }
}

/** Bottleneck is cut off after `capMs` (at 250 ms per refill it would take minutes at high QPS). */
async function runBottleneck(c: Case, capMs: number, variant: BottleneckVariant): Promise<Result> {
  const stub = new StampingTransport();
  const limiter = new Bottleneck(bottleneckOptions(c, variant));
  const all = Promise.allSettled(Array.from({ length: c.n }, () => limiter.schedule(() => stub.request())));
  const expectedMs = ((c.n - c.burst) / c.qps) * 1000;
  await Promise.race([all, new Promise((r) => setTimeout(r, Math.max(capMs, expectedMs * 1.5)))]);
  await limiter.stop({ dropWaitingJobs: true });
  await all;
  return summarize(stub.stamps);
}

const pad = (s: string | number, w: number) => String(s).padStart(w);
const cell = (r: Result, c: Case): string => {
  const err = `${(((r.achieved - c.qps) / c.qps) * 100).toFixed(1)}%`;
  const cut = r.sent < c.n ? ` cut ${r.sent}/${c.n}` : '';
  return `${pad(r.achieved.toFixed(2), 8)} ${pad(err, 7)} ${pad(r.burstPassed, 5)}${cut}`;
};
const rows: string[] = [];
rows.push(`${pad('asked QPS', 9)} ${pad('burst', 5)} ${pad('N', 5)} | ${['token bucket', ...variants.map((v) => `bottleneck ${v}`)].map((h) => h.padEnd(22)).join(' | ')}`);
rows.push(`${' '.repeat(21)} | ${Array.from({ length: 1 + variants.length }, () => `${pad('QPS', 8)} ${pad('err', 7)} ${pad('burst', 5)}`.padEnd(22)).join(' | ')}`);
rows.push('-'.repeat(rows[0]!.length));
for (const c of cases) {
  const cells = [cell(await runTokenBucket(c), c)];
  for (const v of variants) cells.push(cell(await runBottleneck(c, 6000, v), c));
  rows.push(`${pad(c.qps, 9)} ${pad(c.burst, 5)} ${pad(c.n, 5)} | ${cells.map((x) => x.padEnd(22)).join(' | ')}`);
}
console.log(`node ${process.version}, stub transport, real clock, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('burst = requests passed within 5 ms of the first; QPS achieved = (sent - burst) / (last - first request time)');
console.log(rows.join('\n'));
