/**
 * Memory figures for the informer benchmark's child processes: settled (after full GCs) resident
 * set size, V8 heap and external memory, and the peak RSS.
 * @packageDocumentation
 */

/** Memory of this process at one point, in bytes. */
export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Runs two full, synchronous garbage collections (needs `--expose-gc`; a no-op without it). */
export function settleGc(): void {
  const gc = (globalThis as { gc?: (opts?: { type: 'major'; execution: 'sync' }) => void }).gc;
  gc?.({ type: 'major', execution: 'sync' });
  gc?.({ type: 'major', execution: 'sync' });
}

/** Settles the heap, then reads resident set size, used V8 heap and external (Buffer) memory. */
export function settledMemory(): MemorySnapshot {
  settleGc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Median of a list (the lower middle for even lengths; NaN when empty). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
