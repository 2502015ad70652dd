/**
 * The generator as a pure function: CRD objects in, generated files (path → content) and
 * warnings out. No I/O; the same CRDs always give byte-identical output.
 * @packageDocumentation
 */
import { buildModel } from './build-model.js';
import { buildOpenApiModel, type OpenApiModel } from './build-openapi-model.js';
import { emitGenericClientset, emitGenericInformerFactory, emitKubeClientset, emitKubeInformerFactory, emitKubeResources, genericAccessors } from './emit-kube.js';
import { emitModuleSchemas, emitModuleTypes, emitTypesOnlyIndex } from './emit-type-module.js';
import type { EnumOverlay } from './kube-enums.js';
import type { LoadedOpenApi } from './openapi.js';
import type { TypeMapEntry } from './type-map.js';
import type { TypeRef } from './schema-node.js';
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
import { emitChecks, emitModuleChecks } from './emit-checks.js';
import { emitTypes } from './emit-types.js';
import { InputError } from './input-error.js';
import { crdModulePath, groupVersionFile } from './module-paths.js';
import { DEFAULT_PRIMARY_DOMAIN } from './naming.js';
import { SOURCE_PARENT_RUNTIME, type Runtime } from './runtime-imports.js';
import { compareStrings } from './ts-syntax.js';
import { validateCrd } from './validate-crd.js';
import { WarningSink, type Warning } from './warnings.js';

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Groups under this domain get short accessors; default `koordinator.sh`. */
  readonly primaryDomain?: string;
  /** OpenAPI v3 documents of built-in API group versions (kube-apiserver's `/openapi/v3/...`). */
  readonly openapi?: readonly LoadedOpenApi[];
  /** Known values of built-in string fields documented only in prose. */
  readonly enums?: EnumOverlay;
  /** CRD fields typed as built-in types; needs `openapi`. */
  readonly typeMap?: readonly TypeMapEntry[];
  /**
   * Where the generated code imports the runtime from: the package (`{ kind: 'package',
   * specifier: 'koordinator-client' }`, what `koord-gen` uses by default) or a source directory
   * relative to the output root; default `{ kind: 'source', dir: '..' }` (this repository's
   * `src/generated` next to the runtime's sources).
   */
  readonly runtime?: Runtime;
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
  const builtin: OpenApiModel | undefined =
    options.openapi !== undefined && options.openapi.length > 0 ? buildOpenApiModel(options.openapi, { enums: options.enums ?? new Map() }, sink) : undefined;
  const typeMap = new Map<string, Map<string, TypeRef>>();
  for (const e of options.typeMap ?? []) {
    const ref = builtin?.typeRef(e.type);
    if (ref === undefined) throw new InputError(`type map: ${e.crd} ${e.path}: ${e.type} is not a type of the OpenAPI input${builtin === undefined ? ' (give --openapi)' : ''}`);
    const paths = typeMap.get(e.crd) ?? new Map<string, TypeRef>();
    paths.set(e.path, ref);
    typeMap.set(e.crd, paths);
  }
  for (const crd of typeMap.keys()) {
    if (!names.has(crd)) sink.warn({ source: crd, message: 'the type map names a CRD that is not in the inputs' });
  }
  const models = crds.length === 0 ? [] : buildModel(valid, { primaryDomain: options.primaryDomain ?? DEFAULT_PRIMARY_DOMAIN, typeMap }, sink);

  const runtime = options.runtime ?? SOURCE_PARENT_RUNTIME;
  const files = new Map<string, string>();
  for (const gv of models) {
    files.set(groupVersionFile(gv.dir, 'types'), emitTypes(gv, runtime));
    files.set(groupVersionFile(gv.dir, 'schemas'), emitSchemas(gv, runtime));
    files.set(groupVersionFile(gv.dir, 'checks'), emitChecks(gv, runtime));
    files.set(groupVersionFile(gv.dir, 'resources'), emitResources(gv, runtime));
    files.set(groupVersionFile(gv.dir, 'client'), emitClient(gv, runtime));
    files.set(groupVersionFile(gv.dir, 'informers'), emitInformers(gv, runtime));
    files.set(groupVersionFile(gv.dir, 'index'), emitGroupIndex(gv));
  }
  const used = new Set(models.flatMap((gv) => gv.kinds.map((k) => k.crdName)));
  for (const crd of valid) {
    if (used.has(crd.metadata.name)) files.set(crdModulePath(crd.metadata.name), emitCrdManifest(crd));
    else sink.warn({ source: crd.metadata.name, message: 'no version is served; nothing generated' });
  }
  files.set('clientset.ts', emitClientset(models, runtime));
  files.set('informer-factory.ts', emitInformerFactory(models, runtime));
  files.set('all-resources.ts', emitAllResources(models, runtime));
  files.set('index.ts', emitRootIndex(models));
  if (builtin !== undefined) {
    const gvDirs = new Map(builtin.groupVersions.map((gv) => [gv.dir, gv]));
    for (const m of builtin.modules) {
      if (files.has(groupVersionFile(m.dir, 'types'))) throw new InputError(`${m.dir}: generated both from CRDs and from OpenAPI`);
      files.set(groupVersionFile(m.dir, 'types'), emitModuleTypes(m, runtime));
      files.set(groupVersionFile(m.dir, 'schemas'), emitModuleSchemas(m, runtime));
      files.set(groupVersionFile(m.dir, 'checks'), emitModuleChecks(m, runtime));
      const gv = gvDirs.get(m.dir);
      if (gv === undefined) {
        files.set(groupVersionFile(m.dir, 'index'), emitTypesOnlyIndex(m));
        continue;
      }
      files.set(groupVersionFile(gv.dir, 'resources'), emitResources(gv, runtime));
      files.set(groupVersionFile(gv.dir, 'client'), emitClient(gv, runtime));
      files.set(groupVersionFile(gv.dir, 'informers'), emitInformers(gv, runtime));
      files.set(groupVersionFile(gv.dir, 'index'), emitGroupIndex(gv));
    }
    const accessors = genericAccessors(models, builtin.groupVersions, sink);
    files.set('kube-resources.ts', emitKubeResources(builtin.groupVersions, runtime));
    files.set('kube-clientset.ts', emitKubeClientset(builtin.groupVersions, runtime));
    files.set('kube-informer-factory.ts', emitKubeInformerFactory(builtin.groupVersions, runtime));
    files.set('generic-clientset.ts', emitGenericClientset(models, builtin.groupVersions, accessors, runtime));
    files.set('generic-informer-factory.ts', emitGenericInformerFactory(models, builtin.groupVersions, accessors, runtime));
  }

  const sorted = new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)));
  return { files: sorted, warnings: sink.warnings };
}
