/**
 * One server process envtest runs: spawned with piped (never inherited) output that is drained
 * into a bounded tail and an optional log file, registered so that it dies with this process,
 * and stopped with SIGTERM then SIGKILL after a grace period.
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { registerChildProcess, unregisterChildProcess } from './child-registry.js';
import { OutputTail } from './output-tail.js';

/** How a process ended. */
export interface ProcessExit {
  /** Exit code, or null when killed by a signal or never started. */
  code: number | null;
  /** The terminating signal, if any. */
  signal: NodeJS.Signals | null;
  /** Why the process could not be started (e.g. ENOENT, EACCES), if it could not. */
  spawnError?: Error;
}

/** Options of {@link ManagedProcess.start}. */
export interface ManagedProcessOptions {
  /** Display name, e.g. `etcd`. */
  name: string;
  command: string;
  args: readonly string[];
  /** Appends all output to this file when set. */
  logFile?: string;
  /** Number of output lines kept in memory (50 by default). */
  tailLines?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** A running (or finished) server process. */
export class ManagedProcess {
  /** Display name. */
  readonly name: string;
  /** Log file receiving the full output, if any. */
  readonly logFile?: string;
  /** Resolves once the process has exited and its output is drained; never rejects. */
  readonly exited: Promise<ProcessExit>;
  readonly #child: ChildProcess;
  readonly #tail: OutputTail;
  #exit: ProcessExit | undefined;

  private constructor(options: ManagedProcessOptions) {
    this.name = options.name;
    this.#tail = new OutputTail(options.tailLines ?? 50);
    let log: WriteStream | undefined;
    if (options.logFile) {
      this.logFile = options.logFile;
      log = createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
      log.on('error', () => {
        // Logging is best effort; the in-memory tail still works.
      });
    }
    const child = spawn(options.command, [...options.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
      env: options.env ?? process.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    this.#child = child;
    if (child.pid !== undefined) registerChildProcess(child.pid);
    const onData = (chunk: Buffer): void => {
      this.#tail.push(chunk);
      log?.write(chunk);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);

    this.exited = new Promise<ProcessExit>((resolve) => {
      const finish = (exit: ProcessExit): void => {
        if (this.#exit) return;
        this.#exit = exit;
        if (child.pid !== undefined) unregisterChildProcess(child.pid);
        if (log) log.end(() => resolve(exit));
        else resolve(exit);
      };
      child.once('error', (err) => {
        // 'error' without a pid means spawning failed; with a pid it was a kill/IPC error and
        // the process is still running, so wait for 'close'.
        if (child.pid === undefined) finish({ code: null, signal: null, spawnError: err });
      });
      child.once('close', (code, signal) => finish({ code, signal }));
    });
  }

  /** Spawns the process. Spawn failures surface through {@link ManagedProcess.exited}. */
  static start(options: ManagedProcessOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  /** The OS process id (undefined if spawning failed). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** How the process ended, once it has. */
  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  /** Whether the process is still running (or its output not yet drained). */
  get running(): boolean {
    return this.#exit === undefined;
  }

  /** The last lines of output, oldest first. */
  outputTail(): string[] {
    return this.#tail.lines();
  }

  /** Sends a signal if the process still runs; returns whether it was sent. */
  signal(signal: NodeJS.Signals): boolean {
    if (this.#exit || this.#child.exitCode !== null || this.#child.signalCode !== null) return false;
    try {
      return this.#child.kill(signal);
    } catch {
      return false;
    }
  }

  /**
   * Kills the process at once with SIGKILL (a crash: no graceful shutdown, open connections are
   * reset). Resolves once it has exited.
   */
  kill(): Promise<ProcessExit> {
    if (this.#exit) return Promise.resolve(this.#exit);
    this.signal('SIGKILL');
    return this.exited;
  }

  /**
   * Stops the process: SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves
   * once it has exited.
   */
  async stop(graceMs = 10_000): Promise<ProcessExit> {
    if (this.#exit) return this.#exit;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceExpired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const first = await Promise.race([this.exited, graceExpired]);
    clearTimeout(timer);
    if (first === 'timeout') this.signal('SIGKILL');
    return this.exited;
  }
}

/** Describes an exit for messages: `exited with code 1`, `was killed by SIGKILL`, ... */
export function describeExit(exit: ProcessExit): string {
  if (exit.spawnError) return `could not be started (${exit.spawnError.message})`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${String(exit.code)}`;
}
