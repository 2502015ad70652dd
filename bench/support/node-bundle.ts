/**
 * Bundles one of the TypeScript programs under bench/ into a single JavaScript file, so that it
 * runs on plain `node` as a user's compiled program does: no TypeScript loader (tsx transforms
 * every module on load and holds its own state, some 35 MiB of RSS for this package's sources).
 * Packages stay external (resolved from the repository's node_modules); the file is written under
 * node_modules/.cache so that they resolve.
 * @packageDocumentation
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

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
