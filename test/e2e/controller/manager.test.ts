// The manager on the real API server: probes, Prometheus metrics (work queue, reconcile, REST
// client), and a graceful stop that drains a slow reconcile.
import { describe, expect, it } from 'vitest';
import { ControllerBuilder } from '../../../src/controller/builder.js';
import { Manager } from '../../../src/controller/manager.js';
import { ControllerMetrics } from '../../../src/controller/metrics.js';
import { newPredicateFuncs } from '../../../src/controller/predicates.js';
import { Clientset } from '../../../src/generated/clientset.js';
import { nodeMetricResource } from '../../../src/generated/slo.koordinator.sh/v1alpha1/resources.js';
import { suffix, useCluster } from '../support/cluster.js';
import { envtestInfo } from '../env.js';
import { until } from './support.js';

const cluster = useCluster();

async function probe(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('Manager', () => {
  it('serves probes and metrics, and a stop drains the in-flight reconcile before stopping informers', async () => {
    const batch = suffix();
    const metrics = await ControllerMetrics.create();
    const cs = await Clientset.create({ kubeconfig: envtestInfo().kubeconfigPath, qps: 500, burst: 1000, hooks: metrics.restClientHooks });
    const mgr = new Manager(cs, { metrics, server: { port: 0, host: '127.0.0.1' }, gracefulShutdownMs: 10_000, handleSignals: false });
    const reconciled: string[] = [];
    const finished: string[] = [];
    let slowStarted = false;
    let slowAborted = false;
    new ControllerBuilder(mgr)
      .named(`mgr-${batch}`)
      .for(nodeMetricResource)
      .withEventFilter(newPredicateFuncs((o) => o.metadata?.labels?.batch === batch))
      .complete(async ({ name }, signal) => {
        reconciled.push(name);
        if (name.startsWith('slow')) {
          slowStarted = true;
          await new Promise((r) => setTimeout(r, 1500));
          slowAborted = signal.aborted;
        }
        finished.push(name);
      });
    const ac = new AbortController();
    const running = mgr.start(ac.signal);
    try {
      await until(() => mgr.serverAddress !== undefined, 10_000, 'server listening');
      const port = mgr.serverAddress!.port;
      expect((await probe(port, '/healthz')).status).toBe(200);
      await until(async () => (await probe(port, '/readyz')).status === 200, 30_000, 'ready');
      expect((await probe(port, '/readyz?verbose')).body).toContain('[+]informers ok');
      expect((await probe(port, '/nope')).status).toBe(404);

      const nms = cs.sloV1alpha1.nodeMetrics();
      await nms.create({ metadata: { name: `fast-${batch}`, labels: { batch } } });
      await until(() => finished.includes(`fast-${batch}`), 20_000, 'fast reconciled');

      const m = (await probe(port, '/metrics')).body;
      expect(m).toMatch(new RegExp(`workqueue_adds_total\\{name="mgr-${batch}"\\} [1-9]`));
      expect(m).toMatch(new RegExp(`workqueue_queue_duration_seconds_count\\{name="mgr-${batch}"\\} [1-9]`));
      expect(m).toMatch(new RegExp(`controller_runtime_reconcile_total\\{controller="mgr-${batch}",result="success"\\} [1-9]`));
      expect(m).toMatch(/rest_client_requests_total\{code="201",method="POST"\} [1-9]/);
      expect(m).toMatch(new RegExp(`controller_runtime_max_concurrent_reconciles\\{controller="mgr-${batch}"\\} 1`));

      await nms.create({ metadata: { name: `slow-${batch}`, labels: { batch } } });
      await until(() => slowStarted, 20_000, 'slow reconcile started');
      const t0 = Date.now();
      ac.abort();
      await running;
      expect(finished).toContain(`slow-${batch}`);
      expect(slowAborted).toBe(false); // drained within the grace period, not aborted
      expect(Date.now() - t0).toBeLessThan(5000);
      // no new work after the stop: a NodeMetric created now is never reconciled
      await nms.create({ metadata: { name: `late-${batch}`, labels: { batch } } });
      await new Promise((r) => setTimeout(r, 300));
      expect(reconciled).not.toContain(`late-${batch}`);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      ac.abort();
      await running.catch(() => {});
      await cs.close();
    }
  });
});
