/**
 * Maps schema nodes to write checks: plain TypeScript predicates that answer, in one pass and
 * without zod, whether an object passes the zod schema `schema-to-zod.ts` emits for the same node.
 * The client runs the check on every validated write and loads zod only when it fails, to list
 * the problems; so a check must never accept what the zod schema rejects. For JSON values it
 * answers exactly as zod does (a property test holds the two together); for other values it may
 * be stricter (zod then decides).
 *
 * Each object becomes a function; arrays and maps become small hoisted functions (shared when
 * equal); patterns and long enums become module-level constants. Everything else is an inline
 * expression over one variable.
 * @packageDocumentation
 */
import type { ModuleImports } from './module-imports.js';
import type { ObjectNode, PropertyNode, SchemaNode } from './schema-node.js';
import { jsRegExpFor } from './go-regexp.js';
import { quote, regexLiteral } from './ts-syntax.js';

/** Names of the helpers in `src/meta/value-checks.ts` a checks file uses. */
export type CheckHelper = 'codePointCount' | 'isMultipleOf' | 'isObject' | 'isObjectMeta' | 'isPlainRecord' | 'propertyCountWithin';

/** Every helper name (reserved in a checks file). */
export const CHECK_HELPERS: readonly CheckHelper[] = ['codePointCount', 'isMultipleOf', 'isObject', 'isObjectMeta', 'isPlainRecord', 'propertyCountWithin'];

/**
 * The negation of a check expression: `typeof x !== 'string'` for `typeof x === 'string'`,
 * `x !== 'a'` for `x === 'a'`, `!f(x)` for a call, `!(...)` otherwise.
 */
function negate(e: string): string {
  const type = /^typeof (\w+) === ('\w+')$/.exec(e);
  if (type !== null) return `typeof ${type[1]} !== ${type[2]}`;
  const equal = /^(\w+) === ('(?:[^'\\]|\\.)*'|-?[\w.]+)$/.exec(e);
  if (equal !== null) return `${equal[1]} !== ${equal[2]}`;
  if (/^[\w.]+\(\w+\)$/.test(e)) return `!${e}`;
  return `!(${e})`;
}

/** Enums longer than this are checked against a module-level `Set`. */
const INLINE_ENUM_MAX = 6;

/** Emits the checks of one file: tracks helpers, imports and the hoisted declarations. */
export class CheckEmitter {
  /** Helpers used so far. */
  readonly helpers = new Set<CheckHelper>();
  /** Module-level declarations (constants, array and map functions), in order of first use. */
  readonly #hoisted: string[] = [];
  /** Hoisted source (with its name left out) to the name it was given. */
  readonly #bySource = new Map<string, string>();
  #count = 0;

  /**
   * @param objectFunction - the function checking a named object node of this file
   * @param refs - resolves references to named types of other modules (their check functions)
   * @param lenientProperties - built-in (Go-decoded) types: every property may be absent or `null`
   */
  constructor(
    private readonly objectFunction: (node: ObjectNode) => string,
    private readonly refs?: ModuleImports,
    private readonly lenientProperties = false,
  ) {}

  /** The hoisted declarations, to be written before the functions that use them. */
  hoisted(): readonly string[] {
    return this.#hoisted;
  }

