import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as k from '../../../src/koordinator.js';
import type { JsonAnnotation } from '../../../src/koordinator.js';

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/koordinator/annotations.json', import.meta.url), 'utf8')) as Record<string, { key: string; value: string }>;

// The codec each fixture belongs to.
const codecs: Record<string, JsonAnnotation<unknown>> = {
  reservationAllocated: k.reservationAllocated,
  reservationAffinity: k.reservationAffinity,
  reservationAffinityByName: k.reservationAffinity,
  reservationRestrictedOptions: k.reservationRestrictedOptions,
  reservationOwners: k.reservationOwners,
  reservationCurrentOwner: k.reservationCurrentOwner,
  exactMatchReservation: k.exactMatchReservation,
  resourceSpec: k.resourceSpec,
  resourceStatus: k.resourceStatus,
  numaTopologySpec: k.numaTopologySpec,
  deviceAllocations: k.deviceAllocations,
  deviceAllocateHints: k.deviceAllocateHints,
  deviceJointAllocate: k.deviceJointAllocate,
  gpuPartitionSpec: k.gpuPartitionSpec,
  gangGroups: k.gangGroups,
  quotaSharedWeight: k.quotaSharedWeight,
  quotaRuntime: k.quotaRuntime,
  quotaRequest: k.quotaRequest,
  quotaChildRequest: k.quotaChildRequest,
  nodeCPUTopology: k.nodeCPUTopology,
  nodeCPUAllocs: k.nodeCPUAllocs,
  nodeCPUSharedPools: k.nodeCPUSharedPools,
  nodeBECPUSharedPools: k.nodeBECPUSharedPools,
  kubeletCPUManagerPolicy: k.kubeletCPUManagerPolicy,
  cpuBasicInfo: k.cpuBasicInfo,
  nodeReservation: k.nodeReservation,
  customUsageThresholds: k.customUsageThresholds,
};

