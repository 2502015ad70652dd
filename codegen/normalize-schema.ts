/**
 * Turns a CRD version's `openAPIV3Schema` into the generator's schema tree ({@link SchemaNode}),
 * resolving Kubernetes semantics once and warning (with CRD name and JSON path) about every
 * construct that cannot be represented faithfully. Never throws on odd schemas: whatever cannot
 * be mapped becomes `unknown`.
 * @packageDocumentation
 */
import type { JSONSchemaProps, ValidationRule } from './crd.js';
import { jsRegExpFor } from './go-regexp.js';
import { pascalCase, singularize } from './naming.js';
import {
  emptyDoc,
  type NodeDoc,
  type NumericBounds,
  type ObjectNode,
  type PropertyNode,
  type SchemaNode,
  type StringNode,
  type TypeRef,
} from './schema-node.js';
import type { WarningSink } from './warnings.js';

/** Where the schema being normalized comes from, for warnings. */
export interface NormalizeContext {
  /** CRD name (`plural.group`). */
  readonly crd: string;
  readonly version: string;
  readonly sink: WarningSink;
  /** Fields (JSON path -> built-in type) typed as a built-in type (the type map). */
  readonly typeMap?: ReadonlyMap<string, TypeRef>;
  /** Paths of `typeMap` found in the schema (filled while normalizing). */
  readonly mapped?: Set<string>;
}

