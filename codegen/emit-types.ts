/**
 * Emits `<group>/<version>/types.ts`: per kind the object interface, its list, its apply
 * configuration type and one interface per nested object, all carrying the CRD's documentation.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { ModuleImports } from './module-imports.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { writeInputInterface, writeInterface, interfaceDocLines } from './schema-to-ts.js';
import { GENERATED_HEADER, quote } from './ts-syntax.js';
import { docComment, docTextLines } from './tsdoc.js';

function scopeText(k: KindModel): string {
  return k.namespaced ? 'Namespaced' : 'Cluster-scoped';
}

function deprecationLines(k: KindModel): string[] {
  if (k.deprecation === undefined) return [];
  const text = k.deprecation === '' ? `${k.apiVersion} ${k.kind} is deprecated.` : k.deprecation;
  return ['', `@deprecated ${docTextLines(text).join(' ')}`];
}

/** Local names of the runtime types a types file uses. */
interface RuntimeTypeNames {
  readonly DeepPartial: string;
  readonly KubeList: string;
  readonly ObjectMeta: string;
  readonly ObjectMetaInput: string;
  /** True when a generated type is called `Omit`, shadowing TypeScript's own in the file. */
  readonly omitShadowed: boolean;
}

/** `T` without `apiVersion`, `kind` and `metadata`: `Omit`, or a key-remapping mapped type when a generated type shadows `Omit`. */
function withoutIdentity(kind: string, rt: RuntimeTypeNames): string {
  const keys = "'apiVersion' | 'kind' | 'metadata'";
  return rt.omitShadowed ? `{ [P in keyof ${kind} as P extends ${keys} ? never : P]: ${kind}[P] }` : `Omit<${kind}, ${keys}>`;
}

function writeKind(w: CodeWriter, k: KindModel, refs: ModuleImports, rt: RuntimeTypeNames): void {
  const [root, ...nested] = k.objects;
  const rootDoc = [
    ...(root!.doc.description !== undefined ? [...docTextLines(root!.doc.description), ''] : []),
    `${scopeText(k)} kind \`${k.kind}\` of \`${k.apiVersion}\` (resource \`${k.plural}\`).`,
    ...deprecationLines(k),
  ];
  writeInterface(w, root!, rootDoc, refs);
  writeInputInterface(w, root!, refs);
  w.line();
  w.line(docComment([`A list of ${k.kind} objects.`]));
  w.block(`export interface ${k.kind}List extends ${rt.KubeList}<${k.kind}> {`, () => {
    w.line(`apiVersion?: ${quote(k.apiVersion)};`);
    w.line(`kind?: ${quote(k.listKind)};`);
  });
  w.line();
  w.line(
    docComment([
      `Apply configuration of a ${k.kind} for server-side apply: every field is optional except`,
      '`apiVersion`, `kind` and `metadata.name`; only the fields set are owned by the field manager.',
    ]),
  );
  w.block(`export type ${k.kind}Apply = ${rt.DeepPartial}<${withoutIdentity(k.kind, rt)}> & {`, () => {
    w.line(`apiVersion: ${quote(k.apiVersion)};`);
    w.line(`kind: ${quote(k.kind)};`);
    w.line(`metadata: ${rt.DeepPartial}<${rt.ObjectMeta}> & { name: string };`);
  }, '};');
  for (const node of nested) {
    w.line();
    writeInterface(w, node, interfaceDocLines(node, k.kind), refs);
    writeInputInterface(w, node, refs);
  }
}

/** Renders the types file of a group version; the runtime's types are imported from `runtime`. */
export function emitTypes(gv: GroupVersionModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(
    docComment([
      `Types of the \`${gv.group}/${gv.version}\` kinds: ${gv.kinds.map((k) => k.kind).join(', ')}.`,
      '@packageDocumentation',
    ]),
  );
  const declared = new Set<string>();
  for (const k of gv.kinds) {
    declared.add(k.kind).add(`${k.kind}List`).add(`${k.kind}Apply`);
    for (const o of k.objects) {
      declared.add(o.name);
      if (o.inputName !== undefined) declared.add(o.inputName);
    }
  }
  // Runtime names are claimed before other modules' types, so an import from another group is
  // the one aliased when both want a name (as before runtime aliasing existed).
  const runtimeImports = new RuntimeImports(runtime, `${gv.dir}/types.ts`, declared);
  const rt: RuntimeTypeNames = {
    DeepPartial: runtimeImports.type('meta/deep-partial', 'DeepPartial'),
    KubeList: runtimeImports.type('meta/object', 'KubeList'),
    ObjectMeta: runtimeImports.type('meta/object', 'ObjectMeta'),
    // Every kind's write form has metadata, so the import is always used.
    ObjectMetaInput: runtimeImports.type('meta/object', 'ObjectMetaInput'),
    omitShadowed: declared.has('Omit'),
  };
  const refs = new ModuleImports(gv.dir, declared, 'types', runtime, runtimeImports);
  refs.objectMeta = rt.ObjectMeta;
  refs.objectMetaInput = rt.ObjectMetaInput;
  const body = new CodeWriter();
  for (const k of gv.kinds) {
    body.line();
    writeKind(body, k, refs, rt);
  }
  for (const s of runtimeImports.statements()) w.line(s);
  for (const s of refs.statements(gv.dir)) w.line(s);
  return `${w.toString()}\n${body.toString()}`;
}
