/**
 * Emits the output root's `index.ts` (the Clientset, the InformerFactory, one namespace per API
 * group version, and `allResources`) and `all-resources.ts` (every resource descriptor).
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { groupVersionImportFromRoot } from './module-paths.js';
import { GENERATED_HEADER, quote } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

/** Renders the root index. */
export function emitRootIndex(gvs: readonly GroupVersionModel[]): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['Generated clientset, informer factory, per group version namespaces, and every resource descriptor.', '@packageDocumentation']));
  w.line("export { Clientset } from './clientset.js';");
  w.line("export { InformerFactory } from './informer-factory.js';");
  w.line("export { allResources } from './all-resources.js';");
  for (const gv of gvs) w.line(`export * as ${gv.accessor} from ${quote(groupVersionImportFromRoot(gv.dir, 'index'))};`);
  return w.toString();
}

/** Renders `all-resources.ts`. */
export function emitAllResources(gvs: readonly GroupVersionModel[]): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['Every generated resource descriptor.', '@packageDocumentation']));
  w.line("import type { ResourceDescriptor } from '../meta/descriptor.js';");
  for (const gv of gvs) w.line(`import * as ${gv.accessor}Resources from ${quote(groupVersionImportFromRoot(gv.dir, 'resources'))};`);
  w.line();
  w.line(docComment(['Every generated resource descriptor, sorted by group, version and kind.']));
  if (gvs.length === 0) {
    w.line('export const allResources: readonly ResourceDescriptor[] = [];');
  } else {
    w.block('export const allResources: readonly ResourceDescriptor[] = [', () => {
      for (const gv of gvs) for (const k of gv.kinds) w.line(`${gv.accessor}Resources.${k.resourceConst},`);
    }, '];');
  }
  return w.toString();
}
