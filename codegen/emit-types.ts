/**
 * Emits `<group>/<version>/types.ts`: per kind the object interface, its list, its apply
 * configuration type and one interface per nested object, all carrying the CRD's documentation.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { ModuleImports } from './module-imports.js';
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

function writeKind(w: CodeWriter, k: KindModel, refs: ModuleImports): void {
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
  w.block(`export interface ${k.kind}List extends KubeList<${k.kind}> {`, () => {
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
  w.block(`export type ${k.kind}Apply = DeepPartial<Omit<${k.kind}, 'apiVersion' | 'kind' | 'metadata'>> & {`, () => {
    w.line(`apiVersion: ${quote(k.apiVersion)};`);
    w.line(`kind: ${quote(k.kind)};`);
    w.line('metadata: DeepPartial<ObjectMeta> & { name: string };');
  }, '};');
  for (const node of nested) {
    w.line();
    writeInterface(w, node, interfaceDocLines(node, k.kind), refs);
    writeInputInterface(w, node, refs);
  }
}

/** Renders the types file of a group version. */
export function emitTypes(gv: GroupVersionModel): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(
    docComment([
      `Types of the \`${gv.group}/${gv.version}\` kinds: ${gv.kinds.map((k) => k.kind).join(', ')}.`,
      '@packageDocumentation',
    ]),
  );
  w.line("import type { DeepPartial } from '../../../meta/deep-partial.js';");
  w.line("import type { KubeList, ObjectMeta } from '../../../meta/object.js';");
  const declared = new Set(['KubeList', 'ObjectMeta', 'DeepPartial']);
  for (const k of gv.kinds) {
    declared.add(`${k.kind}List`).add(`${k.kind}Apply`);
    for (const o of k.objects) {
      declared.add(o.name);
      if (o.inputName !== undefined) declared.add(o.inputName);
    }
  }
  const refs = new ModuleImports(gv.dir, declared, 'types');
  const body = new CodeWriter();
  for (const k of gv.kinds) {
    body.line();
    writeKind(body, k, refs);
  }
  for (const s of refs.statements(gv.dir)) w.line(s);
  return `${w.toString()}\n${body.toString()}`;
}
