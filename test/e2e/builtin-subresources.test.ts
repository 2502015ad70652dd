// Subresources of built-in kinds against the real server: a Deployment's scale (spec.replicas
// follows it; conditional updates), a Pod's binding (what a scheduler does) and eviction (which
// honours PodDisruptionBudgets: 429 when the budget forbids it).
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/generated/apps/v1/index.js';
import type { Pod } from '../../src/generated/core/v1/index.js';
import { isConflict, isNotFound, isTooManyRequests } from '../../src/rest/errors.js';
import { freshNamespaceOf, useGenericCluster } from './support/generic-cluster.js';

const cluster = useGenericCluster();

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function pod(name: string, labels: Record<string, string> = { app: 'web' }): Pod {
  return { metadata: { name, labels }, spec: { containers: [{ name: 'app', image: 'registry.example.com/web/app:1.0' }] } };
}

describe('built-in subresources', () => {
  it('scale: getScale reads spec.replicas and the selector; updateScale and patchScale move spec.replicas', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'scale');
    const deployments = cluster.cs.appsV1.deployments(ns);
    const d: Deployment = {
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: pod('x').spec! } },
    };
    await deployments.create(d);

    const scale = await deployments.getScale('web');
    expect(scale).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: ns }, spec: { replicas: 2 } });
    // No controller runs: nothing observed yet; the selector is the serialized label selector.
    expect(scale.status).toMatchObject({ replicas: 0, selector: 'app=web' });

    const updated = await deployments.updateScale('web', { ...scale, spec: { replicas: 5 } });
    expect(updated.spec?.replicas).toBe(5);
    expect((await deployments.get('web')).spec?.replicas).toBe(5);
    // The Scale's resourceVersion makes the update conditional: the stale one conflicts.
    expect(isConflict(await rejection(deployments.updateScale('web', { ...scale, spec: { replicas: 7 } })))).toBe(true);
    expect((await deployments.get('web')).spec?.replicas).toBe(5);
    // Without a resourceVersion it is unconditional.
    await deployments.updateScale('web', { spec: { replicas: 3 } });
    expect((await deployments.get('web')).spec?.replicas).toBe(3);

    const patched = await deployments.patchScale('web', { type: 'merge', patch: { spec: { replicas: 1 } } });
    expect(patched.spec?.replicas).toBe(1);
    const after = await deployments.get('web');
    expect(after.spec?.replicas).toBe(1);
    // Each accepted scale write is a spec change (the conflicting one is not).
    expect(after.metadata?.generation).toBe(4);
  });

  it('binding sets spec.nodeName once; binding again conflicts', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'bind');
    const pods = cluster.cs.coreV1.pods(ns);
    await pods.create(pod('web-0'));
    expect((await pods.get('web-0')).spec?.nodeName).toBeUndefined();

    const status = await pods.bind('web-0', { name: 'node-a' });
    expect(status.status).toBe('Success');
    const bound = await pods.get('web-0');
    expect(bound.spec?.nodeName).toBe('node-a');
    // The binding also records the scheduled condition.
    expect(bound.status?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]));
    expect(isConflict(await rejection(pods.bind('web-0', { name: 'node-b' })))).toBe(true);
    expect((await pods.get('web-0')).spec?.nodeName).toBe('node-a');
    expect(isNotFound(await rejection(pods.bind('missing', { name: 'node-a' })))).toBe(true);
  });

  it('eviction deletes a Pod; a PodDisruptionBudget that allows no disruption makes it fail with 429 until it allows one', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'evict');
    const pods = cluster.cs.coreV1.pods(ns);

    // A Pending, unscheduled Pod: no budget applies, it is deleted at once.
    await pods.create(pod('pending-0', { app: 'batch' }));
    const evicted = await pods.evict('pending-0');
    expect(evicted.status).toBe('Success');
    expect(isNotFound(await rejection(pods.get('pending-0')))).toBe(true);

    // A running, ready Pod guarded by a budget, as the disruption controller would report it.
    await pods.create(pod('web-0'));
    await pods.bind('web-0', { name: 'node-a' });
    const running = await pods.get('web-0');
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await pods.updateStatus({
      ...running,
      status: {
        ...running.status,
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
          { type: 'Ready', status: 'True', lastTransitionTime: now },
        ],
      },
    });
    const budgets = cluster.cs.policyV1.podDisruptionBudgets(ns);
    const pdb = await budgets.create({ metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    const synced = { observedGeneration: pdb.metadata!.generation!, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 };
    await budgets.updateStatus({ ...pdb, status: { ...synced, disruptionsAllowed: 0 } });

    const refused = await rejection(pods.evict('web-0'));
    expect(isTooManyRequests(refused)).toBe(true);
    expect((refused as { code?: number }).code).toBe(429);
    expect(JSON.stringify((refused as { causes?: unknown }).causes)).toContain('DisruptionBudget');
    expect((await pods.get('web-0')).metadata?.deletionTimestamp).toBeUndefined();
    // A dry run of an allowed eviction changes nothing either.
    await budgets.updateStatus({ ...(await budgets.get('web')), status: { ...synced, disruptionsAllowed: 1 } });
    await pods.evict('web-0', { dryRun: true });
    expect((await pods.get('web-0')).metadata?.deletionTimestamp).toBeUndefined();

    // Now the budget allows one: the Pod is deleted gracefully (a bound Pod waits for its kubelet,
    // so it stays with a deletionTimestamp), and the budget records the disruption.
    await pods.evict('web-0');
    const deleting = await pods.get('web-0').catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    if (deleting) expect(deleting.metadata?.deletionTimestamp).toBeTruthy();
    expect(Object.keys((await budgets.get('web')).status?.disruptedPods ?? {})).toEqual(['web-0']);
    await pods.delete('web-0', { gracePeriodSeconds: 0 }).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  });
});
