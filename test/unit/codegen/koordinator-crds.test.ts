// The 13 real Koordinator CRDs (../shared/crds/koordinator): everything generates, both
// NodeResourceTopology versions included, deterministically, and every generated schema builds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../../codegen/generate.js';
import { loadCrds } from '../../../codegen/load-crds.js';
import type { LoadedCrd } from '../../../codegen/crd.js';
import { GENERATED_HEADER } from '../../../codegen/ts-syntax.js';
import { formatWarning, WarningSink } from '../../../codegen/warnings.js';
import type { ObjectSchema } from '../../../src/meta/descriptor.js';
import { materialize, type Materialized } from './support/materialize.js';
import { koordinatorCrdDir } from './support/paths.js';

let loaded: LoadedCrd[];
let loadWarnings: string[];
let result: GenerateResult;

beforeAll(async () => {
  const sink = new WarningSink();
  loaded = await loadCrds([koordinatorCrdDir], sink);
  loadWarnings = sink.warnings.map(formatWarning);
  result = generate(loaded.map((l) => l.crd));
});

const GROUP_VERSIONS = [
  'analysis.koordinator.sh/v1alpha1',
  'config.koordinator.sh/v1alpha1',
  'quota.koordinator.sh/v1alpha1',
  'scheduling.koordinator.sh/v1alpha1',
  'scheduling.sigs.k8s.io/v1alpha1',
  'slo.koordinator.sh/v1alpha1',
  'topology.node.k8s.io/v1alpha1',
  'topology.node.k8s.io/v1alpha2',
];

describe('the Koordinator CRDs', () => {
  it('loads all 13, reading the NodeResourceTopology YAML leniently as Kubernetes does', () => {
    expect(loaded).toHaveLength(13);
    expect(loadWarnings).toHaveLength(1);
    expect(loadWarnings[0]).toMatch(/topology\.node\.k8s\.io_noderesourcetopologies\.yaml: not valid YAML 1\.2/);
  });

  it('generates without warnings', () => {
    expect(result.warnings.map(formatWarning)).toEqual([]);
  });

  it('generates every served version, both NodeResourceTopology versions included', () => {
    const dirs = new Set([...result.files.keys()].filter((p) => p.endsWith('/types.ts')).map((p) => p.slice(0, -'/types.ts'.length)));
    expect([...dirs]).toEqual(GROUP_VERSIONS);
    for (const gv of GROUP_VERSIONS) {
      for (const f of ['types', 'schemas', 'resources', 'client', 'index']) expect(result.files.has(`${gv}/${f}.ts`), `${gv}/${f}.ts`).toBe(true);
    }
    expect([...result.files.keys()].filter((p) => p.startsWith('crds/'))).toHaveLength(13);
    expect(result.files.get('topology.node.k8s.io/v1alpha1/types.ts')).toContain("apiVersion?: 'topology.node.k8s.io/v1alpha1';");
    expect(result.files.get('topology.node.k8s.io/v1alpha2/types.ts')).toContain("apiVersion?: 'topology.node.k8s.io/v1alpha2';");
  });

  it('reads the under-indented NodeResourceTopology descriptions in full', () => {
    expect(result.files.get('topology.node.k8s.io/v1alpha1/types.ts')).toContain(
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert',
    );
  });

  it('names the Clientset accessors and client methods as client-go would', () => {
    const clientset = result.files.get('clientset.ts')!;
    for (const accessor of ['analysisV1alpha1', 'configV1alpha1', 'quotaV1alpha1', 'schedulingV1alpha1', 'schedulingSigsV1alpha1', 'sloV1alpha1', 'topologyNodeV1alpha1', 'topologyNodeV1alpha2']) {
      expect(clientset).toContain(`get ${accessor}(): `);
    }
    expect(result.files.get('slo.koordinator.sh/v1alpha1/client.ts')).toContain('nodeMetrics(): StatusResourceClient<NodeMetric, NodeMetricList, NodeMetricInput>');
    expect(result.files.get('slo.koordinator.sh/v1alpha1/client.ts')).toContain('nodeSLOs(): StatusResourceClient<NodeSLO, NodeSLOList, NodeSLOInput>');
    expect(result.files.get('scheduling.koordinator.sh/v1alpha1/client.ts')).toContain('podMigrationJobs(): StatusResourceClient<PodMigrationJob, PodMigrationJobList, PodMigrationJobInput>');
    expect(result.files.get('scheduling.koordinator.sh/v1alpha1/client.ts')).toContain('devices(): ResourceClient<Device, DeviceList, DeviceInput>');
    expect(result.files.get('config.koordinator.sh/v1alpha1/client.ts')).toContain('clusterColocationProfiles(): StatusResourceClient');
    expect(result.files.get('scheduling.sigs.k8s.io/v1alpha1/client.ts')).toContain('elasticQuotas(namespace: string): ResourceClient<ElasticQuota, ElasticQuotaList, ElasticQuotaInput>;');
    expect(result.files.get('analysis.koordinator.sh/v1alpha1/client.ts')).toContain('recommendations(namespace: AllNamespaces): AllNamespacesClient<Recommendation, RecommendationList>;');
  });

  it('marks every file as generated', () => {
    for (const [path, content] of result.files) expect(content.startsWith(`${GENERATED_HEADER}\n`), path).toBe(true);
  });

  it('is deterministic and independent of the input order', () => {
    const again = generate(loaded.map((l) => l.crd));
    const reversed = generate([...loaded].reverse().map((l) => structuredClone(l.crd)));
    expect([...again.files]).toEqual([...result.files]);
    expect([...reversed.files]).toEqual([...result.files]);
  });
});

describe('the generated Koordinator schemas', () => {
  let tree: Materialized;
  beforeAll(async () => {
    tree = await materialize(result.files);
  });
  afterAll(async () => {
    await tree?.remove();
  });

  it('all build, and check required top-level fields', async () => {
    const built: string[] = [];
    for (const gv of GROUP_VERSIONS) {
      const mod = (await import(tree.path(`${gv}/schemas.ts`))) as Record<string, () => ObjectSchema>;
      for (const [name, fn] of Object.entries(mod)) {
        const schema = fn();
        // NodeResourceTopology requires `zones` at the top level; every other kind accepts bare metadata.
        expect(schema.safeParse({ metadata: { name: 'x' } }).success, `${gv} ${name}`).toBe(name !== 'nodeResourceTopologySchema');
        built.push(`${gv} ${name}`);
      }
    }
    expect(built).toHaveLength(14);
  });

  it('validate a Reservation like the API server would', async () => {
    const { reservationSchema } = (await import(tree.path('scheduling.koordinator.sh/v1alpha1/schemas.ts'))) as Record<string, () => ObjectSchema>;
    const schema = reservationSchema!();
    const good = { metadata: { name: 'r' }, spec: { owners: [{ object: { name: 'p' } }], template: { spec: {} }, allocatePolicy: 'Aligned' } };
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse({ ...good, spec: { ...good.spec, owners: [] } }).success).toBe(false);
    expect(schema.safeParse({ ...good, spec: { ...good.spec, allocatePolicy: 'Sometimes' } }).success).toBe(false);
    expect(schema.safeParse({ ...good, spec: { ...good.spec, owners: [{}] } }).success).toBe(false);
  });
});
