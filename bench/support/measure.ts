/**
 * Measuring request throughput: run an operation N times with a fixed number in flight, record
 * each latency and the process's CPU time, and summarise as ops/s, latency percentiles and CPU
 * per operation; plus a plain-text table renderer shared by the benches.
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';

/** What one measured run produced. */
export interface RunResult {
  /** Operations that completed successfully. */
  ops: number;
  /** Operations that failed. */
  errors: number;
  /** The first failure, as a short message (for the report). */
  firstError?: string;
  /** Wall time of the whole run, in ms. */
  elapsedMs: number;
  /** Latency of each successful operation, in ms. */
  latencies: number[];
  /** CPU time this process used during the run (user + system), in microseconds. */
  cpuMicros: number;
}

/**
 * Runs `op(i)` for i in [0, n), keeping `concurrency` operations in flight (1 = sequential).
 * @returns counts, wall time and per-operation latencies
 */
export async function runOps(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const t0 = performance.now();
      try {
        await op(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 300);
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, n)) }, worker));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return { ops: latencies.length, errors, ...(firstError !== undefined ? { firstError } : {}), elapsedMs, latencies, cpuMicros: cpu.user + cpu.system };
}

/** Merges runs of the same scenario (e.g. several rounds) into one. */
export function mergeRuns(runs: readonly RunResult[]): RunResult {
  const firstError = runs.find((r) => r.firstError !== undefined)?.firstError;
  return {
    ops: runs.reduce((s, r) => s + r.ops, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    ...(firstError !== undefined ? { firstError } : {}),
    elapsedMs: runs.reduce((s, r) => s + r.elapsedMs, 0),
    latencies: runs.flatMap((r) => r.latencies),
    cpuMicros: runs.reduce((s, r) => s + r.cpuMicros, 0),
  };
}

/** The nearest-rank percentile `p` (0-100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Summary figures of a run. */
export interface Summary {
  ops: number;
  errors: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Client CPU time (this process, user + system) per operation, in microseconds. */
  cpuMicrosPerOp: number;
}

/** Summarises a run. */
export function summarize(run: RunResult): Summary {
  return {
    ops: run.ops,
    errors: run.errors,
    opsPerSec: run.elapsedMs > 0 ? (run.ops * 1000) / run.elapsedMs : 0,
    p50Ms: percentile(run.latencies, 50),
    p99Ms: percentile(run.latencies, 99),
    cpuMicrosPerOp: run.ops + run.errors > 0 ? run.cpuMicros / (run.ops + run.errors) : Number.NaN,
  };
}

/** Renders rows as a fixed-width text table; numeric-looking cells are right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = (s: string): boolean => /^[-+]?[0-9.,]+[x%]?$|^n\/a$/.test(s);
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (numeric(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
