/**
 * Bundles one of the TypeScript programs under bench/ into a single JavaScript file, so that it
 * runs on plain `node` as a user's compiled program does: no TypeScript loader. tsx transforms
 * every module on load, holds its own state (some 35 MiB of RSS for this package's sources) and
 * compiles with esbuild's `keepNames`, which wraps every function and class the code creates in a
 * `__name(...)` call: a per-call cost in this package's code (closures created per request) that
 * the published package, built without it, does not have and that packages loaded from
 * node_modules (the peers) do not pay either.
 * Packages stay external (resolved from the repository's node_modules); the file is written under
 * node_modules/.cache so that they resolve.
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** A bundled program; `dispose` removes its directory. */
export interface NodeBundle {
  file: string;
  dispose(): void;
}

/**
 * Bundles `entry` (an ES module) for Node.
 * @param repoDir - the repository root (its node_modules resolves the packages)
 * @param entry - the program's entry file
 * @param name - a name for the output file and logs
 */
export async function bundleNodeProgram(repoDir: string, entry: string, name: string): Promise<NodeBundle> {
  const { build } = await import('esbuild');
  const cache = join(repoDir, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `${name}-`));
  const file = join(dir, `${name}.mjs`);
  const t0 = performance.now();
  await build({ entryPoints: [entry], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'warning' });
  console.log(`bundled ${name} in ${Math.round(performance.now() - t0)} ms`);
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Set in the environment of a bench that runs as its bundle. */
const BUNDLED = 'KOORD_BENCH_BUNDLED';

/**
 * Node flags of this process without the TypeScript loader's (`--import tsx`, `--require ...`).
 * @returns the flags a bundled run keeps (e.g. `--expose-gc`)
 */
export function nodeFlagsWithoutLoader(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--import' || a === '--require' || a === '-r' || a === '--loader' || a === '--experimental-loader') i++;
    else if (!/^--(import|require|loader|experimental-loader)=/.test(a)) out.push(a);
  }
  return out;
}

/**
 * Runs the calling bench as its bundle on plain `node` (see the module notes), with the same
 * arguments and Node flags minus the TypeScript loader, and exits with its exit code; returns at
 * once when this process is that bundle already. Call it first, before the bench does anything:
 * `await runBundled(import.meta.url)`.
 * @param entryUrl - `import.meta.url` of the bench (a file in bench/)
 */
export async function runBundled(entryUrl: string): Promise<void> {
  if (process.env[BUNDLED] === '1') return;
  const entry = fileURLToPath(entryUrl);
  const bundle = await bundleNodeProgram(join(dirname(entry), '..'), entry, basename(entry, '.ts'));
  const child = spawn(process.execPath, [...nodeFlagsWithoutLoader(), bundle.file, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, [BUNDLED]: '1' } });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  const code = await new Promise<number>((resolve) => {
    child.on('error', (err) => {
      console.error(err);
      resolve(1);
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  bundle.dispose();
  process.exit(code);
}
