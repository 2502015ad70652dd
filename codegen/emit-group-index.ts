/**
 * Emits `<group>/<version>/index.ts`: re-exports the types, resource descriptors and client of a
 * group version. The schemas are not re-exported so that zod stays lazily loaded.
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { GENERATED_HEADER } from './ts-syntax.js';
import { docComment } from './tsdoc.js';

/** Renders the index of a group version. */
export function emitGroupIndex(gv: GroupVersionModel): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`The \`${gv.group}/${gv.version}\` API group version: types, resource descriptors, client and informers.`, '@packageDocumentation']));
  w.line("export type * from './types.js';");
  w.line("export * from './resources.js';");
  w.line("export * from './client.js';");
  w.line("export * from './informers.js';");
  return w.toString();
}
