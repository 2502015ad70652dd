/**
 * The generator as a pure function: CRD objects in, generated files (path → content) and
 * warnings out. No I/O; the same CRDs always give byte-identical output.
 * @packageDocumentation
 */
import { buildModel } from './build-model.js';
import type { CustomResourceDefinition } from './crd.js';
import { emitClient } from './emit-client.js';
import { emitClientset } from './emit-clientset.js';
import { emitCrdManifest } from './emit-crd-manifest.js';
import { emitGroupIndex } from './emit-group-index.js';
import { emitResources } from './emit-resources.js';
import { emitInformerFactory } from './emit-informer-factory.js';
import { emitInformers } from './emit-informers.js';
import { emitAllResources, emitRootIndex } from './emit-root-index.js';
import { emitSchemas } from './emit-schemas.js';
import { emitTypes } from './emit-types.js';
import { InputError } from './input-error.js';
import { crdModulePath, groupVersionFile } from './module-paths.js';
import { DEFAULT_PRIMARY_DOMAIN } from './naming.js';
import { compareStrings } from './ts-syntax.js';
import { validateCrd } from './validate-crd.js';
import { WarningSink, type Warning } from './warnings.js';

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Groups under this domain get short accessors; default `koordinator.sh`. */
  readonly primaryDomain?: string;
}

/** What {@link generate} produces. */
export interface GenerateResult {
  /** Generated files by path relative to the output root (`/`-separated), sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  readonly warnings: readonly Warning[];
}

/**
 * Generates the typed clientset for `crds` (every served version of each). CRDs are validated
 * first; an invalid one, or two that define the same thing, throws an {@link InputError}.
 */
export function generate(crds: readonly unknown[], options: GenerateOptions = {}): GenerateResult {
  const valid: CustomResourceDefinition[] = [];
  const names = new Set<string>();
  for (const [i, raw] of crds.entries()) {
    const name = (raw as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    const crd = validateCrd(raw, typeof name === 'string' ? name : `CRD #${i + 1}`);
    if (names.has(crd.metadata.name)) throw new InputError(`CRD ${crd.metadata.name} is given more than once`);
    names.add(crd.metadata.name);
    valid.push(crd);
  }
  const sink = new WarningSink();
  const models = buildModel(valid, { primaryDomain: options.primaryDomain ?? DEFAULT_PRIMARY_DOMAIN }, sink);

  const files = new Map<string, string>();
  for (const gv of models) {
    files.set(groupVersionFile(gv.dir, 'types'), emitTypes(gv));
    files.set(groupVersionFile(gv.dir, 'schemas'), emitSchemas(gv));
    files.set(groupVersionFile(gv.dir, 'resources'), emitResources(gv));
    files.set(groupVersionFile(gv.dir, 'client'), emitClient(gv));
    files.set(groupVersionFile(gv.dir, 'informers'), emitInformers(gv));
    files.set(groupVersionFile(gv.dir, 'index'), emitGroupIndex(gv));
  }
  const used = new Set(models.flatMap((gv) => gv.kinds.map((k) => k.crdName)));
  for (const crd of valid) {
    if (used.has(crd.metadata.name)) files.set(crdModulePath(crd.metadata.name), emitCrdManifest(crd));
    else sink.warn({ source: crd.metadata.name, message: 'no version is served; nothing generated' });
  }
  files.set('clientset.ts', emitClientset(models));
  files.set('informer-factory.ts', emitInformerFactory(models));
  files.set('all-resources.ts', emitAllResources(models));
  files.set('index.ts', emitRootIndex(models));

  const sorted = new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)));
  return { files: sorted, warnings: sink.warnings };
}
