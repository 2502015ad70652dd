/**
 * Generator speed: time to generate every served version of the 13 Koordinator CRDs into memory
 * (parse + map + emit), median of several runs, plus the first (cold) run; then the same with the
 * built-in kinds from the published Kubernetes OpenAPI v3 spec (what `npm run gen` does), with
 * the size of the built-in output.
 *
 * Run: `npx tsx bench/codegen.ts [crd-dir]`.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { generate, type GenerateResult } from '../codegen/generate.js';
import { loadEnumOverlay } from '../codegen/kube-enums.js';
import { loadCrdInputs } from '../codegen/load-crds.js';
import { loadOpenApi } from '../codegen/load-openapi.js';
import { loadTypeMap } from '../codegen/type-map.js';

const dir = resolve(process.argv[2] ?? '../shared/crds/koordinator');
const runs = 7;

async function bench(name: string, once: () => Promise<GenerateResult>): Promise<GenerateResult> {
  const times: number[] = [];
  let out: GenerateResult | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = await once();
    times.push(performance.now() - t0);
  }
  const bytes = [...out!.files.values()].reduce((n, s) => n + Buffer.byteLength(s), 0);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`${name}: ${out!.files.size} files (${(bytes / 1024).toFixed(0)} KiB); cold run ${times[0]!.toFixed(0)} ms, median of ${runs} runs ${sorted[runs >> 1]!.toFixed(0)} ms`);
  return out!;
}

await bench(`CRDs of ${dir}`, async () => generate(await loadCrdInputs([dir])));

const spec = execFileSync(resolve('scripts/openapi-spec-dir.sh'), { encoding: 'utf8' }).trim();
const all = await bench('CRDs + built-in kinds (npm run gen)', async () =>
  generate(await loadCrdInputs([dir]), {
    openapi: await loadOpenApi([spec]),
    enums: await loadEnumOverlay('codegen/kube-enums.yaml'),
    typeMap: await loadTypeMap('codegen/koordinator-type-map.yaml'),
  }),
);
const crdDirs = new Set([...all.files.keys()].filter((p) => p.startsWith('crds/')).map((p) => p.slice(5).split('.').slice(1).join('.').replace(/\.ts$/, '')));
const builtin = [...all.files.entries()].filter(([p]) => /^kube-|^generic-/.test(p) || (p.includes('/') && !p.startsWith('crds/') && !crdDirs.has(p.split('/')[0]!)));
const size = (files: [string, string][], re: RegExp) => files.filter(([p]) => re.test(p)).reduce((n, [, s]) => n + Buffer.byteLength(s), 0);
console.log(
  `built-in output: ${builtin.length} files, ${(size(builtin, /./) / 1024).toFixed(0)} KiB ` +
    `(types ${(size(builtin, /\/types\.ts$/) / 1024).toFixed(0)} KiB, schemas ${(size(builtin, /\/schemas\.ts$/) / 1024).toFixed(0)} KiB, ` +
    `clients + descriptors + informers + indexes ${(size(builtin, /\/(client|resources|informers|index)\.ts$/) / 1024).toFixed(0)} KiB); ` +
    `core/v1 ${(size(builtin, /^core\/v1\//) / 1024).toFixed(0)} KiB`,
);
