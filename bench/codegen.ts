/**
 * Generator speed: time to generate every served version of the 13 Koordinator CRDs into memory
 * (parse + map + emit), median of several runs, plus the first (cold) run; then the same with the
 * built-in kinds from the published Kubernetes OpenAPI v3 spec (what `npm run gen` does), with
 * the size of the built-in output.
 *
 * Then the same inputs side by side with `@kubernetes-models/crd-generate` and `cdk8s import`
 * (installed on first use outside the repository, see bench/support/peer-generators.ts).
 *
 * Run: `npx tsx bench/codegen.ts [crd-dir] [--no-peers]`.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { generate, type GenerateResult } from '../codegen/generate.js';
import { loadEnumOverlay } from '../codegen/kube-enums.js';
import { loadCrdInputs } from '../codegen/load-crds.js';
import { loadOpenApi } from '../codegen/load-openapi.js';
import { loadTypeMap } from '../codegen/type-map.js';

const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/crds/koordinator');
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

// ---------------------------------------------------------------------------------------------
// Side by side with the peers, on the same inputs: the Koordinator CRDs and a synthetic corpus
// (bench/support/synthetic-crds.ts), each normalized to one multi-document YAML file that every
// generator reads. Per generator: CPU time to generate (CLI process, median of 3), output size, and
// tsc on the output with a strict user tsconfig (the runtime the output imports is measured on
// its own, so "output" is what the generated code itself costs). `--no-peers` skips this part.
if (!process.argv.includes('--no-peers')) await sideBySide();

async function sideBySide(): Promise<void> {
  const { mkdir, rm, symlink, writeFile, readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { stringify } = await import('yaml');
  const { PEERS_DIR, ensurePeers, peerVersion, timed, crdGenerateArgs, cdk8sImportArgs } = await import('./support/peer-generators.js');
  const { runTsc, runtimeOnlyCost, treeSize, tsFiles } = await import('./support/tsc-cost.js');
  const { writeSyntheticCrds } = await import('./support/synthetic-crds.js');
  const { renderTable } = await import('./support/measure.js');

  ensurePeers((l) => console.log(l));
  const work = join(PEERS_DIR, 'work');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const synthCount = Number(process.env['KOORD_BENCH_SYNTHETIC'] ?? 100);
  const synthDir = join(work, 'synthetic-src');
  await writeSyntheticCrds(synthDir, synthCount);

  // koord-gen as its users run it: one bundled JavaScript CLI (no TypeScript loader in the timing).
  const cli = resolve('.tmp/bench-koord-gen.mjs');
  execFileSync(resolve('node_modules/.bin/esbuild'), ['codegen/cli.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${cli}`, '--log-level=warning']);
  const srcDirs = (await readdir(resolve('src'), { withFileTypes: true })).filter((e) => e.isDirectory() && e.name !== 'generated').map((e) => e.name);

  const generators = [
    { name: 'koord-gen', version: 'this branch', run: (yaml: string, out: string): [string, string[]] => [process.execPath, [cli, yaml, '--out', out]] },
    { name: '@kubernetes-models/crd-generate', version: peerVersion('@kubernetes-models/crd-generate'), run: crdGenerateArgs },
    { name: 'cdk8s import', version: peerVersion('cdk8s-cli'), run: cdk8sImportArgs },
  ];
  const inputs = [
    { name: `Koordinator (${(await loadCrdInputs([dir])).length} CRDs)`, key: 'koordinator', dir },
    { name: `synthetic (${synthCount} CRDs)`, key: 'synthetic', dir: synthDir },
  ];
  const rows: string[][] = [];
  const ratios: string[] = [];
  for (const input of inputs) {
    const yaml = join(work, input.key, 'crds.yaml');
    await mkdir(join(work, input.key), { recursive: true });
    await writeFile(yaml, (await loadCrdInputs([input.dir])).map((c) => stringify(c)).join('---\n'));
    const results = new Map<string, { genMs: number; genCpuMs: number; bytes: number; files: number; outputCpuMs: number; memoryMiB: number }>();
    for (const g of generators) {
      const base = join(work, input.key, g.name.replace(/[^a-z0-9]+/gi, '-'));
      const out = join(base, g.name === 'koord-gen' ? 'generated' : 'out');
      const times: number[] = [];
      const cpus: number[] = [];
      let failed = '';
      for (let i = 0; i < 3; i++) {
        await rm(out, { recursive: true, force: true });
        const [cmd, args] = g.run(yaml, out);
        const r = await timed(cmd, args, base);
        if (r.code !== 0) failed = `exit ${r.code}: ${r.tail}`;
        times.push(r.ms);
        cpus.push(r.cpuMs);
      }
      if (failed !== '') {
        rows.push([input.name, `${g.name} ${g.version}`, 'failed', failed.slice(0, 120), '', '', '', '', '', '']);
        continue;
      }
      if (g.name === 'koord-gen') {
        for (const d of srcDirs) await symlink(resolve('src', d), join(base, d), 'dir').catch(() => undefined);
        await symlink(resolve('node_modules'), join(base, 'node_modules'), 'dir').catch(() => undefined);
      }
      const size = await treeSize(out);
      const all = await runTsc(base, await tsFiles(out));
      const runtime = await runtimeOnlyCost(out);
      const genMs = [...times].sort((a, b) => a - b)[1]!;
      const genCpuMs = [...cpus].sort((a, b) => a - b)[1]!;
      const outputCpuMs = all.cpuMs - runtime.cpuMs;
      results.set(g.name, { genMs, genCpuMs, bytes: size.bytes, files: size.files, outputCpuMs, memoryMiB: all.memoryMiB - runtime.memoryMiB });
      rows.push([
        input.name,
        `${g.name} ${g.version}`,
        `${genCpuMs.toFixed(0)} ms (wall ${genMs.toFixed(0)} ms)`,
        `${size.files} / ${(size.bytes / 1024).toFixed(0)} KiB`,
        `${(all.cpuMs / 1000).toFixed(1)} s`,
        `${(outputCpuMs / 1000).toFixed(1)} s`,
        `${((all.checkMs - runtime.checkMs) / 1000).toFixed(1)} s`,
        `${all.instantiations - runtime.instantiations}`,
        `${all.memoryMiB.toFixed(0)} (${(all.memoryMiB - runtime.memoryMiB).toFixed(0)}) MiB`,
        all.errors === 0 ? '0' : `${all.errors}: ${all.firstErrors[0] ?? ''}`.slice(0, 100),
      ]);
    }
    const ours = results.get('koord-gen');
    for (const [name, r] of results) {
      if (ours === undefined || name === 'koord-gen') continue;
      ratios.push(
        `${input.name}: ${name} / koord-gen: generate CPU ×${(r.genCpuMs / ours.genCpuMs).toFixed(2)}, bytes ×${(r.bytes / ours.bytes).toFixed(2)}, ` +
          `files ×${(r.files / ours.files).toFixed(2)}, tsc CPU of the output ×${(r.outputCpuMs / ours.outputCpuMs).toFixed(2)}, tsc memory of the output ×${(r.memoryMiB / ours.memoryMiB).toFixed(2)}`,
      );
    }
  }
  console.log('\nSide by side (same normalized input per row group; tsc: strict, skipLibCheck, TypeScript of this repository)');
  console.log(renderTable(['input', 'generator', 'generate CPU (median of 3)', 'files / size', 'tsc CPU', 'tsc CPU: output only', 'tsc check (wall): output only', 'instantiations: output only', 'tsc memory (output only)', 'tsc errors'], rows));
  console.log(ratios.join('\n'));
}
