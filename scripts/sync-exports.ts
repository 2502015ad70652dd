/**
 * Writes `package.json#exports` (and `main` / `module` / `types` for tools that predate
 * `exports`), the `koordinator-client` entries of tsconfig.json `paths` and typedoc.json
 * `entryPoints` from `scripts/package-entries.ts`. With `--check` it writes nothing and exits 1 when either differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { docEntryPoints, exportsMap, sourcePaths } from './package-entries.js';

const check = process.argv.includes('--check');
let stale = false;

function sync(file: URL, text: string, next: string, what: string): void {
  if (next === text) return;
  if (check) {
    stale = true;
    console.error(`${what} is out of date with scripts/package-entries.ts: run \`npm run exports:sync\``);
  } else {
    writeFileSync(file, next);
    console.log(`${what} updated`);
  }
}

const file = new URL('../package.json', import.meta.url);
const text = readFileSync(file, 'utf8');
const pkg = JSON.parse(text) as Record<string, unknown>;
const next: Record<string, unknown> = {};
for (const [key, value] of Object.entries(pkg)) {
  if (key === 'main' || key === 'module' || key === 'types' || key === 'exports') continue;
  next[key] = value;
  if (key === 'sideEffects') {
    next['main'] = './dist/index.cjs';
    next['module'] = './dist/index.js';
    next['types'] = './dist/index.d.cts';
    next['exports'] = exportsMap();
  }
}
if (!('exports' in next)) throw new Error('package.json needs a "sideEffects" field to place "exports" after');
sync(file, text, `${JSON.stringify(next, null, 2)}\n`, 'package.json "exports"');

const tsconfigFile = new URL('../tsconfig.json', import.meta.url);
const tsconfigText = readFileSync(tsconfigFile, 'utf8');
const tsconfig = JSON.parse(tsconfigText) as { compilerOptions: Record<string, unknown> };
const paths = { ...((tsconfig.compilerOptions['paths'] as Record<string, string[]> | undefined) ?? {}) };
for (const key of Object.keys(paths)) if (key === 'koordinator-client' || key.startsWith('koordinator-client/')) delete paths[key];
tsconfig.compilerOptions['paths'] = { ...sourcePaths(), ...paths };
// Arrays of strings stay on one line, as tsconfig.json is written by hand.
const compact = JSON.stringify(tsconfig, null, 2).replace(/\[\s*\n\s*("[^"\n]*"(?:,\s*\n\s*"[^"\n]*")*)\s*\n\s*\]/g, (_m, items: string) => `[${items.split(/,\s*\n\s*/).join(', ')}]`);
sync(tsconfigFile, tsconfigText, `${compact}\n`, 'tsconfig.json "paths"');
const typedocFile = new URL('../typedoc.json', import.meta.url);
const typedocText = readFileSync(typedocFile, 'utf8');
const typedoc = JSON.parse(typedocText) as Record<string, unknown>;
typedoc['entryPoints'] = docEntryPoints();
sync(typedocFile, typedocText, `${JSON.stringify(typedoc, null, 2)}\n`, 'typedoc.json "entryPoints"');
if (stale) process.exit(1);
