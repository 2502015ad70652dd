/**
 * Emits `<group>/<version>/informers.ts`: typed informer and lister accessors of a group
 * version (`factory.schedulingV1alpha1.reservations.informer()` / `.lister()`). They only bind
 * types: the shared informers live in the hand-written `SharedInformerFactory`.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment, firstSentence } from './tsdoc.js';

function writeAccessor(w: CodeWriter, k: KindModel): void {
  const sentence = firstSentence(k.root.doc.description) ?? `${k.kind} objects.`;
  const kindInformer = k.namespaced ? 'NamespacedKindInformer' : 'ClusterKindInformer';
  const factoryMethod = k.namespaced ? 'namespacedKind' : 'clusterKind';
  w.line(docComment([`${sentence} Shared informer and ${k.namespaced ? 'namespaced' : 'cluster-scoped'} lister.`]));
  w.block(`get ${k.methodName}(): ${kindInformer}<${k.kind}> {`, () => {
    w.line(`return this.factory.${factoryMethod}<${k.kind}>(${k.resourceConst});`);
  });
}

/** True when a kind can be cached by an informer: it serves list and watch (every CRD kind does). */
export function informable(k: KindModel): boolean {
  return k.builtin === undefined || (k.builtin.verbs.includes('list') && k.builtin.verbs.includes('watch'));
}

/** Renders the informer accessors of a group version (kinds that cannot be listed and watched have none). */
export function emitInformers(model: GroupVersionModel): string {
  const gv = { ...model, kinds: model.kinds.filter(informable) };
  const runtime = ['GroupInformers'];
  if (gv.kinds.some((k) => !k.namespaced)) runtime.push('type ClusterKindInformer');
  if (gv.kinds.some((k) => k.namespaced)) runtime.push('type NamespacedKindInformer');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`Typed informers and listers of the \`${gv.group || 'core'}/${gv.version}\` API group version.`, '@packageDocumentation']));
  w.line(importStatement(runtime, '../../../cache/index.js'));
  if (gv.kinds.length > 0) {
    w.line(importStatement(gv.kinds.map((k) => k.kind), './types.js', true));
    w.line(importStatement(gv.kinds.map((k) => k.resourceConst), './resources.js'));
  }
  w.line();
  w.line(docComment([`Informers of the ${gv.group || 'core'}/${gv.version} kinds, shared through their factory.`]));
  w.block(`export class ${gv.informersClass} extends GroupInformers {`, () => {
    for (const k of [...gv.kinds].sort((a, b) => (a.methodName < b.methodName ? -1 : 1))) writeAccessor(w, k);
  });
  return w.toString();
}
