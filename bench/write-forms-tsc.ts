/**
 * What the write forms (`<Name>Input`: optional fields nullable, defaulted fields optional,
 * `ObjectMetaInput` metadata) cost tsc, side by side in one run, on the generated types of the
 * Koordinator CRDs, of a synthetic CRD corpus (bench/support/synthetic-crds.ts) and of the
 * built-in Kubernetes kinds (the OpenAPI input `npm run gen` uses). Three variants of the same
 * generated `types.ts` files:
 * - named interfaces: what koord-gen emits (one generated interface per write form);
 * - mapped type: every `<Name>Input` replaced by a recursive mapped type over the read type
 *   (`WriteForm<Name>`: `| null` on every optional property, recursively);
 * - none: every `<Name>Input` an alias of the read type (no write forms: the cost before).
 * Each variant also checks a consumer that assigns an object of every kind's read type to its
 * write type (what writing back a read object asks of tsc). Figures are tsc's CPU time, check
 * time, instantiations and memory, with ratios to "none".
 *
 * Run: `npx tsx bench/write-forms-tsc.ts [crd-dir] [--synthetic N] [--openapi DIR]`
 * (`--openapi "$(scripts/openapi-spec-dir.sh)"` adds the built-in kinds).
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { generate, type GenerateOptions } from '../codegen/generate.js';
import { loadEnumOverlay } from '../codegen/kube-enums.js';
import { loadCrdInputs } from '../codegen/load-crds.js';
import { loadOpenApi } from '../codegen/load-openapi.js';
import { renderTable } from './support/measure.js';
import { syntheticCrd } from './support/synthetic-crds.js';
import { runTsc, type TscCost } from './support/tsc-cost.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const flagValues = new Set([flag('--synthetic'), flag('--openapi')]);
const dir = resolve(args.find((a) => !a.startsWith('--') && !flagValues.has(a)) ?? '../shared/crds/koordinator');
const synthetic = Number(flag('--synthetic') ?? 100) || 100;
const openapiDir = flag('--openapi');

/** A generated write form: its doc comment and declaration (an interface, or a type alias). */
const WRITE_FORM = /\/\*\*\n \* The write form of `(\w+)`[\s\S]*?\*\/\nexport (?:interface (\w+) \{\n[\s\S]*?\n\}|type (\w+) = [^\n]*;)\n/g;

const MAPPED = `/** Bench only: the write form as a mapped type over the read type. */
type WriteForm<T> = T extends readonly (infer I)[] ? WriteForm<I>[] : T extends object ? { [K in keyof T]: undefined extends T[K] ? WriteForm<T[K]> | null : WriteForm<T[K]> } : T;
`;

type Variant = { name: string; transform: (types: string) => string };
const variants: Variant[] = [
  { name: 'named interfaces (koord-gen)', transform: (s) => s },
  { name: 'mapped type', transform: (s) => `${s.replace(WRITE_FORM, (_m, read: string, i?: string, t?: string) => `export type ${i ?? t} = WriteForm<${read}>;\n`)}\n${MAPPED}` },
  { name: 'none (read = write)', transform: (s) => s.replace(WRITE_FORM, (_m, read: string, i?: string, t?: string) => `export type ${i ?? t} = ${read};\n`) },
];

/** A consumer assigning every kind's read type to its write type. */
function consumer(files: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  let n = 0;
  for (const [p, content] of files) {
    if (!p.endsWith('/types.ts')) continue;
    for (const m of content.matchAll(/^export interface (\w+)List extends \w+<\w+> \{$/gm)) {
      const kind = m[1]!;
      if (!new RegExp(`^export (interface|type) ${kind}Input\\b`, 'm').test(content)) continue;
      lines.push(`import type { ${kind} as R${n}, ${kind}Input as W${n} } from './generated/${p.replace(/\.ts$/, '.js')}';`);
      lines.push(`declare const r${n}: R${n};`, `export const w${n}: W${n} = r${n};`);
      n++;
    }
  }
  return `${lines.join('\n')}\nexport {};\n`;
}

async function measure(label: string, files: ReadonlyMap<string, string>, base: string): Promise<string[][]> {
  const rows: string[][] = [];
  const costs: TscCost[] = [];
  await mkdir(base, { recursive: true });
  for (const v of variants) {
    const root = join(base, v.name.replace(/[^a-z0-9]+/gi, '-'));
    const written: string[] = [];
    for (const [p, content] of files) {
      if (!p.endsWith('/types.ts')) continue;
      const target = join(root, 'generated', p);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, v.transform(content));
      written.push(target);
    }
    await symlink(resolve('src/meta'), join(root, 'meta'), 'dir');
    const use = join(root, 'consumer.ts');
    await writeFile(use, consumer(files));
    written.push(use);
    const cost = await runTsc(base, written, `tsconfig.${root.split('/').pop()}.json`);
    costs.push(cost);
    console.error(`${label} / ${v.name}: done`);
  }
  const none = costs[costs.length - 1]!;
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '');
  variants.forEach((v, i) => {
    const c = costs[i]!;
    rows.push([
      label,
      v.name,
      `${(c.cpuMs / 1000).toFixed(1)} s (${ratio(c.cpuMs, none.cpuMs)})`,
      `${(c.checkMs / 1000).toFixed(1)} s (${ratio(c.checkMs, none.checkMs)})`,
      `${c.instantiations} (${ratio(c.instantiations, none.instantiations)})`,
      `${c.memoryMiB.toFixed(0)} MiB (${ratio(c.memoryMiB, none.memoryMiB)})`,
      c.errors === 0 ? '0' : `${c.errors}: ${c.firstErrors[0]?.replace(/^.*error /, '') ?? ''}`.slice(0, 90),
    ]);
  });
  return rows;
}

await mkdir(resolve('.tmp'), { recursive: true });
const base = await mkdtemp(resolve('.tmp/write-forms-tsc-'));
try {
  const koord = generate(await loadCrdInputs([dir])).files;
  const synth = generate(Array.from({ length: synthetic }, (_, i) => syntheticCrd(i))).files;
  const rows = [...(await measure('Koordinator CRDs', koord, join(base, 'koordinator'))), ...(await measure(`synthetic (${synthetic} CRDs)`, synth, join(base, 'synthetic')))];
  if (openapiDir !== undefined) {
    const options: GenerateOptions = { openapi: await loadOpenApi([openapiDir]), enums: await loadEnumOverlay('codegen/kube-enums.yaml') };
    const kube = generate([], options).files;
    rows.push(...(await measure('built-in kinds (OpenAPI)', kube, join(base, 'kube'))));
  }
  console.log(renderTable(['input', 'write forms', 'tsc CPU', 'tsc check', 'instantiations', 'memory', 'errors'], rows));
} finally {
  await rm(base, { recursive: true, force: true });
}
