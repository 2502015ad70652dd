// Two manager processes running the NodeMetric example with leader election against the real
// API server: SIGKILL the leader and the standby takes over within lease duration + retry
// period; SIGTERM releases the lease and the standby takes over at once. A fencing log (every
// reconcile appends who ran it, and when) shows no two replicas reconciling at the same time.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlreadyExists } from '../../../src/rest/errors.js';
import { suffix, useCluster } from '../support/cluster.js';
import { generic, startNodeMetricExample, until, type ExampleProcess } from './support.js';

const cluster = useCluster();
const timing = { lease: 4000, renew: 3000, retry: 500 };

interface Replica extends ExampleProcess {
  id: string;
}

function startReplica(id: string, pool: string, fencingLog: string): Replica {
  const replica = startNodeMetricExample([
    '--leader-elect',
    '--identity',
    id,
    '--node-selector',
    `e2e-pool=${pool}`,
    '--fencing-log',
    fencingLog,
    '--reconcile-delay-ms',
    '20',
    '--lease-duration-ms',
    String(timing.lease),
    '--renew-deadline-ms',
    String(timing.renew),
    '--retry-period-ms',
    String(timing.retry),
  ]);
  return { id, ...replica };
}

const said = (r: Replica, msg: string) => r.lines.find((l) => l.msg === msg);

function intervals(file: string): Array<{ id: string; start: number; end: number }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [id, start, end] = l.split(' ');
      return { id: id!, start: Number(start), end: Number(end) };
    });
}

describe('leader election across processes', () => {
  it('SIGKILL: the standby takes over within lease + retry; SIGTERM: at once; never two reconcilers at a time', { timeout: 120_000 }, async () => {
    const cs = generic(cluster.cs.ctx);
    const pool = `le-${suffix()}`;
    const dir = mkdtempSync(join(tmpdir(), 'fencing-'));
    const fencing = join(dir, 'fencing.log');
    try {
      await cs.coreV1.namespaces().create({ metadata: { name: 'koordinator-system' } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const nodes = cs.coreV1.nodes();
    const names = Array.from({ length: 5 }, (_, i) => `${pool}-${i}`);
    for (const name of names) await nodes.create({ metadata: { name, labels: { 'e2e-pool': pool } } });
    const replicas: Replica[] = [];
    let ticking = true;
    const ticker = (async () => {
      // Keep reconciles flowing: relabel a Node every 100 ms.
      for (let n = 0; ticking; n++) {
        await nodes.patch(names[n % names.length]!, { type: 'merge', patch: { metadata: { labels: { tick: String(n) } } } }).catch(() => {});
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const a = startReplica('replica-a', pool, fencing);
      replicas.push(a);
      await until(() => !!said(a, 'started leading'), 60_000, 'a leads');
      const b = startReplica('replica-b', pool, fencing);
      replicas.push(b);
      await until(() => b.lines.some((l) => l.msg === 'new leader' && l.leader === 'replica-a'), 60_000, 'b sees a');
      await until(() => intervals(fencing).filter((i) => i.id === 'replica-a').length >= 5, 20_000, 'a reconciles');

      const killedAt = Date.now();
      a.child.kill('SIGKILL');
      await until(() => !!said(b, 'started leading'), 20_000, 'b takes over');
      const takeover = (said(b, 'started leading')!.at as number) - killedAt;
      console.log(`[failover e2e] takeover after SIGKILL: ${takeover} ms (lease ${timing.lease} ms, retry ${timing.retry} ms)`);
      // client-go's bound: lease duration from the last observed renewal, plus one jittered retry period.
      expect(takeover).toBeLessThanOrEqual(timing.lease + timing.retry * 2.2 + 1000);
      expect(takeover).toBeGreaterThanOrEqual(timing.lease - timing.retry * 2.2);
      await until(() => intervals(fencing).filter((i) => i.id === 'replica-b').length >= 5, 20_000, 'b reconciles');

      const c = startReplica('replica-c', pool, fencing);
      replicas.push(c);
      await until(() => c.lines.some((l) => l.msg === 'new leader' && l.leader === 'replica-b'), 60_000, 'c sees b');
      const termAt = Date.now();
      b.child.kill('SIGTERM');
      await until(() => !!said(c, 'started leading'), 20_000, 'c takes over');
      const handover = (said(c, 'started leading')!.at as number) - termAt;
      console.log(`[failover e2e] takeover after SIGTERM: ${handover} ms`);
      expect(handover).toBeLessThan(timing.lease); // released: no waiting for expiry
      expect((await b.exited).code).toBe(0);
      await until(() => intervals(fencing).filter((i) => i.id === 'replica-c').length >= 3, 20_000, 'c reconciles');

      // Fencing: no reconcile of one replica overlaps one of another.
      const all = intervals(fencing).sort((x, y) => x.start - y.start);
      for (let i = 1; i < all.length; i++) {
        const prev = all.slice(0, i).filter((p) => p.id !== all[i]!.id);
        for (const p of prev) expect(p.end <= all[i]!.start || all[i]!.end <= p.start, `${p.id} [${p.start},${p.end}] overlaps ${all[i]!.id} [${all[i]!.start},${all[i]!.end}]`).toBe(true);
      }
      expect(new Set(all.map((i) => i.id))).toEqual(new Set(['replica-a', 'replica-b', 'replica-c']));
    } finally {
      ticking = false;
      await ticker;
      for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
      await Promise.all(replicas.map((r) => Promise.race([r.exited, new Promise((res) => setTimeout(res, 15_000))])));
      for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
      await nodes.deleteCollection({ labelSelector: `e2e-pool=${pool}` });
      await cs.sloV1alpha1.nodeMetrics().deleteCollection({ labelSelector: `e2e-pool=${pool}` });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
