/**
 * Emits `clientset.ts`: the `Clientset`, one cached getter per API group version.
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { groupVersionImportFromRoot } from './module-paths.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

/** Renders the Clientset; the runtime is imported from `runtime`. */
export function emitClientset(gvs: readonly GroupVersionModel[], runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const rt = new RuntimeImports(runtime, 'clientset.ts', new Set(['Clientset', ...gvs.map((gv) => gv.clientClass)]));
  const base = rt.value('client/clientset-base', 'ClientsetBase');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['The typed Clientset of the generated API group versions.', '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  for (const gv of gvs) w.line(importStatement([gv.clientClass], groupVersionImportFromRoot(gv.dir, 'client')));
  w.line();
  w.line(
    docComment([
      'The typed Clientset: one client per API group version, all sharing one REST transport and',
      'one rate limiter (client-go `versioned.Clientset`).',
    ]),
  );
  w.block(`export class Clientset extends ${base} {`, () => {
    for (const gv of gvs) {
      const kinds = gv.kinds.map((k) => k.kind).join(', ');
      w.line(docComment([`The client of \`${gv.group}/${gv.version}\` (${kinds}).`]));
      w.block(`get ${gv.accessor}(): ${gv.clientClass} {`, () => {
        w.line(`return this.group(${gv.clientClass});`);
      });
    }
  });
  return w.toString();
}
