/**
 * The koordinator-client side of bench/controller-converge.ts: examples/nodemetric-controller's
 * controller (`setupNodeMetricController`) on a manager, with the same settings as the Go
 * controller-runtime program (bench/go-controller): no client-side rate limit by default
 * (controller-runtime's default), 4 workers, managedFields stripped from the caches, ConfigMaps
 * watched in `koordinator-system` only.
 *
 *   node --import tsx bench/support/nodemetric-controller-child.ts [--qps Q --burst B --workers N] KUBECONFIG
 *
 * Prints `{"msg":"starting"}` and, on SIGTERM, `{"msg":"memory",...}` (`process.memoryUsage()`
 * with the caches still held) and, once stopped, `{"msg":"stopped","reconciles":N}`.
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { Manager } from '../../src/controller/manager.js';
import type { ControllerOptions } from '../../src/controller/controller.js';
import type { ReconcileMetrics } from '../../src/controller/reconcile-metrics.js';
import { GenericClientset } from '../../src/generated/generic-clientset.js';
import { GenericInformerFactory } from '../../src/generated/generic-informer-factory.js';
import { sloControllerConfig } from '../../examples/nodemetric-controller/colocation-config.js';
import { setupNodeMetricController } from '../../examples/nodemetric-controller/nodemetric-controller.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { qps: { type: 'string', default: '-1' }, burst: { type: 'string', default: '-1' }, workers: { type: 'string', default: '4' } },
});
const kubeconfig = positionals[0];
if (!kubeconfig) throw new Error('usage: nodemetric-controller-child.ts [--qps Q --burst B --workers N] KUBECONFIG');

const emit = (fields: Record<string, unknown>) => console.log(JSON.stringify({ ...fields, at: Date.now() }));

/** Counts finished reconciles (the bench's denominator for CPU per reconcile). */
let reconciles = 0;
const counting: ReconcileMetrics = {
  reconcileDone: () => void reconciles++,
  activeWorkers: () => {},
  maxConcurrentReconciles: () => {},
};

/** A manager whose controllers report finished reconciles to `counting`. */
class CountingManager extends Manager {
  override controllerDefaults(): ControllerOptions {
    return { ...super.controllerDefaults(), reconcileMetrics: counting };
  }
}

const qps = Number(values.qps);
const cs = await GenericClientset.create({ kubeconfig, ...(qps > 0 ? { qps, burst: Number(values.burst) } : { qps: -1 }) });
const factory = new GenericInformerFactory(cs, { namespace: sloControllerConfig.namespace, transform: (o) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } }) });
const mgr = new CountingManager(cs, { factory, gracefulShutdownMs: 10_000, logger: { debug() {}, info() {}, warn() {}, error: (o: unknown, m?: string) => console.error(m ?? '', o) } });
setupNodeMetricController(mgr, cs, factory, { maxConcurrentReconciles: Number(values.workers) });
// Before the manager's own handler: the memory while the caches are still held.
process.once('SIGTERM', () => {
  const m = process.memoryUsage();
  emit({ msg: 'memory', heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, rss: m.rss });
});
emit({ msg: 'starting' });
try {
  await mgr.start();
} finally {
  await cs.close();
}
emit({ msg: 'stopped', reconciles });
