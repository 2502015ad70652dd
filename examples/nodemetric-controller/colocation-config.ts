/**
 * The colocation strategy of koord-manager's `slo-controller-config` ConfigMap, as far as the
 * NodeMetric controller uses it: which metric collection policy each Node's NodeMetric gets.
 * Behaviour follows koord-manager (defaults when the ConfigMap or the key is absent; a strategy
 * that is invalid or disabled leaves the existing spec as it is; `nodeConfigs` override the
 * cluster strategy for the Nodes their selector matches).
 */
import { labelSelectorAsSelector, type LabelSelector } from '../../src/cache/label-selector.js';
import type { NodeMetricSpecMetricCollectPolicy } from '../../src/generated/slo.koordinator.sh/v1alpha1/types.js';

/** Where koord-manager reads its configuration. */
export const sloControllerConfig = { namespace: 'koordinator-system', name: 'slo-controller-config', key: 'colocation-config' } as const;

/** The fields of a colocation strategy this controller reads. */
export interface ColocationStrategy {
  enable?: boolean;
  metricAggregateDurationSeconds?: number;
  metricReportIntervalSeconds?: number;
  metricAggregatePolicy?: { durations?: string[] };
  metricMemoryCollectPolicy?: NodeMetricSpecMetricCollectPolicy['nodeMemoryCollectPolicy'];
}

/** The cluster strategy plus per-node-pool overrides. */
export interface ColocationConfig extends ColocationStrategy {
  nodeConfigs?: Array<ColocationStrategy & { name?: string; nodeSelector?: LabelSelector }>;
}

/** koord-manager's default strategy (`NewDefaultColocationCfg`, the fields used here). */
export const defaultColocationStrategy: Readonly<Required<Omit<ColocationStrategy, 'enable'>>> & { enable: boolean } = {
  enable: false,
  metricAggregateDurationSeconds: 300,
  metricReportIntervalSeconds: 60,
  metricAggregatePolicy: { durations: ['5m0s', '10m0s', '30m0s'] },
  metricMemoryCollectPolicy: 'usageWithoutPageCache',
};

/** The policy a NodeMetric gets when no configuration says otherwise. */
export function defaultCollectPolicy(): NodeMetricSpecMetricCollectPolicy {
  return {
    aggregateDurationSeconds: defaultColocationStrategy.metricAggregateDurationSeconds,
    reportIntervalSeconds: defaultColocationStrategy.metricReportIntervalSeconds,
    nodeAggregatePolicy: { durations: [...defaultColocationStrategy.metricAggregatePolicy.durations!] },
    nodeMemoryCollectPolicy: defaultColocationStrategy.metricMemoryCollectPolicy,
  };
}

/** The outcome of reading the ConfigMap: absent, invalid (with why), or a config. */
export type ParsedConfig = { kind: 'absent' } | { kind: 'invalid'; reason: string } | { kind: 'config'; config: ColocationConfig };

/** Parses the `colocation-config` key of the ConfigMap's data (undefined data: absent). */
export function parseColocationConfig(data: Readonly<Record<string, string>> | undefined): ParsedConfig {
  const raw = data?.[sloControllerConfig.key];
  if (raw === undefined) return { kind: 'absent' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    return { kind: 'invalid', reason: `${sloControllerConfig.key} is not JSON: ${(err as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'invalid', reason: `${sloControllerConfig.key} must be a JSON object` };
  return { kind: 'config', config: parsed as ColocationConfig };
}

function strategyProblem(s: ColocationStrategy): string | undefined {
  const positive = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v > 0);
  if (!positive(s.metricAggregateDurationSeconds)) return 'metricAggregateDurationSeconds must be a positive integer';
  if (!positive(s.metricReportIntervalSeconds)) return 'metricReportIntervalSeconds must be a positive integer';
  const mem = s.metricMemoryCollectPolicy;
  if (mem !== undefined && !['usageWithHotPageCache', 'usageWithoutPageCache', 'usageWithPageCache'].includes(mem)) return `unknown metricMemoryCollectPolicy ${String(mem)}`;
  return undefined;
}

/**
 * The policy for a Node with `labels` under `config`: `{ policy }`, or `{ keep, reason }` when
 * the strategy is invalid or disabled (the existing spec stays).
 */
export function collectPolicyFor(config: ColocationConfig, labels: Readonly<Record<string, string>> | undefined): { policy: NodeMetricSpecMetricCollectPolicy } | { keep: true; reason: string } {
  let strategy: ColocationStrategy = { ...defaultColocationStrategy, ...stripNodeConfigs(config) };
  for (const nc of config.nodeConfigs ?? []) {
    if (!nc.nodeSelector) continue;
    let matches = false;
    try {
      matches = labelSelectorAsSelector(nc.nodeSelector).matches(labels);
    } catch {
      return { keep: true, reason: `invalid nodeSelector in nodeConfig ${nc.name ?? ''}` };
    }
    if (matches) {
      const { nodeSelector: _s, name: _n, ...overrides } = nc;
      strategy = { ...strategy, ...overrides };
      break;
    }
  }
  const problem = strategyProblem(strategy);
  if (problem) return { keep: true, reason: `invalid colocation strategy: ${problem}` };
  if (!strategy.enable) return { keep: true, reason: 'colocation strategy disabled' };
  return {
    policy: {
      aggregateDurationSeconds: strategy.metricAggregateDurationSeconds!,
      reportIntervalSeconds: strategy.metricReportIntervalSeconds!,
      nodeAggregatePolicy: { durations: [...(strategy.metricAggregatePolicy?.durations ?? [])] },
      nodeMemoryCollectPolicy: strategy.metricMemoryCollectPolicy!,
    },
  };
}

function stripNodeConfigs(c: ColocationConfig): ColocationStrategy {
  const { nodeConfigs: _ignored, ...rest } = c;
  return rest;
}
