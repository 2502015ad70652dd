/**
 * A measured child process that prints JSON lines on stdout (`{"msg": ..., "at": epochMs, ...}`):
 * the benches wait for a line, read what it said, stop it with a signal and wait for its exit,
 * every wait bounded.
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One JSON line of a child, with the time this process read it (epoch ms). */
export interface ChildLine {
  msg: string;
  at?: number;
  readAt: number;
  [k: string]: unknown;
}

/** A running child. */
export interface JsonLinesChild {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  readonly lines: ChildLine[];
  /** Resolves with the first line `pred` accepts; rejects after `ms` or when the child exits first. */
  waitFor(pred: (l: ChildLine) => boolean, ms: number, what: string): Promise<ChildLine>;
  /** Resolves with the exit code (or signal name) once it has exited. */
  readonly exited: Promise<number | string>;
  /** Sends `signal`, waits up to `ms` for the exit, then SIGKILLs it. */
  stop(signal: NodeJS.Signals, ms: number): Promise<number | string>;
}

/** Starts `file args` with `cwd`, stdin closed, stderr inherited. */
export function startJsonLinesChild(name: string, file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): JsonLinesChild {
  const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: ChildLine[] = [];
  const waiters = new Set<() => void>();
  let done = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    try {
      lines.push({ ...(JSON.parse(line) as { msg: string }), readAt: Date.now() });
    } catch {
      return;
    }
    for (const w of waiters) w();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? -1);
      for (const w of waiters) w();
    });
    child.on('error', () => resolve(-1));
  });
  const waitFor = (pred: (l: ChildLine) => boolean, ms: number, what: string): Promise<ChildLine> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = lines.find(pred);
        if (hit) finish(() => resolve(hit));
        else if (done) finish(() => reject(new Error(`${name} exited before ${what}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${name}: ${what} not within ${ms} ms`))), ms);
      const finish = (f: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    });
  return {
    name,
    process: child,
    pid: child.pid ?? -1,
    lines,
    waitFor,
    exited,
    stop: async (signal, ms) => {
      if (!done) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
