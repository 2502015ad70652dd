/**
 * Reads OpenAPI v3 documents (`--openapi <file-or-dir>`): JSON files as kube-apiserver serves
 * them at `/openapi/v3/<path>` (and as Kubernetes publishes them in `api/openapi-spec/v3`).
 * Documents without resources (the discovery-only `apis`, `api`, `version`, `logs`, ... ones)
 * are skipped silently: they declare no kind of their own.
 * @packageDocumentation
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from './input-error.js';
import type { LoadedOpenApi, OpenApiDocument } from './openapi.js';
import { compareStrings } from './ts-syntax.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * True when a document declares at least one resource path (`/api/v1/...` or
 * `/apis/<group>/<version>/...` below the version root).
 */
export function declaresResources(doc: OpenApiDocument): boolean {
  return Object.keys(doc.paths ?? {}).some((p) => /^\/api\/v1\/[^/]+|^\/apis\/[^/]+\/[^/]+\/[^/]+/.test(p));
}

/** Parses one document's text, checking its shape. */
export function parseOpenApiDocument(text: string, source: string): OpenApiDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(doc)) throw new InputError(`${source}: an OpenAPI document must be a JSON object`);
  if (doc.paths !== undefined && !isObject(doc.paths)) throw new InputError(`${source}: 'paths' is not an object`);
  const components = doc.components;
  if (components !== undefined && (!isObject(components) || (components.schemas !== undefined && !isObject(components.schemas)))) {
    throw new InputError(`${source}: 'components.schemas' is not an object`);
  }
  return doc as OpenApiDocument;
}

async function listJson(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareStrings(a.name, b.name))) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listJson(full)));
    else if (/\.json$/i.test(e.name)) out.push(full);
  }
  return out;
}

/** Reads the documents of files and directories (searched recursively for `*.json`), in path order. */
export async function loadOpenApi(inputs: readonly string[]): Promise<LoadedOpenApi[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(input);
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new InputError(`${input}: no such file or directory`);
    }
    files.push(...(info.isDirectory() ? await listJson(path) : [path]));
  }
  const out: LoadedOpenApi[] = [];
  for (const file of [...new Set(files)].sort(compareStrings)) {
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new InputError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const doc = parseOpenApiDocument(text, file);
    if (declaresResources(doc)) out.push({ source: file, doc });
  }
  return out;
}
