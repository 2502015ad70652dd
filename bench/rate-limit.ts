/**
 * Client-side rate limiting accuracy: for several QPS/burst settings, fire N requests at once
 * through `composeTransport` (retries off) over an in-memory stub transport, on the real clock,
 * and compare the QPS asked for with the QPS achieved after the burst — side by side with
 * Bottleneck's reservoir configured as a token bucket (reservoir = burst, +1 every 1/qps,
 * maximum burst, default 250 ms heartbeat), which is why the token bucket is computed by hand.
 *
 * "achieved" = (sent - burst) / (time of the last request - time of the first), i.e. the steady
 * rate once the initial burst is spent; "burst passed" = requests sent within 5 ms of the first.
 * A Bottleneck run is cut off after max(6 s, 1.5 x the expected time) and measured on what it
 * sent by then.
 *
 * Run: `npx tsx bench/rate-limit.ts`. This is a measurement, not a test; real-server throughput
 * benches are separate.
 */
import Bottleneck from 'bottleneck';
import { performance } from 'node:perf_hooks';
import { composeTransport } from '../src/rest/compose-transport.js';
import { silentLogger } from '../src/rest/logger.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../src/rest/transport.js';

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

function summarize(stamps: number[], burst: number): Result {
  const sorted = [...stamps].sort((a, b) => a - b);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  return {
    achieved: (sorted.length - burst) / ((last - first) / 1000),
    burstPassed: sorted.filter((t) => t - first <= 5).length,
    totalMs: last - first,
    sent: sorted.length,
  };
}

async function runTokenBucket(c: Case): Promise<Result> {
  const stub = new StampingTransport();
  const t = composeTransport(stub, { qps: c.qps, burst: c.burst, retry: false, logger: silentLogger, warningHandler: false });
  await Promise.all(Array.from({ length: c.n }, () => t.request(req)));
  return summarize(stub.stamps, c.burst);
}

/** Bottleneck is cut off after `capMs` (at 250 ms per refill it would take minutes at high QPS). */
async function runBottleneck(c: Case, capMs: number): Promise<Result> {
  const stub = new StampingTransport();
  const limiter = new Bottleneck({
    reservoir: c.burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: 1000 / c.qps,
    reservoirIncreaseMaximum: c.burst,
  });
  const all = Promise.allSettled(Array.from({ length: c.n }, () => limiter.schedule(() => stub.request())));
  const expectedMs = ((c.n - c.burst) / c.qps) * 1000;
  await Promise.race([all, new Promise((r) => setTimeout(r, Math.max(capMs, expectedMs * 1.5)))]);
  await limiter.stop({ dropWaitingJobs: true });
  await all;
  return summarize(stub.stamps, c.burst);
}

const pad = (s: string | number, w: number) => String(s).padStart(w);
const rows: string[] = [];
rows.push(`${pad('asked QPS', 9)} ${pad('burst', 5)} ${pad('N', 5)} | ${pad('token bucket', 12)} ${pad('err', 6)} ${pad('burst passed', 12)} ${pad('total ms', 8)} | ${pad('bottleneck', 10)} ${pad('err', 6)} ${pad('burst passed', 12)} ${pad('total ms', 8)}`);
rows.push('-'.repeat(rows[0]!.length));
for (const c of cases) {
  const tb = await runTokenBucket(c);
  const bn = await runBottleneck(c, 6000);
  const err = (x: number) => `${(((x - c.qps) / c.qps) * 100).toFixed(1)}%`;
  rows.push(
    `${pad(c.qps, 9)} ${pad(c.burst, 5)} ${pad(c.n, 5)} | ${pad(tb.achieved.toFixed(2), 12)} ${pad(err(tb.achieved), 6)} ${pad(tb.burstPassed, 12)} ${pad(tb.totalMs.toFixed(0), 8)} | ${pad(bn.achieved.toFixed(2), 10)} ${pad(err(bn.achieved), 6)} ${pad(bn.burstPassed, 12)} ${pad(bn.totalMs.toFixed(0), 8)}${bn.sent < c.n ? ` (cut off: ${bn.sent}/${c.n} sent)` : ''}`,
  );
}
console.log(`node ${process.version}, stub transport, real clock; achieved = (sent - burst) / (last - first request time)`);
console.log(rows.join('\n'));
