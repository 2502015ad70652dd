/**
 * Generator speed: time to generate every served version of the 13 Koordinator CRDs into memory
 * (parse + map + emit), median of several runs, plus the first (cold) run.
 *
 * Run: `npx tsx bench/codegen.ts [crd-dir]`.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { generate } from '../codegen/generate.js';
import { loadCrdInputs } from '../codegen/load-crds.js';

const dir = resolve(process.argv[2] ?? '../shared/crds/koordinator');
const times: number[] = [];
let files = 0;
let bytes = 0;
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const crds = await loadCrdInputs([dir]);
  const out = generate(crds);
  times.push(performance.now() - t0);
  files = out.files.size;
  bytes = [...out.files.values()].reduce((n, s) => n + s.length, 0);
}
const cold = times[0]!;
const sorted = [...times].sort((a, b) => a - b);
console.log(`generated ${files} files (${(bytes / 1024).toFixed(0)} KiB) from ${dir}`);
console.log(`cold run ${cold.toFixed(0)} ms, median of 7 runs ${sorted[3]!.toFixed(0)} ms`);
