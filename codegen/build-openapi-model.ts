/**
 * Builds the model of the built-in API groups from OpenAPI v3 documents: every component schema
 * becomes one named type in the module of its Go package (`io.k8s.api.core.v1.PodSpec` ->
 * `core/v1` `PodSpec`), shared by every kind that uses it; every resource of the documents' paths
 * becomes a kind of its group version, with verbs and subresources. A few apimachinery types map
 * to the hand-written metadata types or to plain TypeScript (Time, Quantity, IntOrString, ...).
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { InputError } from './input-error.js';
import type { EnumOverlay } from './kube-enums.js';
import { META_MODULE } from './module-imports.js';
import {
  builtinGroupAccessorBase,
  groupClientClassName,
  groupInformersClassName,
  groupVersionAccessor,
  resourceConstName,
  resourceMethodName,
  schemaFunctionName,
} from './naming.js';
import { propertyPath } from './normalize-schema.js';
import type { GroupVersionKind, LoadedOpenApi, OpenApiSchema } from './openapi.js';
import { readResources, type OpenApiResource } from './openapi-resources.js';
import { emptyDoc, type NodeDoc, type PropertyNode, type SchemaNode, type TypeRef } from './schema-node.js';
import { compareStrings } from './ts-syntax.js';
import { objectWriteFormDiffers, writeFormDiffers } from './write-form.js';
import type { WarningSink } from './warnings.js';

/** One named type of a built-in module. */
export interface NamedTypeModel {
  /** OpenAPI component name (`io.k8s.api.core.v1.PodSpec`). */
  readonly component: string;
  /** TypeScript name (`PodSpec`). */
  readonly name: string;
  /** Lazy zod schema function (`podSpecSchema`). */
  readonly schemaFunction: string;
  /** An object node named `name`, or any other node for a type alias. */
  readonly node: SchemaNode;
  /** The kind whose root object this is, when it is one. */
  kind?: KindModel;
  /** The name of the type's write form, when it differs (codegen/write-form.ts). */
  inputName?: string;
}

/** A module of named types: a built-in group version, or a types-only package (`meta/v1`). */
export interface TypeModuleModel {
  /** Output directory (`core/v1`, `apps/v1`, `meta/v1`). */
  readonly dir: string;
  /** Go package the types come from (`io.k8s.api.core.v1`). */
  readonly packageName: string;
  /** Named types sorted by name. */
  readonly types: readonly NamedTypeModel[];
}

/** The built-in side of a generator run. */
export interface OpenApiModel {
  /** Group versions serving resources, sorted by directory. */
  readonly groupVersions: readonly GroupVersionModel[];
  /** Every types module (group versions' and types-only ones), sorted by directory. */
  readonly modules: readonly TypeModuleModel[];
  /** Resolves an OpenAPI component name to its named type (for the CRD type map). */
  typeRef(component: string): TypeRef | undefined;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Components that are not generated: they map to plain TypeScript or the hand-written metadata. */
function specialNode(component: string, doc: NodeDoc): SchemaNode | undefined {
  switch (component) {
    case `${META}.ObjectMeta`:
      return { type: 'object-meta', nullable: false, doc };
    case `${META}.Time`:
    case `${META}.MicroTime`:
      // metav1.Time encodes its zero value as null.
      return { type: 'string', nullable: true, doc: { ...doc, format: doc.format ?? 'date-time' } };
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      return { type: 'quantity', nullable: false, doc };
    case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
      return { type: 'int-or-string', nullable: false, doc, exclusiveMinimum: false, exclusiveMaximum: false };
    case 'io.k8s.apimachinery.pkg.runtime.RawExtension':
    case 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON':
      return { type: 'unknown', nullable: false, doc: { ...doc, notes: [...doc.notes, 'Any JSON value.'] } };
    case `${META}.FieldsV1`:
    case `${META}.DeleteOptions`:
    case `${META}.WatchEvent`:
    case `${META}.Patch`:
      return { type: 'map', values: { type: 'unknown', nullable: false, doc: emptyDoc() }, nullable: false, doc };
    default:
      return undefined;
  }
}

/** Components typed by src/meta/object.ts. */
const HAND_WRITTEN: ReadonlyMap<string, string> = new Map(
  ['ListMeta', 'OwnerReference', 'ManagedFieldsEntry', 'Status', 'StatusDetails', 'StatusCause'].map((n) => [`${META}.${n}`, n]),
);

function packageOf(component: string): string {
  const i = component.lastIndexOf('.');
  return i < 0 ? '' : component.slice(0, i);
}

function shortName(component: string): string {
  return component.slice(component.lastIndexOf('.') + 1);
}

function refName(s: OpenApiSchema | undefined): string | undefined {
  if (s === undefined) return undefined;
  const ref = s.$ref ?? (s.allOf !== undefined && s.allOf.length === 1 ? s.allOf[0]!.$ref : undefined);
  if (typeof ref !== 'string') return undefined;
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  return m ? m[1] : undefined;
}

function gvks(s: OpenApiSchema): GroupVersionKind[] {
  const v = s['x-kubernetes-group-version-kind'];
  return Array.isArray(v) ? (v as GroupVersionKind[]).filter((g) => typeof g?.kind === 'string') : [];
}

/** Output directory of a group version (`core/v1` for the core group). */
export function builtinGroupDir(group: string, version: string): string {
  return `${group === '' ? 'core' : group}/${version}`;
}

/** The known fallback directory of a package no served resource lives in. */
function fallbackDir(pkg: string): string {
  if (pkg === META) return 'meta/v1';
  const parts = pkg.split('.');
  return `${parts[parts.length - 2] ?? 'types'}/${parts[parts.length - 1] ?? 'v1'}`;
}

class OpenApiNormalizer {
  constructor(
    private readonly components: ReadonlyMap<string, OpenApiSchema>,
    private readonly home: (component: string) => TypeRef | undefined,
    private readonly skipped: ReadonlySet<string>,
    private readonly enums: EnumOverlay,
    private readonly sink: WarningSink,
  ) {}

