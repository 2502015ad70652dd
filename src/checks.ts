/**
 * koordinator-client/checks: what generated write checks (`checks.ts`, written by `koord-gen`
 * beside `schemas.ts`) import. Plain predicates, no zod: a check answers whether an object passes
 * its kind's zod schema, and zod is loaded only to list the problems of an object that does not.
 *
 * ```ts
 * import { codePointCount, isMultipleOf, isObjectMeta } from 'koordinator-client/checks';
 * console.log(codePointCount('😀a'), isMultipleOf(0.3, 0.1), isObjectMeta({ name: 'w1', labels: { app: 'web' } })); // 2 true true
 * ```
 * @packageDocumentation
 */
export * from './meta/value-checks.js';
