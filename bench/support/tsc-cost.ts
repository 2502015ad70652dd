/**
 * What type-checking a directory of generated TypeScript costs: `tsc --extendedDiagnostics` on
 * every `.ts` file in it with a strict user configuration, and the same on a "runtime only"
 * project that imports just what the generated code imports from outside the directory, so the
 * cost of the generated code itself is the difference.
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Figures of one tsc run. */
export interface TscCost {
  /** Wall time of the whole tsc process, in ms. */
  wallMs: number;
  /** CPU time of the tsc process (user + system), in ms: steadier than wall times on a busy machine. */
  cpuMs: number;
  /** tsc's own "Check time", in ms. */
  checkMs: number;
  /** tsc's "Total time", in ms. */
  totalMs: number;
  instantiations: number;
  /** tsc's "Memory used", in MiB. */
  memoryMiB: number;
  files: number;
  /** Number of error diagnostics, and the first few. */
  errors: number;
  firstErrors: string[];
}

const TIME = '/usr/bin/time';
const tscJs = createRequire(import.meta.url).resolve('typescript/lib/tsc.js');

/** The compiler options of the bench: what a strict user project would use. */
export const USER_COMPILER_OPTIONS = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023'],
  types: [],
  skipLibCheck: true,
} as const;

/** Every regular `.ts` file below `dir` (symlinked and `node_modules` directories skipped). */
export async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out.push(...(await tsFiles(p)));
    else if (e.isFile() && e.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

/** Files and bytes of every regular file below `dir` (symlinks and `node_modules` skipped). */
export async function treeSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') {
      const s = await treeSize(p);
      files += s.files;
      bytes += s.bytes;
    } else if (e.isFile()) {
      files++;
      bytes += (await stat(p)).size;
    }
  }
  return { files, bytes };
}

function parse(out: string, wallMs: number): TscCost {
  const num = (label: string): number => {
    const m = new RegExp(`^${label}:\\s+([0-9.]+)`, 'm').exec(out);
    return m ? Number(m[1]) : Number.NaN;
  };
  const errorLines = out.split('\n').filter((l) => /error TS\d+/.test(l));
  const cpu = /^CPU ([0-9.]+) ([0-9.]+)$/m.exec(out);
  return {
    wallMs,
    cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN,
    checkMs: num('Check time') * 1000,
    totalMs: num('Total time') * 1000,
    instantiations: num('Instantiations'),
    memoryMiB: num('Memory used') / 1024,
    files: num('Files'),
    errors: errorLines.length,
    firstErrors: errorLines.slice(0, 3).map((l) => l.slice(0, 240)),
  };
}

/** Runs tsc on `files` with {@link USER_COMPILER_OPTIONS} (a tsconfig written to `projectDir`). */
export async function runTsc(projectDir: string, files: readonly string[], name = 'tsconfig.bench.json'): Promise<TscCost> {
  const config = join(projectDir, name);
  await writeFile(config, JSON.stringify({ compilerOptions: USER_COMPILER_OPTIONS, files: files.map((f) => relative(projectDir, f)) }, null, 2));
  const t0 = performance.now();
  const out = await new Promise<string>((resolveOut) => {
    // GNU time reports the CPU time of the tsc process; without it, CPU time is NaN.
    const [cmd, args] = existsSync(TIME) ? [TIME, ['-f', 'CPU %U %S', process.execPath]] : [process.execPath, []];
    execFile(cmd, [...args, tscJs, '-p', config, '--extendedDiagnostics'], { maxBuffer: 64 << 20 }, (_err, stdout, stderr) => resolveOut(`${stdout}${stderr}`));
  });
  return parse(out, performance.now() - t0);
}

/**
 * The module specifiers the `.ts` files below `dir` import from outside it: bare specifiers as
 * written, relative ones as absolute paths.
 */
export async function externalImports(dir: string): Promise<{ bare: string[]; paths: string[] }> {
  const root = resolve(dir);
  const bare = new Set<string>();
  const paths = new Set<string>();
  for (const file of await tsFiles(root)) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s+'([^']+)'/g)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) {
        bare.add(spec);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(`${root}/`)) paths.add(target);
    }
  }
  return { bare: [...bare].sort(), paths: [...paths].sort() };
}

/**
 * tsc on a project importing only what the generated code in `outDir` imports from outside it
 * (the runtime it needs), written next to it as `<outDir>/../runtime-only.ts`.
 */
export async function runtimeOnlyCost(outDir: string): Promise<TscCost> {
  const { bare, paths } = await externalImports(outDir);
  const base = dirname(resolve(outDir));
  const file = join(base, 'runtime-only.ts');
  const lines = [...bare.map((s) => `import '${s}';`), ...paths.map((p) => `import './${relative(base, p)}';`), 'export {};'];
  await writeFile(file, `${lines.join('\n')}\n`);
  return runTsc(base, [file], 'tsconfig.runtime-only.json');
}
