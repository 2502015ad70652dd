/**
 * Realistic NodeMetric bodies for the informer benchmark: what koordlet reports for a busy node
 * (node and system usage with p50..p99 aggregates over three windows, usage of ~20 pods with
 * their priority and QoS, host applications, reclaimable resources), a few KB of JSON each.
 * Deterministic per index, and different from node to node (pod names, quantities), so no two
 * objects share their strings by accident.
 * @packageDocumentation
 */
import type { NodeMetric, NodeMetricStatus } from '../../src/generated/slo.koordinator.sh/v1alpha1/types.js';

/** Label every benchmark object carries. */
export const benchLabel = { key: 'bench', value: 'informer-sync' } as const;

/** A small deterministic PRNG (mulberry32), so that runs create the same objects. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const namespaces = ['kube-system', 'monitoring', 'team-search', 'team-ads', 'team-recommend', 'batch-jobs', 'koordinator-system'];
const workloads = ['api-gateway', 'ranker', 'feature-store', 'indexer', 'log-agent', 'node-exporter', 'spark-executor', 'flink-taskmanager', 'redis', 'nginx-ingress', 'koordlet', 'trainer'];
const priorities = ['koord-prod', 'koord-mid', 'koord-batch', 'koord-free'];
const qosClasses = ['LSR', 'LS', 'BE', 'SYSTEM'];
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function suffix(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function cpu(r: () => number, maxMilli: number): string {
  return `${1 + Math.floor(r() * maxMilli)}m`;
}

function memory(r: () => number, maxMi: number): string {
  return `${1024 + Math.floor(r() * maxMi * 1024)}Ki`;
}

function usage(r: () => number, maxMilli: number, maxMi: number): { resources: Record<string, string> } {
  return { resources: { cpu: cpu(r, maxMilli), memory: memory(r, maxMi) } };
}

function percentiles(r: () => number, maxMilli: number, maxMi: number): Record<string, { resources: Record<string, string> }> {
  return { p50: usage(r, maxMilli, maxMi), p90: usage(r, maxMilli, maxMi), p95: usage(r, maxMilli, maxMi), p99: usage(r, maxMilli, maxMi) };
}

/** Name of the i-th benchmark NodeMetric (named after its node). */
export function nodeMetricName(i: number): string {
  return `bench-node-${String(i).padStart(5, '0')}`;
}

/** Metadata and spec of the i-th benchmark NodeMetric (what `create` sends). */
export function nodeMetricObject(i: number): NodeMetric {
  return {
    apiVersion: 'slo.koordinator.sh/v1alpha1',
    kind: 'NodeMetric',
    metadata: {
      name: nodeMetricName(i),
      labels: { [benchLabel.key]: benchLabel.value, 'node.koordinator.sh/pool': `pool-${i % 16}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
    },
    spec: { metricCollectPolicy: { aggregateDurationSeconds: 300, reportIntervalSeconds: 60, nodeAggregatePolicy: { durations: ['5m0s', '10m0s', '30m0s'] } } },
  };
}

/** Status of the i-th benchmark NodeMetric at report `round` (what koordlet writes). */
export function nodeMetricStatus(i: number, round = 0, pods = 20): NodeMetricStatus {
  const r = prng(i * 7919 + round * 104729 + 1);
  const podsMetric = Array.from({ length: pods }, () => {
    const workload = pick(r, workloads);
    return {
      namespace: pick(r, namespaces),
      name: `${workload}-${suffix(r, 9)}-${suffix(r, 5)}`,
      podUsage: usage(r, 4000, 16384),
      priority: pick(r, priorities),
      qos: pick(r, qosClasses),
    };
  });
  const durations = ['5m0s', '10m0s', '30m0s'];
  return {
    updateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, round)).toISOString().replace('.000Z', 'Z'),
    nodeMetric: {
      nodeUsage: usage(r, 64000, 262144),
      systemUsage: usage(r, 4000, 8192),
      aggregatedNodeUsages: durations.map((duration) => ({ duration, usage: percentiles(r, 64000, 262144) })),
      aggregatedSystemUsages: durations.map((duration) => ({ duration, usage: percentiles(r, 4000, 8192) })),
    },
    podsMetric,
    hostApplicationMetric: [
      { name: 'containerd', priority: 'koord-prod', qos: 'LS', usage: usage(r, 2000, 4096) },
      { name: 'kubelet', priority: 'koord-prod', qos: 'LS', usage: usage(r, 2000, 4096) },
    ],
    prodReclaimableMetric: { resource: usage(r, 32000, 131072) },
  };
}
