/**
 * The `apiextensions.k8s.io/v1` CustomResourceDefinition kind, hand-described so that CRDs can be
 * installed and inspected with the same generic client.
 * @packageDocumentation
 */
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { KubeObject } from '../meta/object.js';

/** A condition on a CRD's status (`Established`, `NamesAccepted`, ...). */
export interface CustomResourceDefinitionCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A CustomResourceDefinition; its spec is kept as data. */
export interface CustomResourceDefinition extends KubeObject {
  spec: {
    group: string;
    names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: Array<{ name: string; served: boolean; storage: boolean; [key: string]: unknown }>;
    [key: string]: unknown;
  };
  status?: { conditions?: CustomResourceDefinitionCondition[]; acceptedNames?: { plural?: string; kind?: string }; storedVersions?: string[] };
}

/** Descriptor of `customresourcedefinitions.apiextensions.k8s.io/v1`. */
export const customResourceDefinitionResource: ResourceDescriptor = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  listKind: 'CustomResourceDefinitionList',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  shortNames: ['crd', 'crds'],
  namespaced: false,
  subresources: { status: true },
  printerColumns: [],
};
