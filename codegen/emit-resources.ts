/**
 * Emits `<group>/<version>/resources.ts`: one {@link ResourceDescriptor} constant per kind, the
 * data binding the kind to its REST endpoints, with lazy loaders for its zod schema and its CRD.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { crdImportFromGroupVersion } from './module-paths.js';
import { checkFunctionName } from './naming.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { GENERATED_HEADER, quote } from './ts-syntax.js';
import { docComment } from './tsdoc.js';
import { valueLiteral } from './value-literal.js';

function stringList(values: readonly string[]): string {
  return `[${values.map(quote).join(', ')}]`;
}

function printerColumn(c: KindModel['printerColumns'][number]): string {
  const parts = [`name: ${quote(c.name)}`, `type: ${quote(c.type)}`, `jsonPath: ${quote(c.jsonPath)}`];
  if (c.description !== undefined) parts.push(`description: ${quote(c.description)}`);
  if (c.format !== undefined) parts.push(`format: ${quote(c.format)}`);
  if (c.priority !== undefined) parts.push(`priority: ${valueLiteral(c.priority)}`);
  return `{ ${parts.join(', ')} }`;
}

function subresources(k: KindModel): string {
  const parts = [`status: ${k.statusSubresource}`];
  if (k.scale !== undefined) {
    const scale = [`specReplicasPath: ${quote(k.scale.specReplicasPath)}`, `statusReplicasPath: ${quote(k.scale.statusReplicasPath)}`];
    if (k.scale.labelSelectorPath !== undefined) scale.push(`labelSelectorPath: ${quote(k.scale.labelSelectorPath)}`);
    parts.push(`scale: { ${scale.join(', ')} }`);
  }
  if (k.builtin !== undefined && k.builtin.subresources.size > 0) {
    const served = [...k.builtin.subresources.entries()].map(([name, verbs]) => `${name}: ${stringList(verbs)}`);
    parts.push(`served: { ${served.join(', ')} }`);
  }
  return `{ ${parts.join(', ')} }`;
}

function writeKind(w: CodeWriter, k: KindModel, descriptorType: string): void {
  const scope = k.namespaced ? 'namespaced' : 'cluster-scoped';
  w.line(docComment([`Resource descriptor of ${k.kind} (\`${k.apiVersion}\`, ${scope}, resource \`${k.plural}\`).`]));
  w.block(`export const ${k.resourceConst}: ${descriptorType} = {`, () => {
    w.line(`group: ${quote(k.group)},`);
    w.line(`version: ${quote(k.version)},`);
    w.line(`kind: ${quote(k.kind)},`);
    w.line(`listKind: ${quote(k.listKind)},`);
    w.line(`plural: ${quote(k.plural)},`);
    w.line(`singular: ${quote(k.singular)},`);
    w.line(`shortNames: ${stringList(k.shortNames)},`);
    w.line(`categories: ${stringList(k.categories)},`);
    w.line(`namespaced: ${k.namespaced},`);
    w.line(`subresources: ${subresources(k)},`);
    if (k.printerColumns.length === 0) {
      w.line('printerColumns: [],');
    } else {
      w.block('printerColumns: [', () => {
        for (const c of k.printerColumns) w.line(`${printerColumn(c)},`);
      }, '],');
    }
    if (k.builtin !== undefined) {
      w.line(`verbs: ${stringList(k.builtin.verbs)},`);
      w.line('strategicMergePatch: true,');
    }
    w.line(`schema: () => import('./schemas.js').then((m) => m.${k.schemaFunction}()),`);
    w.line(`check: () => import('./checks.js').then((m) => m.${checkFunctionName(k.schemaFunction)}),`);
    if (k.crdName !== undefined) w.line(`crd: () => import(${quote(crdImportFromGroupVersion(k.crdName))}).then((m) => m.crd),`);
  }, '};');
}

/** Renders the resource descriptors file of a group version. */
export function emitResources(gv: GroupVersionModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`Resource descriptors of the \`${gv.group}/${gv.version}\` kinds.`, '@packageDocumentation']));
  const runtimeImports = new RuntimeImports(runtime, `${gv.dir}/resources.ts`, new Set(gv.kinds.map((k) => k.resourceConst)));
  const descriptorType = runtimeImports.type('meta/descriptor', 'ResourceDescriptor');
  for (const s of runtimeImports.statements()) w.line(s);
  for (const k of gv.kinds) {
    w.line();
    writeKind(w, k, descriptorType);
  }
  return w.toString();
}
