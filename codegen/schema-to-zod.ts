/**
 * Maps schema nodes to zod source: `z.looseObject` for objects (unknown fields are left to the
 * server's field validation, never stripped), `z.record` for maps, int-or-string as a union of
 * an integer and a (pattern-checked) string, and every numeric, length, item-count, pattern and
 * enum constraint the schema declares. Defaults are not applied: the server applies them.
 *
 * The schemas validate the write form of an object, and are never stricter than the API server:
 * - a field (or map value) set to `null` where the schema does not allow null is accepted: the
 *   server prunes it, or fills in its default, before validating; so is a `null` list item whose
 *   schema has a default;
 * - a required field that has a default may be omitted: the server fills it in;
 * - integers are any JSON integer (the server decodes them as int64 and accepts larger ones as
 *   integral floats), never only the safe-integer range;
 * - `format` is documentation only: the server validates a few string formats, and int32/float
 *   ranges, which the client leaves to it;
 * - string lengths count Unicode code points, as the server does; patterns match code points.
 * @packageDocumentation
 */
import type { ModuleImports } from './module-imports.js';
import type { ObjectNode, PropertyNode, SchemaNode } from './schema-node.js';
import { jsRegExpFor } from './go-regexp.js';
import { quote, regexLiteral, valuePropertyKey } from './ts-syntax.js';

/** Names of the helpers in `src/meta/schema-helpers.ts` a schema file uses. */
export type SchemaHelper = 'builtinObject' | 'int64' | 'lazyRef' | 'multipleOf' | 'objectMeta' | 'propertyCount' | 'stringLength';

/** Collects the helpers used while emitting. */
export interface ZodEmitContext {
  readonly helpers: Set<SchemaHelper>;
  /** Resolves references to named types (their lazy schema functions). */
  readonly refs?: ModuleImports;
  /**
   * Built-in (Go-decoded) types: every property also accepts `null` and may be absent (Go's JSON
   * decoder treats `null` as "leave unset", and required fields are the server's to check).
   */
  readonly lenientProperties?: boolean;
}

function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? quote(v) : String(v);
}

function enumExpr(values: readonly (string | number | boolean)[]): string {
  if (values.every((v) => typeof v === 'string')) return `z.enum([${values.map(literal).join(', ')}])`;
  if (values.length === 1) return `z.literal(${literal(values[0]!)})`;
  return `z.literal([${values.map(literal).join(', ')}])`;
}

/**
 * `z.string()` with the node's pattern and length checks. Lengths count code points (the server
 * counts runes), so they go through the `stringLength` helper rather than zod's UTF-16 `.min`/`.max`.
 */
function stringExpr(n: { minLength?: number; maxLength?: number; pattern?: string }, ctx: ZodEmitContext): string {
  let s = 'z.string()';
  const re = n.pattern === undefined ? undefined : jsRegExpFor(n.pattern);
  if (re !== undefined) s += `.regex(${regexLiteral(re)})`;
  if (n.minLength === undefined && n.maxLength === undefined) return s;
  ctx.helpers.add('stringLength');
  const opts: string[] = [];
  if (n.minLength !== undefined) opts.push(`min: ${n.minLength}`);
  if (n.maxLength !== undefined) opts.push(`max: ${n.maxLength}`);
  return `stringLength(${s}, { ${opts.join(', ')} })`;
}

/** The schema of a JSON integer: any integral number, beyond the safe-integer range too. */
function integerExpr(ctx: ZodEmitContext): string {
  ctx.helpers.add('int64');
  return 'int64()';
}

/**
 * A number schema with its bounds; `multipleOf` goes through the helper, whose tolerance is the
 * server's (zod's own `.multipleOf` rejects some quotients the server accepts).
 */
function withBounds(base: string, n: { minimum?: number; maximum?: number; exclusiveMinimum: boolean; exclusiveMaximum: boolean; multipleOf?: number }, ctx: ZodEmitContext): string {
  let s = base;
  if (n.minimum !== undefined) s += `.${n.exclusiveMinimum ? 'gt' : 'gte'}(${n.minimum})`;
  if (n.maximum !== undefined) s += `.${n.exclusiveMaximum ? 'lt' : 'lte'}(${n.maximum})`;
  if (n.multipleOf === undefined) return s;
  ctx.helpers.add('multipleOf');
  return `multipleOf(${s}, ${n.multipleOf})`;
}

function withPropertyCount(expr: string, n: { minProperties?: number; maxProperties?: number }, ctx: ZodEmitContext): string {
  if (n.minProperties === undefined && n.maxProperties === undefined) return expr;
  ctx.helpers.add('propertyCount');
  const opts: string[] = [];
  if (n.minProperties !== undefined) opts.push(`min: ${n.minProperties}`);
  if (n.maxProperties !== undefined) opts.push(`max: ${n.maxProperties}`);
  return `propertyCount(${expr}, { ${opts.join(', ')} })`;
}

