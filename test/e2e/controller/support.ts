/**
 * Helpers of the controller e2e tests: descriptors of the built-in kinds the tests use (until
 * the generated built-in clients land), typed clients over them, and polling.
 */
import { ResourceClient } from '../../../src/client/resource-client.js';
import type { ClientContext } from '../../../src/client/client-context.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import type { KubeObject } from '../../../src/meta/object.js';
import type { LeaseObject } from '../../../src/controller/lease-lock.js';

function builtin(group: string, version: string, kind: string, plural: string, namespaced: boolean): ResourceDescriptor {
  return { group, version, kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), shortNames: [], namespaced, subresources: { status: false }, printerColumns: [] };
}

/** coordination.k8s.io/v1 Lease. */
export const leaseResource = builtin('coordination.k8s.io', 'v1', 'Lease', 'leases', true);
/** events.k8s.io/v1 Event. */
export const eventResource = builtin('events.k8s.io', 'v1', 'Event', 'events', true);
/** core v1 ConfigMap. */
export const configMapResource = builtin('', 'v1', 'ConfigMap', 'configmaps', true);

/** A ConfigMap. */
export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** A Lease client for namespace `ns`. */
export function leases(ctx: ClientContext, ns: string): ResourceClient<LeaseObject & KubeObject> {
  return new ResourceClient<LeaseObject & KubeObject>(ctx, leaseResource, ns);
}

/** A ConfigMap client for namespace `ns`. */
export function configMaps(ctx: ClientContext, ns: string): ResourceClient<ConfigMap> {
  return new ResourceClient<ConfigMap>(ctx, configMapResource, ns);
}

/** Polls `cond` every 20 ms until it holds, failing after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
