/**
 * Waits for a freshly spawned server to become ready: polls its health check until it passes,
 * the process exits, or a deadline passes, and turns the latter two into an `EnvtestError`
 * carrying the tail of the process's output.
 * @packageDocumentation
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvtestError, type EnvtestComponent } from './errors.js';
import { describeExit, type ManagedProcess } from './managed-process.js';

/** Options of {@link waitUntilReady}. */
export interface WaitReadyOptions {
  component: Extract<EnvtestComponent, 'etcd' | 'kube-apiserver'>;
  process: ManagedProcess;
  /** One health check: resolves `true` when ready, or a short reason why not; may reject. */
  check: () => Promise<true | string>;
  timeoutMs: number;
  /** Pause between checks (100 ms by default). */
  intervalMs?: number;
}

function errorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  return typeof e?.code === 'string' ? e.code : String(e?.message ?? err);
}

/** Resolves with the milliseconds it took once `check` passes; throws {@link EnvtestError} otherwise. */
export async function waitUntilReady(options: WaitReadyOptions): Promise<number> {
  const { component, process: proc, check, timeoutMs } = options;
  const intervalMs = options.intervalMs ?? 100;
  const started = performance.now();
  const deadline = started + timeoutMs;
  let lastReason = 'not checked yet';
  const failure = (message: string, cause?: unknown): EnvtestError =>
    new EnvtestError(component, message, {
      outputTail: proc.outputTail(),
      ...(proc.logFile ? { logFile: proc.logFile } : {}),
      ...(cause === undefined ? {} : { cause }),
    });

  for (;;) {
    if (proc.exit) throw failure(`${component} ${describeExit(proc.exit)} before becoming ready (last health check: ${lastReason})`, proc.exit.spawnError);
    try {
      const result = await check();
      if (result === true) return performance.now() - started;
      lastReason = result;
    } catch (err) {
      lastReason = errorText(err);
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw failure(`${component} did not become ready within ${Math.round(timeoutMs / 1000)} s (last health check: ${lastReason})`);
    }
    await Promise.race([sleep(Math.min(intervalMs, remaining)), proc.exited]);
  }
}
