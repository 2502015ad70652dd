/**
 * Builds the generation model from CRDs: one {@link GroupVersionModel} per served API group
 * version, each with its kinds, their normalized schemas and every name the emitters need.
 * Everything is sorted, so the model (and the output) depends only on the CRDs' content.
 * @packageDocumentation
 */
import { assignTypeNames } from './assign-type-names.js';
import type { CrdPrinterColumn, CrdScaleSubresource, CustomResourceDefinition } from './crd.js';
import { InputError } from './input-error.js';
import {
  groupAccessorBase,
  groupAccessorFallbackBase,
  groupClientClassName,
  groupInformersClassName,
  groupVersionAccessor,
  resourceConstName,
  resourceMethodName,
  schemaFunctionName,
} from './naming.js';
import { normalizeRootSchema } from './normalize-schema.js';
import type { ObjectNode, TypeRef } from './schema-node.js';
import { compareStrings } from './ts-syntax.js';
import type { WarningSink } from './warnings.js';

/** One served version of one kind. */
export interface KindModel {
  /** Name of the CRD it comes from (`reservations.scheduling.koordinator.sh`); absent for built-in kinds. */
  readonly crdName?: string;
  readonly group: string;
  readonly version: string;
  /** `group/version`. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  readonly statusSubresource: boolean;
  readonly scale?: CrdScaleSubresource;
  readonly printerColumns: readonly CrdPrinterColumn[];
  /** Set when the version is deprecated: the server's warning text, or `''`. */
  readonly deprecation?: string;
  /** The root object node, named after the kind. */
  readonly root: ObjectNode;
  /** Every object node of the kind, root first, breadth-first (set once names are assigned). */
  objects: readonly ObjectNode[];
  /** Group client method (`reservations`). */
  readonly methodName: string;
  /** Exported descriptor constant (`reservationResource`). */
  readonly resourceConst: string;
  /** Exported lazy schema function (`reservationSchema`). */
  readonly schemaFunction: string;
  /** Set for kinds read from OpenAPI (built-in kinds): what their REST paths serve. */
  readonly builtin?: BuiltinKindInfo;
}

/** What the OpenAPI paths say about a built-in kind. */
export interface BuiltinKindInfo {
  /** Verbs of the resource, sorted. */
  readonly verbs: readonly string[];
  /** Subresource name -> verbs. */
  readonly subresources: ReadonlyMap<string, readonly string[]>;
  /** The OpenAPI component of the kind. */
  readonly component: string;
}

/** One API group version and its kinds. */
export interface GroupVersionModel {
  readonly group: string;
  readonly version: string;
  /** Clientset accessor and namespace export name (`schedulingV1alpha1`). */
  readonly accessor: string;
  /** Group client class (`SchedulingV1alpha1Client`). */
  readonly clientClass: string;
  /** Informer accessors class name (`SchedulingV1alpha1Informers`). */
  readonly informersClass: string;
  /** Output directory relative to the output root (`scheduling.koordinator.sh/v1alpha1`). */
  readonly dir: string;
  /** Kinds sorted by name. */
  readonly kinds: readonly KindModel[];
  /** True for a built-in group version read from OpenAPI. */
  readonly builtin?: boolean;
}

/** Options of {@link buildModel}. */
export interface ModelOptions {
  /** Groups under this domain get short accessors (`scheduling.koordinator.sh` → `scheduling`). */
  readonly primaryDomain: string;
  /** Per CRD name: fields (JSON path) typed as a built-in type. */
  readonly typeMap?: ReadonlyMap<string, ReadonlyMap<string, TypeRef>>;
}

/**
 * Chooses one accessor base per group. Each group's base comes from the group alone
 * ({@link groupAccessorBase}); only groups of one run that map to the same base (which takes
 * groups differing in punctuation, or a primary-domain group and another group with the same
 * leading name) are resolved: the highest ranked keeps the base (a primary-domain group first,
 * then the first in code-unit order), each other one uses every label of its group
 * (`scheduling.k8s.io` → `schedulingK8sIo`), numbered if even that is taken, and a warning says so.
 * The result depends only on the set of groups, and a group keeps its base unless a group that
 * outranks it for the same base is added.
 */
function accessorBases(groups: readonly string[], primaryDomain: string, sink: WarningSink): Map<string, string> {
  const primary = (g: string): boolean => primaryDomain !== '' && (g === primaryDomain || g.endsWith(`.${primaryDomain}`));
  const rank = (a: string, b: string): number => Number(primary(b)) - Number(primary(a)) || compareStrings(a, b);
  const byBase = new Map<string, string[]>();
  for (const g of [...groups].sort(rank)) {
    const base = groupAccessorBase(g, primaryDomain);
    byBase.set(base, [...(byBase.get(base) ?? []), g]);
  }
  const result = new Map<string, string>();
  const used = new Set(byBase.keys());
  for (const [base, [keeper, ...others]] of byBase) {
    result.set(keeper!, base);
    for (const g of others) {
      const fallback = groupAccessorFallbackBase(g);
      let name = fallback;
      for (let n = 2; used.has(name); n++) name = `${fallback}${n}`;
      used.add(name);
      sink.warn({ source: g, message: `accessor '${base}' is already ${keeper}'s (${[keeper, ...others].join(', ')} share it); using '${name}'` });
      result.set(g, name);
    }
  }
  return result;
}

