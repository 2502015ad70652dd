/**
 * Imports of the hand-written runtime from generated files. Where the runtime lives is a
 * {@link Runtime}: the published package (a user's project: `koordinator-client` and its
 * `koordinator-client/schema` subpath) or a source directory reached by relative paths (this
 * repository's own `src/generated`). A file asks for each runtime name it uses and gets the local
 * identifier to write: the name itself, or an alias (`GroupClient as RuntimeGroupClient`) when the
 * file declares or imports that name for a generated type (a CRD kind called `GroupClient`).
 * @packageDocumentation
 */
import { posix } from 'node:path';
import { importStatement } from './ts-syntax.js';

/**
 * A runtime module generated code imports from, named by its path below the runtime's source
 * root (`src/`) without extension; `zod` is the zod package itself.
 */
export type RuntimeModule =
  | 'cache/index'
  | 'client/client-context'
  | 'client/clientset-base'
  | 'client/group-client'
  | 'client/pod-client'
  | 'client/scale-resource-client'
  | 'meta/deep-partial'
  | 'meta/descriptor'
  | 'meta/object'
  | 'meta/schema-helpers'
  | 'meta/value-checks'
  | 'zod';

/** Where generated code imports the runtime from. */
export type Runtime =
  /** The installed package: `specifier` (e.g. `koordinator-client`), its `/schema` subpath for zod and the schema helpers, and its `/checks` subpath for the write checks' helpers. */
  | { readonly kind: 'package'; readonly specifier: string }
  /**
   * The runtime's source directory, as a `/`-separated path relative to the output root (`..` for
   * this repository's `src/generated`); zod is imported as `zod`.
   */
  | { readonly kind: 'source'; readonly dir: string };

/** The package name used when no runtime is chosen on the command line. */
export const DEFAULT_RUNTIME_PACKAGE = 'koordinator-client';

/** The subpath of the package that re-exports zod's `z` and the schema helpers. */
export const SCHEMA_SUBPATH = 'schema';

/** This repository's layout: the output root is a child of the runtime's source directory. */
export const SOURCE_PARENT_RUNTIME: Runtime = { kind: 'source', dir: '..' };

/** The subpath of the package that exports the helpers of the generated write checks (no zod). */
export const CHECKS_SUBPATH = 'checks';

/** Modules whose names `koordinator-client/schema` exports (the rest come from the package root). */
const SCHEMA_MODULES: ReadonlySet<RuntimeModule> = new Set(['meta/schema-helpers', 'zod']);

/**
 * The import specifier of runtime `module` from the generated file `file` (a `/`-separated path
 * relative to the output root, e.g. `example.com/v1/client.ts`).
 */
export function runtimeSpecifier(runtime: Runtime, module: RuntimeModule, file: string): string {
  if (runtime.kind === 'package') {
    if (module === 'meta/value-checks') return `${runtime.specifier}/${CHECKS_SUBPATH}`;
    return SCHEMA_MODULES.has(module) ? `${runtime.specifier}/${SCHEMA_SUBPATH}` : runtime.specifier;
  }
  if (module === 'zod') return 'zod';
  // An absolute stand-in for the output root, deep enough for every `..` of `dir`.
  const root = `/${'r/'.repeat(runtime.dir.split('/').filter((s) => s === '..').length)}out`;
  const rel = posix.relative(posix.dirname(posix.join(root, file)), posix.join(root, runtime.dir, `${module}.js`));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** True for a specifier naming a package (not a relative or absolute path). */
export function isPackageSpecifier(spec: string): boolean {
  return spec !== '' && !spec.startsWith('.') && !spec.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(spec);
}

interface Imported {
  readonly name: string;
  readonly local: string;
  typeOnly: boolean;
}

/** Collects the runtime imports of one generated file. */
export class RuntimeImports {
  /** specifier -> imported names, in order of first use */
  readonly #bySpecifier = new Map<string, Imported[]>();
  readonly #locals = new Map<string, string>();
  readonly #taken: Set<string>;

  /**
   * @param runtime - where the runtime lives
   * @param file - the generated file, relative to the output root
   * @param taken - names the file declares or imports from generated modules; runtime names
   *   that equal one of them are aliased. The set is shared: runtime locals are added to it.
   */
  constructor(
    private readonly runtime: Runtime,
    private readonly file: string,
    taken: Set<string>,
  ) {
    this.#taken = taken;
  }

  /** The local identifier of runtime value `name` of `module` (recording the import). */
  value(module: RuntimeModule, name: string): string {
    return this.#use(module, name, false);
  }

  /** The local identifier of runtime type `name` of `module` (recording a type-only import). */
  type(module: RuntimeModule, name: string): string {
    return this.#use(module, name, true);
  }

  #use(module: RuntimeModule, name: string, typeOnly: boolean): string {
    const specifier = runtimeSpecifier(this.runtime, module, this.file);
    const key = `${specifier}\0${name}`;
    const known = this.#locals.get(key);
    if (known !== undefined) {
      if (!typeOnly) {
        const entry = this.#bySpecifier.get(specifier)!.find((i) => i.name === name)!;
        entry.typeOnly = false;
      }
      return known;
    }
    let local = name;
    if (this.#taken.has(local)) {
      const base = /^[A-Z]/.test(name) ? `Runtime${name}` : `runtime${name[0]!.toUpperCase()}${name.slice(1)}`;
      local = base;
      for (let n = 2; this.#taken.has(local); n++) local = `${base}${n}`;
    }
    this.#taken.add(local);
    this.#locals.set(key, local);
    const list = this.#bySpecifier.get(specifier) ?? [];
    list.push({ name, local, typeOnly });
    this.#bySpecifier.set(specifier, list);
    return local;
  }

  /**
   * The import statements, one per specifier in order of first use, names in order of first use:
   * `import type { ... }` when every name is a type, else `import { A, type B }`.
   */
  statements(): string[] {
    const out: string[] = [];
    for (const [specifier, names] of this.#bySpecifier) {
      const allTypes = names.every((n) => n.typeOnly);
      const parts = names.map((n) => `${!allTypes && n.typeOnly ? 'type ' : ''}${n.name === n.local ? n.name : `${n.name} as ${n.local}`}`);
      out.push(importStatement(parts, specifier, allTypes));
    }
    return out;
  }
}
