// Value interning (the informer default) against the real API server: cached objects, listed and
// watched, equal what the server returns for them, share the managedFields trees one manager wrote
// (frozen), can be deep-copied and written back, and `internValues: false` keeps them unshared.
import { describe, expect, it, vi } from 'vitest';
import { nodeMetricResource } from '../../../src/generated/slo.koordinator.sh/v1alpha1/resources.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import { SharedInformerFactory } from '../../../src/cache/shared-informer-factory.js';
import { deepCopy } from '../../../src/meta/deep-copy.js';
import type { DeepReadonly } from '../../../src/meta/deep-partial.js';
import { suffix, useCluster } from '../support/cluster.js';
import { connectUnthrottled } from './support.js';

const cluster = useCluster(() => connectUnthrottled());

const waitOpts = { timeout: 20_000, interval: 50 };

/** The fieldsV1 subtree `top` (e.g. `f:spec`) of the managedFields entry written by `manager` without a subresource. */
function tree(o: DeepReadonly<NodeMetric>, top: string): unknown {
  const entry = o.metadata?.managedFields?.find((e) => e.subresource === undefined || e.subresource === '');
  return (entry?.fieldsV1 as Record<string, unknown> | undefined)?.[top];
}

describe('informer value interning (e2e)', () => {
  it('caches listed and watched objects equal to the server, sharing their managedFields trees; internValues: false does not', async () => {
    const batch = suffix();
    const client = cluster.cs.sloV1alpha1.nodeMetrics();
    const labels = { 'e2e-batch': batch };
    const spec = { metricCollectPolicy: { reportIntervalSeconds: 60 } };
    await client.create({ metadata: { name: `listed-${batch}`, labels }, spec });
    const interned = new SharedInformerFactory(cluster.cs, { labelSelector: `e2e-batch=${batch}`, onError: () => {} });
    const plain = new SharedInformerFactory(cluster.cs, { labelSelector: `e2e-batch=${batch}`, internValues: false, onError: () => {} });
    const [nm, nmPlain] = [interned.clusterKind<NodeMetric>(nodeMetricResource), plain.clusterKind<NodeMetric>(nodeMetricResource)];
    nm.informer();
    nmPlain.informer();
    interned.start();
    plain.start();
    await interned.waitForCacheSync();
    await plain.waitForCacheSync();
    await client.create({ metadata: { name: `watched-${batch}`, labels }, spec });
    const names = [`listed-${batch}`, `watched-${batch}`];
    await vi.waitFor(() => expect(nm.lister().list().length + nmPlain.lister().list().length).toBe(4), waitOpts);

    for (const name of names) {
      const server = await client.get(name);
      expect(nm.lister().get(name)).toEqual(server);
      expect(nmPlain.lister().get(name)).toEqual(server);
    }
    const [a, b] = names.map((n) => nm.lister().get(n));
    expect(tree(a!, 'f:spec')).toBeDefined();
    expect(tree(a!, 'f:spec')).toBe(tree(b!, 'f:spec'));
    expect(tree(a!, 'f:metadata')).toBe(tree(b!, 'f:metadata'));
    expect(Object.isFrozen(tree(a!, 'f:spec'))).toBe(true);
    expect(() => {
      (tree(a!, 'f:spec') as Record<string, unknown>)['f:extra'] = {};
    }).toThrow(TypeError);
    const [pa, pb] = names.map((n) => nmPlain.lister().get(n));
    expect(tree(pa!, 'f:spec')).toEqual(tree(pb!, 'f:spec'));
    expect(tree(pa!, 'f:spec')).not.toBe(tree(pb!, 'f:spec'));

    // A deep copy of a cached object is an ordinary object: change it and write it back.
    const copy = deepCopy(a!);
    copy.spec = { metricCollectPolicy: { reportIntervalSeconds: 15 } };
    (tree(copy, 'f:spec') as Record<string, unknown>)['f:copy-is-writable'] = {};
    await client.update(copy);
    await vi.waitFor(() => expect(nm.lister().get(names[0]!).spec?.metricCollectPolicy?.reportIntervalSeconds).toBe(15), waitOpts);
    expect(nm.lister().get(names[0]!)).toEqual(await client.get(names[0]!));

    await interned.shutdown();
    await plain.shutdown();
    for (const name of names) await client.delete(name);
  });
});