  warn(source: string, path: string, message: string): void {
    this.sink.warn({ source, path: path === '' ? '.' : path, message });
  }

  doc(s: OpenApiSchema): NodeDoc {
    const doc: { -readonly [K in keyof NodeDoc]: NodeDoc[K] } = { hasDefault: false, validations: [], notes: [] };
    if (typeof s.description === 'string' && s.description.trim() !== '') doc.description = s.description;
    if ('default' in s) {
      doc.hasDefault = true;
      doc.default = s.default;
    }
    if (typeof s.format === 'string' && s.format !== '') doc.format = s.format;
    const listType = s['x-kubernetes-list-type'];
    if (typeof listType === 'string') doc.listType = listType;
    const keys = s['x-kubernetes-list-map-keys'];
    if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) doc.listMapKeys = keys as string[];
    const mapType = s['x-kubernetes-map-type'];
    if (typeof mapType === 'string') doc.mapType = mapType;
    const strategy = s['x-kubernetes-patch-strategy'];
    if (typeof strategy === 'string' && strategy !== '') doc.patchStrategy = strategy;
    const mergeKey = s['x-kubernetes-patch-merge-key'];
    if (typeof mergeKey === 'string' && mergeKey !== '') doc.patchMergeKey = mergeKey;
    return doc;
  }

  ref(name: string, doc: NodeDoc, nullable: boolean, source: string, path: string): SchemaNode {
    const special = specialNode(name, doc);
    if (special !== undefined) return nullable && !special.nullable ? { ...special, nullable } : special;
    const hand = HAND_WRITTEN.get(name);
    if (hand !== undefined) return { type: 'ref', target: { module: META_MODULE, name: hand }, doc, nullable };
    if (this.skipped.has(name)) {
      return { type: 'map', values: { type: 'unknown', nullable: false, doc: emptyDoc() }, nullable, doc: { ...doc, notes: [...doc.notes, `A \`${shortName(name)}\`.`] } };
    }
    const target = this.home(name);
    if (target === undefined) {
      this.warn(source, path, `'$ref' to unknown component ${name}; typed unknown`);
      return { type: 'unknown', nullable, doc };
    }
    return { type: 'ref', target, doc, nullable };
  }

