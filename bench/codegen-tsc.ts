/**
 * What the zod schema typing costs tsc: the generated types and schemas of the Koordinator CRDs
 * and of a synthetic corpus (bench/support/synthetic-crds.ts), type-checked with a strict user
 * tsconfig in four variants of the same schemas:
 * - `looseObject` helper: what koord-gen emits (objects through a helper typed `z.ZodType`);
 * - inferred: `z.looseObject` and every nested schema inferred (koord-gen before this change);
 * - annotated: `z.looseObject`, each nested schema annotated `z.ZodType` (zod still infers each
 *   object's shape, but no type nests deeper than one object);
 * - typed: `z.looseObject`, each nested schema annotated `z.ZodType<T>` with its generated
 *   interface (tsc then also proves each schema's output matches the interface).
 * Figures are tsc's CPU time, check time, instantiations and memory minus those of a file importing only
 * zod (and the helpers), with the number of errors (TS2589 "excessively deep" among them).
 *
 * Run: `npx tsx bench/codegen-tsc.ts [crd-dir] [--synthetic N]`.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { generate } from '../codegen/generate.js';
import { loadCrdInputs } from '../codegen/load-crds.js';
import { renderTable } from './support/measure.js';
import { syntheticCrd } from './support/synthetic-crds.js';
import { runTsc, type TscCost } from './support/tsc-cost.js';

const args = process.argv.slice(2);
const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--synthetic') ?? '../shared/crds/koordinator');
const synthetic = Number(args[args.indexOf('--synthetic') + 1] ?? 100) || 100;

type Variant = { name: string; transform: (schemas: string) => string };
const toZodLooseObject = (s: string): string => s.replace(/\blooseObject\(/g, 'z.looseObject(');
const variants: Variant[] = [
  { name: 'looseObject helper (koord-gen)', transform: (s) => s },
  { name: 'inferred (before)', transform: (s) => toZodLooseObject(s).replace(/^( {4}const \w+): z\.ZodType = /gm, '$1 = ') },
  { name: 'annotated z.ZodType', transform: toZodLooseObject },
  {
    name: 'typed z.ZodType<T>',
    transform: (s) => toZodLooseObject(s).replace(/^( {4}const (\w+)): z\.ZodType = /gm, '$1: z.ZodType<T.$2> = ').replace(/^(import \{ z \} from 'zod';)$/m, "$1\nimport type * as T from './types.js';"),
  },
];

async function measure(label: string, files: ReadonlyMap<string, string>, base: string): Promise<string[][]> {
  const rows: string[][] = [];
  await mkdir(base, { recursive: true });
  await symlink(resolve('src/meta'), join(base, 'meta'), 'dir');
  const zodOnly = join(base, 'zod-only.ts');
  await writeFile(zodOnly, "import 'zod';\nimport './meta/schema-helpers.js';\nexport {};\n");
  const baseline = await runTsc(base, [zodOnly], 'tsconfig.zod-only.json');
  for (const v of variants) {
    const root = join(base, v.name.replace(/[^a-z0-9]+/gi, '-'));
    const written: string[] = [];
    for (const [p, content] of files) {
      if (!/\/(types|schemas)\.ts$/.test(p)) continue;
      const target = join(root, 'generated', p);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, p.endsWith('schemas.ts') ? v.transform(content) : content);
      written.push(target);
    }
    await symlink(resolve('src/meta'), join(root, 'meta'), 'dir');
    const cost: TscCost = await runTsc(base, written, `tsconfig.${root.split('/').pop()}.json`);
    const deep = cost.firstErrors.some((e) => e.includes('TS2589'));
    rows.push([
      label,
      v.name,
      `${((cost.cpuMs - baseline.cpuMs) / 1000).toFixed(1)} s`,
      `${((cost.checkMs - baseline.checkMs) / 1000).toFixed(1)} s`,
      String(cost.instantiations - baseline.instantiations),
      `${(cost.memoryMiB - baseline.memoryMiB).toFixed(0)} MiB`,
      cost.errors === 0 ? '0' : `${cost.errors}${deep ? ' (TS2589)' : ''}: ${cost.firstErrors[0]?.replace(/^.*error /, '') ?? ''}`.slice(0, 90),
    ]);
    console.error(`${label} / ${v.name}: done`);
  }
  rows.push([label, 'zod + helpers alone (subtracted)', `${(baseline.cpuMs / 1000).toFixed(1)} s`, `${(baseline.checkMs / 1000).toFixed(1)} s`, String(baseline.instantiations), `${baseline.memoryMiB.toFixed(0)} MiB`, '']);
  return rows;
}

await mkdir(resolve('.tmp'), { recursive: true });
const base = await mkdtemp(resolve('.tmp/codegen-tsc-'));
try {
  const koord = generate(await loadCrdInputs([dir])).files;
  const synth = generate(Array.from({ length: synthetic }, (_, i) => syntheticCrd(i))).files;
  const rows = [...(await measure('Koordinator CRDs', koord, join(base, 'koordinator'))), ...(await measure(`synthetic (${synthetic} CRDs)`, synth, join(base, 'synthetic')))];
  console.log(renderTable(['input', 'schema typing', 'tsc CPU', 'tsc check (wall)', 'instantiations', 'memory', 'errors'], rows));
} finally {
  await rm(base, { recursive: true, force: true });
}
