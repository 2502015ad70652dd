// Every verb on a namespaced kind (Recommendation), including scope rules and all-namespaces reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { allNamespaces } from '../../src/client/group-client.js';
import type { Recommendation } from '../../src/generated/analysis.koordinator.sh/v1alpha1/types.js';
import { isNotFound, ValidationError } from '../../src/rest/errors.js';
import { freshNamespace, suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

let nsA: string;
let nsB: string;
beforeAll(async () => {
  nsA = await freshNamespace(cluster.cs, 'rec-a');
  nsB = await freshNamespace(cluster.cs, 'rec-b');
});

function recommendation(name: string, workload = 'web'): Recommendation {
  return { metadata: { name, labels: { app: workload } }, spec: { target: { type: 'workload', workload: { apiVersion: 'apps/v1', kind: 'Deployment', name: workload } } } };
}

describe('Recommendation (namespaced) verbs', () => {
  it('create, get, list, update, updateStatus, patch, apply, delete within a namespace', async () => {
    const recs = cluster.cs.analysisV1alpha1.recommendations(nsA);
    const name = `rec-${suffix()}`;
    const created = await recs.create(recommendation(name));
    expect(created.metadata?.namespace).toBe(nsA);
    expect((await recs.get(name)).spec?.target.workload?.name).toBe('web');
    // the same name in another namespace is another object
    await expect(cluster.cs.analysisV1alpha1.recommendations(nsB).get(name)).rejects.toSatisfy(isNotFound);

    const listed = await recs.list();
    expect(listed.items.map((r) => r.metadata?.name)).toEqual([name]);

    const upd = await recs.update({ ...created, spec: { target: { ...created.spec!.target, workload: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } } } });
    expect(upd.spec?.target.workload?.kind).toBe('StatefulSet');

    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const st = await recs.updateStatus({ ...upd, status: { updateTime: now, conditions: [{ type: 'Ready', status: 'True', reason: 'Computed', message: 'ok', lastTransitionTime: now }] } });
    expect(st.status?.conditions?.[0]?.reason).toBe('Computed');

    const patched = await recs.patch(name, { type: 'merge', patch: { metadata: { labels: { tier: 'gold' } } } });
    expect(patched.metadata?.labels).toEqual({ app: 'web', tier: 'gold' });
    const applied = await recs.apply({ metadata: { name, labels: { owner: 'ssa' } } }, { fieldManager: 'rec-e2e' });
    expect(applied.metadata?.labels?.owner).toBe('ssa');

    await recs.delete(name);
    await expect(recs.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('lists and watches across all namespaces only when asked explicitly', async () => {
    const tag = suffix();
    await cluster.cs.analysisV1alpha1.recommendations(nsA).create(recommendation(`x-${tag}`, tag));
    await cluster.cs.analysisV1alpha1.recommendations(nsB).create(recommendation(`y-${tag}`, tag));
    const all = await cluster.cs.analysisV1alpha1.recommendations(allNamespaces).list({ labelSelector: `app=${tag}` });
    expect(all.items.map((r) => `${r.metadata?.namespace}/${r.metadata?.name}`).sort()).toEqual([`${nsA}/x-${tag}`, `${nsB}/y-${tag}`].sort());
    const names: string[] = [];
    for await (const r of cluster.cs.analysisV1alpha1.recommendations(allNamespaces).listAll({ labelSelector: `app=${tag}`, limit: 1 })) names.push(r.metadata!.name!);
    expect(names.sort()).toEqual([`x-${tag}`, `y-${tag}`]);
    // the all-namespaces client is read-only: no create on it
    expect('create' in cluster.cs.analysisV1alpha1.recommendations(allNamespaces)).toBe(false);
  });

  it('rejects a namespace mismatch and an invalid namespace before the network', async () => {
    const recs = cluster.cs.analysisV1alpha1.recommendations(nsA);
    const obj = recommendation(`rec-${suffix()}`);
    obj.metadata!.namespace = nsB;
    await expect(recs.create(obj)).rejects.toBeInstanceOf(ValidationError);
    expect(() => cluster.cs.analysisV1alpha1.recommendations('Not_A_Namespace')).toThrowError(ValidationError);
    expect(() => cluster.cs.analysisV1alpha1.recommendations(undefined as unknown as string)).toThrowError(ValidationError);
  });

  it('deleteCollection within a namespace leaves other namespaces alone', async () => {
    const tag = suffix();
    await cluster.cs.analysisV1alpha1.recommendations(nsA).create(recommendation(`d-${tag}`, tag));
    await cluster.cs.analysisV1alpha1.recommendations(nsB).create(recommendation(`d-${tag}`, tag));
    await cluster.cs.analysisV1alpha1.recommendations(nsA).deleteCollection({ labelSelector: `app=${tag}` });
    expect((await cluster.cs.analysisV1alpha1.recommendations(nsA).list({ labelSelector: `app=${tag}` })).items).toHaveLength(0);
    expect((await cluster.cs.analysisV1alpha1.recommendations(nsB).list({ labelSelector: `app=${tag}` })).items).toHaveLength(1);
  });
});