/** The zod expression of a node; object nodes are referenced by their type name. */
export function zodExpr(node: SchemaNode, ctx: ZodEmitContext): string {
  let e: string;
  switch (node.type) {
    case 'literal':
      e = `z.literal(${quote(node.value)})`;
      break;
    case 'string':
      e = node.enum && !node.openEnum ? enumExpr(node.enum) : stringExpr(node, ctx);
      break;
    case 'number':
      if (node.enum) {
        e = enumExpr(node.enum);
      } else {
        e = withBounds(node.integer ? integerExpr(ctx) : 'z.number()', node, ctx);
      }
      break;
    case 'boolean':
      e = node.enum ? enumExpr(node.enum) : 'z.boolean()';
      break;
    case 'int-or-string':
      e = node.enum ? enumExpr(node.enum) : `z.union([${withBounds(integerExpr(ctx), node, ctx)}, ${stringExpr(node, ctx)}])`;
      break;
    case 'array': {
      // A null item is defaulted when the item schema has a default; otherwise the server rejects it.
      const items = zodExpr(node.items, ctx);
      const lenientItems = ctx.lenientProperties !== true && node.items.doc.hasDefault && !node.items.nullable && node.items.type !== 'unknown';
      let s = `z.array(${lenientItems ? `${items}.nullable()` : items})`;
      if (node.minItems !== undefined) s += `.min(${node.minItems})`;
      if (node.maxItems !== undefined) s += `.max(${node.maxItems})`;
      e = s;
      break;
    }
    case 'object':
      e = node.name;
      break;
    case 'map':
      e = withPropertyCount(`z.record(z.string(), ${writeValue(node.values, ctx)})`, node, ctx);
      break;
    case 'object-meta':
      ctx.helpers.add('objectMeta');
      e = 'objectMeta()';
      break;
    case 'quantity':
      e = 'z.union([z.number(), z.string()])';
      break;
    case 'ref': {
      const fn = node.target.schemaFunction === undefined ? undefined : ctx.refs?.local(node.target);
      let own = 'z.looseObject({})';
      if (fn !== undefined && ctx.lenientProperties === true) {
        ctx.helpers.add('lazyRef');
        own = `lazyRef(${fn})`;
      } else if (fn !== undefined) {
        own = `z.lazy(${fn})`;
      }
      e = node.fallback === undefined ? own : `z.union([${own}, ${zodExpr(node.fallback, ctx)}])`;
      break;
    }
    case 'unknown':
      return 'z.unknown()';
  }
  return node.nullable ? `${e}.nullable()` : e;
}

/**
 * The value of a map entry (or an extra field) on writes: `null` is accepted where the schema does
 * not allow it, because the server prunes it (or fills in the default) before validating.
 */
function writeValue(node: SchemaNode, ctx: ZodEmitContext): string {
  const e = zodExpr(node, ctx);
  if (ctx.lenientProperties === true || node.nullable || node.type === 'unknown') return e;
  return `${e}.nullable()`;
}

/**
 * A declared property on writes. Optional: absent or `null` (pruned, or defaulted, by the server).
 * Required with a default: the same, the server fills it in. Required without a default: present,
 * and `null` only when the schema is nullable.
 */
function propertyExpr(p: PropertyNode, ctx: ZodEmitContext): string {
  const e = zodExpr(p.node, ctx);
  if (p.required && !p.node.doc.hasDefault) return e;
  return p.node.type === 'unknown' || p.node.nullable ? `${e}.optional()` : `${e}.nullish()`;
}

/**
 * The multi-line zod expression defining an object node (its shape, rest and property count).
 * Nullability is added where the object is referenced, not here.
 */
export function zodObjectDefinition(node: ObjectNode, ctx: ZodEmitContext): string {
  if (ctx.lenientProperties === true) {
    // Built-in types: every field optional and nullable (added by the helper).
    ctx.helpers.add('builtinObject');
    const fields = node.properties.map((p) => `  ${valuePropertyKey(p.name)}: ${zodExpr(p.node, ctx)},\n`);
    return withPropertyCount(`builtinObject(${fields.length === 0 ? '{}' : `{\n${fields.join('')}}`})`, node, ctx);
  }
  const fields = node.properties.map((p) => `  ${valuePropertyKey(p.name)}: ${propertyExpr(p, ctx)},\n`);
  const shape = fields.length === 0 ? '{}' : `{\n${fields.join('')}}`;
  const e = typeof node.rest === 'object' ? `z.object(${shape}).catchall(${writeValue(node.rest, ctx)})` : `z.looseObject(${shape})`;
  return withPropertyCount(e, node, ctx);
}
