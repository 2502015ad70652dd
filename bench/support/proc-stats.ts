/**
 * CPU time and peak resident set size of another process, read from Linux's /proc: the same
 * measurement for a Node and a Go child, taken from outside.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** What /proc says of a process at one point. */
export interface ProcStats {
  /** User + system CPU time, in ms. */
  cpuMs: number;
  /** Peak resident set size (VmHWM), in bytes. */
  peakRssBytes: number;
}

/** Reads `pid`'s CPU time and peak RSS; undefined when the process is gone (or not on Linux). */
export function procStats(pid: number): ProcStats | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { cpuMs: ((utime + stime) * 1000) / ticksPerSecond, peakRssBytes: hwm ? Number(hwm[1]) * 1024 : Number.NaN };
  } catch {
    return undefined;
  }
}

/** One reading of a {@link CpuTimeline}. */
interface CpuReading {
  /** Epoch ms. */
  at: number;
  /** CPU ms of the watched processes together. */
  processesMs: number;
  /** CPU ms of the whole machine, busy and idle (all cores), from /proc/stat. */
  machineBusyMs: number;
  machineTotalMs: number;
}

/** What a {@link CpuTimeline} says of one span. */
export interface CpuSpan {
  /** CPU ms the watched processes spent in the span. */
  processesMs: number;
  /** Share of the machine's cores (0..1) busy in the span, whoever used them. */
  machineBusy: number;
}

/** The machine's busy and total CPU ms so far (all cores), from the first line of /proc/stat. */
function machineCpu(): { busyMs: number; totalMs: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal ...
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const idle = f[3]! + f[4]!;
    return { busyMs: ((total - idle) * 1000) / ticksPerSecond, totalMs: (total * 1000) / ticksPerSecond };
  } catch {
    return { busyMs: Number.NaN, totalMs: Number.NaN };
  }
}

/**
 * CPU time of other processes (e.g. kube-apiserver and etcd) and of the whole machine, read every
 * `intervalMs` while it runs, so that the CPU they spent can be read afterwards for a span known
 * only later (a child's first and last event, in epoch ms). Spans are interpolated linearly
 * between readings; /proc counts in 10 ms ticks, so spans should last seconds.
 */
export class CpuTimeline {
  readonly #readings: CpuReading[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly pids: readonly number[],
    intervalMs = 25,
  ) {
    this.#read();
    this.#timer = setInterval(() => this.#read(), intervalMs);
    this.#timer.unref();
  }

  #read(): void {
    let processesMs = 0;
    for (const pid of this.pids) processesMs += procStats(pid)?.cpuMs ?? 0;
    const m = machineCpu();
    this.#readings.push({ at: performance.timeOrigin + performance.now(), processesMs, machineBusyMs: m.busyMs, machineTotalMs: m.totalMs });
  }

  /** Stops reading (takes one last reading first). */
  stop(): void {
    clearInterval(this.#timer);
    this.#read();
  }

  /** The CPU spent between two epoch ms inside the timeline; undefined outside it or for an empty span. */
  between(from: number, to: number): CpuSpan | undefined {
    const a = this.#at(from);
    const b = this.#at(to);
    if (!a || !b || to <= from) return undefined;
    const total = b.machineTotalMs - a.machineTotalMs;
    return { processesMs: b.processesMs - a.processesMs, machineBusy: total > 0 ? (b.machineBusyMs - a.machineBusyMs) / total : Number.NaN };
  }

  /** The readings interpolated at epoch ms `t`. */
  #at(t: number): Omit<CpuReading, 'at'> | undefined {
    const r = this.#readings;
    const i = r.findIndex((x) => x.at >= t);
    if (i <= 0) return i === 0 && r[0]!.at === t ? r[0] : undefined;
    const lo = r[i - 1]!;
    const hi = r[i]!;
    const w = (t - lo.at) / (hi.at - lo.at);
    const mix = (k: 'processesMs' | 'machineBusyMs' | 'machineTotalMs'): number => lo[k] + (hi[k] - lo[k]) * w;
    return { processesMs: mix('processesMs'), machineBusyMs: mix('machineBusyMs'), machineTotalMs: mix('machineTotalMs') };
  }
}
