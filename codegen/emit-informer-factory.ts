/**
 * Emits `informer-factory.ts`: the typed `InformerFactory`, one getter per API group version,
 * over the hand-written `SharedInformerFactory` (client-go `informers.SharedInformerFactory`).
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { groupVersionImportFromRoot } from './module-paths.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

/** Renders the informer factory. */
export function emitInformerFactory(gvs: readonly GroupVersionModel[]): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['The typed shared informer factory of the generated API group versions.', '@packageDocumentation']));
  w.line("import type { ClientContext } from '../client/client-context.js';");
  w.line("import { SharedInformerFactory, type SharedInformerFactoryOptions } from '../cache/index.js';");
  w.line("import { allResources } from './all-resources.js';");
  for (const gv of gvs) w.line(importStatement([gv.informersClass], groupVersionImportFromRoot(gv.dir, 'informers')));
  w.line();
  w.line(
    docComment([
      'Shared informers for every generated kind: one list+watch per kind per factory, however many',
      'controllers ask for it. `start()`, `waitForCacheSync()`, `shutdown()` come from the base.',
    ]),
  );
  w.block('export class InformerFactory extends SharedInformerFactory {', () => {
    w.line(docComment(['@param source - a Clientset (or its context) whose transport the informers use', '@param options - resync, namespace, selectors, transform, ...']));
    w.block('constructor(source: ClientContext | { readonly ctx: ClientContext }, options: SharedInformerFactoryOptions = {}) {', () => {
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
