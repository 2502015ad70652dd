/**
 * Emits `<group>/<version>/checks.ts`: per kind (and, in a built-in module, per named type) a
 * function that answers whether an object passes its zod schema, without zod. The client runs it
 * on every validated write and loads the zod schema only when it fails, to list the problems
 * (see `schema-to-check.ts`). The module imports no zod; descriptors load it lazily.
 * @packageDocumentation
 */
import type { TypeModuleModel } from './build-openapi-model.js';
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { ModuleImports } from './module-imports.js';
import { checkFunctionName } from './naming.js';
import { CHECK_HELPERS, CheckEmitter } from './schema-to-check.js';
import type { ObjectNode } from './schema-node.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { compareStrings, GENERATED_HEADER } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

function render(dir: string, doc: string[], emitter: CheckEmitter, refs: ModuleImports, body: CodeWriter, runtime: Runtime): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([...doc, '@packageDocumentation']));
  const runtimeImports = new RuntimeImports(runtime, `${dir}/checks.ts`, new Set());
  for (const h of [...emitter.helpers].sort(compareStrings)) runtimeImports.value('meta/value-checks', h);
  for (const s of runtimeImports.statements()) w.line(s);
  for (const s of refs.statements(dir)) w.line(s);
  for (const h of emitter.hoisted()) {
    w.line();
    w.line(h);
  }
  return `${w.toString()}\n${body.toString()}`;
}

/** Renders the write checks file of a CRD group version. */
export function emitChecks(gv: GroupVersionModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const declared = new Set<string>(CHECK_HELPERS);
  const names = new Map<ObjectNode, string>();
  for (const k of gv.kinds) {
    const [root, ...nested] = k.objects;
    names.set(root!, checkFunctionName(k.schemaFunction));
    // Object type names are unique in a group version (they are its interfaces).
    for (const o of nested) names.set(o, `check${o.name}`);
  }
  for (const n of names.values()) declared.add(n);
  const refs = new ModuleImports(gv.dir, declared, 'checks', runtime);
  const emitter = new CheckEmitter((node) => names.get(node) ?? `check${node.name}`, refs);
  const body = new CodeWriter();
  for (const k of gv.kinds) {
    const [root, ...nested] = k.objects;
    for (const node of nested) {
      body.line();
      body.line(emitter.objectLines(node, names.get(node)!, false).join('\n'));
    }
    body.line();
    body.line(docComment([`True when \`value\` passes the zod schema of a ${k.kind} (\`${k.apiVersion}\`) as a write; computed without zod.`]));
    body.line(emitter.objectLines(root!, names.get(root!)!, true).join('\n'));
  }
  return render(
    gv.dir,
    [
      `Write checks of the \`${gv.group}/${gv.version}\` kinds: whether an object passes its kind's zod schema,`,
      'answered without zod (loaded only to list the problems of an object that does not).',
    ],
    emitter,
    refs,
    body,
    runtime,
  );
}

/** Renders `checks.ts` of a built-in module: one check function per named type. */
export function emitModuleChecks(m: TypeModuleModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const declared = new Set<string>(CHECK_HELPERS);
  for (const t of m.types) declared.add(checkFunctionName(t.schemaFunction));
  const refs = new ModuleImports(m.dir, declared, 'checks', runtime);
  const own = new Map<string, string>(m.types.map((t) => [t.name, checkFunctionName(t.schemaFunction)]));
  const emitter = new CheckEmitter(
    (node) => {
      const fn = own.get(node.name);
      if (fn === undefined) throw new Error(`${m.dir}: ${node.name} is not a named type of the module`);
      return fn;
    },
    refs,
    true,
  );
  const body = new CodeWriter();
  for (const t of m.types) {
    const name = checkFunctionName(t.schemaFunction);
    const doc = docComment([`True when \`value\` passes the zod schema of \`${t.name}\` (\`${t.component}\`); computed without zod.`]);
    body.line();
    body.line(doc);
    if (t.node.type === 'object') {
      body.line(emitter.objectLines({ ...t.node, name: t.name }, name, true).join('\n'));
    } else {
      body.block(`export function ${name}(v: unknown): boolean {`, () => {
        body.line(`return ${emitter.expr(t.node, 'v')};`);
      });
    }
  }
  return render(
    m.dir,
    [
      `Write checks of \`${m.packageName}\` (${m.dir}): whether a value passes the type's zod schema,`,
      'answered without zod (loaded only to list the problems of a value that does not).',
    ],
    emitter,
    refs,
    body,
    runtime,
  );
}
