/**
 * koord-manager's NodeMetric controller, ported in behaviour (not code) onto koordinator-client's
 * controller runtime: for every Node, a NodeMetric of the same name whose
 * `spec.metricCollectPolicy` follows the colocation strategy in `koordinator-system/slo-controller-config`.
 * Created when the Node appears, updated when the config changes, deleted when the Node goes;
 * a NodeMetric deleted by hand comes back. Failures are recorded as Events.
 *
 * The Go controller is `For(NodeMetric) + Watches(Node) + Watches(ConfigMap)`; so is this one.
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControllerBuilder } from '../../src/controller/builder.js';
import type { Controller } from '../../src/controller/controller.js';
import { EventRecorder } from '../../src/controller/event-recorder.js';
import type { Manager } from '../../src/controller/manager.js';
import { jsonEqual } from '../../src/controller/merge-patch.js';
import { generationChanged, labelsChanged, newPredicateFuncs } from '../../src/controller/predicates.js';
import type { Request } from '../../src/controller/reconcile.js';
import { parseLabelSelector, type Selector } from '../../src/cache/label-selector.js';
import type { GenericClientset } from '../../src/generated/generic-clientset.js';
import type { GenericInformerFactory } from '../../src/generated/generic-informer-factory.js';
import { configMapResource, nodeResource } from '../../src/generated/core/v1/resources.js';
import type { ConfigMap, Node } from '../../src/generated/core/v1/types.js';
import { nodeMetricResource } from '../../src/generated/slo.koordinator.sh/v1alpha1/resources.js';
import type { NodeMetric, NodeMetricSpecMetricCollectPolicy } from '../../src/generated/slo.koordinator.sh/v1alpha1/types.js';
import type { DeepReadonly } from '../../src/meta/deep-partial.js';
import { deepCopy } from '../../src/meta/deep-copy.js';
import { isAlreadyExists, isNotFound } from '../../src/rest/errors.js';
import { collectPolicyFor, defaultCollectPolicy, parseColocationConfig, sloControllerConfig, type ParsedConfig } from './colocation-config.js';

/** Options of the NodeMetric controller. */
export interface NodeMetricControllerOptions {
  /** Manage only Nodes (and NodeMetrics) whose labels match (e.g. `pool=e2e`); default: all. */
  nodeSelector?: string;
  /** Parallel reconciles (default 4). */
  maxConcurrentReconciles?: number;
  /** Identity written to the fencing log. */
  identity?: string;
  /** Append `identity startMs endMs name ok|aborted` per reconcile to this file (leader-election and shutdown proofs). */
  fencingLog?: string;
  /** Slow every reconcile down by this many ms, or until its signal aborts (shutdown drills). */
  reconcileDelayMs?: number;
}

/**
 * Sets the controller up on a manager whose factory is a `GenericInformerFactory` (ConfigMaps
 * are only read from `koordinator-system`: restrict the factory to it, as `main.ts` does).
 */