  node(s: OpenApiSchema, source: string, path: string, enumKey?: string): SchemaNode {
    const doc = this.doc(s);
    const nullable = s.nullable === true;
    const ref = refName(s);
    if (ref !== undefined) return this.ref(ref, doc, nullable, source, path);
    if (s['x-kubernetes-int-or-string'] === true || (s.format === 'int-or-string' && s.oneOf !== undefined)) {
      return { type: 'int-or-string', nullable, doc, exclusiveMinimum: false, exclusiveMaximum: false };
    }
    switch (s.type) {
      case 'string': {
        const declared = Array.isArray(s.enum) ? s.enum.filter((v): v is string => typeof v === 'string') : [];
        const overlay = enumKey !== undefined ? this.enums.get(enumKey) : undefined;
        const values = [...new Set([...declared, ...(overlay ?? [])])];
        return { type: 'string', nullable, doc, ...(values.length > 0 ? { enum: values, openEnum: true } : {}) };
      }
      case 'integer':
      case 'number':
        return { type: 'number', integer: s.type === 'integer', nullable, doc, exclusiveMinimum: false, exclusiveMaximum: false };
      case 'boolean':
        return { type: 'boolean', nullable, doc };
      case 'array':
        return { type: 'array', nullable, doc, items: s.items ? this.node(s.items, source, `${path}[*]`) : { type: 'unknown', nullable: false, doc: emptyDoc() } };
      case 'object':
      case undefined: {
        if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
          const values: SchemaNode =
            s.additionalProperties === true ? { type: 'unknown', nullable: false, doc: emptyDoc() } : this.node(s.additionalProperties, source, `${path}.*`);
          return { type: 'map', values, nullable, doc };
        }
        if (s.properties !== undefined) this.warn(source, path, 'an inline object with properties; typed as a map of unknown values');
        if (s.type === undefined && s.properties === undefined) return { type: 'unknown', nullable, doc };
        return { type: 'map', values: { type: 'unknown', nullable: false, doc: emptyDoc() }, nullable, doc };
      }
      default:
        this.warn(source, path, `unsupported type ${JSON.stringify(s.type)}; typed unknown`);
        return { type: 'unknown', nullable, doc };
    }
  }

  /** The node of a component: a named object, or an alias of whatever else it is. */
  component(component: string, name: string): SchemaNode {
    const s = this.components.get(component)!;
    const doc = this.doc(s);
    const isObject = (s.type === 'object' || s.type === undefined) && s.properties !== undefined && s.additionalProperties === undefined;
    if (!isObject) {
      if ((s.type === 'object' || s.type === undefined) && s.additionalProperties === undefined && refName(s) === undefined && s.oneOf === undefined) {
        // No declared fields: Go types with custom JSON, or structs without fields.
        return { type: 'object', name, nameHint: [name], path: '', properties: [], rest: 'open', embedded: false, nullable: false, doc };
      }
      return this.node(s, component, '');
    }
    const required = new Set(s.required ?? []);
    const kinds = gvks(s);
    const single = kinds.length === 1 ? kinds[0]! : undefined;
    const properties: PropertyNode[] = [];
    for (const prop of Object.keys(s.properties!).sort(compareStrings)) {
      const ps = s.properties![prop]!;
      const path = propertyPath('', prop);
      if (single !== undefined && prop === 'apiVersion' && ps.type === 'string') {
        const value = single.group === '' ? single.version : `${single.group}/${single.version}`;
        properties.push({ name: prop, required: false, node: { type: 'literal', value, nullable: false, doc: this.doc(ps) } });
        continue;
      }
      if (single !== undefined && prop === 'kind' && ps.type === 'string') {
        properties.push({ name: prop, required: false, node: { type: 'literal', value: single.kind, nullable: false, doc: this.doc(ps) } });
        continue;
      }
      const node = this.node(ps, component, path, `${component}.${prop}`);
      // Object metadata is never required of a client: the server fills it (generateName, ...).
      properties.push({ name: prop, required: required.has(prop) && node.type !== 'object-meta', node });
    }
    return { type: 'object', name, nameHint: [name], path: '', properties, rest: 'closed', embedded: false, nullable: false, doc };
  }
}

/**
 * Names the write form (`<Name>Input`) of every named type whose write form differs from its read
 * form: an optional field (nullable on writes), metadata, or a field whose type has a write form.
 * Types reference each other (and themselves), so this is a fixpoint: a type differs once any type
 * it references does. Names are claimed per module, after every read name.
 */
