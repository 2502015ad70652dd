/**
 * Emits `clientset.ts`: the `Clientset`, one cached getter per API group version.
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { groupVersionImportFromRoot } from './module-paths.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

/** Renders the Clientset. */
export function emitClientset(gvs: readonly GroupVersionModel[]): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['The typed Clientset of the generated API group versions.', '@packageDocumentation']));
  w.line("import { ClientsetBase } from '../client/clientset-base.js';");
  for (const gv of gvs) w.line(importStatement([gv.clientClass], groupVersionImportFromRoot(gv.dir, 'client')));
  w.line();
  w.line(
    docComment([
      'The typed Clientset: one client per API group version, all sharing one REST transport and',
      'one rate limiter (client-go `versioned.Clientset`).',
    ]),
  );
  w.block('export class Clientset extends ClientsetBase {', () => {
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
