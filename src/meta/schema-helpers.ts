/**
 * Reusable zod pieces for the generated schemas (`src/generated/<group>/<version>/schemas.ts`).
 * This module imports zod; it is only ever loaded through a generated schemas module, which the
 * resource descriptors load lazily, so importing the client does not load zod.
 * @packageDocumentation
 */
import { z } from 'zod';
import { codePointCount, isMultipleOf } from './value-checks.js';

export { isMultipleOf };

let objectMetaCache: z.ZodType | undefined;

/**
 * The schema of `metav1.ObjectMeta` as a client sends it: loose (server-managed and future fields
 * pass through to the server), with the shape of the fields a client commonly sets checked.
 * Every field may be `null` (the API server decodes a `null` field as unset), such as
 * `creationTimestamp: null` in manifests written by `kubectl ... -o yaml`.
 */
export function objectMeta(): z.ZodType {
  if (objectMetaCache === undefined) {
    const stringMap = z.record(z.string(), z.string());
    const ownerReference = z.looseObject({
      apiVersion: z.string(),
      kind: z.string(),
      name: z.string(),
      uid: z.string(),
      controller: z.boolean().nullish(),
      blockOwnerDeletion: z.boolean().nullish(),
    });
    objectMetaCache = z.looseObject({
      name: z.string().nullish(),
      generateName: z.string().nullish(),
      namespace: z.string().nullish(),
      uid: z.string().nullish(),
      resourceVersion: z.string().nullish(),
      generation: int64().nullish(),
      creationTimestamp: z.string().nullish(),
      deletionTimestamp: z.string().nullish(),
      deletionGracePeriodSeconds: int64().nullish(),
      labels: stringMap.nullish(),
      annotations: stringMap.nullish(),
      ownerReferences: z.array(ownerReference).nullish(),
      finalizers: z.array(z.string()).nullish(),
      managedFields: z.array(z.looseObject({})).nullish(),
    });
  }
  return objectMetaCache;
}

/**
 * A JSON integer, as the API server decodes it (`int64`, whatever the schema's `format`). Unlike
 * `z.number().int()`, integers beyond `Number.MAX_SAFE_INTEGER` are accepted: the API server
 * accepts them, though as JavaScript numbers they may have lost precision.
 */
export function int64(): z.ZodNumber {
  return z.number().refine(Number.isInteger, { message: 'Invalid input: expected an integer' });
}

/** Bounds on the number of properties of an object (`minProperties` / `maxProperties`). */
export interface PropertyCountBounds {
  min?: number;
  max?: number;
}

/**
 * Adds `minProperties` / `maxProperties` checks to an object or record schema. Properties set to
 * `null` are not counted against the maximum: the API server prunes them before it counts.
 */
export function propertyCount<T extends z.ZodType>(schema: T, bounds: PropertyCountBounds): T {
  const count = (value: unknown): number => (typeof value === 'object' && value !== null ? Object.keys(value).length : 0);
  const countSet = (value: unknown): number => (typeof value === 'object' && value !== null ? Object.values(value).filter((v) => v !== null).length : 0);
  let out = schema;
  if (bounds.min !== undefined) {
    const min = bounds.min;
    out = out.refine((v) => count(v) >= min, { message: `Invalid input: expected at least ${min} properties` });
  }
  if (bounds.max !== undefined) {
    const max = bounds.max;
    out = out.refine((v) => countSet(v) <= max, { message: `Invalid input: expected at most ${max} properties` });
  }
  return out;
}

/**
 * The object schema of a built-in (Go-decoded) type: loose, and every declared field may be
 * absent or `null` (Go's JSON decoder leaves a field unset on `null`; required fields are the
 * server's to check). Typed without zod's shape inference, which keeps type-checking the
 * hundreds of generated built-in schemas cheap.
 */
export function builtinObject(shape: Readonly<Record<string, z.ZodType>>): z.ZodType {
  const fields: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(shape)) fields[name] = schema.nullish();
  return z.looseObject(fields);
}

/**
 * A loose object schema (undeclared fields are kept, for the server to prune or reject), typed
 * `z.ZodType` instead of zod's inferred shape: type-checking a generated schema then costs the
 * same at any nesting depth, and far less than inferring every object (see bench/codegen.ts).
 */
export function looseObject(shape: Readonly<Record<string, z.ZodType>>): z.ZodType {
  return z.looseObject(shape);
}

/** A reference to a named schema, resolved on first use (recursive and cross-module types). */
export function lazyRef(schema: () => z.ZodType): z.ZodType {
  return z.lazy(schema);
}

/** Bounds on the length of a string, in Unicode code points (`minLength` / `maxLength`). */
export interface StringLengthBounds {
  min?: number;
  max?: number;
}

/**
 * Adds `minLength` / `maxLength` checks to a string schema, counting Unicode code points as the
 * API server counts runes (zod's `.min`/`.max` count UTF-16 units, stricter for emoji and other
 * characters beyond the Basic Multilingual Plane).
 */
export function stringLength(schema: z.ZodString, bounds: StringLengthBounds): z.ZodType<string> {
  const { min, max } = bounds;
  return schema.superRefine((value, ctx) => {
    const n = codePointCount(value);
    if (min !== undefined && n < min) ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: value, message: `Too small: expected string to have >=${min} characters` });
    if (max !== undefined && n > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: value, message: `Too big: expected string to have <=${max} characters` });
  });
}

/** Adds a `multipleOf` check to a number schema, as lenient as the API server's (see `isMultipleOf`). */
export function multipleOf(schema: z.ZodNumber, factor: number): z.ZodType<number> {
  return schema.refine((v) => isMultipleOf(v, factor), { message: `Invalid number: must be a multiple of ${factor}` });
}
