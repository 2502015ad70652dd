/**
 * Reads CRDs from files and directories: multi-document YAML (or JSON), `List` documents
 * unwrapped, non-CRD documents skipped with a warning. Unreadable files, invalid YAML and
 * malformed CRDs are {@link InputError}s naming the file.
 * @packageDocumentation
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CustomResourceDefinition, LoadedCrd } from './crd.js';
import { InputError } from './input-error.js';
import { compareStrings } from './ts-syntax.js';
import { validateCrd } from './validate-crd.js';
import { WarningSink } from './warnings.js';
import { reindentQuotedContinuations } from './yaml-leniency.js';

const CRD_FILE = /\.(ya?ml|json)$/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errnoMessage(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

/** Parses every YAML document of `text`, falling back to the lenient re-indentation once. */
function parseDocuments(text: string, source: string, sink: WarningSink): unknown[] {
  let docs = parseAllDocuments(text);
  const firstError = docs.flatMap((d) => d.errors)[0];
  if (firstError !== undefined) {
    const fixed = reindentQuotedContinuations(text);
    const retry = fixed.lines.length > 0 ? parseAllDocuments(fixed.text) : undefined;
    if (retry === undefined || retry.some((d) => d.errors.length > 0)) {
      throw new InputError(`${source}: invalid YAML: ${firstError.message.split('\n')[0]}`);
    }
    sink.warn({
      source,
      message: `not valid YAML 1.2: quoted scalars continue on lines not indented past their key (${fixed.lines.length === 1 ? 'line' : 'lines'} ${fixed.lines.join(', ')}); read them as Kubernetes does`,
    });
    docs = retry;
  }
  return docs.map((d) => d.toJS({ maxAliasCount: 1000 }) as unknown);
}

/**
 * Extracts the CRDs of one YAML text. Documents that are not v1 CRDs are skipped with a warning;
 * `List` documents are searched item by item.
 */
export function parseCrdDocuments(text: string, source: string, sink: WarningSink): LoadedCrd[] {
  const out: LoadedCrd[] = [];
  const visit = (value: unknown, where: string): void => {
    if (value === null || value === undefined) return;
    if (!isObject(value)) {
      sink.warn({ source, message: `${where} is not an object; skipped` });
      return;
    }
    if (value.kind === 'CustomResourceDefinition') {
      if (value.apiVersion !== 'apiextensions.k8s.io/v1') {
        sink.warn({ source, message: `${where} is a ${String(value.apiVersion)} CustomResourceDefinition; only apiextensions.k8s.io/v1 is supported; skipped` });
        return;
      }
      out.push({ source, crd: validateCrd(value, `${source}: ${where}`) });
      return;
    }
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => visit(item, `${where} item ${i + 1}`));
      return;
    }
    sink.warn({ source, message: `${where} (kind ${JSON.stringify(value.kind)}) is not a CustomResourceDefinition; skipped` });
  };
  parseDocuments(text, source, sink).forEach((doc, i) => visit(doc, `document ${i + 1}`));
  return out;
}

/** Lists the YAML/JSON files below a directory, recursively, sorted, skipping hidden entries. */
async function listDirectory(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => compareStrings(a.name, b.name))) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await listDirectory(path)));
    else if (e.isFile() && CRD_FILE.test(e.name)) files.push(path);
  }
  return files;
}

/**
 * Loads the CRDs of the given files and directories (directories are searched recursively for
 * `.yaml`, `.yml` and `.json` files). A CRD name found twice is an error naming both files.
 */
export async function loadCrds(inputs: readonly string[], sink: WarningSink): Promise<LoadedCrd[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (err) {
      throw new InputError(`${input}: ${errnoMessage(err)}`);
    }
    if (info.isDirectory()) {
      const found = await listDirectory(input);
      if (found.length === 0) sink.warn({ source: input, message: 'the directory holds no .yaml, .yml or .json file' });
      files.push(...found);
    } else {
      files.push(input);
    }
  }
  const crds: LoadedCrd[] = [];
  const bySeen = new Map<string, string>();
  const seenFiles = new Set<string>();
  for (const file of files) {
    if (seenFiles.has(resolve(file))) continue;
    seenFiles.add(resolve(file));
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new InputError(`${file}: ${errnoMessage(err)}`);
    }
    for (const loaded of parseCrdDocuments(text, file, sink)) {
      const name = loaded.crd.metadata.name;
      const first = bySeen.get(name);
      if (first !== undefined) throw new InputError(`${file}: CRD ${name} is also defined in ${first}`);
      bySeen.set(name, file);
      crds.push(loaded);
    }
  }
  return crds;
}

/**
 * Loads the CRD objects of the given files and directories, discarding warnings: a convenience
 * for scripts and benchmarks (`generate(await loadCrdInputs([dir]))`).
 */
export async function loadCrdInputs(inputs: readonly string[]): Promise<CustomResourceDefinition[]> {
  const loaded = await loadCrds(inputs, new WarningSink());
  return loaded.map((l) => l.crd);
}
