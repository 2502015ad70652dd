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
