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

/**
 * A typed client class a generated group client binds a kind to (`ResourceClient`,
 * `StatusResourceClient`, `ScaleResourceClient`, `PodClient`).
 */
export type ResourceClientClass = new (ctx: ClientContext, descriptor: ResourceDescriptor, namespace?: string) => ResourceReader<KubeObject>;

/** The client class of a kind: given, or chosen by its status subresource. */
function classOf(client: boolean | ResourceClientClass): ResourceClientClass {
  if (typeof client === 'function') return client;
  return client ? StatusResourceClient : ResourceClient;
}

/** Shared behaviour of the generated per group/version clients. */
export abstract class GroupClient {
  /** @param ctx - the Clientset's shared transport and defaults */
  constructor(protected readonly ctx: ClientContext) {}

  /**
   * A client for a cluster-scoped kind; `C` is the typed client the generated method declares.
   * `client` is the client class, or whether the kind has a status subresource.
   */
  protected clusterClient<C extends object>(descriptor: ResourceDescriptor, client: boolean | ResourceClientClass): C {
    const Client = classOf(client);
    return new Client(this.ctx, descriptor) as unknown as C;
  }

  /** A client for a namespaced kind in `namespace`, or a reader across all namespaces. */
  protected namespacedClient(descriptor: ResourceDescriptor, namespace: string | AllNamespaces, client: boolean | ResourceClientClass): ResourceReader<KubeObject> {
    if (namespace === allNamespaces) return new ResourceReader(this.ctx, descriptor);
    if (typeof namespace !== 'string') {
      throw new ValidationError(`${descriptor.kind} is namespaced: pass a namespace name or allNamespaces`, [{ path: 'metadata.namespace', message: 'required' }]);
    }
    const Client = classOf(client);
    return new Client(this.ctx, descriptor, namespace);
  }
}
