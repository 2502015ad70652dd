/**
 * The cost of keeping integers beyond 2^53 exact: decoding one list of N NodeMetrics (a few KB
 * each, as the API server sends them) with plain `JSON.parse` (the floor), with `parseJson` when
 * no number has 16+ digits (the usual case: only the pre-scan is added), and with `parseJson` when
 * every object holds one int64 beyond 2^53 (the exact path: a reviver reading source text).
 * Also `deepCopy` of every item, and serializing every item for a write, with and without records.
 * No server: the text is built in memory. Median of `--runs` rounds; ratios against JSON.parse.
 *
 * Run: npx tsx bench/exact-integers.ts [--count 10000] [--runs 5]
 * A measurement, not a test.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { deepCopy } from '../src/meta/deep-copy.js';
import { hasLongNumber, parseJson } from '../src/meta/exact-integers.js';
import { serializeBody } from '../src/rest/wire/serialize-body.js';
import { nodeMetricObject, nodeMetricStatus } from './support/node-metric-fixture.js';
import { renderTable } from './support/measure.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const count = Number(values.count);
const runs = Number(values.runs);

function listText(longInts: boolean): string {
  const items = Array.from({ length: count }, (_, i) => {
    const o = nodeMetricObject(i);
    return {
      apiVersion: 'slo.koordinator.sh/v1alpha1',
      kind: 'NodeMetric',
      ...o,
      metadata: { ...o.metadata, uid: `0c9f${String(i).padStart(4, '0')}-1b2c-4d5e-8f90-123456789abc`, resourceVersion: String(1_000_000 + i), generation: 1, creationTimestamp: '2026-11-30T12:00:00Z' },
      spec: { ...o.spec, ...(longInts ? { collectPolicy: { aggregateDurationSeconds: 60, reportIntervalSeconds: 60, nodeMemoryCollectPolicy: 'usageWithoutPageCache' }, huge: 0 } : {}) },
      status: nodeMetricStatus(i),
    };
  });
  let text = JSON.stringify({ apiVersion: 'slo.koordinator.sh/v1alpha1', kind: 'NodeMetricList', metadata: { resourceVersion: '2000000' }, items });
  if (longInts) text = text.replaceAll('"huge":0', '"huge":9007199254740993');
  return text;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const plain = listText(false);
const long = listText(true);
console.log(`${count} NodeMetrics: ${(plain.length / 1024 / 1024).toFixed(1)} MiB of JSON; pre-scan finds a long number: plain ${hasLongNumber(plain)}, int64 ${hasLongNumber(long)}`);
const t: Record<string, number[]> = { floor: [], scan: [], parse: [], floorLong: [], exact: [], copy: [], copyRec: [], ser: [], serRec: [] };
const ctx = { verb: 'update', resource: 'slo.koordinator.sh/v1alpha1/nodemetrics' };
for (let r = 0; r < runs; r++) {
  t.floor!.push(time(() => JSON.parse(plain)));
  t.scan!.push(time(() => hasLongNumber(plain)));
  t.parse!.push(time(() => parseJson(plain)));
  t.floorLong!.push(time(() => JSON.parse(long)));
  t.exact!.push(time(() => parseJson(long)));
}
// Write path (records exist in this process from here on, as in a process that has seen one).
const plainItems = (JSON.parse(plain) as { items: object[] }).items;
const longItems = (parseJson(long) as { items: object[] }).items;
for (let r = 0; r < runs; r++) {
  t.copy!.push(time(() => plainItems.forEach((o) => deepCopy(o))));
  t.copyRec!.push(time(() => longItems.forEach((o) => deepCopy(o))));
  t.ser!.push(time(() => plainItems.forEach((o) => JSON.stringify(o))));
  t.serRec!.push(time(() => longItems.forEach((o) => serializeBody(o, ctx))));
}
const m = (k: string): number => median(t[k]!);
const row = (label: string, k: string, base: string): string[] => [label, `${m(k).toFixed(1)} ms`, `${(m(k) / m(base)).toFixed(2)}x`];
console.log(
  renderTable(
    ['decode / write', 'median', 'vs floor'],
    [
      row('JSON.parse (floor)', 'floor', 'floor'),
      row('pre-scan alone', 'scan', 'floor'),
      row('parseJson, no long number', 'parse', 'floor'),
      row('JSON.parse, an int64 > 2^53 in every object', 'floorLong', 'floorLong'),
      row('parseJson, an int64 > 2^53 in every object', 'exact', 'floorLong'),
      row('structuredClone each item (floor)', 'copy', 'copy'),
      row('deepCopy each item, records carried', 'copyRec', 'copy'),
      row('JSON.stringify each item (floor)', 'ser', 'ser'),
      row('serializeBody each item, exact digits restored', 'serRec', 'ser'),
    ],
  ),
);
