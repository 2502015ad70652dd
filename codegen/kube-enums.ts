/**
 * Reads the enum overlay of built-in types (`--openapi-enums <file>`): a YAML map from
 * `<component>.<property>` to its known string values, for fields whose OpenAPI schema states
 * them only in prose (the published spec carries no `enum` for, e.g., a label selector's
 * `operator`). They become literal unions in TypeScript; the zod schemas accept any string.
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { InputError } from './input-error.js';

/** `<component>.<property>` -> known values. */
export type EnumOverlay = ReadonlyMap<string, readonly string[]>;

/** Parses an overlay's text. */
export function parseEnumOverlay(text: string, source: string): EnumOverlay {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new InputError(`${source}: invalid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new InputError(`${source}: expected a map of '<component>.<property>' to a list of values`);
  const out = new Map<string, string[]>();
  for (const [key, values] of Object.entries(doc)) {
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
      throw new InputError(`${source}: ${key}: expected a non-empty list of strings`);
    }
    out.set(key, values as string[]);
  }
  return out;
}

/** Reads an overlay file. */
export async function loadEnumOverlay(path: string): Promise<EnumOverlay> {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`${path}: no such file or not readable`);
  }
  return parseEnumOverlay(text, path);
}
