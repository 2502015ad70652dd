/**
 * Reads the type map (`--type-map <file>`): CRD fields that embed a built-in Kubernetes type the
 * CRD's schema leaves open (kubebuilder's `PreserveUnknownFields` / `Schemaless` on a
 * `corev1.PodTemplateSpec`). Each entry names the CRD, the field's JSON path and the OpenAPI
 * component; the field is then typed (and validated, never more strictly than the CRD) as that type.
 *
 * ```yaml
 * - crd: reservations.scheduling.koordinator.sh
 *   path: .spec.template
 *   type: io.k8s.api.core.v1.PodTemplateSpec
 * ```
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { InputError } from './input-error.js';

/** One mapped field. */
export interface TypeMapEntry {
  /** CRD name (`plural.group`). */
  readonly crd: string;
  /** JSON path of the field in the kind (`.spec.template`), as in the generator's warnings. */
  readonly path: string;
  /** OpenAPI component name of the built-in type (`io.k8s.api.core.v1.PodTemplateSpec`). */
  readonly type: string;
}

/** Parses a type map's text. */
export function parseTypeMap(text: string, source: string): TypeMapEntry[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new InputError(`${source}: invalid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new InputError(`${source}: expected a list of { crd, path, type }`);
  const seen = new Set<string>();
  return doc.map((e, i) => {
    const where = `${source}: entry ${i + 1}`;
    if (typeof e !== 'object' || e === null) throw new InputError(`${where}: expected { crd, path, type }`);
    const { crd, path, type } = e as Record<string, unknown>;
    for (const [k, v] of Object.entries({ crd, path, type })) {
      if (typeof v !== 'string' || v === '') throw new InputError(`${where}: '${k}' must be a non-empty string`);
    }
    if (!/^\./.test(path as string)) throw new InputError(`${where}: path ${JSON.stringify(path)} must start with '.' (e.g. .spec.template)`);
    const key = `${String(crd)} ${String(path)}`;
    if (seen.has(key)) throw new InputError(`${where}: ${key} is mapped twice`);
    seen.add(key);
    return { crd: crd as string, path: path as string, type: type as string };
  });
}

/** Reads a type map file. */
export async function loadTypeMap(path: string): Promise<TypeMapEntry[]> {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`${path}: no such file or not readable`);
  }
  return parseTypeMap(text, path);
}
