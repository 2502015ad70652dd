/**
 * Helpers of the controller e2e tests: the generated built-in clients (Lease, Event, ConfigMap)
 * over a test file's transport, polling, and the NodeMetric example as a separate process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ClientContext } from '../../../src/client/client-context.js';
import { GenericClientset } from '../../../src/generated/generic-clientset.js';
import { envtestInfo } from '../env.js';

export { leaseResource } from '../../../src/generated/coordination.k8s.io/v1/resources.js';
export { eventResource } from '../../../src/generated/events.k8s.io/v1/resources.js';
export { configMapResource, nodeResource } from '../../../src/generated/core/v1/resources.js';
export type { ConfigMap, Node } from '../../../src/generated/core/v1/types.js';

/** Every generated group (Koordinator and built-in) over the same transport as `ctx`. */
export function generic(ctx: ClientContext): GenericClientset {
  return new GenericClientset(ctx);
}

/** The generated Lease client of namespace `ns`. */
export function leases(ctx: ClientContext, ns: string) {
  return generic(ctx).coordinationV1.leases(ns);
}

/** The generated ConfigMap client of namespace `ns`. */
export function configMaps(ctx: ClientContext, ns: string) {
  return generic(ctx).coreV1.configMaps(ns);
}

/** The generated events.k8s.io/v1 Event client of namespace `ns`. */
export function events(ctx: ClientContext, ns: string) {
  return generic(ctx).eventsV1.events(ns);
}

/** Polls `cond` every `intervalMs` (20 ms) until it holds, failing after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition', intervalMs = 20): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The NodeMetric example running in its own process, and what it logged (one JSON line each). */
export interface ExampleProcess {
  child: ChildProcess;
  /** Each stdout line, parsed (or as `msg` when not JSON), with when it arrived. */
  lines: Array<{ msg: string; at: number; [k: string]: unknown }>;
  /** The exit code and when it came. */
  exited: Promise<{ code: number | null; at: number }>;
}

/** Starts `examples/nodemetric-controller/main.ts` against the shared envtest with `args`. */
export function startNodeMetricExample(args: string[]): ExampleProcess {
  const kubeconfig = envtestInfo().kubeconfigPath;
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/nodemetric-controller/main.ts', '--kubeconfig', kubeconfig, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  const lines: ExampleProcess['lines'] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        lines.push({ ...JSON.parse(line), at: Date.now() });
      } catch {
        lines.push({ msg: line, at: Date.now() });
      }
    }
  });
  child.stderr!.on('data', () => {});
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, lines, exited };
}
