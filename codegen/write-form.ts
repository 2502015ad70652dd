/**
 * What a client may write where the read type says otherwise: the rules that make a write
 * (`<Name>Input`) type differ from its read type, shared by the namer (which objects get a write
 * form) and the TypeScript emitter (what the write form says), so the two always agree.
 *
 * The API server accepts more on writes than it ever returns:
 * - custom resources (structural schemas): a `null` on a field that is not `nullable` is pruned
 *   before defaulting, so an optional field (or a map value) may be `null`, a required field with
 *   a `default` may be omitted or `null` (it gets the default), and a list item may be `null` only
 *   when the item schema has a default; a required field without a default stays required;
 * - built-in kinds (Go's JSON decoding): a `null` leaves any field at its zero value, so every
 *   optional field may be `null` (required fields stay required: the server validates them);
 * - everywhere: metadata is written as `ObjectMetaInput` (`creationTimestamp: null`, ...).
 *
 * `apiVersion` and `kind` literals never take `null` (the client fills them in), and neither do
 * `unknown` nodes (they already hold any value) nor metadata itself.
 * @packageDocumentation
 */
import type { ObjectNode, PropertyNode, SchemaNode } from './schema-node.js';

/**
 * Whose decoding the write form follows: a custom resource's structural schema (`crd`: nulls are
 * pruned), or a built-in kind's Go types (`builtin`: nulls become zero values).
 */
export type WriteSemantics = 'crd' | 'builtin';

/** True when `null` adds nothing to the node's type (it already allows null, or holds anything). */
function holdsNull(node: SchemaNode): boolean {
  return node.nullable || node.type === 'unknown' || node.type === 'literal' || node.type === 'object-meta';
}

/**
 * True when a property may be omitted on writes: optional, or (custom resources) required with a
 * default the server fills in. A built-in type's OpenAPI `default` only documents Go's zero value:
 * the server fills nothing in, so a required built-in field stays required.
 */
export function optionalOnWrite(p: PropertyNode, semantics: WriteSemantics): boolean {
  return !p.required || (semantics === 'crd' && p.node.doc.hasDefault);
}

/** True when a property's write type adds `| null`: it may be omitted, and `null` means the same to the server. */
export function nullOnWrite(p: PropertyNode, semantics: WriteSemantics): boolean {
  return optionalOnWrite(p, semantics) && !holdsNull(p.node);
}

/** True when a list item's write type adds `| null` (custom resources: the item schema has a default). */
export function itemNullOnWrite(items: SchemaNode, semantics: WriteSemantics): boolean {
  return semantics === 'crd' && items.doc.hasDefault && !holdsNull(items);
}

/** True when a map value's write type adds `| null` (custom resources: the server prunes it). */
export function valueNullOnWrite(values: SchemaNode, semantics: WriteSemantics): boolean {
  return semantics === 'crd' && !holdsNull(values);
}

/**
 * True when the write type of `node` differs from its read type. `objectDiffers` answers for
 * named objects (whose write form is decided once per object).
 */
export function writeFormDiffers(node: SchemaNode, semantics: WriteSemantics, objectDiffers: (o: ObjectNode) => boolean): boolean {
  switch (node.type) {
    case 'object':
      return objectDiffers(node);
    case 'array':
      return itemNullOnWrite(node.items, semantics) || writeFormDiffers(node.items, semantics, objectDiffers);
    case 'map':
      return valueNullOnWrite(node.values, semantics) || writeFormDiffers(node.values, semantics, objectDiffers);
    case 'object-meta':
      return true;
    case 'ref':
      return node.target.inputName !== undefined;
    default:
      return false;
  }
}

/**
 * True when an object's own fields make its write form differ (a field that may be omitted or
 * `null` on writes but not on reads), or a field's type does.
 */
export function objectWriteFormDiffers(node: ObjectNode, semantics: WriteSemantics, objectDiffers: (o: ObjectNode) => boolean): boolean {
  return node.properties.some((p) => (p.required && optionalOnWrite(p, semantics)) || nullOnWrite(p, semantics) || writeFormDiffers(p.node, semantics, objectDiffers));
}
