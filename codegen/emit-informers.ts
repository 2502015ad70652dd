/**
 * Emits `<group>/<version>/informers.ts`: typed informer and lister accessors of a group
 * version (`factory.schedulingV1alpha1.reservations.informer()` / `.lister()`). They only bind
 * types: the shared informers live in the hand-written `SharedInformerFactory`.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment, firstSentence } from './tsdoc.js';

function writeAccessor(w: CodeWriter, k: KindModel, names: ReadonlyMap<string, string>): void {
  const sentence = firstSentence(k.root.doc.description) ?? `${k.kind} objects.`;
  const kindInformer = names.get(k.namespaced ? 'NamespacedKindInformer' : 'ClusterKindInformer')!;
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

/**
 * Renders the informer accessors of a group version (kinds that cannot be listed and watched have
 * none); the runtime is imported from `runtime`.
 */
export function emitInformers(model: GroupVersionModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const gv = { ...model, kinds: model.kinds.filter(informable) };
  const rt = new RuntimeImports(runtime, `${gv.dir}/informers.ts`, new Set([gv.informersClass, ...gv.kinds.flatMap((k) => [k.kind, k.resourceConst])]));
  const names = new Map<string, string>([['GroupInformers', rt.value('cache/index', 'GroupInformers')]]);
  if (gv.kinds.some((k) => !k.namespaced)) names.set('ClusterKindInformer', rt.type('cache/index', 'ClusterKindInformer'));
  if (gv.kinds.some((k) => k.namespaced)) names.set('NamespacedKindInformer', rt.type('cache/index', 'NamespacedKindInformer'));
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`Typed informers and listers of the \`${gv.group || 'core'}/${gv.version}\` API group version.`, '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  if (gv.kinds.length > 0) {
    w.line(importStatement(gv.kinds.map((k) => k.kind), './types.js', true));
    w.line(importStatement(gv.kinds.map((k) => k.resourceConst), './resources.js'));
  }
  w.line();
  w.line(docComment([`Informers of the ${gv.group || 'core'}/${gv.version} kinds, shared through their factory.`]));
  w.block(`export class ${gv.informersClass} extends ${names.get('GroupInformers')!} {`, () => {
    for (const k of [...gv.kinds].sort((a, b) => (a.methodName < b.methodName ? -1 : 1))) writeAccessor(w, k, names);
  });
  return w.toString();
}