/** Builds the model of every served version of every CRD. CRDs must be validated already. */
export function buildModel(crds: readonly CustomResourceDefinition[], options: ModelOptions, sink: WarningSink): GroupVersionModel[] {
  const sorted = [...crds].sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
  const byGv = new Map<string, KindModel[]>();
  const groups = new Set<string>();
  for (const crd of sorted) {
    const { group, names, scope } = crd.spec;
    const crdName = crd.metadata.name;
    if (crdName !== `${names.plural}.${group}`) {
      sink.warn({ source: crdName, message: `the name is not '${names.plural}.${group}' as Kubernetes requires` });
    }
    for (const v of crd.spec.versions) {
      if (!v.served) continue;
      const apiVersion = `${group}/${v.name}`;
      const typeMap = options.typeMap?.get(crdName);
      const mapped = new Set<string>();
      const root = normalizeRootSchema(v.schema?.openAPIV3Schema, names.kind, apiVersion, {
        crd: crdName,
        version: v.name,
        sink,
        ...(typeMap !== undefined ? { typeMap, mapped } : {}),
      });
      for (const path of typeMap?.keys() ?? []) {
        if (!mapped.has(path)) sink.warn({ source: crdName, version: v.name, path, message: 'the type map names a field this version does not declare' });
      }
      const kind: KindModel = {
        crdName,
        group,
        version: v.name,
        apiVersion,
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        plural: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        namespaced: scope === 'Namespaced',
        statusSubresource: v.subresources?.status !== undefined && v.subresources.status !== null,
        ...(v.subresources?.scale ? { scale: v.subresources.scale } : {}),
        printerColumns: v.additionalPrinterColumns ?? [],
        ...(v.deprecated === true ? { deprecation: v.deprecationWarning ?? '' } : {}),
        root,
        objects: [],
        methodName: resourceMethodName(names.kind, names.plural),
        resourceConst: resourceConstName(names.kind),
        schemaFunction: schemaFunctionName(names.kind),
      };
      const key = `${group}/${v.name}`;
      const list = byGv.get(key) ?? [];
      const clash = list.find((k) => k.kind === kind.kind || k.plural === kind.plural || k.resourceConst === kind.resourceConst);
      if (clash) {
        throw new InputError(`CRDs ${clash.crdName} and ${crdName} both define kind ${kind.kind} or resource ${kind.plural} in ${key}`);
      }
      list.push(kind);
      byGv.set(key, list);
      groups.add(group);
    }
  }
  const bases = accessorBases([...groups].sort(compareStrings), options.primaryDomain, sink);
  const models: GroupVersionModel[] = [];
  for (const key of [...byGv.keys()].sort(compareStrings)) {
    const kinds = byGv.get(key)!.sort((a, b) => compareStrings(a.kind, b.kind));
    const { group, version } = kinds[0]!;
    const listKinds = new Set(kinds.map((k) => k.listKind));
    for (const k of kinds) {
      for (const suffix of ['List', 'Apply']) {
        if (kinds.some((o) => o.kind === `${k.kind}${suffix}`)) {
          throw new InputError(`${key}: kind ${k.kind}${suffix} collides with the generated ${suffix.toLowerCase()} type of kind ${k.kind}`);
        }
      }
      if (listKinds.has(k.kind)) throw new InputError(`${key}: kind ${k.kind} is also the listKind of another kind`);
    }
    const named = assignTypeNames(kinds.map((k) => k.root));
    for (const k of kinds) k.objects = named.get(k.root)!;
    const accessor = groupVersionAccessor(bases.get(group)!, version);
    // The group index re-exports the types next to the client and informers classes: a generated
    // type with a class's name (a kind called `ExampleV1Client`) renames the class.
    const typeNames = new Set(kinds.flatMap((k) => [k.kind, `${k.kind}List`, `${k.kind}Apply`, ...k.objects.flatMap((o) => (o.inputName === undefined ? [o.name] : [o.name, o.inputName]))]));
    const className = (name: string, what: string, suffix: string): string => {
      if (!typeNames.has(name)) return name;
      const base = `${name.slice(0, -suffix.length)}Group${suffix}`;
      let chosen = base;
      for (let n = 2; typeNames.has(chosen); n++) chosen = `${base}${n}`;
      sink.warn({ source: key, message: `the ${what} class '${name}' is also the name of a generated type; using '${chosen}'` });
      return chosen;
    };
    const clientClass = className(groupClientClassName(accessor), 'group client', 'Client');
    const informersClass = className(groupInformersClassName(accessor), 'informers', 'Informers');
    models.push({ group, version, accessor, clientClass, informersClass, dir: `${group}/${version}`, kinds });
  }
  return models;
}
