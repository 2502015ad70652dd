/**
 * Emits the types and lazy zod schemas of a built-in module (`core/v1/types.ts` and
 * `core/v1/schemas.ts`): one interface (or alias) and one schema function per named type, kinds
 * with their list and apply types. Types used from other modules are imported from their home
 * module, so `apps/v1` Deployment uses the one `core/v1` PodTemplateSpec.
 * @packageDocumentation
 */
import type { NamedTypeModel, TypeModuleModel } from './build-openapi-model.js';
import type { KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { META_MODULE, ModuleImports } from './module-imports.js';
import { runtimeSpecifier, RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { tsType, writeInputInterface, writeInterface } from './schema-to-ts.js';
import { zodExpr, zodObjectDefinition, type SchemaHelper, type ZodEmitContext } from './schema-to-zod.js';
import { compareStrings, GENERATED_HEADER, importStatement, quote } from './ts-syntax.js';
import { docComment, docTextLines, nodeDocLines } from './tsdoc.js';

function kindLines(k: KindModel): string[] {
  const scope = k.namespaced ? 'Namespaced' : 'Cluster-scoped';
  const verbs = k.builtin?.verbs.join(', ') ?? '';
  const subs = [...(k.builtin?.subresources.keys() ?? [])];
  return [
    `${scope} kind \`${k.kind}\` of \`${k.apiVersion}\` (resource \`${k.plural}\`; verbs ${verbs}${subs.length > 0 ? `; subresources ${subs.join(', ')}` : ''}).`,
  ];
}

function typeDoc(t: NamedTypeModel): string[] {
  const lines = t.node.doc.description !== undefined ? docTextLines(t.node.doc.description) : [`The \`${t.component}\` type.`];
  if (t.kind !== undefined) lines.push('', ...kindLines(t.kind));
  return lines;
}

/** Renders `types.ts` of a built-in module; the runtime's types are imported from `runtime`. */
export function emitModuleTypes(m: TypeModuleModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const declared = new Set<string>(['KubeList', 'ObjectMeta', 'ObjectMetaInput', 'DeepPartial']);
  for (const t of m.types) {
    declared.add(t.name);
    if (t.inputName !== undefined) declared.add(t.inputName);
    if (t.kind !== undefined) declared.add(`${t.name}List`).add(`${t.name}Apply`);
  }
  const refs = new ModuleImports(m.dir, declared, 'types', runtime);
  const body = new CodeWriter();
  for (const t of m.types) {
    body.line();
    if (t.node.type === 'object') {
      const node = { ...t.node, name: t.name };
      writeInterface(body, node, typeDoc(t), refs);
      writeInputInterface(body, node, refs, 'builtin-input');
    } else {
      body.line(docComment([...typeDoc(t), ...nodeDocLines({ ...t.node, doc: { ...t.node.doc, description: undefined } } as typeof t.node)]));
      body.line(`export type ${t.name} = ${tsType(t.node, refs)};`);
      if (t.inputName !== undefined) {
        body.line();
        body.line(docComment([`The write form of \`${t.name}\`: optional fields may be \`null\`, which the server decodes as unset.`]));
        body.line(`export type ${t.inputName} = ${tsType(t.node, refs, 'builtin-input')};`);
      }
    }
    const k = t.kind;
    if (k === undefined) continue;
    body.line();
    body.line(docComment([`A list of ${k.kind} objects.`]));
    body.block(`export interface ${k.kind}List extends KubeList<${k.kind}> {`, () => {
      body.line(`apiVersion?: ${quote(k.apiVersion)};`);
      body.line(`kind?: ${quote(k.listKind)};`);
    });
    body.line();
    body.line(
      docComment([
        `Apply configuration of a ${k.kind} for server-side apply: every field is optional except`,
        '`apiVersion`, `kind` and `metadata.name`; only the fields set are owned by the field manager.',
      ]),
    );
    body.block(`export type ${k.kind}Apply = DeepPartial<Omit<${k.kind}, 'apiVersion' | 'kind' | 'metadata'>> & {`, () => {
      body.line(`apiVersion: ${quote(k.apiVersion)};`);
      body.line(`kind: ${quote(k.kind)};`);
      body.line('metadata: DeepPartial<ObjectMeta> & { name: string };');
    }, '};');
  }
  const kinds = m.types.filter((t) => t.kind !== undefined).map((t) => t.name);
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(
    docComment([
      `Types of \`${m.packageName}\` (${m.dir})${kinds.length > 0 ? `; kinds ${kinds.join(', ')}` : ''}.`,
      '@packageDocumentation',
    ]),
  );
  const file = `${m.dir}/types.ts`;
  if (kinds.length > 0) w.line(importStatement(['DeepPartial'], runtimeSpecifier(runtime, 'meta/deep-partial', file), true));
  const meta = refs.take(META_MODULE);
  if (kinds.length > 0) meta.push('KubeList', 'ObjectMeta');
  else if (/\bObjectMeta\b/.test(body.toString())) meta.push('ObjectMeta');
  if (/\bObjectMetaInput\b/.test(body.toString())) meta.push('ObjectMetaInput');
  if (meta.length > 0) w.line(importStatement(meta.sort(compareStrings), runtimeSpecifier(runtime, 'meta/object', file), true));
  for (const s of refs.statements(m.dir)) w.line(s);
  return `${w.toString()}\n${body.toString()}`;
}

/** Renders `schemas.ts` of a built-in module: one lazily built, cached schema per named type. */
export function emitModuleSchemas(m: TypeModuleModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const declared = new Set<string>(['z', 'builtinObject', 'int64', 'lazyRef', 'looseObject', 'multipleOf', 'objectMeta', 'propertyCount', 'stringLength']);
  for (const t of m.types) declared.add(t.schemaFunction).add(`${t.schemaFunction}Cache`);
  const refs = new ModuleImports(m.dir, declared, 'schemas', runtime);
  const ctx: ZodEmitContext = { helpers: new Set<SchemaHelper>(), refs, lenientProperties: true };
  const body = new CodeWriter();
  for (const t of m.types) {
    const cache = `${t.schemaFunction}Cache`;
    body.line();
    body.line(`let ${cache}: z.ZodType | undefined;`);
    body.line(docComment([`The zod schema of \`${t.name}\` (\`${t.component}\`), built on the first call and cached.`]));
    body.block(`export function ${t.schemaFunction}(): z.ZodType {`, () => {
      const def = t.node.type === 'object' ? zodObjectDefinition({ ...t.node, name: t.name }, ctx) : zodExpr(t.node, ctx);
      body.line(`return (${cache} ??= ${def});`);
    });
  }
  for (const h of ctx.helpers) refs.reserve(h);
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(
    docComment([
      `Zod schemas of \`${m.packageName}\` (${m.dir}), each built on first use. Objects are loose, every`,
      'field may be absent or null (as Go decodes it), and enums accept any string: the API server',
      'stays the judge of required fields and allowed values.',
      '@packageDocumentation',
    ]),
  );
  const runtimeImports = new RuntimeImports(runtime, `${m.dir}/schemas.ts`, new Set());
  runtimeImports.value('zod', 'z');
  for (const h of [...ctx.helpers].sort(compareStrings)) runtimeImports.value('meta/schema-helpers', h);
  for (const s of runtimeImports.statements()) w.line(s);
  for (const s of refs.statements(m.dir)) w.line(s);
  return `${w.toString()}\n${body.toString()}`;
}

/** Renders `index.ts` of a types-only module. */
export function emitTypesOnlyIndex(m: TypeModuleModel): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`Types of \`${m.packageName}\` (${m.dir}), shared by the built-in kinds.`, '@packageDocumentation']));
  w.line("export type * from './types.js';");
  return w.toString();
}
