/**
 * Reusable zod pieces for the generated schemas (`src/generated/<group>/<version>/schemas.ts`).
 * This module imports zod; it is only ever loaded through a generated schemas module, which the
 * resource descriptors load lazily, so importing the client does not load zod.
 * @packageDocumentation
 */
import { z } from 'zod';

let objectMetaCache: z.ZodType | undefined;

/**
 * The schema of `metav1.ObjectMeta` as a client sends it: loose (server-managed and future fields
 * pass through to the server), with the shape of the fields a client commonly sets checked.
 * Timestamps may be `null`, as in manifests written by `kubectl ... -o yaml`.
 */
export function objectMeta(): z.ZodType {
  if (objectMetaCache === undefined) {
    const stringMap = z.record(z.string(), z.string());
    const ownerReference = z.looseObject({
      apiVersion: z.string(),
      kind: z.string(),
      name: z.string(),
      uid: z.string(),
      controller: z.boolean().optional(),
      blockOwnerDeletion: z.boolean().optional(),
    });
    objectMetaCache = z.looseObject({
      name: z.string().optional(),
      generateName: z.string().optional(),
      namespace: z.string().optional(),
      uid: z.string().optional(),
      resourceVersion: z.string().optional(),
      generation: z.number().int().optional(),
      creationTimestamp: z.string().nullable().optional(),
      deletionTimestamp: z.string().nullable().optional(),
      deletionGracePeriodSeconds: z.number().int().nullable().optional(),
      labels: stringMap.nullable().optional(),
      annotations: stringMap.nullable().optional(),
      ownerReferences: z.array(ownerReference).nullable().optional(),
      finalizers: z.array(z.string()).nullable().optional(),
      managedFields: z.array(z.looseObject({})).nullable().optional(),
    });
  }
  return objectMetaCache;
}

/**
 * An `int64` integer. Unlike `z.number().int()`, integers beyond `Number.MAX_SAFE_INTEGER` are
 * accepted: the API server accepts them, though as JavaScript numbers they may have lost precision.
 */
export function int64(): z.ZodNumber {
  return z.number().refine(Number.isInteger, { message: 'Invalid input: expected an integer' });
}

/** Bounds on the number of properties of an object (`minProperties` / `maxProperties`). */
export interface PropertyCountBounds {
  min?: number;
  max?: number;
}

/** Adds `minProperties` / `maxProperties` checks to an object or record schema. */
export function propertyCount<T extends z.ZodType>(schema: T, bounds: PropertyCountBounds): T {
  const count = (value: unknown): number => (typeof value === 'object' && value !== null ? Object.keys(value).length : 0);
  let out = schema;
  if (bounds.min !== undefined) {
    const min = bounds.min;
    out = out.refine((v) => count(v) >= min, { message: `Invalid input: expected at least ${min} properties` });
  }
  if (bounds.max !== undefined) {
    const max = bounds.max;
    out = out.refine((v) => count(v) <= max, { message: `Invalid input: expected at most ${max} properties` });
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
