/**
 * The generator's intermediate representation of a CRD schema: a tree of nodes with Kubernetes
 * semantics already resolved (int-or-string, embedded resources, preserve-unknown-fields, ...).
 * Both the TypeScript and the zod emitters walk this tree, so they always agree.
 * @packageDocumentation
 */
import type { ValidationRule } from './crd.js';

/** Documentation gathered from a schema node, rendered as TSDoc. */
export interface NodeDoc {
  description?: string;
  /** True when the schema declares a `default` (which may itself be `null`). */
  hasDefault: boolean;
  default?: unknown;
  format?: string;
  listType?: string;
  listMapKeys?: readonly string[];
  mapType?: string;
  /** CEL rules (`x-kubernetes-validations`), enforced by the API server only. */
  validations: readonly ValidationRule[];
  /** Further remarks, e.g. constraints the client does not check. */
  notes: readonly string[];
  /** `x-kubernetes-patch-strategy` of a built-in field (`merge`, `retainKeys`, ...). */
  patchStrategy?: string;
  /** `x-kubernetes-patch-merge-key`: the key list items are merged by in a strategic merge patch. */
  patchMergeKey?: string;
}

/** What every node has. */
interface NodeBase {
  readonly doc: NodeDoc;
  /** `nullable: true`: `null` is a valid value. */
  readonly nullable: boolean;
}

/** A fixed string (the root `apiVersion` and `kind`). */
export interface LiteralNode extends NodeBase {
  readonly type: 'literal';
  readonly value: string;
}

/** `type: string`. */
export interface StringNode extends NodeBase {
  readonly type: 'string';
  readonly enum?: readonly string[];
  /**
   * The enum is documentation only: the TypeScript type is the literal union, but the zod schema
   * accepts any string (a newer API server may add values).
   */
  readonly openEnum?: boolean;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** Numeric bounds shared by numbers and int-or-string. */
export interface NumericBounds {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum: boolean;
  readonly exclusiveMaximum: boolean;
  readonly multipleOf?: number;
}

/** `type: integer` or `type: number`. */
export interface NumberNode extends NodeBase, NumericBounds {
  readonly type: 'number';
  readonly integer: boolean;
  readonly enum?: readonly number[];
}

/** `type: boolean`. */
export interface BooleanNode extends NodeBase {
  readonly type: 'boolean';
  readonly enum?: readonly boolean[];
}

/** `x-kubernetes-int-or-string: true`: an integer or a string. */
export interface IntOrStringNode extends NodeBase, NumericBounds {
  readonly type: 'int-or-string';
  readonly enum?: readonly (string | number)[];
  /** Applies to the string form only. */
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** `type: array`. */
export interface ArrayNode extends NodeBase {
  readonly type: 'array';
  readonly items: SchemaNode;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** One declared property of an object. */
export interface PropertyNode {
  readonly name: string;
  readonly node: SchemaNode;
  readonly required: boolean;
}

/**
 * An object with declared fields (possibly none). It becomes a named interface; `name` is
 * assigned after the whole group version is normalized, from `nameHint`.
 */
export interface ObjectNode extends NodeBase {
  readonly type: 'object';
  /** Words the type name is built from (`['Reservation', 'Spec', 'Owner']`). */
  readonly nameHint: readonly string[];
  /** JSON path of the object in its kind (`.spec.owners[*]`; `''` for the root). */
  readonly path: string;
  /** The assigned type name. */
  name: string;
  /**
   * The name of the object's write (input) form, assigned when it differs from the read form
   * (codegen/write-form.ts): a required field with a `default` may be omitted, an optional field
   * may be `null`, metadata is `ObjectMetaInput`, here or in an object below. Unset when the read
   * type serves for writes too.
   */
  inputName?: string;
  /** Declared properties sorted by name. */
  readonly properties: readonly PropertyNode[];
  /**
   * Fields beyond the declared ones: `closed` (pruned by the server), `open`
   * (`x-kubernetes-preserve-unknown-fields`), or a schema for their values.
   */
  readonly rest: 'closed' | 'open' | SchemaNode;
  /** `x-kubernetes-embedded-resource`: carries apiVersion, kind and metadata. */
  readonly embedded: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

/** An object used as a map (`additionalProperties` only), or an open object (preserve-unknown). */
export interface MapNode extends NodeBase {
  readonly type: 'map';
  readonly values: SchemaNode;
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

/** `metav1.ObjectMeta`: the root `metadata`, and that of embedded resources. */
export interface ObjectMetaNode extends NodeBase {
  readonly type: 'object-meta';
}

/** `resource.Quantity` of a built-in type: a JSON number or string (`'100m'`, `'1Gi'`, `2`). */
export interface QuantityNode extends NodeBase {
  readonly type: 'quantity';
}

/**
 * Where a named type lives: a generated module (`core/v1`) or the hand-written metadata types.
 * Emitters turn it into an import (aliased when the name is taken in the importing file).
 */
export interface TypeRef {
  /** Generated module directory (`core/v1`, `meta/v1`), or `'#meta'` for src/meta/object.ts. */
  readonly module: string;
  /** TypeScript type name. */
  readonly name: string;
  /** Lazy zod schema function exported by the module's schemas.ts (none for `'#meta'`). */
  readonly schemaFunction?: string;
  /**
   * The name of the type's write form, when it differs from `name` (assigned once every built-in
   * type is known; see codegen/write-form.ts).
   */
  inputName?: string;
}

/** A reference to a named type of another (or the same) module. */
export interface RefNode extends NodeBase {
  readonly type: 'ref';
  readonly target: TypeRef;
  /**
   * Set on CRD fields mapped to a built-in type (the type map): what the CRD itself declares
   * there. The zod schema accepts this too, so it is never stricter than the server.
   */
  readonly fallback?: SchemaNode;
}

/** Anything: an unsupported or untyped construct. Never `any`. */
export interface UnknownNode extends NodeBase {
  readonly type: 'unknown';
}

/** A node of the schema tree. */
export type SchemaNode =
  | LiteralNode
  | StringNode
  | NumberNode
  | BooleanNode
  | IntOrStringNode
  | ArrayNode
  | ObjectNode
  | MapNode
  | ObjectMetaNode
  | QuantityNode
  | RefNode
  | UnknownNode;

/** An empty documentation record. */
export function emptyDoc(): NodeDoc {
  return { hasDefault: false, validations: [], notes: [] };
}
