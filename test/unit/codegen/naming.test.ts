import { describe, expect, it } from 'vitest';
import {
  camelCase,
  groupAccessorBase,
  groupClientClassName,
  groupVersionAccessor,
  lowerFirst,
  pascalCase,
  resourceMethodName,
  singularize,
} from '../../../codegen/naming.js';

describe('group accessors', () => {
  it.each([
    ['scheduling.koordinator.sh', 'scheduling'],
    ['slo.koordinator.sh', 'slo'],
    ['analysis.koordinator.sh', 'analysis'],
    ['config.koordinator.sh', 'config'],
    ['quota.koordinator.sh', 'quota'],
    ['scheduling.sigs.k8s.io', 'schedulingSigs'],
    ['topology.node.k8s.io', 'topologyNode'],
    ['cluster.x-k8s.io', 'clusterX'],
    ['gateway.networking.k8s.io', 'gatewayNetworking'],
    ['gateway.networking.x-k8s.io', 'gatewayNetworkingX'],
    ['cert-manager.io', 'certManagerIo'],
    ['koordinator.sh', 'koordinator'],
  ])('%s → %s', (group, base) => {
    expect(groupAccessorBase(group)).toBe(base);
  });

  it('honours another primary domain', () => {
    expect(groupAccessorBase('apps.example.com', 'example.com')).toBe('apps');
    expect(groupAccessorBase('scheduling.koordinator.sh', 'example.com')).toBe('schedulingKoordinatorSh');
  });

  it('appends the version and names the client class', () => {
    expect(groupVersionAccessor('scheduling', 'v1alpha1')).toBe('schedulingV1alpha1');
    expect(groupVersionAccessor('topologyNode', 'v1alpha2')).toBe('topologyNodeV1alpha2');
    expect(groupClientClassName('schedulingSigsV1alpha1')).toBe('SchedulingSigsV1alpha1Client');
  });
});

describe('resource method names', () => {
  it.each([
    ['Reservation', 'reservations', 'reservations'],
    ['NodeMetric', 'nodemetrics', 'nodeMetrics'],
    ['PodMigrationJob', 'podmigrationjobs', 'podMigrationJobs'],
    ['ClusterColocationProfile', 'clustercolocationprofiles', 'clusterColocationProfiles'],
    ['ElasticQuota', 'elasticquotas', 'elasticQuotas'],
    ['NodeResourceTopology', 'noderesourcetopologies', 'nodeResourceTopologies'],
    ['NodeSLO', 'nodeslos', 'nodeSLOs'],
    ['Person', 'people', 'people'],
    ['FooBar', 'foo-bars', 'fooBars'],
  ])('%s / %s → %s', (kind, plural, method) => {
    expect(resourceMethodName(kind, plural)).toBe(method);
  });
});

describe('case helpers', () => {
  it('lowers leading acronyms sensibly', () => {
    expect(lowerFirst('Reservation')).toBe('reservation');
    expect(lowerFirst('NodeSLO')).toBe('nodeSLO');
    expect(lowerFirst('SLOConfig')).toBe('sloConfig');
    expect(lowerFirst('CPU')).toBe('cpu');
  });

  it('builds PascalCase and camelCase from arbitrary names', () => {
    expect(pascalCase('allocateOnce')).toBe('AllocateOnce');
    expect(pascalCase('kubernetes.io/arch')).toBe('KubernetesIoArch');
    expect(camelCase('node-topology')).toBe('nodeTopology');
  });

  it('singularizes plural field names for item types', () => {
    expect(singularize('Owners')).toBe('Owner');
    expect(singularize('Policies')).toBe('Policy');
    expect(singularize('Addresses')).toBe('Address');
    expect(singularize('ContainerStatuses')).toBe('ContainerStatus');
    expect(singularize('MatchExpressions')).toBe('MatchExpression');
    expect(singularize('Status')).toBeUndefined();
    expect(singularize('Data')).toBeUndefined();
  });
});
