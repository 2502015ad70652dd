/**
 * Koordinator's extended resource names: the batch and mid resources reclaimed from
 * latency-sensitive workloads, and device resources (GPU, RDMA, FPGA).
 * @packageDocumentation
 */
import { domainPrefix, resourceDomainPrefix } from './domains.js';
import type { PriorityClass } from './priority-class.js';

/** The resource names Koordinator defines or reads. */
export const ResourceName = {
  /** `kubernetes.io/batch-cpu`: CPU for batch (koord-batch) Pods, in millicores. */
  batchCPU: `${resourceDomainPrefix}batch-cpu`,
  /** `kubernetes.io/batch-memory`: memory for batch Pods. */
  batchMemory: `${resourceDomainPrefix}batch-memory`,
  /** `kubernetes.io/mid-cpu`: CPU for koord-mid Pods, in millicores. */
  midCPU: `${resourceDomainPrefix}mid-cpu`,
  /** `kubernetes.io/mid-memory`: memory for koord-mid Pods. */
  midMemory: `${resourceDomainPrefix}mid-memory`,
  /** `koordinator.sh/batch-cpu` (deprecated name of batch CPU). */
  koordBatchCPU: `${domainPrefix}batch-cpu`,
  /** `koordinator.sh/batch-memory` (deprecated name of batch memory). */
  koordBatchMemory: `${domainPrefix}batch-memory`,
  /** `koordinator.sh/gpu`: whole GPUs shared as percentages (100 per GPU). */
  gpu: `${domainPrefix}gpu`,
  /** `koordinator.sh/gpu.shared`: the number of shared GPU instances. */
  gpuShared: `${domainPrefix}gpu.shared`,
  /** `koordinator.sh/gpu-core`: GPU compute, in percent of one GPU. */
  gpuCore: `${domainPrefix}gpu-core`,
  /** `koordinator.sh/gpu-memory`: GPU memory. */
  gpuMemory: `${domainPrefix}gpu-memory`,
  /** `koordinator.sh/gpu-memory-ratio`: GPU memory, in percent of one GPU. */
  gpuMemoryRatio: `${domainPrefix}gpu-memory-ratio`,
  /** `koordinator.sh/rdma`: RDMA devices (100 per device). */
  rdma: `${domainPrefix}rdma`,
  /** `koordinator.sh/fpga`: FPGA devices (100 per device). */
  fpga: `${domainPrefix}fpga`,
  /** `nvidia.com/gpu`: NVIDIA's device plugin resource. */
  nvidiaGPU: 'nvidia.com/gpu',
  /** `amd.com/gpu`. */
  amdGPU: 'amd.com/gpu',
  /** `dcu.com/gpu`: Hygon DCU. */
  hygonDCU: 'dcu.com/gpu',
  /** `kubernetes.io/gpu-core` (deprecated spelling). */
  deprecatedGPUCore: `${resourceDomainPrefix}gpu-core`,
  /** `kubernetes.io/gpu-memory` (deprecated spelling). */
  deprecatedGPUMemory: `${resourceDomainPrefix}gpu-memory`,
  /** `kubernetes.io/gpu-memory-ratio` (deprecated spelling). */
  deprecatedGPUMemoryRatio: `${resourceDomainPrefix}gpu-memory-ratio`,
} as const;

/** The extended resources that stand for cpu and memory in each reclaimed priority class. */
export const resourceNameByPriorityClass: Readonly<Partial<Record<PriorityClass, Readonly<Record<'cpu' | 'memory', string>>>>> = {
  'koord-batch': { cpu: ResourceName.batchCPU, memory: ResourceName.batchMemory },
  'koord-mid': { cpu: ResourceName.midCPU, memory: ResourceName.midMemory },
};

/**
 * The resource a Pod of `priorityClass` requests in place of `resource` (Go's
 * `TranslateResourceNameByPriorityClass`): `cpu` of a koord-batch Pod is `kubernetes.io/batch-cpu`.
 * koord-prod and no class keep the name; undefined when the class has no such resource.
 */
export function translateResourceName(priorityClass: PriorityClass, resource: string): string | undefined {
  if (priorityClass === 'koord-prod' || priorityClass === '') return resource;
  return (resourceNameByPriorityClass[priorityClass] as Record<string, string> | undefined)?.[resource];
}

/** The priority class an extended resource belongs to (`kubernetes.io/batch-cpu` is koord-batch), or undefined. */
export function priorityClassOfResource(resource: string): PriorityClass | undefined {
  for (const [cls, names] of Object.entries(resourceNameByPriorityClass)) if (names && (names.cpu === resource || names.memory === resource)) return cls as PriorityClass;
  return undefined;
}