function assignInputNames(modules: ReadonlyMap<string, NamedTypeModel[]>, refs: ReadonlyMap<string, TypeRef>): void {
  const all = [...modules.values()].flat().sort((a, b) => compareStrings(a.component, b.component));
  const differs = new Set<NamedTypeModel>();
  const noNestedObjects = (): boolean => false; // built-in types reference named types, never inline objects
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of all) {
      if (differs.has(t)) continue;
      const d = t.node.type === 'object' ? objectWriteFormDiffers(t.node, 'builtin', noNestedObjects) : writeFormDiffers(t.node, 'builtin', noNestedObjects);
      if (!d) continue;
      differs.add(t);
      changed = true;
      // Marks the reference for the next round; the final name is claimed below.
      (refs.get(t.component) as TypeRef).inputName = '';
    }
  }
  for (const types of modules.values()) {
    const taken = new Set(types.flatMap((t) => [t.name, `${t.name}List`, `${t.name}Apply`]));
    for (const t of [...types].sort((a, b) => compareStrings(a.name, b.name))) {
      if (!differs.has(t)) continue;
      let name = `${t.name}Input`;
      for (let n = 2; taken.has(name); n++) name = `${t.name}Input${n}`;
      taken.add(name);
      t.inputName = name;
      (refs.get(t.component) as TypeRef).inputName = name;
      if (t.node.type === 'object') t.node.inputName = name;
    }
  }
}

/** Options of {@link buildOpenApiModel}. */
export interface OpenApiModelOptions {
  /** Known values of string fields the spec documents only in prose. */
  readonly enums?: EnumOverlay;
}

