/**
 * The resources a fake server serves: generated descriptors looked up by URL
 * (group, version, plural) or by object type (apiVersion, kind), plus core Namespaces.
 * @packageDocumentation
 */
import { apiVersionOf, type ResourceDescriptor } from '../meta/descriptor.js';

/** The core v1 Namespace kind, always served (namespaced objects may be required to live in one). */
export const namespaceDescriptor: ResourceDescriptor = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  namespaced: false,
  subresources: { status: true },
  printerColumns: [],
};

/** Descriptors indexed for the fake server. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceDescriptor>();
  private readonly byType = new Map<string, ResourceDescriptor>();
  private readonly all: ResourceDescriptor[] = [];

  /** @param descriptors - the kinds to serve (Namespaces are added unless given) */
  constructor(descriptors: readonly ResourceDescriptor[]) {
    for (const d of [namespaceDescriptor, ...descriptors]) this.add(d);
  }

  /** Serves one more kind (a later descriptor for the same resource replaces the earlier one). */
  add(d: ResourceDescriptor): void {
    const pathKey = `${d.group}/${d.version}/${d.plural}`;
    if (!this.byPath.has(pathKey)) this.all.push(d);
    else this.all.splice(this.all.indexOf(this.byPath.get(pathKey) as ResourceDescriptor), 1, d);
    this.byPath.set(pathKey, d);
    this.byType.set(`${apiVersionOf(d)}/${d.kind}`, d);
  }

  /** The descriptor served at `group/version/plural`. */
  byResource(group: string, version: string, plural: string): ResourceDescriptor | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** The descriptor of objects with this apiVersion and kind. */
  byKind(apiVersion: string, kind: string): ResourceDescriptor | undefined {
    return this.byType.get(`${apiVersion}/${kind}`);
  }

  /** Every served descriptor. */
  descriptors(): readonly ResourceDescriptor[] {
    return this.all;
  }

  /** True when `group/version` is served. */
  servesGroupVersion(group: string, version: string): boolean {
    return this.all.some((d) => d.group === group && d.version === version);
  }
}

/** The storage key shared by every version of a resource: `group/plural`. */
export function storageResource(d: Pick<ResourceDescriptor, 'group' | 'plural'>): string {
  return `${d.group}/${d.plural}`;
}
