/**
 * The module-level registry of everything envtest must not leave behind when the Node process
 * ends without calling `stop()`: live server processes (killed) and temporary directories
 * (removed). Hooks on `exit`, `SIGINT`, `SIGTERM` and `SIGHUP` are installed while anything is
 * registered and removed when the registry empties.
 * @packageDocumentation
 */
import { rmSync } from 'node:fs';

const pids = new Set<number>();
const directories = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function killAllSync(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  pids.clear();
}

function removeDirectoriesSync(): void {
  for (const dir of directories) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Best effort while exiting.
    }
  }
  directories.clear();
}

/** Kills every registered process and removes every registered directory, synchronously. */
export function cleanupAllSync(): void {
  killAllSync();
  removeDirectoriesSync();
  uninstall();
}

function onExit(): void {
  cleanupAllSync();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupAllSync();
  // With other listeners present, they own the decision to exit; otherwise restore the default
  // behaviour (terminate with 128 + signal number) by re-raising the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

function maybeUninstall(): void {
  if (pids.size === 0 && directories.size === 0) uninstall();
}

/** Registers a live child process to be killed if this process exits first. */
export function registerChildProcess(pid: number): void {
  pids.add(pid);
  install();
}

/** Forgets a child process that has exited. */
export function unregisterChildProcess(pid: number): void {
  pids.delete(pid);
  maybeUninstall();
}

/** Registers a temporary directory to be removed if this process exits first. */
export function registerTempDirectory(dir: string): void {
  directories.add(dir);
  install();
}

/** Forgets a temporary directory (removed, or deliberately kept). */
export function unregisterTempDirectory(dir: string): void {
  directories.delete(dir);
  maybeUninstall();
}

/** The PIDs currently registered (for tests and diagnostics). */
export function registeredChildProcesses(): number[] {
  return [...pids];
}

/** Whether the exit and signal hooks are currently installed (for tests). */
export function exitHooksInstalled(): boolean {
  return installed;
}