export function setupNodeMetricController(mgr: Manager, cs: GenericClientset, factory: GenericInformerFactory, options: NodeMetricControllerOptions = {}): Controller {
  const selector: Selector | undefined = options.nodeSelector ? parseLabelSelector(options.nodeSelector) : undefined;
  const selected = (o: DeepReadonly<{ metadata?: { labels?: Record<string, string> } }>) => !selector || selector.matches(o.metadata?.labels);
  const nodes = factory.coreV1.nodes.lister();
  const nodeMetrics = factory.sloV1alpha1.nodeMetrics.lister();
  const configMaps = factory.coreV1.configMaps.lister();
  const client = cs.sloV1alpha1.nodeMetrics();
  const recorder = new EventRecorder({ sink: (ns) => cs.eventsV1.events(ns), reportingController: 'koordinator.sh/nodemetric-controller', reportingInstance: options.identity ?? 'nodemetric-controller' });

  let parsedFor: string | undefined;
  let parsed: ParsedConfig = { kind: 'absent' };
  const currentConfig = (): { parsed: ParsedConfig; cm?: DeepReadonly<ConfigMap> } => {
    const cm = configMaps.namespace(sloControllerConfig.namespace).find(sloControllerConfig.name);
    const rv = cm?.metadata?.resourceVersion ?? '';
    if (rv !== parsedFor) {
      parsedFor = rv;
      parsed = cm ? parseColocationConfig(cm.data) : { kind: 'absent' };
    }
    return cm ? { parsed, cm } : { parsed };
  };

  const desiredPolicy = (node: DeepReadonly<Node>, current: DeepReadonly<NodeMetricSpecMetricCollectPolicy> | undefined): NodeMetricSpecMetricCollectPolicy | undefined => {
    const { parsed: cfg, cm } = currentConfig();
    if (cfg.kind === 'absent') return defaultCollectPolicy();
    const decision = cfg.kind === 'invalid' ? { keep: true as const, reason: cfg.reason } : collectPolicyFor(cfg.config, node.metadata?.labels);
    if ('policy' in decision) return decision.policy;
    if (cfg.kind === 'invalid' && cm) recorder.event(cm, 'Warning', 'InvalidColocationConfig', 'ParseConfig', decision.reason, { kind: { apiVersion: 'v1', kind: 'ConfigMap' } });
    // Invalid or disabled: keep what is there (a new NodeMetric gets the defaults).
    return current === undefined ? defaultCollectPolicy() : undefined;
  };

  const reconcile = async (req: Request, signal: AbortSignal): Promise<void> => {
    const start = Date.now();
    try {
      await reconcileOne(req.name, signal);
    } finally {
      try {
        // A slow reconcile that honours its signal: a stop past the grace period aborts it.
        if (options.reconcileDelayMs) await sleep(options.reconcileDelayMs, undefined, { signal });
      } finally {
        if (options.fencingLog) appendFileSync(options.fencingLog, `${options.identity ?? 'controller'} ${start} ${Date.now()} ${req.name} ${signal.aborted ? 'aborted' : 'ok'}\n`);
      }
    }
  };

  const reconcileOne = async (name: string, signal: AbortSignal): Promise<void> => {
    const node = nodes.find(name);
    const nm = nodeMetrics.find(name);
    const managedNode = node && selected(node) ? node : undefined;
    if (!managedNode) {
      if (nm && selected(nm)) {
        try {
          await client.delete(name, { signal, preconditions: nm.metadata?.uid ? { uid: nm.metadata.uid } : undefined });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      return;
    }
    try {
      if (!nm) {
        const policy = desiredPolicy(managedNode, undefined)!;
        const labels = selector ? { ...(managedNode.metadata?.labels ?? {}) } : undefined;
        try {
          await client.create({ metadata: { name, ...(labels ? { labels } : {}) }, spec: { metricCollectPolicy: policy } }, { signal });
        } catch (err) {
          if (!isAlreadyExists(err)) throw err; // the cache lags behind: the watch brings it
        }
        return;
      }
      const policy = desiredPolicy(managedNode, nm.spec?.metricCollectPolicy);
      if (policy === undefined || jsonEqual(policy, nm.spec?.metricCollectPolicy)) return;
      const next = deepCopy(nm) as NodeMetric;
      next.spec = { ...next.spec, metricCollectPolicy: policy };
      await client.update(next, { signal }); // a conflict throws: rate-limited requeue
    } catch (err) {
      recorder.event(managedNode, 'Warning', 'NodeMetricSyncFailed', 'Reconcile', err instanceof Error ? err.message : String(err), { kind: { apiVersion: 'v1', kind: 'Node' } });
      throw err;
    }
  };

  const everyNode = (): Request[] => {
    const names = new Set<string>();
    for (const n of nodes.list()) if (selected(n)) names.add(n.metadata!.name!);
    for (const m of nodeMetrics.list()) if (selected(m)) names.add(m.metadata!.name!);
    return [...names].map((name) => ({ namespace: '', name }));
  };

  return new ControllerBuilder(mgr)
    .named('nodemetric')
    .for(nodeMetricResource, { predicates: [generationChanged] })
    .watches<Node>(nodeResource, (n) => [{ namespace: '', name: n.metadata!.name! }], { predicates: [labelsChanged] })
    .watches<ConfigMap>(configMapResource, everyNode, {
      predicates: [newPredicateFuncs<ConfigMap>((cm) => cm.metadata?.namespace === sloControllerConfig.namespace && cm.metadata?.name === sloControllerConfig.name)],
    })
    .withOptions({ maxConcurrentReconciles: options.maxConcurrentReconciles ?? 4 })
    .complete(reconcile);
}
