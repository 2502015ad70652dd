/**
 * Type-checks and runs stand-alone TypeScript files the way a user would (doc snippets,
 * examples): `koordinator-client` resolves to the sources through tsconfig.json `paths` (kept in
 * sync with the package's exports by scripts/sync-exports.ts), tsx runs them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** The outcome of a child process. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function spawn(args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals; killed?: boolean }) | null;
      done({
        code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
        signal: e?.signal ?? null,
        stdout,
        stderr,
        timedOut: Boolean(e?.killed),
      });
    });
  });
}

/**
 * Type-checks `files` (absolute paths) in one program with the repository's compiler options and
 * returns the diagnostics per file (files without any are absent).
 */
export async function typeCheck(files: readonly string[], workDir: string): Promise<Map<string, string[]>> {
  mkdirSync(workDir, { recursive: true });
  const tsconfig = join(workDir, 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({ extends: relative(workDir, join(repoRoot, 'tsconfig.json')), compilerOptions: { noEmit: true }, include: [], files: files.map((f) => relative(workDir, f)) }, null, 2));
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const res = await spawn([tsc, '-p', tsconfig, '--pretty', 'false'], { cwd: workDir, env: process.env, timeoutMs: 180_000 });
  const out = new Map<string, string[]>();
  for (const line of `${res.stdout}\n${res.stderr}`.split('\n')) {
    const m = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (!m?.[1]) continue;
    const file = resolve(workDir, m[1]);
    out.set(file, [...(out.get(file) ?? []), line]);
  }
  if (res.code !== 0 && out.size === 0) throw new Error(`tsc failed without diagnostics: ${res.stdout}${res.stderr}`);
  return out;
}

/** Runs one TypeScript file with tsx, killing it after `timeoutMs`. */
export function runTypeScript(file: string, opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; args?: readonly string[] } = {}): Promise<RunResult> {
  return spawn(['--import', 'tsx', file, ...(opts.args ?? [])], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, ...opts.env },
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
}

/** A compact description of a failed run for an assertion message. */
export function describeRun(r: RunResult): string {
  const tail = (s: string): string => s.split('\n').slice(-25).join('\n');
  return `exit ${r.code ?? r.signal}${r.timedOut ? ' (timed out)' : ''}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`;
}