  /** Hoists `source` (with `$NAME` where its name goes) once, returning its name. */
  #hoist(kind: string, source: string): string {
    const known = this.#bySource.get(source);
    if (known !== undefined) return known;
    const name = `${kind}${++this.#count}`;
    this.#bySource.set(source, name);
    this.#hoisted.push(source.replace('$NAME', name));
    return name;
  }

  #helper(h: CheckHelper): string {
    this.helpers.add(h);
    return h;
  }

  #oneOf(values: readonly (string | number | boolean)[], v: string): string {
    const lit = (x: string | number | boolean): string => (typeof x === 'string' ? quote(x) : String(x));
    if (values.length <= INLINE_ENUM_MAX) return `(${values.map((x) => `${v} === ${lit(x)}`).join(' || ')})`;
    const set = this.#hoist('values', `const $NAME = new Set<unknown>([${values.map(lit).join(', ')}]);`);
    return `${set}.has(${v})`;
  }

  #string(n: { pattern?: string; minLength?: number; maxLength?: number }, v: string): string {
    const parts = [`typeof ${v} === 'string'`];
    const re = n.pattern === undefined ? undefined : jsRegExpFor(n.pattern);
    if (re !== undefined) parts.push(`${this.#hoist('pattern', `const $NAME = ${regexLiteral(re)};`)}.test(${v})`);
    if (n.minLength !== undefined) parts.push(`${this.#helper('codePointCount')}(${v}) >= ${n.minLength}`);
    if (n.maxLength !== undefined) parts.push(`${this.#helper('codePointCount')}(${v}) <= ${n.maxLength}`);
    return parts.join(' && ');
  }

  #number(n: { minimum?: number; maximum?: number; exclusiveMinimum: boolean; exclusiveMaximum: boolean; multipleOf?: number }, integer: boolean, v: string): string {
    const parts = [`typeof ${v} === 'number'`, integer ? `Number.isInteger(${v})` : `Number.isFinite(${v})`];
    if (n.minimum !== undefined) parts.push(`${v} ${n.exclusiveMinimum ? '>' : '>='} ${n.minimum}`);
    if (n.maximum !== undefined) parts.push(`${v} ${n.exclusiveMaximum ? '<' : '<='} ${n.maximum}`);
    if (n.multipleOf !== undefined) parts.push(`${this.#helper('isMultipleOf')}(${v}, ${n.multipleOf})`);
    return parts.join(' && ');
  }

  /**
   * A boolean expression: true when the value in variable `v` passes the node's zod schema.
   * `'true'` when every value does. A disjunction comes in parentheses; a conjunction does not
   * (callers only ever combine expressions with `&&` and `||`).
   */
  expr(node: SchemaNode, v: string): string {
    const e = this.#nonNull(node, v);
    if (!node.nullable || e === 'true') return e;
    return `(${v} === null || ${e})`;
  }

  #nonNull(node: SchemaNode, v: string): string {
    switch (node.type) {
      case 'literal':
        return `${v} === ${quote(node.value)}`;
      case 'string':
        return node.enum && !node.openEnum ? this.#oneOf(node.enum, v) : this.#string(node, v);
      case 'number':
        return node.enum ? this.#oneOf(node.enum, v) : this.#number(node, node.integer, v);
      case 'boolean':
        return node.enum ? this.#oneOf(node.enum, v) : `typeof ${v} === 'boolean'`;
      case 'int-or-string':
        return node.enum ? this.#oneOf(node.enum, v) : `((${this.#number(node, true, v)}) || (${this.#string(node, v)}))`;
      case 'array':
        return `${this.#array(node.items, node.minItems, node.maxItems) ?? 'Array.isArray'}(${v})`;
      case 'object':
        return `${this.objectFunction(node)}(${v})`;
      case 'map':
        return `${this.#map(node.values, node.minProperties, node.maxProperties) ?? this.#helper('isPlainRecord')}(${v})`;
      case 'object-meta':
        return `${this.#helper('isObjectMeta')}(${v})`;
      case 'quantity':
        return `(typeof ${v} === 'string' || (typeof ${v} === 'number' && Number.isFinite(${v})))`;
      case 'ref': {
        const fn = node.target.schemaFunction === undefined ? undefined : this.refs?.local(node.target);
        const own = fn === undefined ? `${this.#helper('isObject')}(${v})` : `${fn}(${v})`;
        if (node.fallback === undefined) return own;
        const fallback = this.expr(node.fallback, v);
        return fallback === 'true' ? 'true' : `(${own} || ${fallback})`;
      }
      case 'unknown':
        return 'true';
    }
  }

  /** A hoisted function checking an array; `undefined` when `Array.isArray` says it all. */
  #array(items: SchemaNode, min: number | undefined, max: number | undefined): string | undefined {
    // A null item is defaulted when the item schema has a default (as in schema-to-zod.ts).
    const lenientItems = !this.lenientProperties && items.doc.hasDefault && !items.nullable && items.type !== 'unknown';
    let item = this.expr(items, 'x');
    if (lenientItems && item !== 'true') item = `(x === null || ${item})`;
    if (item === 'true' && min === undefined && max === undefined) return undefined;
    const guards = ['!Array.isArray(v)'];
    if (min !== undefined) guards.push(`v.length < ${min}`);
    if (max !== undefined) guards.push(`v.length > ${max}`);
    const lines = [`function $NAME(v: unknown): boolean {`, `  if (${guards.join(' || ')}) return false;`];
    if (item !== 'true') {
      lines.push('  for (let i = 0; i < v.length; i++) {', '    const x: unknown = v[i];', `    if (${negate(item)}) return false;`, '  }');
    }
    lines.push('  return true;', '}');
    return this.#hoist('array', lines.join('\n'));
  }

  /** A hoisted function checking a map (a zod record with string keys); `undefined` when `isPlainRecord` says it all. */
  #map(values: SchemaNode, min: number | undefined, max: number | undefined): string | undefined {
    const value = this.#writeValue(values, 'x');
    if (value === 'true' && min === undefined && max === undefined) return undefined;
    const lines = [`function $NAME(v: unknown): boolean {`, `  if (!${this.#helper('isPlainRecord')}(v)) return false;`];
    if (value !== 'true') lines.push('  for (const k in v) {', '    const x = v[k];', `    if (${negate(value)}) return false;`, '  }');
    lines.push(min === undefined && max === undefined ? '  return true;' : `  return ${this.#helper('propertyCountWithin')}(v, ${min}, ${max});`, '}');
    return this.#hoist('map', lines.join('\n'));
  }

  /** A map value or an extra field on writes: `null` passes (the server prunes it or defaults). */
  #writeValue(node: SchemaNode, v: string): string {
    const e = this.expr(node, v);
    if (this.lenientProperties || node.nullable || node.type === 'unknown' || e === 'true') return e;
    return `(${v} === null || ${e})`;
  }

  /**
   * When a declared property (its value in `x`) fails, as `propertyExpr` of schema-to-zod.ts
   * judges it; `undefined` when it never does.
   */
  #propertyFails(p: PropertyNode): string | undefined {
    const e = this.expr(p.node, 'x');
    // Required without a default: present. Only a schema that takes anything takes a present
    // `undefined` (every other one refuses it).
    if (!this.lenientProperties && p.required && !p.node.doc.hasDefault) return e === 'true' ? `x === undefined && !(${quote(p.name)} in v)` : `x === undefined || ${negate(e)}`;
    if (e === 'true') return undefined;
    // Optional (built-in fields always): absent, or `null` unless the schema takes anything.
    const absent = !this.lenientProperties && (p.node.type === 'unknown' || p.node.nullable) ? 'x !== undefined' : 'x != null';
    return `${absent} && ${negate(e)}`;
  }

  /**
   * The lines of the function `name` checking an object node: an object (not an array), each
   * declared property, extra fields against the node's value schema (undeclared ones otherwise
   * pass: the schemas are loose), and the property count.
   */
  objectLines(node: ObjectNode, name: string, exported: boolean): string[] {
    const lines = [`${exported ? 'export ' : ''}function ${name}(v: unknown): boolean {`, `  if (!${this.#helper('isObject')}(v)) return false;`];
    const checks = node.properties.map((p) => [p.name, this.#propertyFails(p)] as const).filter(([, c]) => c !== undefined);
    if (checks.length > 0) lines.push('  let x: unknown;');
    for (const [prop, fails] of checks) lines.push(`  x = v[${quote(prop)}];`, `  if (${fails}) return false;`);
    if (!this.lenientProperties && typeof node.rest === 'object') {
      const value = this.#writeValue(node.rest, 'x');
      if (value !== 'true') {
        const declared = node.properties.map((p) => quote(p.name));
        const keys = this.#hoist('declared', `const $NAME = new Set<string>([${declared.join(', ')}]);`);
        lines.push('  for (const k in v) {', `    if (k === '__proto__' || ${keys}.has(k)) continue;`, '    const x = v[k];', `    if (${negate(value)}) return false;`, '  }');
      }
    }
    if (node.minProperties !== undefined || node.maxProperties !== undefined) {
      lines.push(`  return ${this.#helper('propertyCountWithin')}(v, ${node.minProperties}, ${node.maxProperties});`);
    } else {
      lines.push('  return true;');
    }
    lines.push('}');
    return lines;
  }
}
