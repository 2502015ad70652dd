/**
 * Maps schema nodes to TypeScript: type expressions for fields, and one interface per object
 * node. Kubernetes semantics: int-or-string is `number | string`, preserved unknown fields are an
 * `unknown` index signature (never `any`), maps are index signatures, enums are literal unions,
 * `nullable` adds `| null`, required fields are not optional.
 * @packageDocumentation
 */
import type { CodeWriter } from './code-writer.js';
import type { ModuleImports } from './module-imports.js';
import type { ObjectNode, SchemaNode } from './schema-node.js';
import { docComment, docTextLines, nodeDocLines } from './tsdoc.js';
import { quote, typePropertyKey } from './ts-syntax.js';

function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? quote(v) : String(v);
}

/**
 * Which form of a type: what the server returns (`read`), or what a client may write (`input`:
 * required fields with a default may be omitted).
 */
export type TypeForm = 'read' | 'input';

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
      const items = typeMembers(node.items, refs, form);
      members = [items.length > 1 ? `(${items.join(' | ')})[]` : `${items[0]}[]`];
      break;
    }
    case 'object':
      members = [form === 'input' && node.inputName !== undefined ? node.inputName : node.name];
      break;
    case 'map':
      members = [`{ [key: string]: ${tsType(node.values, refs, form)} }`];
      break;
    case 'object-meta':
      members = [refs?.objectMeta ?? 'ObjectMeta'];
      break;
    case 'quantity':
      members = ['number', 'string'];
      break;
    case 'ref':
      if (refs === undefined) throw new Error(`a reference to ${node.target.name} needs an import context`);
      members = [refs.local(node.target)];
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
 * Writes the properties (and index signature) of an object node's interface body. In the input
 * form, a required field with a default is optional (the server fills it in).
 */
export function writeInterfaceMembers(w: CodeWriter, node: ObjectNode, refs?: ModuleImports, form: TypeForm = 'read'): void {
  for (const p of node.properties) {
    const doc = docComment(nodeDocLines(p.node));
    if (doc !== '') w.line(doc);
    const optional = !p.required || (form === 'input' && p.node.doc.hasDefault);
    w.line(`${typePropertyKey(p.name)}${optional ? '?' : ''}: ${tsType(p.node, refs, form)};`);
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
 * one. Every read object is assignable to it: it only makes defaulted fields optional.
 */
export function writeInputInterface(w: CodeWriter, node: ObjectNode, refs?: ModuleImports): void {
  if (node.inputName === undefined) return;
  w.line();
  w.line(
    docComment([
      `The write form of \`${node.name}\` (create, update):`,
      'fields the API server fills in with their default may be omitted.',
      `A \`${node.name}\` read from the server is assignable to it.`,
    ]),
  );
  w.block(`export interface ${node.inputName} {`, () => writeInterfaceMembers(w, node, refs, 'input'));
}