describe('JSON annotations round-trip what Koordinator writes', () => {
  const names = Object.keys(fixtures).filter((n) => !n.startsWith('_'));
  it('has a codec for every fixture and a fixture for every codec', () => {
    expect(names.sort()).toEqual(Object.keys(codecs).sort());
  });

  for (const name of names) {
    it(`${name}: parses and re-serialises unchanged`, () => {
      const { key, value } = fixtures[name]!;
      const codec = codecs[name]!;
      expect(codec.key).toBe(key);
      const parsed = codec.get({ metadata: { annotations: { [key]: value } } });
      expect(parsed).toBeDefined();
      const target: k.MutableObjectWithMetadata = {};
      codec.set(target, parsed);
      expect(target.metadata?.annotations?.[key]).toBe(value);
    });
  }

  it('types the payloads', () => {
    const a = k.reservationAffinity.parse(fixtures.reservationAffinity!.value)!;
    expect(a.reservationSelector).toEqual({ app: 'web&api', tier: 'gold' });
    expect(a.requiredDuringSchedulingIgnoredDuringExecution?.reservationSelectorTerms?.[0]?.matchExpressions?.[0]?.values).toEqual(['a', 'b']);
    expect(a.tolerations?.[1]?.tolerationSeconds).toBe(300);
    const d = k.deviceAllocations.parse(fixtures.deviceAllocations!.value)!;
    expect(d.gpu?.map((g) => g?.resources?.[k.ResourceName.gpuMemory])).toEqual(['16Gi', '8Gi']);
    expect(d.rdma?.[0]?.extension?.vfs?.[0]?.busID).toBe('0000:09:00.2');
    expect(k.resourceStatus.parse(fixtures.resourceStatus!.value)?.numaNodeResources?.[1]?.node).toBe(1);
    expect(k.nodeCPUAllocs.parse(fixtures.nodeCPUAllocs!.value)?.[0]?.managedByKubelet).toBe(true);
  });

  it('writes new payloads as Go does: compact, <>& escaped', () => {
    const pod: k.MutableObjectWithMetadata = { metadata: { annotations: { other: 'x' } } };
    k.reservationAffinity.set(pod, { reservationSelector: { expr: 'a<b && c>d' } });
    expect(pod.metadata?.annotations).toEqual({ other: 'x', [k.annotationReservationAffinity]: '{"reservationSelector":{"expr":"a\\u003cb \\u0026\\u0026 c\\u003ed"}}' });
    k.reservationAffinity.set(pod, undefined);
    expect(pod.metadata?.annotations).toEqual({ other: 'x' });
    const fresh: k.MutableObjectWithMetadata = {};
    k.reservationAllocated.set(fresh, { name: 'r', uid: 'u' });
    expect(fresh.metadata?.annotations?.[k.annotationReservationAllocated]).toBe('{"name":"r","uid":"u"}');
  });

  it('reads absent, null and empty values as Koordinator does', () => {
    expect(k.resourceSpec.get({})).toBeUndefined();
    expect(k.resourceSpec.get({ metadata: { annotations: null } })).toBeUndefined();
    expect(k.resourceSpec.parse('null')).toBeUndefined();
    expect(k.reservationAffinity.parse('')).toEqual({}); // present but empty: any reservation
    expect(k.exactMatchReservation.parse('')).toBeUndefined();
  });

  it('throws a typed error naming the annotation on a malformed value', () => {
    for (const [codec, text] of [[k.resourceStatus, '{"cpuset":'], [k.resourceSpec, ''], [k.deviceAllocations, '[]'], [k.gangGroups, '{"a":1}'], [k.cpuBasicInfo, '"text"']] as const) {
      let err: unknown;
      try {
        (codec as JsonAnnotation<unknown>).get({ metadata: { annotations: { [codec.key]: text } } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(k.AnnotationParseError);
      expect((err as k.AnnotationParseError).key).toBe(codec.key);
      expect((err as Error).message).toContain(codec.key);
    }
  });
});

describe('other labels and annotations', () => {
  it('gang', () => {
    const pod = { metadata: { annotations: { [k.annotationGangName]: 'g', [k.annotationGangMinNum]: '3', [k.annotationAliasGangMatchPolicy]: 'only-waiting' } } };
    expect(k.gangName(pod)).toBe('g');
    expect(k.gangMinNum(pod)).toBe(3);
    expect(k.gangMatchPolicy(pod)).toBe('only-waiting');
    expect(() => k.gangMinNum({ metadata: { annotations: { [k.annotationGangMinNum]: 'three' } } })).toThrow(k.AnnotationParseError);
    expect(k.gangMinNum({})).toBeUndefined();
  });

  it('elastic quota tree', () => {
    expect(k.parentQuotaName({ metadata: { name: 'team-a' } })).toBe(k.rootQuotaName);
    expect(k.parentQuotaName({ metadata: { name: k.rootQuotaName } })).toBe('');
    expect(k.parentQuotaName({ metadata: { name: 'team-a', labels: { [k.labelQuotaParent]: 'org' } } })).toBe('org');
    expect(k.isAllowLentResource({ metadata: { labels: { [k.labelAllowLentResource]: 'false' } } })).toBe(false);
    expect(k.isAllowLentResource({})).toBe(true);
    expect(k.podQuotaName({ metadata: { labels: { [k.labelQuotaName]: 'team-a' } } })).toBe('team-a');
  });

  it('eviction and reservation labels', () => {
    expect(k.podEvictEnabled({ metadata: { labels: { [k.labelPodEvictEnabled]: 'true' } } })).toBe(true);
    expect(k.podEvictEnabled({})).toBe(false);
    expect(k.podEvictionPriority({ metadata: { annotations: { [k.annotationPodEvictionPriority]: '-5' } } })).toBe(-5);
    expect(() => k.podEvictionPriority({ metadata: { annotations: { [k.annotationPodEvictionPriority]: '1e3' } } })).toThrow(k.AnnotationParseError);
    expect(k.isReservationIgnored({ metadata: { labels: { [k.labelReservationIgnored]: 'true' } } })).toBe(true);
  });

  it('CPU normalisation', () => {
    const node: k.MutableObjectWithMetadata & k.ObjectWithMetadata = {};
    expect(k.cpuNormalizationRatio(node)).toBeUndefined();
    expect(k.setCPUNormalizationRatio(node, 1.2345)).toBe(true);
    expect(node.metadata?.annotations?.[k.annotationCPUNormalizationRatio]).toBe('1.23');
    expect(k.setCPUNormalizationRatio(node, 1.23)).toBe(false);
    expect(k.cpuNormalizationRatio(node)).toBe(1.23);
    expect(() => k.cpuNormalizationRatio({ metadata: { annotations: { [k.annotationCPUNormalizationRatio]: '-1' } } })).toThrow(k.AnnotationParseError);
    expect(k.cpuNormalizationEnabled({ metadata: { labels: { [k.labelCPUNormalizationEnabled]: 'True' } } })).toBe(true);
    expect(() => k.cpuNormalizationEnabled({ metadata: { labels: { [k.labelCPUNormalizationEnabled]: 'yes' } } })).toThrow(k.AnnotationParseError);
    expect(k.isCPUNormalizationRatioDifferent(1.2, 1.205)).toBe(false);
    expect(k.isCPUNormalizationRatioDifferent(1.2, 1.25)).toBe(true);
  });

  it('node reservation: reserved CPUs rounded up to whole CPUs unless listed', () => {
    const annotated = (value: string) => ({ metadata: { annotations: { [k.annotationNodeReservation]: value } } });
    expect(k.reservedCPUs(annotated('{"resources":{"cpu":"1500m"}}'))).toEqual({ cpus: '', count: 2 });
    expect(k.reservedCPUs(annotated('{"resources":{"cpu":"2"},"reservedCPUs":"0-3"}'))).toEqual({ cpus: '0-3', count: 0 });
    expect(k.reservedCPUs(annotated(''))).toEqual({ cpus: '', count: 0 });
    expect(k.reservedCPUs({})).toEqual({ cpus: '', count: 0 });
    expect(() => k.reservedCPUs(annotated('{"resources":'))).toThrow(k.AnnotationParseError);
  });

  it('resource names by priority class', () => {
    expect(k.translateResourceName('koord-batch', 'cpu')).toBe('kubernetes.io/batch-cpu');
    expect(k.translateResourceName('koord-mid', 'memory')).toBe('kubernetes.io/mid-memory');
    expect(k.translateResourceName('koord-prod', 'cpu')).toBe('cpu');
    expect(k.translateResourceName('', 'memory')).toBe('memory');
    expect(k.translateResourceName('koord-free', 'cpu')).toBeUndefined();
    expect(k.priorityClassOfResource(k.ResourceName.batchMemory)).toBe('koord-batch');
    expect(k.priorityClassOfResource('cpu')).toBeUndefined();
  });
});
