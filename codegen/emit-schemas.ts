/**
 * Emits `<group>/<version>/schemas.ts`: per kind a function returning its zod schema, built on
 * the first call and cached. Nothing is built at import time, and the module itself is only
 * loaded (by the resource descriptors) when validation is first needed. Every schema is typed
 * `z.ZodType` rather than inferred, so type-checking costs the same at any nesting depth.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { ModuleImports } from './module-imports.js';
import { zodObjectDefinition, type SchemaHelper, type ZodEmitContext } from './schema-to-zod.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { compareStrings, GENERATED_HEADER } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

function writeKind(w: CodeWriter, k: KindModel, ctx: ZodEmitContext): void {
  const cache = `${k.schemaFunction}Cache`;
  w.line(`let ${cache}: z.ZodType | undefined;`);
  w.line();
  w.line(docComment([`The zod schema of a ${k.kind} (\`${k.apiVersion}\`), built on the first call and cached.`]));
  w.block(`export function ${k.schemaFunction}(): z.ZodType {`, () => {
    w.block(`if (${cache} === undefined) {`, () => {
      const [root, ...nested] = k.objects;
      // Each nested schema is typed `z.ZodType`, not inferred: an inferred zod type nests one
      // level per object, and past about a dozen levels tsc gives up (TS2589) or slows down.
      for (const node of [...nested].reverse()) w.line(`const ${node.name}: z.ZodType = ${zodObjectDefinition(node, ctx)};`);
      w.line(`${cache} = ${zodObjectDefinition(root!, ctx)};`);
    });
    w.line(`return ${cache};`);
  });
}

/**
 * Renders the lazy zod schemas file of a group version. zod (`z`) and the schema helpers come
 * from `runtime` (the package's `/schema` subpath, so that the user's project needs no zod of its
 * own), or from `zod` and the helpers' source module for a source runtime.
 */
export function emitSchemas(gv: GroupVersionModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  // Generated schema names end in `Schema`/`SchemaCache` or are PascalCase type names, so they
  // never equal `z` or a helper; the helpers are reserved against other modules' imports.
  const declared = new Set(['z', 'int64', 'looseObject', 'multipleOf', 'objectMeta', 'propertyCount', 'stringLength']);
  for (const k of gv.kinds) {
    declared.add(k.schemaFunction).add(`${k.schemaFunction}Cache`);
    for (const o of k.objects) declared.add(o.name);
  }
  const refs = new ModuleImports(gv.dir, declared, 'schemas');
  const ctx: ZodEmitContext = { helpers: new Set<SchemaHelper>(), refs };
  const body = new CodeWriter();
  for (const k of gv.kinds) {
    body.line();
    writeKind(body, k, ctx);
  }
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(
    docComment([
      `Zod schemas of the \`${gv.group}/${gv.version}\` kinds, built on first use. Objects are loose: fields the`,
      'schema does not declare are kept and left to the API server to prune or reject.',
      '@packageDocumentation',
    ]),
  );
  const runtimeImports = new RuntimeImports(runtime, `${gv.dir}/schemas.ts`, new Set());
  runtimeImports.value('zod', 'z');
  for (const h of [...ctx.helpers].sort(compareStrings)) runtimeImports.value('meta/schema-helpers', h);
  for (const s of runtimeImports.statements()) w.line(s);
  for (const s of refs.statements(gv.dir)) w.line(s);
  return `${w.toString()}\n${body.toString()}`;
}
