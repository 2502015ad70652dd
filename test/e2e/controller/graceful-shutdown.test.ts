// A separate manager process (the NodeMetric example) gets SIGTERM while a slow reconcile runs,
// against the real API server: within the grace period the reconcile drains, the process exits 0
// after it and its Lease is released; a reconcile slower than the grace period sees its signal
// abort and the process still exits 0 within the bound. The fencing log (`id start end name
// ok|aborted` per reconcile) tells when each reconcile ended and how.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlreadyExists, isNotFound } from '../../../src/rest/errors.js';
import { suffix, useCluster } from '../support/cluster.js';
import { generic, startNodeMetricExample, until, type ExampleProcess } from './support.js';

const cluster = useCluster();

/** The reconciles of `name` in the fencing log (the manager also reconciles, as no-ops, other tests' objects). */
function fencing(file: string, name: string): Array<{ start: number; end: number; name: string; outcome: string }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [, start, end, n, outcome] = l.split(' ');
      return { start: Number(start), end: Number(end), name: n!, outcome: outcome! };
    })
    .filter((r) => r.name === name);
}

describe('manager process: SIGTERM during a slow reconcile', () => {
  let cs: ReturnType<typeof generic>;
  let dir: string;
  const running: ExampleProcess[] = [];
  const pools: string[] = [];

  beforeAll(async () => {
    cs = generic(cluster.cs.ctx);
    dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
    try {
      await cs.coreV1.namespaces().create({ metadata: { name: 'koordinator-system' } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  });

  afterAll(async () => {
    for (const m of running) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGKILL');
    for (const pool of pools) {
      await cs.coreV1.nodes().deleteCollection({ labelSelector: `e2e-pool=${pool}` });
      await cs.sloV1alpha1.nodeMetrics().deleteCollection({ labelSelector: `e2e-pool=${pool}` });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** One Node of a fresh pool; resolves once the manager's reconcile of it has created its NodeMetric (and is now in its delay). */
  async function slowReconcileInFlight(m: ExampleProcess, pool: string): Promise<string> {
    const name = `${pool}-0`;
    await cs.coreV1.nodes().create({ metadata: { name, labels: { 'e2e-pool': pool } } });
    await until(
      async () => {
        try {
          await cs.sloV1alpha1.nodeMetrics().get(name);
          return true;
        } catch (err) {
          if (isNotFound(err)) return false;
          throw err;
        }
      },
      60_000,
      'the NodeMetric of the slow reconcile',
      50,
    );
    expect(m.child.exitCode).toBeNull();
    return name;
  }

  it('drains the reconcile within the grace period, exits 0 after it, and releases the lease', { timeout: 90_000 }, async () => {
    const pool = `drain-${suffix()}`;
    pools.push(pool);
    const lease = `shutdown-${pool}`;
    const log = join(dir, `${pool}.log`);
    const delay = 2500;
    const m = startNodeMetricExample(['--leader-elect', '--lease-name', lease, '--identity', 'drainer', '--node-selector', `e2e-pool=${pool}`, '--fencing-log', log, '--reconcile-delay-ms', String(delay), '--graceful-shutdown-ms', '15000']);
    running.push(m);
    await until(() => m.lines.some((l) => l.msg === 'started leading'), 60_000, 'the manager leads');
    const node = await slowReconcileInFlight(m, pool);
    expect(fencing(log, node)).toEqual([]); // still in its delay

    const termAt = Date.now();
    m.child.kill('SIGTERM');
    const exit = await m.exited;
    expect(exit.code).toBe(0);
    const done = fencing(log, node);
    expect(done).toHaveLength(1); // the in-flight one; nothing new was taken
    expect(done[0]).toMatchObject({ name: node, outcome: 'ok' });
    expect(done[0]!.end - done[0]!.start).toBeGreaterThanOrEqual(delay); // ran to its end...
    expect(done[0]!.end).toBeGreaterThanOrEqual(termAt); // ...after the signal
    expect(exit.at).toBeGreaterThanOrEqual(done[0]!.end); // and the process exited after it
    expect(exit.at - termAt).toBeLessThan(15_000);
    const held = await cs.coordinationV1.leases('koordinator-system').get(lease);
    expect(held.spec?.holderIdentity ?? '').toBe(''); // released on the way out
  });

  it('a reconcile slower than the grace period is aborted and the process still exits 0 within the bound', { timeout: 90_000 }, async () => {
    const pool = `abort-${suffix()}`;
    pools.push(pool);
    const log = join(dir, `${pool}.log`);
    const grace = 1500;
    const m = startNodeMetricExample(['--node-selector', `e2e-pool=${pool}`, '--fencing-log', log, '--reconcile-delay-ms', '120000', '--graceful-shutdown-ms', String(grace)]);
    running.push(m);
    await until(() => m.lines.some((l) => l.msg === 'starting'), 60_000, 'the manager starts');
    const node = await slowReconcileInFlight(m, pool);

    const termAt = Date.now();
    m.child.kill('SIGTERM');
    const exit = await m.exited;
    expect(exit.code).toBe(0);
    const done = fencing(log, node);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ name: node, outcome: 'aborted' });
    // Aborted once the grace period was over, not before, and long before its 120 s.
    expect(done[0]!.end - termAt).toBeGreaterThanOrEqual(grace - 50);
    expect(done[0]!.end - termAt).toBeLessThan(grace + 10_000);
    expect(exit.at - termAt).toBeLessThan(grace + 15_000);
  });
});
