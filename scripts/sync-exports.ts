/**
 * Writes `package.json#exports` (and `main` / `module` / `types` for tools that predate
 * `exports`) from `scripts/package-entries.ts`. With `--check` it writes nothing and exits 1 when
 * package.json differs, printing the expected map.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { exportsMap } from './package-entries.js';

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
const out = `${JSON.stringify(next, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (out !== text) {
    console.error('package.json "exports" is out of date with scripts/package-entries.ts: run `npm run exports:sync`. Expected:');
    console.error(JSON.stringify(next['exports'], null, 2));
    process.exit(1);
  }
} else if (out !== text) {
  writeFileSync(file, out);
  console.log('package.json exports updated');
}