/** Builds the built-in model from OpenAPI documents. */
export function buildOpenApiModel(docs: readonly LoadedOpenApi[], options: OpenApiModelOptions, sink: WarningSink): OpenApiModel {
  // Every component, once (the documents repeat the shared ones).
  const components = new Map<string, OpenApiSchema>();
  const resources: OpenApiResource[] = [];
  const seenResources = new Set<string>();
  for (const { source, doc } of docs) {
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
      if (!components.has(name)) components.set(name, schema);
    }
    for (const r of readResources(doc)) {
      const key = `${r.group}/${r.version}/${r.plural}`;
      if (seenResources.has(key)) throw new InputError(`${source}: resource ${key} is also served by another document`);
      seenResources.add(key);
      resources.push(r);
    }
  }
  // The component of each resource's kind.
  const byGvk = new Map<string, string>();
  for (const [name, s] of [...components.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    for (const g of gvks(s)) {
      const key = `${g.group}/${g.version}/${g.kind}`;
      if (shortName(name) === g.kind && !byGvk.has(key)) byGvk.set(key, name);
    }
  }
  const kindComponent = new Map<OpenApiResource, string>();
  const packageDir = new Map<string, string>();
  for (const r of resources) {
    const c = byGvk.get(`${r.group}/${r.version}/${r.kind}`);
    if (c === undefined) {
      sink.warn({ source: `${r.group || 'core'}/${r.version}`, message: `resource ${r.plural}: no component schema of kind ${r.kind}; skipped` });
      continue;
    }
    kindComponent.set(r, c);
    const dir = builtinGroupDir(r.group, r.version);
    const pkg = packageOf(c);
    const known = packageDir.get(pkg);
    if (known !== undefined && known !== dir) throw new InputError(`package ${pkg} holds kinds of both ${known} and ${dir}`);
    packageDir.set(pkg, dir);
  }
  // List kinds are emitted as `XList extends KubeList<X>`; the others are named types.
  const listKinds = new Set<string>();
  for (const [r, c] of kindComponent) listKinds.add(`${packageOf(c)}.${r.kind}List`);
  const skipped = new Set<string>(listKinds);
  const named = [...components.keys()].filter((c) => !skipped.has(c) && specialNode(c, emptyDoc()) === undefined && !HAND_WRITTEN.has(c)).sort(compareStrings);
  const refs = new Map<string, TypeRef>();
  const dirs = new Map<string, string>();
  for (const c of named) {
    const pkg = packageOf(c);
    let dir = packageDir.get(pkg);
    if (dir === undefined) {
      dir = fallbackDir(pkg);
      if (pkg !== META) sink.warn({ source: pkg, message: `no served resource is of this package; its types go to ${dir}` });
      packageDir.set(pkg, dir);
    }
    const owner = dirs.get(dir);
    if (owner !== undefined && owner !== pkg) throw new InputError(`packages ${owner} and ${pkg} would both generate ${dir}`);
    dirs.set(dir, pkg);
    const name = shortName(c);
    refs.set(c, { module: dir, name, schemaFunction: schemaFunctionName(name) });
  }
  const normalizer = new OpenApiNormalizer(components, (c) => refs.get(c), skipped, options.enums ?? new Map(), sink);

  const modules = new Map<string, NamedTypeModel[]>();
  const byComponent = new Map<string, NamedTypeModel>();
  for (const c of named) {
    const ref = refs.get(c)!;
    const t: NamedTypeModel = { component: c, name: ref.name, schemaFunction: ref.schemaFunction!, node: normalizer.component(c, ref.name) };
    byComponent.set(c, t);
    const list = modules.get(ref.module) ?? [];
    list.push(t);
    modules.set(ref.module, list);
  }
  for (const [dir, types] of modules) {
    const names = new Set(types.map((t) => t.name));
    const fns = new Set<string>();
    for (const t of types) {
      if (fns.has(t.schemaFunction)) throw new InputError(`${dir}: two types have the schema function ${t.schemaFunction}`);
      fns.add(t.schemaFunction);
      for (const reserved of ['KubeList', 'DeepPartial', 'ObjectMeta', 'ObjectMetaInput']) {
        if (t.name === reserved) throw new InputError(`${t.component}: the name ${reserved} is reserved in generated modules`);
      }
      if (t.name.endsWith('Apply') && names.has(t.name.slice(0, -5))) throw new InputError(`${t.component}: collides with the apply type of ${t.name.slice(0, -5)}`);
    }
  }

  assignInputNames(modules, refs);

  // Kinds per group version.
  const byGv = new Map<string, KindModel[]>();
  for (const [r, c] of kindComponent) {
    const t = byComponent.get(c)!;
    if (t.node.type !== 'object') {
      sink.warn({ source: c, message: `kind ${r.kind} is not an object schema; skipped` });
      continue;
    }
    const apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
    const status = r.subresources.has('status');
    const kind: KindModel = {
      group: r.group,
      version: r.version,
      apiVersion,
      kind: r.kind,
      listKind: `${r.kind}List`,
      plural: r.plural,
      singular: r.kind.toLowerCase(),
      shortNames: [],
      categories: [],
      namespaced: r.namespaced,
      statusSubresource: status,
      ...(r.subresources.has('scale') ? { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } : {}),
      printerColumns: [],
      root: t.node,
      objects: [t.node],
      methodName: resourceMethodName(r.kind, r.plural),
      resourceConst: resourceConstName(r.kind),
      schemaFunction: t.schemaFunction,
      builtin: { verbs: r.verbs, subresources: r.subresources, component: c },
    };
    t.kind = kind;
    const dir = builtinGroupDir(r.group, r.version);
    if (packageDir.get(packageOf(c)) !== dir) {
      sink.warn({ source: c, message: `kind ${r.kind} of ${apiVersion} is declared in another group version's package; skipped` });
      continue;
    }
    const list = byGv.get(dir) ?? [];
    const clash = list.find((k) => k.kind === kind.kind || k.methodName === kind.methodName);
    if (clash !== undefined) {
      // The same kind served under two resources (none in Kubernetes today): keep the first.
      sink.warn({ source: dir, message: `kind ${kind.kind} (${kind.plural}) clashes with ${clash.kind} (${clash.plural}); skipped` });
      continue;
    }
    list.push(kind);
    byGv.set(dir, list);
  }
  const groupVersions: GroupVersionModel[] = [];
  const accessors = new Map<string, string>();
  for (const dir of [...byGv.keys()].sort(compareStrings)) {
    const kinds = byGv.get(dir)!.sort((a, b) => compareStrings(a.kind, b.kind));
    const { group, version } = kinds[0]!;
    let accessor = groupVersionAccessor(builtinGroupAccessorBase(group), version);
    const taken = accessors.get(accessor);
    if (taken !== undefined) {
      const fallback = groupVersionAccessor(builtinGroupAccessorBase(group, true), version);
      sink.warn({ source: dir, message: `accessor '${accessor}' is taken by ${taken}; using '${fallback}'` });
      accessor = fallback;
    }
    accessors.set(accessor, dir);
    groupVersions.push({ group, version, accessor, clientClass: groupClientClassName(accessor), informersClass: groupInformersClassName(accessor), dir, kinds, builtin: true });
  }
  const moduleModels: TypeModuleModel[] = [...modules.keys()].sort(compareStrings).map((dir) => ({
    dir,
    packageName: dirs.get(dir)!,
    types: modules.get(dir)!.sort((a, b) => compareStrings(a.name, b.name)),
  }));
  return { groupVersions, modules: moduleModels, typeRef: (c) => refs.get(c) };
}
