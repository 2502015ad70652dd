/**
 * Helpers of the controller e2e tests: the generated built-in clients (Lease, Event, ConfigMap)
 * over a test file's transport, and polling.
 */
import type { ClientContext } from '../../../src/client/client-context.js';
import { GenericClientset } from '../../../src/generated/generic-clientset.js';

export { leaseResource } from '../../../src/generated/coordination.k8s.io/v1/resources.js';
export { eventResource } from '../../../src/generated/events.k8s.io/v1/resources.js';
export { configMapResource, nodeResource } from '../../../src/generated/core/v1/resources.js';
export type { ConfigMap, Node } from '../../../src/generated/core/v1/types.js';

/** Every generated group (Koordinator and built-in) over the same transport as `ctx`. */
export function generic(ctx: ClientContext): GenericClientset {
  return new GenericClientset(ctx);
}

/** The generated Lease client of namespace `ns`. */
export function leases(ctx: ClientContext, ns: string) {
  return generic(ctx).coordinationV1.leases(ns);
}

/** The generated ConfigMap client of namespace `ns`. */
export function configMaps(ctx: ClientContext, ns: string) {
  return generic(ctx).coreV1.configMaps(ns);
}

/** The generated events.k8s.io/v1 Event client of namespace `ns`. */
export function events(ctx: ClientContext, ns: string) {
  return generic(ctx).eventsV1.events(ns);
}

/** Polls `cond` every `intervalMs` (20 ms) until it holds, failing after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition', intervalMs = 20): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
