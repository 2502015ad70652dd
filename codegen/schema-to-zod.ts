/**
 * Maps schema nodes to zod source: `looseObject` for objects (a `z.looseObject` typed `z.ZodType`,
 * cheap to type-check; unknown fields are left to the server's field validation, never
 * stripped), `z.record` for maps, int-or-string as a union of
 * an integer and a (pattern-checked) string, and every numeric, length, item-count, pattern and
 * enum constraint the schema declares. Defaults are not applied: the server applies them.
 * @packageDocumentation
 */
import type { ModuleImports } from './module-imports.js';
import type { ObjectNode, SchemaNode } from './schema-node.js';
import { quote, regexLiteral, valuePropertyKey } from './ts-syntax.js';

/** Names of the helpers in `src/meta/schema-helpers.ts` a schema file uses. */
export type SchemaHelper = 'builtinObject' | 'int64' | 'lazyRef' | 'looseObject' | 'objectMeta' | 'propertyCount';

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

function lengthChecks(n: { minLength?: number; maxLength?: number; pattern?: string }): string {
  let s = '';
  if (n.minLength !== undefined) s += `.min(${n.minLength})`;
  if (n.maxLength !== undefined) s += `.max(${n.maxLength})`;
  if (n.pattern !== undefined) s += `.regex(${regexLiteral(n.pattern)})`;
  return s;
}

function boundChecks(n: { minimum?: number; maximum?: number; exclusiveMinimum: boolean; exclusiveMaximum: boolean; multipleOf?: number }): string {
  let s = '';
  if (n.minimum !== undefined) s += `.${n.exclusiveMinimum ? 'gt' : 'gte'}(${n.minimum})`;
  if (n.maximum !== undefined) s += `.${n.exclusiveMaximum ? 'lt' : 'lte'}(${n.maximum})`;
  if (n.multipleOf !== undefined) s += `.multipleOf(${n.multipleOf})`;
  return s;
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
      e = node.enum && !node.openEnum ? enumExpr(node.enum) : `z.string()${lengthChecks(node)}`;
      break;
    case 'number':
      if (node.enum) {
        e = enumExpr(node.enum);
      } else {
        let base = 'z.number()';
        if (node.integer && node.doc.format === 'int64') {
          ctx.helpers.add('int64');
          base = 'int64()';
        } else if (node.integer) {
          base = 'z.number().int()';
        }
        e = base + boundChecks(node);
      }
      break;
    case 'boolean':
      e = node.enum ? enumExpr(node.enum) : 'z.boolean()';
      break;
    case 'int-or-string':
      e = node.enum ? enumExpr(node.enum) : `z.union([z.number().int()${boundChecks(node)}, z.string()${lengthChecks(node)}])`;
      break;
    case 'array': {
      let s = `z.array(${zodExpr(node.items, ctx)})`;
      if (node.minItems !== undefined) s += `.min(${node.minItems})`;
      if (node.maxItems !== undefined) s += `.max(${node.maxItems})`;
      e = s;
      break;
    }
    case 'object':
      e = node.name;
      break;
    case 'map':
      e = withPropertyCount(`z.record(z.string(), ${zodExpr(node.values, ctx)})`, node, ctx);
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
  const fields = node.properties.map((p) => `  ${valuePropertyKey(p.name)}: ${zodExpr(p.node, ctx)}${p.required ? '' : '.optional()'},\n`);
  const shape = fields.length === 0 ? '{}' : `{\n${fields.join('')}}`;
  if (typeof node.rest !== 'object') ctx.helpers.add('looseObject');
  let e = typeof node.rest === 'object' ? `z.object(${shape}).catchall(${zodExpr(node.rest, ctx)})` : `looseObject(${shape})`;
  return withPropertyCount(e, node, ctx);
}
