/**
 * What the API server does with a custom resource's structural schema before it stores it:
 * drops `null`s of non-nullable fields, prunes fields the schema does not declare (unless
 * `x-kubernetes-preserve-unknown-fields`), and fills `default`s (apiextensions structural
 * defaulting and pruning). Also answers how server-side apply merges a list (`x-kubernetes-list-type`).
 * @packageDocumentation
 */
import { isObject } from '../meta/value-checks.js';

/** The part of an OpenAPI v3 schema node that pruning, defaulting and merging read. */
export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  default?: unknown;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

type Json = Record<string, unknown>;

/** The fields of `metav1.ObjectMeta` the server keeps; others are pruned from `metadata`. */
const objectMetaFields = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** The schema of the child `key` of an object node, or undefined when the schema does not declare it. */
export function childSchema(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  const p = node.properties?.[key];
  if (p) return p;
  if (isObject(node.additionalProperties)) return node.additionalProperties as SchemaNode;
  return undefined;
}

/** True when unknown fields below `node` are kept. */
function preservesUnknown(node: SchemaNode): boolean {
  return node['x-kubernetes-preserve-unknown-fields'] === true || node.additionalProperties === true;
}

/**
 * Prunes undeclared fields and non-nullable nulls in place; returns the dotted paths of the
 * pruned fields (what `fieldValidation=Strict` rejects and `Warn` reports).
 */
export function prune(value: unknown, node: SchemaNode | undefined, path = '', isRoot = true): string[] {
  const pruned: string[] = [];
  walkPrune(value, node, path, isRoot, pruned);
  return pruned;
}

function walkPrune(value: unknown, node: SchemaNode | undefined, path: string, isRoot: boolean, pruned: string[]): void {
  if (!node) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkPrune(item, node.items, `${path}[${i}]`, false, pruned));
    return;
  }
  if (!isObject(value)) return;
  const embedded = isRoot || node['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(value)) {
    const child = `${path ? `${path}.` : ''}${key}`;
    if (embedded && (key === 'apiVersion' || key === 'kind')) continue;
    if (embedded && key === 'metadata') {
      if (isRoot) pruneMetadata(value[key], child, pruned);
      continue;
    }
    const schema = node.properties?.[key] ?? (isObject(node.additionalProperties) ? (node.additionalProperties as SchemaNode) : undefined);
    if (!schema) {
      if (!preservesUnknown(node)) {
        delete value[key];
        pruned.push(child);
      }
      continue;
    }
    if (value[key] === null && schema.nullable !== true && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
      delete value[key];
      continue;
    }
    walkPrune(value[key], schema, child, false, pruned);
  }
}

function pruneMetadata(meta: unknown, path: string, pruned: string[]): void {
  if (!isObject(meta)) return;
  for (const key of Object.keys(meta)) {
    if (!objectMetaFields.has(key)) {
      delete meta[key];
      pruned.push(`${path}.${key}`);
    } else if (meta[key] === null) {
      delete meta[key];
    }
  }
}

/** Fills `default`s in place wherever the parent object exists and the field is absent. */
export function applyDefaults(value: unknown, node: SchemaNode | undefined): void {
  if (!node) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(item, node.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, schema] of Object.entries(node.properties ?? {})) {
    if (value[key] === undefined && schema.default !== undefined) value[key] = structuredClone(schema.default);
    if (value[key] !== undefined) applyDefaults(value[key], schema);
  }
  if (isObject(node.additionalProperties)) {
    const schema = node.additionalProperties as SchemaNode;
    for (const key of Object.keys(value)) if (!node.properties?.[key]) applyDefaults(value[key], schema);
  }
}

/** How server-side apply merges a list: as one value, as a set, or by its map keys. */
export type ListMerge = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

/** The merge strategy of a list field (custom resources default to atomic lists). */
export function listMerge(node: SchemaNode | undefined): ListMerge {
  const type = node?.['x-kubernetes-list-type'];
  if (type === 'set') return { kind: 'set' };
  if (type === 'map' && node?.['x-kubernetes-list-map-keys']?.length) return { kind: 'map', keys: node['x-kubernetes-list-map-keys'] };
  return { kind: 'atomic' };
}

/** True when a map field is merged as one value (`x-kubernetes-map-type: atomic`). */
export function isAtomicMap(node: SchemaNode | undefined): boolean {
  return node?.['x-kubernetes-map-type'] === 'atomic';
}

/** Finds the openAPIV3Schema of `version` in a CustomResourceDefinition manifest. */
export function crdVersionSchema(crd: Record<string, unknown>, version: string): SchemaNode | undefined {
  const spec = crd.spec as { versions?: Array<{ name?: string; schema?: { openAPIV3Schema?: SchemaNode } }>; validation?: { openAPIV3Schema?: SchemaNode } } | undefined;
  const v = spec?.versions?.find((x) => x.name === version);
  return v?.schema?.openAPIV3Schema ?? spec?.validation?.openAPIV3Schema;
}
