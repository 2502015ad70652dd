/**
 * Renders plain JSON-like data (objects, arrays, strings, numbers, booleans, null) as a
 * formatted TypeScript expression: two-space indentation, single quotes, trailing commas on
 * multi-line literals, object keys sorted, short arrays of primitives on one line.
 * @packageDocumentation
 */
import { compareStrings, quote, valuePropertyKey } from './ts-syntax.js';

/** Width under which an array of primitives stays on one line. */
const INLINE_WIDTH = 80;

function primitive(value: unknown, path: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} cannot be written as a literal`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object':
      return undefined;
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be written as a literal`);
  }
}

/**
 * Renders `value` as a TypeScript expression; continuation lines are indented relative to the
 * line the expression starts on (the caller adds its own indentation to each line).
 */
export function valueLiteral(value: unknown, path = '$'): string {
  const p = primitive(value, path);
  if (p !== undefined) return p;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v, i) => valueLiteral(v, `${path}[${i}]`));
    const inline = `[${items.join(', ')}]`;
    if (!inline.includes('\n') && inline.length <= INLINE_WIDTH && value.every((v) => v === null || typeof v !== 'object')) return inline;
    return `[\n${items.map((i) => `${indent(i)},\n`).join('')}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(compareStrings);
  if (keys.length === 0) return '{}';
  const entries = keys.map((k) => `${valuePropertyKey(k)}: ${valueLiteral(obj[k], `${path}.${k}`)}`);
  return `{\n${entries.map((e) => `${indent(e)},\n`).join('')}}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
}
