/**
 * Emits `informer-factory.ts`: the typed `InformerFactory`, one getter per API group version,
 * over the hand-written `SharedInformerFactory` (client-go `informers.SharedInformerFactory`).
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { groupVersionImportFromRoot } from './module-paths.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

/** Renders the informer factory; the runtime is imported from `runtime`. */
export function emitInformerFactory(gvs: readonly GroupVersionModel[], runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const rt = new RuntimeImports(runtime, 'informer-factory.ts', new Set(['InformerFactory', 'allResources', ...gvs.map((gv) => gv.informersClass)]));
  const context = rt.type('client/client-context', 'ClientContext');
  const base = rt.value('cache/index', 'SharedInformerFactory');
  const options = rt.type('cache/index', 'SharedInformerFactoryOptions');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['The typed shared informer factory of the generated API group versions.', '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  w.line("import { allResources } from './all-resources.js';");
  for (const gv of gvs) w.line(importStatement([gv.informersClass], groupVersionImportFromRoot(gv.dir, 'informers')));
  w.line();
  w.line(
    docComment([
      'Shared informers for every generated kind: one list+watch per kind per factory, however many',
      'controllers ask for it. `start()`, `waitForCacheSync()`, `shutdown()` come from the base.',
    ]),
  );
  w.block(`export class InformerFactory extends ${base} {`, () => {
    w.line(docComment(['@param source - a Clientset (or its context) whose transport the informers use', '@param options - resync, namespace, selectors, transform, ...']));
    w.block(`constructor(source: ${context} | { readonly ctx: ${context} }, options: ${options} = {}) {`, () => {
      w.line('super(source, { resources: allResources, ...options });');
    });
    for (const gv of gvs) {
      const kinds = gv.kinds.map((k) => k.kind).join(', ');
      w.line(docComment([`Informers of \`${gv.group}/${gv.version}\` (${kinds}).`]));
      w.block(`get ${gv.accessor}(): ${gv.informersClass} {`, () => {
        w.line(`return this.group(${gv.informersClass});`);
      });
    }
  });
  return w.toString();
}
