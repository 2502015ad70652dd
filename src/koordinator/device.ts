/**
 * Device scheduling annotations (GPU, RDMA, FPGA): what the scheduler allocated to a Pod, and the
 * hints and joint-allocation requests a Pod gives it.
 * @packageDocumentation
 */
import { jsonAnnotation } from './annotation-codec.js';
import type { LabelSelector, ResourceListJson } from './core-types.js';
import { domainPrefix, nodeDomainPrefix, schedulingDomainPrefix } from './domains.js';

/** `scheduling.koordinator.sh/device-allocated` ({@link DeviceAllocations}). */
export const annotationDeviceAllocated = `${schedulingDomainPrefix}/device-allocated`;
/** `scheduling.koordinator.sh/device-allocate-hint` ({@link DeviceAllocateHints}). */
export const annotationDeviceAllocateHint = `${schedulingDomainPrefix}/device-allocate-hint`;
/** `scheduling.koordinator.sh/device-joint-allocate` ({@link DeviceJointAllocate}). */
export const annotationDeviceJointAllocate = `${schedulingDomainPrefix}/device-joint-allocate`;
/** `scheduling.koordinator.sh/gpu-partition-spec` ({@link GPUPartitionSpec}). */
export const annotationGPUPartitionSpec = `${schedulingDomainPrefix}/gpu-partition-spec`;
/** `scheduling.koordinator.sh/gpu-partitions`: the GPU partitions a node supports. */
export const annotationGPUPartitions = `${schedulingDomainPrefix}/gpu-partitions`;
/** `node.koordinator.sh/gpu-partition-policy`: `Honor` or `Prefer`. */
export const labelGPUPartitionPolicy = `${nodeDomainPrefix}/gpu-partition-policy`;
/** `node.koordinator.sh/gpu-model`. */
export const labelGPUModel = `${nodeDomainPrefix}/gpu-model`;
/** `node.koordinator.sh/gpu-driver-version`. */
export const labelGPUDriverVersion = `${nodeDomainPrefix}/gpu-driver-version`;
/** `node.koordinator.sh/secondary-device-well-planned`. */
export const labelSecondaryDeviceWellPlanned = `${nodeDomainPrefix}/secondary-device-well-planned`;
/** `koordinator.sh/gpu-isolation-provider`: e.g. `HAMi-core`. */
export const labelGPUIsolationProvider = `${domainPrefix}gpu-isolation-provider`;

/** Device types (keys of {@link DeviceAllocations}). */
export type DeviceType = 'gpu' | 'rdma' | 'fpga' | (string & {});

/** A virtual function of an allocated device. */
export interface VirtualFunction {
  minor?: number;
  busID?: string;
}

/** One allocated device. */
export interface DeviceAllocation {
  minor: number;
  /** The device resources allocated (`koordinator.sh/gpu-core`, `koordinator.sh/gpu-memory`, ...). */
  resources: ResourceListJson | null;
  /** The device's identifier where the minor means nothing (an RDMA PCI address). */
  id?: string;
  extension?: { vfs?: VirtualFunction[] };
}

/** The devices allocated to a Pod, by type. */
export type DeviceAllocations = { [type: string]: Array<DeviceAllocation | null> | null };

/** How to pick devices of one type. */
export interface DeviceHint {
  selector?: LabelSelector;
  vfSelector?: LabelSelector;
  /** `ApplyForAll` or `RequestsAsCount`. */
  allocateStrategy?: string;
  /** `Device`, `PCIe`, `NUMANode` or `Node`. */
  requiredTopologyScope?: string;
  /** `DeviceLevel` or `PCIeLevel`. */
  exclusivePolicy?: string;
}

/** Hints by device type. */
export type DeviceAllocateHints = { [type: string]: DeviceHint | null };

/** Device types to allocate together by topology. */
export interface DeviceJointAllocate {
  deviceTypes?: string[];
  /** `SamePCIe`. */
  requiredScope?: string;
}

/** The GPU partition a Pod asks for. */
export interface GPUPartitionSpec {
  /** `Restricted` or `BestEffort` (the default). */
  allocatePolicy?: string;
  /** A quantity. */
  ringBusBandwidth?: string;
}

/** The device-allocated annotation. */
export const deviceAllocations = jsonAnnotation<DeviceAllocations>(annotationDeviceAllocated, 'object');
/** The device-allocate-hint annotation. */
export const deviceAllocateHints = jsonAnnotation<DeviceAllocateHints>(annotationDeviceAllocateHint, 'object');
/** The device-joint-allocate annotation. */
export const deviceJointAllocate = jsonAnnotation<DeviceJointAllocate>(annotationDeviceJointAllocate, 'object');
/** The gpu-partition-spec annotation. */
export const gpuPartitionSpec = jsonAnnotation<GPUPartitionSpec>(annotationGPUPartitionSpec, 'object');
