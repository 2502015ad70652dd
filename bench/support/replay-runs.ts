/**
 * Helpers shared by the benchmarks that run informer children (informer-sync.ts,
 * watch-pipeline.ts): starting a measured process and reading its sample, the order of the
 * rounds, and the span of a replay from memory.
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EventsSample } from './informer-child.js';

/**
 * The default informer once more, in a node whose V8 young generation is capped (8 MiB per
 * semi-space, as docs/controllers.md recommends): `name` is its row, `as` the informer child's
 * implementation it runs, `nodeFlags` what node is started with besides.
 */
export const smallYoungGeneration = {
  name: 'koordinator-client (--max-semi-space-size=8)',
  as: 'koordinator-client',
  nodeFlags: ['--max-semi-space-size=8'],
} as const;

/** How to start one measured process. */
export interface ChildCommand {
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** A measured process. */
export interface Child<T> {
  /** Resolves when it prints `ready` (events mode). */
  ready: Promise<void>;
  /** Its last JSON line with `impl` set to its name, once it has exited. */
  result: Promise<T>;
  /** Gives it `graceMs` more to finish; then closes its stdin (an events child then reports what it has) and, 30 s later, kills it. */
  deadline(graceMs: number): void;
}

/**
 * Starts a measured process named `name` (its stdin stays open: a child counting events stops
 * when it closes). `label` says what it was doing in the error of a failed run.
 */
export function startChild<T>(name: string, command: ChildCommand, label = name): Child<T> {
  const child = spawn(command.file, command.args, { cwd: command.cwd, env: command.env ?? process.env, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.on('error', () => {}); // it may be gone already
  let last = '';
  let timers: NodeJS.Timeout[] = [];
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') onReady();
    else if (line.startsWith('{')) last = line;
  });
  const result = new Promise<T>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      timers = [];
      if (code !== 0 || !last) reject(new Error(`${label} exited with ${signal ?? code}`));
      else resolve({ ...(JSON.parse(last) as T), impl: name });
    });
  });
  ready.catch(() => {});
  return {
    ready,
    result,
    deadline: (graceMs) => {
      timers.push(
        setTimeout(() => {
          child.stdin.end();
          timers.push(setTimeout(() => child.kill('SIGKILL'), 30_000));
        }, graceMs),
      );
    },
  };
}

/** Runs one measured process to completion (within `graceMs`, see {@link Child.deadline}). */
export function runChild<T>(name: string, command: ChildCommand, graceMs: number, label = name): Promise<T> {
  const c = startChild<T>(name, command, label);
  c.deadline(graceMs);
  return c.result;
}

/** `list` rotated left by `r` (the implementations' order in round `r`: the machine's speed drifts). */
export function rotated<T>(list: readonly T[], r: number): T[] {
  const k = r % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/**
 * A sample re-measured from the moment the informer was synced to its last update (span,
 * events/s, CPU): the span of a replay from memory, where the first notification can come after
 * much of the work.
 */
export function sinceSynced<S extends EventsSample>(s: S): S {
  const span = s.lastEventAt - s.syncedAt;
  return { ...s, firstToLastMs: span, eventsPerSec: span > 0 ? (s.events * 1000) / span : 0, cpuMs: s.cpuSyncedToLastMs };
}
