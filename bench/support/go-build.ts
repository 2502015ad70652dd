/**
 * Builds one of the Go programs under bench/ into a temporary directory (no binary in the tree).
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** A built Go program; `dispose` removes its directory. */
export interface GoBinary {
  binary: string;
  dispose(): void;
}

/**
 * Runs `go build` in `moduleDir`; undefined (with a warning) when Go is missing or the build
 * fails, so that a bench can still print its own rows.
 */
export async function buildGoProgram(moduleDir: string, name: string): Promise<GoBinary | undefined> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const binary = join(dir, name);
  const t0 = performance.now();
  const code = await new Promise<number>((resolve) => {
    const p = spawn('go', ['build', '-o', binary, '.'], { cwd: moduleDir, stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('error', () => resolve(-1));
    p.on('exit', (c) => resolve(c ?? -1));
  });
  if (code !== 0) {
    console.warn(`go build of ${moduleDir} failed (${code}): the Go rows are skipped`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  console.log(`built ${name} in ${Math.round(performance.now() - t0)} ms`);
  return { binary, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
