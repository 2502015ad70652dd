/**
 * CPU and NUMA orchestration annotations: what a Pod asks for (resource spec, NUMA topology spec)
 * and what the scheduler allocated (resource status), plus the node-side CPU topology annotations
 * koordlet reports.
 * @packageDocumentation
 */
import { labelsOf, type ObjectWithMetadata } from './annotated-object.js';
import { jsonAnnotation } from './annotation-codec.js';
import type { ResourceListJson } from './core-types.js';
import { nodeDomainPrefix, schedulingDomainPrefix } from './domains.js';

/** `scheduling.koordinator.sh/resource-spec` ({@link ResourceSpec}). */
export const annotationResourceSpec = `${schedulingDomainPrefix}/resource-spec`;
/** `scheduling.koordinator.sh/resource-status` ({@link ResourceStatus}). */
export const annotationResourceStatus = `${schedulingDomainPrefix}/resource-status`;
/** `scheduling.koordinator.sh/numa-topology-spec` ({@link NUMATopologySpec}). */
export const annotationNUMATopologySpec = `${schedulingDomainPrefix}/numa-topology-spec`;
/** `node.koordinator.sh/cpu-topology` ({@link CPUTopology}). */
export const annotationNodeCPUTopology = `${nodeDomainPrefix}/cpu-topology`;
/** `node.koordinator.sh/pod-cpu-allocs` ({@link PodCPUAlloc}[]). */
export const annotationNodeCPUAllocs = `${nodeDomainPrefix}/pod-cpu-allocs`;
/** `node.koordinator.sh/cpu-shared-pools` ({@link CPUSharedPool}[]), for LS Pods. */
export const annotationNodeCPUSharedPools = `${nodeDomainPrefix}/cpu-shared-pools`;
/** `node.koordinator.sh/be-cpu-shared-pools` ({@link CPUSharedPool}[]), for BE Pods. */
export const annotationNodeBECPUSharedPools = `${nodeDomainPrefix}/be-cpu-shared-pools`;
/** `node.koordinator.sh/cpu-bind-policy`: `None`, `FullPCPUsOnly` or `SpreadByPCPUs`. */
export const labelNodeCPUBindPolicy = `${nodeDomainPrefix}/cpu-bind-policy`;
/** `node.koordinator.sh/numa-allocate-strategy`: `MostAllocated` or `LeastAllocated`. */
export const labelNodeNUMAAllocateStrategy = `${nodeDomainPrefix}/numa-allocate-strategy`;
/** `node.koordinator.sh/numa-topology-policy`: `BestEffort`, `Restricted`, `SingleNUMANode` or none. */
export const labelNUMATopologyPolicy = `${nodeDomainPrefix}/numa-topology-policy`;
/** `kubelet.koordinator.sh/cpu-manager-policy` ({@link KubeletCPUManagerPolicy}). */
export const annotationKubeletCPUManagerPolicy = 'kubelet.koordinator.sh/cpu-manager-policy';

/** CPU bind policies a Pod may ask for. */
export const CPUBindPolicy = { default: 'Default', fullPCPUs: 'FullPCPUs', spreadByPCPUs: 'SpreadByPCPUs', constrainedBurst: 'ConstrainedBurst' } as const;
/** CPU exclusive policies. */
export const CPUExclusivePolicy = { none: 'None', pcpuLevel: 'PCPULevel', numaNodeLevel: 'NUMANodeLevel' } as const;
/** Node CPU bind policies. */
export const NodeCPUBindPolicy = { none: 'None', fullPCPUsOnly: 'FullPCPUsOnly', spreadByPCPUs: 'SpreadByPCPUs' } as const;
/** NUMA allocate strategies. */
export const NUMAAllocateStrategy = { mostAllocated: 'MostAllocated', leastAllocated: 'LeastAllocated', distributeEvenly: 'DistributeEvenly' } as const;
/** NUMA topology policies (`''` is none). */
export const NUMATopologyPolicy = { none: '', bestEffort: 'BestEffort', restricted: 'Restricted', singleNUMANode: 'SingleNUMANode' } as const;

/** The CPU orchestration a Pod asks for. */
export interface ResourceSpec {
  requiredCPUBindPolicy?: string;
  preferredCPUBindPolicy?: string;
  preferredCPUExclusivePolicy?: string;
}

/** Resources allocated on one NUMA node. */
export interface NUMANodeResource {
  node: number;
  resources?: ResourceListJson;
}

/** A CPU shared pool. */
export interface CPUSharedPool {
  socket: number;
  node: number;
  cpuset?: string;
}

/** What the scheduler allocated to a Pod. */
export interface ResourceStatus {
  /** The bound CPUs, in Linux CPU list format (`0-3,8`). */
  cpuset?: string;
  /** Shared pools (older schedulers). */
  cpuSharedPools?: CPUSharedPool[];
  numaNodeResources?: NUMANodeResource[];
}

/** The NUMA policy a Pod asks for. */
export interface NUMATopologySpec {
  numaTopologyPolicy?: string;
  /** `Preferred` or `Required`. */
  singleNUMANodeExclusive?: string;
}

/** One logical CPU of a node. */
export interface CPUInfo {
  id: number;
  core: number;
  socket: number;
  node: number;
}

/** A node's CPU topology. */
export interface CPUTopology {
  detail?: CPUInfo[];
}

/** CPUs bound to a Pod that Koordinator did not schedule. */
export interface PodCPUAlloc {
  namespace?: string;
  name?: string;
  uid?: string;
  cpuset?: string;
  managedByKubelet?: boolean;
}

/** The kubelet's CPU manager policy on a node. */
export interface KubeletCPUManagerPolicy {
  policy?: string;
  options?: { [key: string]: string };
  reservedCPUs?: string;
}

/** The resource-spec annotation. */
export const resourceSpec = jsonAnnotation<ResourceSpec>(annotationResourceSpec, 'object');
/** The resource-status annotation. */
export const resourceStatus = jsonAnnotation<ResourceStatus>(annotationResourceStatus, 'object');
/** The numa-topology-spec annotation. */
export const numaTopologySpec = jsonAnnotation<NUMATopologySpec>(annotationNUMATopologySpec, 'object');
/** The node cpu-topology annotation. */
export const nodeCPUTopology = jsonAnnotation<CPUTopology>(annotationNodeCPUTopology, 'object');
/** The node pod-cpu-allocs annotation. */
export const nodeCPUAllocs = jsonAnnotation<PodCPUAlloc[]>(annotationNodeCPUAllocs, 'array');
/** The node cpu-shared-pools annotation. */
export const nodeCPUSharedPools = jsonAnnotation<CPUSharedPool[]>(annotationNodeCPUSharedPools, 'array');
/** The node be-cpu-shared-pools annotation. */
export const nodeBECPUSharedPools = jsonAnnotation<CPUSharedPool[]>(annotationNodeBECPUSharedPools, 'array');
/** The kubelet cpu-manager-policy annotation. */
export const kubeletCPUManagerPolicy = jsonAnnotation<KubeletCPUManagerPolicy>(annotationKubeletCPUManagerPolicy, 'object');

/** The node's NUMA topology policy label (`''` when unset). */
export function nodeNUMATopologyPolicy(node: ObjectWithMetadata | null | undefined): string {
  return labelsOf(node)[labelNUMATopologyPolicy] ?? '';
}
