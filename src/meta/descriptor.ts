/**
 * Resource descriptors: the data that binds a kind to its REST endpoints. The generator emits
 * one per kind; the generic client and informers read it.
 * @packageDocumentation
 */

/** An additional printer column declared by a CRD (`kubectl get` columns). */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** The subresources a CRD version serves. */
export interface Subresources {
  /** True when `/status` is served: only then does the client offer `updateStatus`/`applyStatus`. */
  status: boolean;
  /** The `/scale` subresource's JSON paths, when served. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /**
   * Every subresource the server serves for a built-in kind (from its OpenAPI paths), with its
   * verbs: `{ status: ['get', 'patch', 'update'], eviction: ['create'], log: ['get'], ... }`.
   * Absent for custom resources (their `status` and `scale` say it all).
   */
  served?: Readonly<Record<string, readonly string[]>>;
}

/** Minimal structural view of a zod schema, so that descriptors do not import zod. */
export interface ObjectSchema {
  /** Validates `value` without throwing (zod's `safeParse`). */
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** A generated write check: true when `value` passes the kind's zod schema. */
export type ObjectCheck = (value: unknown) => boolean;

/** Describes one served version of one kind. */
export interface ResourceDescriptor {
  /** API group, `""` for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** Plural resource name used in URLs. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories?: readonly string[];
  /** True for namespaced kinds, false for cluster-scoped ones. */
  readonly namespaced: boolean;
  readonly subresources: Subresources;
  readonly printerColumns: readonly PrinterColumn[];
  /**
   * The verbs the server serves for the kind (`get`, `list`, `watch`, `create`, `update`, `patch`,
   * `delete`, `deletecollection`); absent means all of them, as for custom resources.
   */
  readonly verbs?: readonly string[];
  /**
   * True for built-in kinds, which accept strategic merge patches; custom resources do not, so
   * the client refuses `{ type: 'strategic' }` for them before the network.
   */
  readonly strategicMergePatch?: boolean;
  /** Loads (and builds, once) the zod schema of the kind; absent when there is none. */
  readonly schema?: () => Promise<ObjectSchema>;
  /**
   * Loads the kind's write check: true when an object passes {@link ResourceDescriptor.schema},
   * answered without zod. Validation runs it first and loads the schema only when it says no, to
   * list the problems (the check may say no where the schema says yes; never the reverse).
   */
  readonly check?: () => Promise<ObjectCheck>;
  /**
   * Loads the CustomResourceDefinition manifest the kind was generated from (apiVersion, kind,
   * metadata name/labels/annotations and spec), e.g. to install it in a test cluster; absent for
   * kinds that do not come from a CRD.
   */
  readonly crd?: () => Promise<Record<string, unknown>>;
}

/** `group/version`, or just `version` for the core group. */
export function apiVersionOf(d: Pick<ResourceDescriptor, 'group' | 'version'>): string {
  return d.group === '' ? d.version : `${d.group}/${d.version}`;
}
