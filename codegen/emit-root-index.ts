/**
 * Emits the output root's `index.ts` (the Clientset, the InformerFactory, one namespace per API
 * group version, and `allResources`) and `all-resources.ts` (every resource descriptor).
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { groupVersionImportFromRoot } from './module-paths.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
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

/** Renders `all-resources.ts`; the runtime is imported from `runtime`. */
export function emitAllResources(gvs: readonly GroupVersionModel[], runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const rt = new RuntimeImports(runtime, 'all-resources.ts', new Set(['allResources', ...gvs.map((gv) => `${gv.accessor}Resources`)]));
  const descriptor = rt.type('meta/descriptor', 'ResourceDescriptor');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['Every generated resource descriptor.', '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  for (const gv of gvs) w.line(`import * as ${gv.accessor}Resources from ${quote(groupVersionImportFromRoot(gv.dir, 'resources'))};`);
  w.line();
  w.line(docComment(['Every generated resource descriptor, sorted by group, version and kind.']));
  if (gvs.length === 0) {
    w.line(`export const allResources: readonly ${descriptor}[] = [];`);
  } else {
    w.block(`export const allResources: readonly ${descriptor}[] = [`, () => {
      for (const gv of gvs) for (const k of gv.kinds) w.line(`${gv.accessor}Resources.${k.resourceConst},`);
    }, '];');
  }
  return w.toString();
}
