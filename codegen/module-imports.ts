/**
 * Imports of named types between generated modules: a module asks for the local identifier of a
 * {@link TypeRef} (its type, or its lazy schema function) and the tracker records the import,
 * aliasing it when the name is already declared in the file or imported from elsewhere.
 * @packageDocumentation
 */
import type { TypeRef } from './schema-node.js';
import { checkFunctionName, pascalCase } from './naming.js';
import { runtimeSpecifier, SOURCE_PARENT_RUNTIME, type Runtime, type RuntimeImports } from './runtime-imports.js';
import { compareStrings, importStatement } from './ts-syntax.js';

/** The module of the hand-written metadata types (`src/meta/object.ts`). */
export const META_MODULE = '#meta';

/**
 * Import specifier of `file` of module `target` from a module directory `fromDir` (two levels
 * deep); the hand-written metadata module is reached through `runtime`.
 */
export function moduleImport(fromDir: string, target: string, file: ModuleFile, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  if (target === META_MODULE) return runtimeSpecifier(runtime, 'meta/object', `${fromDir}/${file}.ts`);
  return `../../${target}/${file}.js`;
}

/** The file of a generated module that imports are made from. */
export type ModuleFile = 'types' | 'schemas' | 'checks';

/** Collects the imports of one file. */
export class ModuleImports {
  /** module -> original name -> local name */
  readonly #imports = new Map<string, Map<string, string>>();
  readonly #taken: Set<string>;
  /** Imports of the hand-written metadata types, when the file collects runtime imports itself. */
  readonly #runtimeImports: RuntimeImports | undefined;

  /** The local name of the hand-written `ObjectMeta` type (aliased when a generated type takes the name). */
  objectMeta = 'ObjectMeta';

  /** The local name of the hand-written `ObjectMetaInput` type (metadata in write forms). */
  objectMetaInput = 'ObjectMetaInput';

  /**
   * @param ownModule - the module the file belongs to (refs into it need no import)
   * @param declared - names declared in the file (they win over imports)
   * @param file - which file of the target modules to import from
   * @param runtime - where the hand-written metadata types live
   * @param runtimeImports - when given, metadata types are imported through it (one statement
   *   per runtime specifier) instead of by {@link ModuleImports.statements}
   */
  constructor(
    private readonly ownModule: string,
    declared: Iterable<string>,
    private readonly file: ModuleFile,
    private readonly runtime: Runtime = SOURCE_PARENT_RUNTIME,
    runtimeImports?: RuntimeImports,
  ) {
    this.#taken = new Set(declared);
    this.#runtimeImports = runtimeImports;
  }

  /**
   * The local identifier of the type (for `types`), schema function (for `schemas`) or check
   * function (for `checks`) of `ref`.
   */
  local(ref: TypeRef): string {
    const name = this.file === 'types' ? ref.name : ref.schemaFunction === undefined ? undefined : this.file === 'schemas' ? ref.schemaFunction : checkFunctionName(ref.schemaFunction);
    if (name === undefined) throw new Error(`${ref.module}.${ref.name} has no schema function`);
    if (ref.module === this.ownModule) return name;
    if (ref.module === META_MODULE && this.#runtimeImports !== undefined) {
      const local = this.#runtimeImports.type('meta/object', name);
      this.#taken.add(local);
      return local;
    }
    let names = this.#imports.get(ref.module);
    if (names === undefined) {
      names = new Map();
      this.#imports.set(ref.module, names);
    }
    const existing = names.get(name);
    if (existing !== undefined) return existing;
    let local = name;
    if (this.#taken.has(local)) {
      const prefix = pascalCase(ref.module === META_MODULE ? 'meta' : ref.module.replace(/\//g, ' '));
      local = this.file === 'types' ? `${prefix}${name}` : `${prefix[0]!.toLowerCase()}${prefix.slice(1)}${name[0]!.toUpperCase()}${name.slice(1)}`;
      for (let n = 2; this.#taken.has(local); n++) local = `${local}${n}`;
    }
    this.#taken.add(local);
    names.set(name, local);
    return local;
  }

  /**
   * Removes and returns the import specifiers (`Name` or `Name as Local`) recorded for `module`,
   * for an emitter that writes that module's import statement itself.
   */
  take(module: string): string[] {
    const names = this.#imports.get(module);
    this.#imports.delete(module);
    return [...(names?.entries() ?? [])].sort(([a], [b]) => compareStrings(a, b)).map(([orig, local]) => (orig === local ? orig : `${orig} as ${local}`));
  }

  /** Marks a name as taken in the file (e.g. an import the emitter writes itself). */
  reserve(name: string): void {
    this.#taken.add(name);
  }

  /** The import statements, sorted by specifier then name. */
  statements(fromDir: string): string[] {
    const out: string[] = [];
    const modules = [...this.#imports.keys()].sort(compareStrings);
    for (const m of modules) {
      const names = [...this.#imports.get(m)!.entries()]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([orig, local]) => (orig === local ? orig : `${orig} as ${local}`));
      out.push(importStatement(names, moduleImport(fromDir, m, this.file, this.runtime), this.file === 'types'));
    }
    return out;
  }
}
