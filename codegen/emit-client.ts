/**
 * Emits `<group>/<version>/client.ts`: the typed group client. Each kind gets one method; its
 * scope and its status subresource are in the types (a namespaced kind needs a namespace or
 * `allNamespaces`; `updateStatus` exists only with a status subresource). The behaviour lives in
 * the hand-written `GroupClient` base.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment, docTextLines, firstSentence } from './tsdoc.js';

function methodDoc(k: KindModel): string[] {
  const sentence = firstSentence(k.root.doc.description) ?? `${k.kind} objects.`;
  const scope = k.namespaced ? 'Namespaced: pass a namespace, or `allNamespaces` to list or watch across all.' : 'Cluster-scoped.';
  const lines = [`${sentence} ${scope}`];
  if (k.deprecation !== undefined) {
    const text = k.deprecation === '' ? `${k.apiVersion} ${k.kind} is deprecated.` : k.deprecation;
    lines.push('', `@deprecated ${docTextLines(text).join(' ')}`);
  }
  return lines;
}

function writeMethod(w: CodeWriter, k: KindModel): void {
  const client = k.statusSubresource ? 'StatusResourceClient' : 'ResourceClient';
  const types = `${k.kind}, ${k.kind}List`;
  w.line(docComment(methodDoc(k)));
  if (k.namespaced) {
    w.line(`${k.methodName}(namespace: string): ${client}<${types}>;`);
    w.line(`${k.methodName}(namespace: AllNamespaces): AllNamespacesClient<${types}>;`);
    w.block(`${k.methodName}(namespace: string | AllNamespaces): unknown {`, () => {
      w.line(`return this.namespacedClient(${k.resourceConst}, namespace, ${k.statusSubresource});`);
    });
  } else {
    w.block(`${k.methodName}(): ${client}<${types}> {`, () => {
      w.line(`return this.clusterClient(${k.resourceConst}, ${k.statusSubresource});`);
    });
  }
}

/** Renders the group client file of a group version. */
export function emitClient(gv: GroupVersionModel): string {
  const runtime = ['GroupClient'];
  if (gv.kinds.some((k) => k.namespaced)) runtime.push('type AllNamespaces', 'type AllNamespacesClient');
  if (gv.kinds.some((k) => !k.statusSubresource)) runtime.push('type ResourceClient');
  if (gv.kinds.some((k) => k.statusSubresource)) runtime.push('type StatusResourceClient');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`The typed client of the \`${gv.group}/${gv.version}\` API group version.`, '@packageDocumentation']));
  w.line(importStatement(runtime, '../../../client/group-client.js'));
  w.line(importStatement(gv.kinds.flatMap((k) => [k.kind, `${k.kind}List`]), './types.js', true));
  w.line(importStatement(gv.kinds.map((k) => k.resourceConst), './resources.js'));
  w.line();
  w.line(docComment([`Typed client for the ${gv.group}/${gv.version} API group version.`]));
  w.block(`export class ${gv.clientClass} extends GroupClient {`, () => {
    for (const k of [...gv.kinds].sort((a, b) => (a.methodName < b.methodName ? -1 : 1))) writeMethod(w, k);
  });
  return w.toString();
}
