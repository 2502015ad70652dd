/**
 * Decoding a kubeconfig file's text (YAML or JSON) into a plain tree in which every scalar is
 * kept as the exact string that was written: a token `0123` stays `"0123"`, never the number 83.
 * Booleans are interpreted later, per field, by the code that knows the field is a boolean.
 *
 * The `yaml` package is imported lazily, and not at all for JSON files.
 * @packageDocumentation
 */
import type { Document, Node as YamlNode } from 'yaml';
import { ConfigError } from '../errors.js';

/** A decoded kubeconfig value: strings as written, `null` for YAML nulls, lists and maps. */
export type KubeconfigValue = string | null | KubeconfigValue[] | KubeconfigMap;

/** A decoded kubeconfig mapping (null-prototype, so keys like `__proto__` are plain data). */
export interface KubeconfigMap {
  [key: string]: KubeconfigValue;
}

const MAX_DEPTH = 64;
const PLAIN_NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * Decodes kubeconfig text. Error messages name the file and the position of a syntax error but
 * never quote the source, which may hold a token or a password.
 * @param text - the file's content
 * @param file - the file's path, for error messages
 * @returns the decoded tree; `null` for an empty document
 * @throws ConfigError when the text is neither valid YAML nor JSON
 */
export async function decodeKubeconfigText(text: string, file: string): Promise<KubeconfigValue> {
  if (/^\s*\{/.test(text)) {
    let parsed: unknown;
    let ok = false;
    try {
      parsed = JSON.parse(text);
      ok = true;
    } catch {
      // Not strict JSON: YAML flow syntax is a superset; fall through to the YAML parser.
    }
    if (ok) return toKubeconfigValue(parsed, file);
  }
  const yaml = await import('yaml');
  const doc = yaml.parseDocument(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const where = position(text, first.pos[0]);
    // Only the error code and position: yaml's messages quote the offending source text.
    throw new ConfigError(`kubeconfig file ${file} is not valid YAML: ${describeYamlCode(first.code)}${where}`);
  }
  return fromYaml(doc, doc.contents as YamlNode | null, 0, file, yaml);
}

function position(text: string, offset: number | undefined): string {
  if (offset === undefined || offset < 0) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - (before.lastIndexOf('\n') + 1) + 1;
  return ` at line ${line}, column ${col}`;
}

function describeYamlCode(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

function tooDeep(file: string): ConfigError {
  return new ConfigError(`kubeconfig file ${file} is nested too deeply (or has a recursive alias)`);
}

/**
 * Converts a plain JavaScript value (parsed JSON, or data from another library) into a decoded
 * kubeconfig tree: numbers and booleans become their string form, `undefined` becomes `null`.
 * @param value - the value to convert
 * @param file - names the source in the error for over-deep input
 * @returns the decoded tree
 */
export function toKubeconfigValue(value: unknown, file: string): KubeconfigValue {
  return fromJson(value, 0, file);
}

function fromJson(value: unknown, depth: number, file: string): KubeconfigValue {
  if (depth > MAX_DEPTH) throw tooDeep(file);
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => fromJson(v, depth + 1, file));
  const out: KubeconfigMap = Object.create(null) as KubeconfigMap;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = fromJson(v, depth + 1, file);
  return out;
}

type YamlModule = typeof import('yaml');

function fromYaml(doc: Document, node: YamlNode | null | undefined, depth: number, file: string, y: YamlModule): KubeconfigValue {
  if (depth > MAX_DEPTH) throw tooDeep(file);
  if (node === null || node === undefined) return null;
  if (y.isAlias(node)) {
    const target = node.resolve(doc);
    return target ? fromYaml(doc, target as YamlNode, depth + 1, file, y) : null;
  }
  if (y.isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return null;
    const s = String(v);
    if ((node.type === 'PLAIN' || node.type === undefined) && PLAIN_NULLS.has(s)) return null;
    return s;
  }
  if (y.isSeq(node)) return node.items.map((item) => fromYaml(doc, item as YamlNode, depth + 1, file, y));
  if (y.isMap(node)) {
    const out: KubeconfigMap = Object.create(null) as KubeconfigMap;
    for (const pair of node.items) {
      const key = fromYaml(doc, pair.key as YamlNode, depth + 1, file, y);
      if (typeof key !== 'string') continue; // complex or null keys never occur in kubeconfig
      out[key] = fromYaml(doc, pair.value as YamlNode, depth + 1, file, y);
    }
    return out;
  }
  return null;
}
