/**
 * Base of the generated group clients: hands out typed clients bound to a descriptor, with
 * scope enforced (a namespaced kind needs a namespace or the explicit `allNamespaces`).
 * @packageDocumentation
 */
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { KubeList, KubeObject } from '../meta/object.js';
import { ValidationError } from '../rest/errors.js';
import type { ClientContext } from './client-context.js';
import { ResourceClient } from './resource-client.js';
import { ResourceReader } from './resource-reader.js';
import { StatusResourceClient } from './status-resource-client.js';

export { ResourceClient } from './resource-client.js';
export { StatusResourceClient } from './status-resource-client.js';

/** Pass as the namespace to list or watch a namespaced kind across every namespace. */
export const allNamespaces: unique symbol = Symbol.for('koordinator-client.allNamespaces');
/** The type of `allNamespaces`. */
export type AllNamespaces = typeof allNamespaces;

/** Read-only access across all namespaces: list, listAll and watch. */
export type AllNamespacesClient<T extends KubeObject, L extends KubeList<T> = KubeList<T>> = ResourceReader<T, L>;

/** Shared behaviour of the generated per group/version clients. */
export abstract class GroupClient {
  /** @param ctx - the Clientset's shared transport and defaults */
  constructor(protected readonly ctx: ClientContext) {}

  /** A client for a cluster-scoped kind; `C` is the typed client the generated method declares. */
  protected clusterClient<C extends object>(descriptor: ResourceDescriptor, withStatus: boolean): C {
    return (withStatus ? new StatusResourceClient(this.ctx, descriptor) : new ResourceClient(this.ctx, descriptor)) as unknown as C;
  }

  /** A client for a namespaced kind in `namespace`, or a reader across all namespaces. */
  protected namespacedClient(descriptor: ResourceDescriptor, namespace: string | AllNamespaces, withStatus: boolean): ResourceReader<KubeObject> {
    if (namespace === allNamespaces) return new ResourceReader(this.ctx, descriptor);
    if (typeof namespace !== 'string') {
      throw new ValidationError(`${descriptor.kind} is namespaced: pass a namespace name or allNamespaces`, [{ path: 'metadata.namespace', message: 'required' }]);
    }
    return withStatus ? new StatusResourceClient(this.ctx, descriptor, namespace) : new ResourceClient(this.ctx, descriptor, namespace);
  }
}
