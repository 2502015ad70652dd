/**
 * The package's public entry points, in one list: `tsup.config.ts` builds them and
 * `scripts/sync-exports.ts` writes from them `package.json#exports`, the tsconfig.json `paths`
 * that let examples and doc snippets import the package by name, and the TypeDoc entry points
 * (`npm run exports:check` fails on drift). To add a subpath, add one line here and run
 * `npm run exports:sync`.
 * @packageDocumentation
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One public subpath of the package. */
export interface PackageEntry {
  /** The `exports` key: `.` or `./name`; one `*` makes it a pattern (e.g. `./groups/*`). */
  readonly subpath: string;
  /** Output path under `dist/` without extension; a pattern subpath has a `*` here too. */
  readonly out: string;
  /** Source file of a plain subpath. */
  readonly source?: string;
  /** Build entries of a pattern subpath: output path (without extension) to source file. */
  readonly sources?: () => Record<string, string>;
  /** Source files of a pattern subpath, with the same `*` (for the tsconfig `paths` of examples and docs). */
  readonly sourcePattern?: string;
}

/** One build entry per generated group/version: `koordinator-client/groups/<group>/<version>`. */
function generatedGroups(): Record<string, string> {
  const root = 'src/generated';
  const entries: Record<string, string> = {};
  for (const group of readdirSync(root, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name === 'crds') continue;
    for (const version of readdirSync(join(root, group.name), { withFileTypes: true })) {
      const index = join(root, group.name, version.name, 'index.ts');
      if (version.isDirectory() && existsSync(index)) entries[`generated/${group.name}/${version.name}/index`] = index;
    }
  }
  return entries;
}

/** Every public entry point, root first. */
export const packageEntries: readonly PackageEntry[] = [
  { subpath: '.', out: 'index', source: 'src/index.ts' },
  { subpath: './envtest', out: 'envtest/index', source: 'src/envtest/index.ts' },
  { subpath: './kubernetes', out: 'kubernetes', source: 'src/kubernetes.ts' },
  { subpath: './generic', out: 'generic', source: 'src/generic.ts' },
  { subpath: './quantity', out: 'quantity', source: 'src/quantity.ts' },
  { subpath: './koordinator', out: 'koordinator', source: 'src/koordinator.ts' },
  { subpath: './controller', out: 'controller/index', source: 'src/controller/index.ts' },
  { subpath: './testing', out: 'testing/index', source: 'src/testing/index.ts' },
  { subpath: './schema', out: 'schema', source: 'src/schema.ts' },
  { subpath: './checks', out: 'checks', source: 'src/checks.ts' },
  { subpath: './groups/*', out: 'generated/*/index', sources: generatedGroups, sourcePattern: 'src/generated/*/index.ts' },
];

/** The tsup `entry` map (output path without extension to source) of every entry point. */
export function buildEntries(entries: readonly PackageEntry[] = packageEntries): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (e.source) out[e.out] = e.source;
    if (e.sources) Object.assign(out, e.sources());
  }
  return out;
}

/**
 * tsconfig `paths` mapping the package's own name to its sources, so that examples and doc
 * snippets import `koordinator-client` by name and are type-checked and run (tsx) without a build.
 */
export function sourcePaths(entries: readonly PackageEntry[] = packageEntries): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const e of entries) {
    const source = e.source ?? e.sourcePattern;
    if (!source) throw new Error(`package entry ${e.subpath} needs a source or a sourcePattern`);
    paths[e.subpath === '.' ? 'koordinator-client' : `koordinator-client/${e.subpath.slice(2)}`] = [`./${source}`];
  }
  return paths;
}

/** TypeDoc entry points: the source file of every entry point (each group/version of a pattern). */
export function docEntryPoints(entries: readonly PackageEntry[] = packageEntries): string[] {
  return entries.flatMap((e) => (e.source ? [e.source] : Object.values(e.sources?.() ?? {}).sort()));
}

/** Conditions of one subpath, nested per module system so each gets its own declarations. */
export interface ExportConditions {
  readonly import: { readonly types: string; readonly default: string };
  readonly require: { readonly types: string; readonly default: string };
}

/** The `exports` map: ESM gets `.d.ts` + `.js`, CommonJS `.d.cts` + `.cjs` (no "masquerading"). */
export function exportsMap(entries: readonly PackageEntry[] = packageEntries): Record<string, ExportConditions | string> {
  const map: Record<string, ExportConditions | string> = {};
  for (const e of entries) {
    const base = `./dist/${e.out}`;
    map[e.subpath] = {
      import: { types: `${base}.d.ts`, default: `${base}.js` },
      require: { types: `${base}.d.cts`, default: `${base}.cjs` },
    };
  }
  map['./package.json'] = './package.json';
  return map;
}
