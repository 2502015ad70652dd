/**
 * Maps schema nodes to TypeScript: type expressions for fields, and one interface per object
 * node. Kubernetes semantics: int-or-string is `number | string`, preserved unknown fields are an
 * `unknown` index signature (never `any`), maps are index signatures, enums are literal unions,
 * `nullable` adds `| null`, required fields are not optional. Write forms follow
 * codegen/write-form.ts.
 * @packageDocumentation
 */
import type { CodeWriter } from './code-writer.js';
import type { ModuleImports } from './module-imports.js';
import type { ObjectNode, SchemaNode } from './schema-node.js';
import { docComment, docTextLines, nodeDocLines } from './tsdoc.js';
import { quote, typePropertyKey } from './ts-syntax.js';
import { itemNullOnWrite, nullOnWrite, optionalOnWrite, valueNullOnWrite, type WriteSemantics } from './write-form.js';

function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? quote(v) : String(v);
}

/**
 * Which form of a type: what the server returns (`read`), or what a client may write: `input` for
 * custom resources (nulls pruned by the structural schema), `builtin-input` for built-in kinds
 * (nulls decoded by Go as zero values). See codegen/write-form.ts.
 */
export type TypeForm = 'read' | 'input' | 'builtin-input';

function semanticsOf(form: TypeForm): WriteSemantics | undefined {
  return form === 'input' ? 'crd' : form === 'builtin-input' ? 'builtin' : undefined;
}

function orNull(type: string, add: boolean): string {
  return add ? `${type} | null` : type;
}

/** The members of the union a node's type is (one member when it is not a union). */
function typeMembers(node: SchemaNode, refs?: ModuleImports, form: TypeForm = 'read'): string[] {
  let members: string[];
  switch (node.type) {
    case 'literal':
      members = [quote(node.value)];
      break;
    case 'string':
      members = node.enum ? node.enum.map(literal) : ['string'];
      break;
    case 'number':
      members = node.enum ? node.enum.map(literal) : ['number'];
      break;
    case 'boolean':
      members = node.enum ? node.enum.map(literal) : ['boolean'];
      break;
    case 'int-or-string':
      members = node.enum ? node.enum.map(literal) : ['number', 'string'];
      break;
    case 'array': {
      const semantics = semanticsOf(form);
      const items = typeMembers(node.items, refs, form);
      if (semantics !== undefined && itemNullOnWrite(node.items, semantics)) items.push('null');
      members = [items.length > 1 ? `(${items.join(' | ')})[]` : `${items[0]}[]`];
      break;
    }
    case 'object':
      members = [form !== 'read' && node.inputName !== undefined ? node.inputName : node.name];
      break;
    case 'map': {
      const semantics = semanticsOf(form);
      members = [`{ [key: string]: ${orNull(tsType(node.values, refs, form), semantics !== undefined && valueNullOnWrite(node.values, semantics))} }`];
      break;
    }
    case 'object-meta':
      members = [form === 'read' ? (refs?.objectMeta ?? 'ObjectMeta') : (refs?.objectMetaInput ?? 'ObjectMetaInput')];
      break;
    case 'quantity':
      members = ['number', 'string'];
      break;
    case 'ref':
      if (refs === undefined) throw new Error(`a reference to ${node.target.name} needs an import context`);
      members = [refs.local(form !== 'read' && node.target.inputName !== undefined ? { ...node.target, name: node.target.inputName } : node.target)];
      break;
    case 'unknown':
      return ['unknown'];
  }
  return node.nullable ? [...members, 'null'] : members;
}

/** The TypeScript type expression of a node (its read form unless told otherwise). */
export function tsType(node: SchemaNode, refs?: ModuleImports, form: TypeForm = 'read'): string {
  return typeMembers(node, refs, form).join(' | ');
}

/** The doc lines of an object's interface: its description, or where it sits in its kind. */
export function interfaceDocLines(node: ObjectNode, rootKind: string): string[] {
  const lines = node.doc.description !== undefined ? docTextLines(node.doc.description) : [`The object at \`${node.path}\` of a ${rootKind}.`];
  if (node.properties.length === 0 && node.rest === 'closed') {
    lines.push('', 'Declares no fields: the API server prunes any field set here.');
  }
  return lines;
}

/**
 * Writes the properties (and index signature) of an object node's interface body. In a write
 * form, a required field with a default is optional (the server fills it in) and a field that may
 * be omitted may also be `null` (codegen/write-form.ts).
 */
export function writeInterfaceMembers(w: CodeWriter, node: ObjectNode, refs?: ModuleImports, form: TypeForm = 'read'): void {
  const semantics = semanticsOf(form);
  for (const p of node.properties) {
    const doc = docComment(nodeDocLines(p.node));
    if (doc !== '') w.line(doc);
    const optional = semantics !== undefined ? optionalOnWrite(p, semantics) : !p.required;
    w.line(`${typePropertyKey(p.name)}${optional ? '?' : ''}: ${orNull(tsType(p.node, refs, form), semantics !== undefined && nullOnWrite(p, semantics))};`);
  }
  if (node.rest === 'open') {
    w.line('/** Unknown fields are preserved by the API server (`x-kubernetes-preserve-unknown-fields`). */');
    w.line('[key: string]: unknown;');
  } else if (node.rest === 'closed') {
    if (node.properties.length === 0) w.line('[key: string]: never;');
  } else {
    w.line(`/** Further fields, each of type \`${tsType(node.rest, refs, form).replace(/\*\//g, '*\\/')}\`. */`);
    w.line('[key: string]: unknown;');
  }
}

/** Writes `export interface <name> { ... }` for an object node, with its TSDoc. */
export function writeInterface(w: CodeWriter, node: ObjectNode, docLines: readonly string[], refs?: ModuleImports): void {
  w.line(docComment(docLines));
  w.block(`export interface ${node.name} {`, () => writeInterfaceMembers(w, node, refs));
}

/**
 * Writes `export interface <inputName> { ... }`, the write form of an object node, when it has
 * one. Every read object is assignable to it: it only makes fields optional or nullable, and
 * nested objects their write forms.
 */
export function writeInputInterface(w: CodeWriter, node: ObjectNode, refs?: ModuleImports, form: Exclude<TypeForm, 'read'> = 'input'): void {
  if (node.inputName === undefined) return;
  w.line();
  w.line(
    docComment([
      `The write form of \`${node.name}\` (create, update):`,
      ...(form === 'input'
        ? ['fields the API server fills in with their default may be omitted; optional fields (and map', 'values) may be `null`, which the server drops.']
        : ['optional fields may be `null`, which the server decodes as unset.']),
      `A \`${node.name}\` read from the server is assignable to it.`,
    ]),
  );
  w.block(`export interface ${node.inputName} {`, () => writeInterfaceMembers(w, node, refs, form));
}