/** Keywords that are understood (or harmless and only documented). */
const KNOWN_KEYWORDS = new Set([
  'type',
  'format',
  'description',
  'title',
  'default',
  'nullable',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'example',
  'externalDocs',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  '$ref',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

const COMBINATORS = ['allOf', 'anyOf', 'oneOf', 'not'] as const;

/** Formats the JSON path of a property below `path`. */
export function propertyPath(path: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Normalizes one version's schema. Stateless apart from the warnings it records. */
class Normalizer {
  constructor(private readonly ctx: NormalizeContext) {}

  warn(path: string, message: string): void {
    this.ctx.sink.warn({ source: this.ctx.crd, version: this.ctx.version, path: path === '' ? '.' : path, message });
  }

  /** Normalizes the root schema of `kind`; `apiVersion`, `kind` and `metadata` are always present. */
  root(schema: unknown, kind: string, apiVersion: string): ObjectNode {
    let node: SchemaNode;
    if (schema === undefined) {
      this.warn('', 'the version declares no schema; fields other than apiVersion, kind and metadata are typed unknown');
      node = this.openObject([kind]);
    } else {
      node = this.node(schema, '', [kind]);
    }
    if (node.type !== 'object') {
      if (node.type !== 'map' && node.type !== 'unknown') this.warn('', `the root schema is not an object (${node.type}); treated as an open object`);
      node = { ...this.openObject([kind]), doc: node.doc };
    }
    const declared = new Map(node.properties.map((p) => [p.name, p]));
    const docOf = (name: string): NodeDoc => declared.get(name)?.node.doc ?? emptyDoc();
    const fixed: PropertyNode[] = [
      { name: 'apiVersion', required: false, node: { type: 'literal', value: apiVersion, nullable: false, doc: docOf('apiVersion') } },
      { name: 'kind', required: false, node: { type: 'literal', value: kind, nullable: false, doc: docOf('kind') } },
      { name: 'metadata', required: false, node: { type: 'object-meta', nullable: false, doc: docOf('metadata') } },
    ];
    const others = node.properties.filter((p) => p.name !== 'apiVersion' && p.name !== 'kind' && p.name !== 'metadata');
    const properties = [...fixed, ...others].sort((a, b) => compareStrings(a.name, b.name));
    return { ...node, nullable: false, name: kind, nameHint: [kind], properties };
  }

  openObject(hint: readonly string[]): ObjectNode {
    return { type: 'object', name: '', nameHint: hint, path: '', properties: [], rest: 'open', embedded: false, nullable: false, doc: emptyDoc() };
  }

  unknown(doc: NodeDoc, nullable = false): SchemaNode {
    return { type: 'unknown', doc, nullable };
  }

  node(raw: unknown, path: string, hint: readonly string[]): SchemaNode {
    const mapped = this.ctx.typeMap?.get(path);
    if (mapped !== undefined) {
      this.ctx.mapped?.add(path);
      const declared = this.plainNode(raw, path, hint);
      // What the CRD declares stays accepted; nested named objects are not kept, an open object stands in.
      // Without a `type` (kubebuilder `Schemaless`), the server keeps any JSON value there.
      const untyped = isPlainObject(raw) && raw.type === undefined;
      const fallback: SchemaNode = untyped
        ? { type: 'unknown', nullable: false, doc: emptyDoc() }
        : declared.type === 'object'
          ? { type: 'map', values: { type: 'unknown', nullable: false, doc: emptyDoc() }, nullable: declared.nullable, doc: emptyDoc() }
          : { ...declared, doc: emptyDoc() };
      const doc = { ...declared.doc, notes: [...declared.doc.notes, `Typed as the built-in \`${mapped.name}\` (type map); the CRD itself accepts ${fallback.type === 'unknown' ? 'any value' : 'any object'} here, and so does validation.`] };
      return { type: 'ref', target: mapped, doc, nullable: declared.nullable, fallback };
    }
    return this.plainNode(raw, path, hint);
  }

  plainNode(raw: unknown, path: string, hint: readonly string[]): SchemaNode {
    if (!isPlainObject(raw)) {
      this.warn(path, 'the schema is not an object; typed unknown');
      return this.unknown(emptyDoc());
    }
    const s = raw as JSONSchemaProps;
    const notes: string[] = [];
    const doc = this.doc(s, path, notes);
    const nullable = s.nullable === true;

    for (const key of Object.keys(s)) {
      if (!KNOWN_KEYWORDS.has(key)) this.warn(path, `unsupported keyword '${key}' ignored`);
    }
    if (s.$ref !== undefined) {
      this.warn(path, `'$ref' is not supported; typed unknown`);
      return this.unknown(doc, nullable);
    }

    const intOrString = s['x-kubernetes-int-or-string'] === true;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    const hasShape =
      s.type !== undefined || s.properties !== undefined || s.items !== undefined || s.additionalProperties !== undefined || intOrString || preserve || embedded;
    for (const c of COMBINATORS) {
      if (s[c] === undefined) continue;
      if (c === 'anyOf' && intOrString && this.isIntOrStringAnyOf(s.anyOf)) continue;
      if (!hasShape) {
        this.warn(path, `'${c}' is not supported; typed unknown`);
        return this.unknown(doc, nullable);
      }
      this.warn(path, `'${c}' is not supported; its constraints are not checked client-side`);
      notes.push(`The API server also enforces a \`${c}\` constraint that is not reflected in this type.`);
    }

    if (intOrString) return this.intOrString(s, path, doc, nullable);
    if (embedded) return this.object(s, path, hint, doc, nullable, true);

    switch (s.type) {
      case undefined:
        // Without a type, preserve-unknown-fields lets the API server keep any JSON value there
        // (object, array, string, number, boolean, null): declared properties only apply to objects.
        if (preserve) return this.unknown(doc, nullable);
        if (s.properties !== undefined || s.additionalProperties !== undefined) {
          this.warn(path, `no 'type' declared; treated as an object`);
          return this.object(s, path, hint, doc, nullable, false);
        }
        if (s.items !== undefined) {
          this.warn(path, `no 'type' declared; treated as an array`);
          return this.array(s, path, hint, doc, nullable);
        }
        this.warn(path, `no 'type' declared; typed unknown`);
        return this.unknown(doc, nullable);
      case 'object':
        return this.object(s, path, hint, doc, nullable, false);
      case 'array':
        return this.array(s, path, hint, doc, nullable);
      case 'string':
        return this.string(s, path, doc, nullable);
      case 'integer':
      case 'number':
        return this.number(s, path, doc, nullable, s.type === 'integer');
      case 'boolean': {
        const values = this.enumValues(s, path, nullable, (v): v is boolean => typeof v === 'boolean');
        return { type: 'boolean', doc, nullable, ...(values ? { enum: values } : {}) };
      }
      default:
        this.warn(path, `unsupported type ${JSON.stringify(s.type)}; typed unknown`);
        return this.unknown(doc, nullable);
    }
  }

  isIntOrStringAnyOf(branches: unknown): boolean {
    return (
      Array.isArray(branches) &&
      branches.every((b) => isPlainObject(b) && (b.type === 'integer' || b.type === 'string') && Object.keys(b).every((k) => k === 'type'))
    );
  }

  doc(s: JSONSchemaProps, path: string, notes: string[]): NodeDoc {
    const doc: { -readonly [K in keyof NodeDoc]: NodeDoc[K] } = { hasDefault: false, validations: [], notes };
    if (typeof s.description === 'string' && s.description.trim() !== '') doc.description = s.description;
    if ('default' in s) {
      doc.hasDefault = true;
      doc.default = s.default;
    }
    if (typeof s.format === 'string' && s.format !== '') doc.format = s.format;
    const listType = s['x-kubernetes-list-type'];
    if (typeof listType === 'string') doc.listType = listType;
    const keys = s['x-kubernetes-list-map-keys'];
    if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) doc.listMapKeys = keys;
    const mapType = s['x-kubernetes-map-type'];
    if (typeof mapType === 'string') doc.mapType = mapType;
    const rules = s['x-kubernetes-validations'];
    if (rules !== undefined) {
      if (Array.isArray(rules) && rules.every((r) => isPlainObject(r) && typeof r.rule === 'string')) {
        doc.validations = rules as ValidationRule[];
      } else {
        this.warn(path, `'x-kubernetes-validations' is malformed; ignored`);
      }
    }
    return doc;
  }

  /** Reads a finite number keyword, warning about anything else. */
  num(s: JSONSchemaProps, key: string, path: string, integer = false): number | undefined {
    const v = s[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && (!integer || (Number.isInteger(v) && v >= 0))) return v;
    this.warn(path, `invalid '${key}' ${JSON.stringify(v)} ignored`);
    return undefined;
  }

  pattern(s: JSONSchemaProps, path: string, notes: string[]): string | undefined {
    if (s.pattern === undefined) return undefined;
    if (typeof s.pattern !== 'string') {
      this.warn(path, `invalid 'pattern' ${JSON.stringify(s.pattern)} ignored`);
      return undefined;
    }
    if (jsRegExpFor(s.pattern) !== undefined) return s.pattern;
    this.warn(path, `pattern ${JSON.stringify(s.pattern)} has no JavaScript equivalent with the same meaning; not checked client-side`);
    notes.push(`The API server checks the pattern \`${s.pattern}\`.`);
    return undefined;
  }

  enumValues<T>(s: JSONSchemaProps, path: string, nullable: boolean, is: (v: unknown) => v is T): T[] | undefined {
    if (s.enum === undefined) return undefined;
    if (!Array.isArray(s.enum)) {
      this.warn(path, `'enum' is not a list; ignored`);
      return undefined;
    }
    const out: T[] = [];
    for (const v of s.enum) {
      if (is(v)) {
        if (!out.includes(v)) out.push(v);
      } else if (!(v === null && nullable)) {
        this.warn(path, `enum value ${JSON.stringify(v)} does not match the type; ignored`);
      }
    }
    return out.length > 0 ? out : undefined;
  }

  bounds(s: JSONSchemaProps, path: string): NumericBounds {
    const b: { -readonly [K in keyof NumericBounds]: NumericBounds[K] } = {
      exclusiveMinimum: s.exclusiveMinimum === true,
      exclusiveMaximum: s.exclusiveMaximum === true,
    };
    const min = this.num(s, 'minimum', path);
    if (min !== undefined) b.minimum = min;
    const max = this.num(s, 'maximum', path);
    if (max !== undefined) b.maximum = max;
    const mult = this.num(s, 'multipleOf', path);
    if (mult !== undefined) b.multipleOf = mult;
    return b;
  }

  lengths(s: JSONSchemaProps, path: string): { minLength?: number; maxLength?: number } {
    const out: { minLength?: number; maxLength?: number } = {};
    const min = this.num(s, 'minLength', path, true);
    if (min !== undefined) out.minLength = min;
    const max = this.num(s, 'maxLength', path, true);
    if (max !== undefined) out.maxLength = max;
    return out;
  }

  string(s: JSONSchemaProps, path: string, doc: NodeDoc, nullable: boolean): StringNode {
    const values = this.enumValues(s, path, nullable, (v): v is string => typeof v === 'string');
    const pattern = this.pattern(s, path, doc.notes as string[]);
    return {
      type: 'string',
      doc,
      nullable,
      ...(values ? { enum: values } : {}),
      ...(pattern !== undefined ? { pattern } : {}),
      ...this.lengths(s, path),
    };
  }

  number(s: JSONSchemaProps, path: string, doc: NodeDoc, nullable: boolean, integer: boolean): SchemaNode {
    const values = this.enumValues(s, path, nullable, (v): v is number => typeof v === 'number' && (!integer || Number.isInteger(v)));
    return { type: 'number', integer, doc, nullable, ...(values ? { enum: values } : {}), ...this.bounds(s, path) };
  }

  intOrString(s: JSONSchemaProps, path: string, doc: NodeDoc, nullable: boolean): SchemaNode {
    const values = this.enumValues(s, path, nullable, (v): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)));
    const pattern = this.pattern(s, path, doc.notes as string[]);
    return {
      type: 'int-or-string',
      doc,
      nullable,
      ...(values ? { enum: values } : {}),
      ...(pattern !== undefined ? { pattern } : {}),
      ...this.lengths(s, path),
      ...this.bounds(s, path),
    };
  }

  array(s: JSONSchemaProps, path: string, hint: readonly string[], doc: NodeDoc, nullable: boolean): SchemaNode {
    const last = hint[hint.length - 1] ?? '';
    const singular = singularize(last);
    const itemHint = singular === undefined ? [...hint, 'Item'] : [...hint.slice(0, -1), singular];
    let items: SchemaNode;
    if (s.items === undefined) {
      this.warn(path, `array without 'items'; items typed unknown`);
      items = this.unknown(emptyDoc());
    } else if (Array.isArray(s.items)) {
      this.warn(path, `tuple 'items' (a list of schemas) is not supported; items typed unknown`);
      items = this.unknown(emptyDoc());
    } else {
      items = this.node(s.items, `${path}[*]`, itemHint);
    }
    const minItems = this.num(s, 'minItems', path, true);
    const maxItems = this.num(s, 'maxItems', path, true);
    if (s.uniqueItems === true) (doc.notes as string[]).push('Items must be unique.');
    return {
      type: 'array',
      items,
      doc,
      nullable,
      ...(minItems !== undefined ? { minItems } : {}),
      ...(maxItems !== undefined ? { maxItems } : {}),
    };
  }

  object(s: JSONSchemaProps, path: string, hint: readonly string[], doc: NodeDoc, nullable: boolean, embedded: boolean): SchemaNode {
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const counts: { minProperties?: number; maxProperties?: number } = {};
    const minP = this.num(s, 'minProperties', path, true);
    if (minP !== undefined) counts.minProperties = minP;
    const maxP = this.num(s, 'maxProperties', path, true);
    if (maxP !== undefined) counts.maxProperties = maxP;

    let declared: Record<string, unknown> = {};
    if (s.properties !== undefined) {
      if (isPlainObject(s.properties)) declared = s.properties;
      else this.warn(path, `'properties' is not an object; ignored`);
    }
    const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
    const names = Object.keys(declared).sort(compareStrings);

    const ap = s.additionalProperties;
    let rest: 'closed' | 'open' | SchemaNode = preserve ? 'open' : 'closed';
    if (ap !== undefined && ap !== false) {
      const values = ap === true ? this.unknown(emptyDoc()) : this.node(ap, `${path}.*`, [...hint, 'Value']);
      if (names.length === 0 && !embedded) return { type: 'map', values, doc, nullable, ...counts };
      this.warn(path, `both 'properties' and 'additionalProperties' are declared (not a structural schema); extra fields are typed by 'additionalProperties'`);
      rest = values;
    } else if (names.length === 0 && !embedded && preserve) {
      return { type: 'map', values: this.unknown(emptyDoc()), doc, nullable, ...counts };
    }

    const properties: PropertyNode[] = [];
    for (const name of names) {
      const childPath = propertyPath(path, name);
      let node: SchemaNode;
      if (embedded && name === 'metadata') {
        node = { type: 'object-meta', nullable: false, doc: isPlainObject(declared[name]) ? this.doc(declared[name] as JSONSchemaProps, childPath, []) : emptyDoc() };
      } else {
        node = this.node(declared[name], childPath, [...hint, pascalCase(name) || 'Field']);
      }
      properties.push({ name, node, required: required.has(name) });
    }
    if (embedded) {
      const have = new Set(names);
      const add = (name: string, node: SchemaNode): void => {
        if (!have.has(name)) properties.push({ name, node, required: false });
      };
      add('apiVersion', { type: 'string', nullable: false, doc: emptyDoc() });
      add('kind', { type: 'string', nullable: false, doc: emptyDoc() });
      add('metadata', { type: 'object-meta', nullable: false, doc: emptyDoc() });
      properties.sort((a, b) => compareStrings(a.name, b.name));
    }
    return { type: 'object', name: '', nameHint: hint, path, properties, rest, embedded, doc, nullable, ...counts };
  }
}

/**
 * Normalizes the root schema of one CRD version. The result is always an object node named
 * after the kind, with optional `apiVersion` and `kind` literals and `metadata` as ObjectMeta.
 */
export function normalizeRootSchema(schema: unknown, kind: string, apiVersion: string, ctx: NormalizeContext): ObjectNode {
  return new Normalizer(ctx).root(schema, kind, apiVersion);
}
