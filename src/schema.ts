/**
 * koordinator-client/schema: what generated zod schemas import. `z` is the package's own zod (a
 * dependency of koordinator-client), so code that `koord-gen` writes into your project validates
 * with the same zod the runtime uses and your project needs no zod of its own (with npm, pnpm or
 * Yarn Plug'n'Play alike). The helpers are the pieces the generated schemas share.
 *
 * Only generated `schemas.ts` modules import this subpath, and only when a write is validated, so
 * importing the client does not load zod.
 *
 * ```ts
 * import { int64, objectMeta, z } from 'koordinator-client/schema';
 * const widget = z.looseObject({ metadata: objectMeta().optional(), spec: z.looseObject({ size: int64().optional() }).optional() });
 * console.log(widget.safeParse({ metadata: { name: 'w1' }, spec: { size: 3 } }).success); // true
 * ```
 * @packageDocumentation
 */
export { z } from 'zod';
// Every helper, so that whatever a generated schema uses is here.
export * from './meta/schema-helpers.js';
