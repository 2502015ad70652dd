// A create/get/list round trip on every kind of every generated CRD, through the typed Clientset,
// with the CRDs installed by installCrds().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allResources } from '../../src/generated/index.js';
import type { Clientset } from '../../src/generated/clientset.js';
import type { KubeList, KubeObject } from '../../src/meta/object.js';
import { connect, ensureCrds, freshNamespace, suffix } from './support/cluster.js';

let cs: Clientset;
let ns: string;
beforeAll(async () => {
  cs = await connect();
  await ensureCrds(cs);
  ns = await freshNamespace(cs, 'kinds');
});
afterAll(async () => {
  await cs?.close();
});

interface RoundTripClient {
  create(o: KubeObject): Promise<KubeObject>;
  get(n: string): Promise<KubeObject>;
  list(o?: { labelSelector?: string }): Promise<KubeList<KubeObject>>;
}

/** One typed client and one object per kind: the objects use each kind's own spec fields. */
type AnyObject = KubeObject & Record<string, unknown>;

function cases(tag: string): Array<[string, () => RoundTripClient, AnyObject]> {
  const meta = (p: string) => ({ name: `${p}-${tag}`, labels: { roundtrip: tag, kind: p } });
  return [
    ['analysis/v1alpha1 Recommendation', () => cs.analysisV1alpha1.recommendations(ns), { metadata: meta('rec'), spec: { target: { type: 'workload', workload: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' } } } }],
    ['config/v1alpha1 ClusterColocationProfile', () => cs.configV1alpha1.clusterColocationProfiles(), { metadata: meta('ccp'), spec: { qosClass: 'BE', priorityClassName: 'koord-batch', labels: { a: 'b' } } }],
    ['quota/v1alpha1 ElasticQuotaProfile', () => cs.quotaV1alpha1.elasticQuotaProfiles(ns), { metadata: meta('eqp'), spec: { quotaName: 'q', nodeSelector: { matchLabels: { pool: 'a' } } } }],
    ['scheduling/v1alpha1 ClusterNetworkTopology', () => cs.schedulingV1alpha1.clusterNetworkTopologies(), { metadata: meta('cnt') }],
    ['scheduling/v1alpha1 Device', () => cs.schedulingV1alpha1.devices(), { metadata: meta('dev'), spec: { devices: [{ type: 'gpu', minor: 0, health: true, resources: { 'koordinator.sh/gpu-core': '100' } }] } }],
    ['scheduling/v1alpha1 PodMigrationJob', () => cs.schedulingV1alpha1.podMigrationJobs(), { metadata: meta('pmj'), spec: { podRef: { namespace: 'default', name: 'web-0' }, mode: 'ReservationFirst', ttl: '5m' } }],
    ['scheduling/v1alpha1 Reservation', () => cs.schedulingV1alpha1.reservations(), { metadata: meta('rsv'), spec: { owners: [{ object: { name: 'p' } }], template: {} } }],
    ['scheduling/v1alpha1 ScheduleExplanation', () => cs.schedulingV1alpha1.scheduleExplanations(ns), { metadata: meta('sx') }],
    ['scheduling.sigs/v1alpha1 ElasticQuota', () => cs.schedulingSigsV1alpha1.elasticQuotas(ns), { metadata: meta('eq'), spec: { max: { cpu: '10', memory: '20Gi' }, min: { cpu: 2 } } }],
    ['scheduling.sigs/v1alpha1 PodGroup', () => cs.schedulingSigsV1alpha1.podGroups(ns), { metadata: meta('pg'), spec: { minMember: 3, scheduleTimeoutSeconds: 30 } }],
    ['slo/v1alpha1 NodeMetric', () => cs.sloV1alpha1.nodeMetrics(), { metadata: meta('nm'), spec: { metricCollectPolicy: { reportIntervalSeconds: 60 } } }],
    ['slo/v1alpha1 NodeSLO', () => cs.sloV1alpha1.nodeSLOs(), { metadata: meta('nslo') }],
    ['topology.node/v1alpha1 NodeResourceTopology', () => cs.topologyNodeV1alpha1.nodeResourceTopologies(), { metadata: meta('nrt1'), topologyPolicies: ['SingleNUMANodeContainerLevel'], zones: [{ name: 'node-0', type: 'Node', resources: [{ name: 'cpu', capacity: 8, allocatable: '7', available: '7' }] }] } ],
    ['topology.node/v1alpha2 NodeResourceTopology', () => cs.topologyNodeV1alpha2.nodeResourceTopologies(), { metadata: meta('nrt2'), attributes: [{ name: 'topologyManagerPolicy', value: 'single-numa-node' }], zones: [{ name: 'node-0', type: 'Node' }] } ],
  ];
}

const tag = suffix();
describe('every generated kind round-trips through the real server', () => {
  it('one NodeResourceTopology is served in both versions', async () => {
    const name = `nrt-both-${tag}`;
    await cs.topologyNodeV1alpha1.nodeResourceTopologies().create({ metadata: { name }, topologyPolicies: ['None'], zones: [{ name: 'z', type: 'Node' }] });
    const v2 = await cs.topologyNodeV1alpha2.nodeResourceTopologies().get(name);
    expect(v2.apiVersion).toBe('topology.node.k8s.io/v1alpha2');
    expect(v2.zones).toEqual([{ name: 'z', type: 'Node' }]);
  });
  it('covers every generated resource', () => {
    expect(cases(tag).map(([label]) => label.split(' ').pop()).sort()).toEqual(allResources.map((r) => r.kind).sort());
  });
  it.each(cases(tag))('%s: create, get, list', async (_label, client, obj) => {
    const c = client();
    const created = await c.create(obj);
    expect(created.metadata?.uid).toBeTruthy();
    const got = await c.get(obj.metadata!.name!);
    expect(got.metadata?.uid).toBe(created.metadata?.uid);
    // What was sent comes back (no field pruned by a schema mismatch).
    const { metadata: _m, ...sent } = obj as Record<string, unknown>;
    expect(got).toMatchObject(sent);
    const listed = await c.list({ labelSelector: `roundtrip=${tag},kind=${obj.metadata!.labels!.kind}` });
    expect(listed.items.map((i) => i.metadata?.name)).toEqual([obj.metadata!.name]);
  });
});
