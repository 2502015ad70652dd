// A create/get/list round trip on every kind of every generated CRD, through the typed Clientset,
// with the CRDs installed by installCrds().
import { beforeAll, describe, expect, it } from 'vitest';
import { allResources } from '../../src/generated/index.js';
import type { KubeList, KubeObject, KubeObjectInput } from '../../src/meta/object.js';
import { freshNamespace, suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

let ns: string;
beforeAll(async () => {
  ns = await freshNamespace(cluster.cs, 'kinds');
});

interface RoundTripClient {
  create(o: KubeObjectInput): Promise<KubeObject>;
  get(n: string): Promise<KubeObject>;
  list(o?: { labelSelector?: string }): Promise<KubeList<KubeObject>>;
}

/** One typed client and one object per kind: the objects use each kind's own spec fields. */
type AnyObject = KubeObject & Record<string, unknown>;

function cases(tag: string): Array<[string, () => RoundTripClient, AnyObject]> {
  const meta = (p: string) => ({ name: `${p}-${tag}`, labels: { roundtrip: tag, kind: p } });
  return [
    ['analysis/v1alpha1 Recommendation', () => cluster.cs.analysisV1alpha1.recommendations(ns), { metadata: meta('rec'), spec: { target: { type: 'workload', workload: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' } } } }],
    ['config/v1alpha1 ClusterColocationProfile', () => cluster.cs.configV1alpha1.clusterColocationProfiles(), { metadata: meta('ccp'), spec: { qosClass: 'BE', priorityClassName: 'koord-batch', labels: { a: 'b' } } }],
    ['quota/v1alpha1 ElasticQuotaProfile', () => cluster.cs.quotaV1alpha1.elasticQuotaProfiles(ns), { metadata: meta('eqp'), spec: { quotaName: 'q', nodeSelector: { matchLabels: { pool: 'a' } } } }],
    ['scheduling/v1alpha1 ClusterNetworkTopology', () => cluster.cs.schedulingV1alpha1.clusterNetworkTopologies(), { metadata: meta('cnt') }],
    ['scheduling/v1alpha1 Device', () => cluster.cs.schedulingV1alpha1.devices(), { metadata: meta('dev'), spec: { devices: [{ type: 'gpu', minor: 0, health: true, resources: { 'koordinator.sh/gpu-core': '100' } }] } }],
    ['scheduling/v1alpha1 PodMigrationJob', () => cluster.cs.schedulingV1alpha1.podMigrationJobs(), { metadata: meta('pmj'), spec: { podRef: { namespace: 'default', name: 'web-0' }, mode: 'ReservationFirst', ttl: '5m' } }],
    ['scheduling/v1alpha1 Reservation', () => cluster.cs.schedulingV1alpha1.reservations(), { metadata: meta('rsv'), spec: { owners: [{ object: { name: 'p' } }], template: {} } }],
    ['scheduling/v1alpha1 ScheduleExplanation', () => cluster.cs.schedulingV1alpha1.scheduleExplanations(ns), { metadata: meta('sx') }],
    ['scheduling.sigs/v1alpha1 ElasticQuota', () => cluster.cs.schedulingSigsV1alpha1.elasticQuotas(ns), { metadata: meta('eq'), spec: { max: { cpu: '10', memory: '20Gi' }, min: { cpu: 2 } } }],
    ['scheduling.sigs/v1alpha1 PodGroup', () => cluster.cs.schedulingSigsV1alpha1.podGroups(ns), { metadata: meta('pg'), spec: { minMember: 3, scheduleTimeoutSeconds: 30 } }],
    ['slo/v1alpha1 NodeMetric', () => cluster.cs.sloV1alpha1.nodeMetrics(), { metadata: meta('nm'), spec: { metricCollectPolicy: { reportIntervalSeconds: 60 } } }],
    ['slo/v1alpha1 NodeSLO', () => cluster.cs.sloV1alpha1.nodeSLOs(), { metadata: meta('nslo') }],
    ['topology.node/v1alpha1 NodeResourceTopology', () => cluster.cs.topologyNodeV1alpha1.nodeResourceTopologies(), { metadata: meta('nrt1'), topologyPolicies: ['SingleNUMANodeContainerLevel'], zones: [{ name: 'node-0', type: 'Node', resources: [{ name: 'cpu', capacity: 8, allocatable: '7', available: '7' }] }] } ],
    ['topology.node/v1alpha2 NodeResourceTopology', () => cluster.cs.topologyNodeV1alpha2.nodeResourceTopologies(), { metadata: meta('nrt2'), attributes: [{ name: 'topologyManagerPolicy', value: 'single-numa-node' }], zones: [{ name: 'node-0', type: 'Node' }] } ],
  ];
}

const tag = suffix();
describe('every generated kind round-trips through the real server', () => {
  it('one NodeResourceTopology is served in both versions', async () => {
    const name = `nrt-both-${tag}`;
    await cluster.cs.topologyNodeV1alpha1.nodeResourceTopologies().create({ metadata: { name }, topologyPolicies: ['None'], zones: [{ name: 'z', type: 'Node' }] });
    const v2 = await cluster.cs.topologyNodeV1alpha2.nodeResourceTopologies().get(name);
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
