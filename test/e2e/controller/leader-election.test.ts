// Two leader electors in one process on one Lease of the real kube-apiserver.
import { describe, expect, it, onTestFinished } from 'vitest';
import { LeaseLock } from '../../../src/controller/lease-lock.js';
import { LeaderElector } from '../../../src/controller/leader-election.js';
import type { Logger } from '../../../src/rest/transport/logger.js';
import { freshNamespace, useCluster } from '../support/cluster.js';
import { leases, until } from './support.js';

const cluster = useCluster();

// Short durations keep the test fast; their ratios are client-go's (lease > renew > 1.2 * retry).
const timing = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 400 };

/** Collects the elector's warnings and errors (with timestamps) into `log`, for failure messages. */
function diagnostics(log: string[]): Logger {
  const keep = (level: string) => (obj: object | string, msg?: string) => void log.push(`${Date.now() % 100_000} ${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  return { debug: () => {}, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

function candidate(ns: string, identity: string, log: string[], opts: { releaseOnCancel?: boolean } = {}) {
  const lock = new LeaseLock(leases(cluster.cs.ctx, ns), 'ctl-lock', identity);
  let leading = false;
  const elector = new LeaderElector({
    lock,
    ...timing,
    releaseOnCancel: opts.releaseOnCancel ?? true,
    logger: diagnostics(log),
    callbacks: {
      onStartedLeading: () => {
        leading = true;
        log.push(`${identity} started`);
      },
      onStoppedLeading: () => {
        leading = false;
        log.push(`${identity} stopped`);
      },
      onNewLeader: (id) => log.push(`${identity} sees ${id}`),
    },
  });
  const ac = new AbortController();
  const done = elector.run(ac.signal);
  // stopped however the test ends, so that no candidate outlives its test (and the file's transport)
  onTestFinished(() => {
    ac.abort();
    return done;
  });
  return { elector, ac, done, isLeading: () => leading };
}

describe('leader election on a Lease', () => {
  it('one leader at a time; release on stop hands over at once', async () => {
    const ns = await freshNamespace(cluster.cs, 'le');
    const log: string[] = [];
    const a = candidate(ns, 'a', log);
    await until(() => a.isLeading(), 10_000, 'a leads');
    const b = candidate(ns, 'b', log);
    await until(() => log.includes('b sees a'), 10_000, 'b observes a');
    // b does not take over while a renews.
    await new Promise((r) => setTimeout(r, timing.leaseDurationMs + 500));
    expect(b.isLeading()).toBe(false);
    expect(a.elector.isLeader()).toBe(true);

    const lease = await leases(cluster.cs.ctx, ns).get('ctl-lock');
    expect(lease.spec?.holderIdentity).toBe('a');
    expect(lease.spec?.leaseDurationSeconds).toBe(3);
    expect(lease.spec?.renewTime).toMatch(/\.\d{6}Z$/);

    const t0 = Date.now();
    a.ac.abort();
    await a.done;
    expect((await leases(cluster.cs.ctx, ns).get('ctl-lock')).spec?.holderIdentity, log.join('\n')).toBe('');
    await until(() => b.isLeading(), 10_000, 'b leads');
    // released: b takes over within about one retry period (plus jitter), not a lease duration
    expect(Date.now() - t0).toBeLessThan(timing.retryPeriodMs * 2.2 + 1000);
    const after = await leases(cluster.cs.ctx, ns).get('ctl-lock');
    expect(after.spec?.holderIdentity).toBe('b');
    expect(after.spec?.leaseTransitions).toBe(1);
    expect(log.indexOf('a stopped')).toBeLessThan(log.indexOf('b started'));
    b.ac.abort();
    await b.done;
  });

  it('a leader that cannot renew stops before the lease expires for the other', async () => {
    const ns = await freshNamespace(cluster.cs, 'le');
    const log: string[] = [];
    const client = leases(cluster.cs.ctx, ns);
    let failRenewals = false;
    const flaky = {
      get: (name: string, o?: { signal?: AbortSignal }) => (failRenewals ? Promise.reject(new Error('partitioned')) : client.get(name, o)),
      create: (l: Parameters<typeof client.create>[0], o?: { signal?: AbortSignal }) => client.create(l, o),
      update: (l: Parameters<typeof client.update>[0], o?: { signal?: AbortSignal }) => (failRenewals ? Promise.reject(new Error('partitioned')) : client.update(l, o)),
    };
    let aStoppedAt = 0;
    const aElector = new LeaderElector({
      lock: new LeaseLock(flaky, 'ctl-lock', 'a'),
      ...timing,
      callbacks: {
        onStartedLeading: () => void log.push('a started'),
        onStoppedLeading: () => {
          aStoppedAt = Date.now();
          log.push('a stopped');
        },
      },
    });
    const aStop = new AbortController();
    const aDone = aElector.run(aStop.signal);
    onTestFinished(() => {
      aStop.abort();
      return aDone;
    });
    await until(() => aElector.isLeader(), 10_000, 'a leads');
    const b = candidate(ns, 'b', log);
    await until(() => log.includes('b sees a'), 10_000, 'b observes a');
    failRenewals = true;
    const partitionedAt = Date.now();
    await until(() => b.isLeading(), 15_000, 'b leads');
    const bStartedAt = Date.now();
    expect(aStoppedAt).toBeGreaterThan(0);
    expect(aStoppedAt).toBeLessThan(bStartedAt);
    // b waited for the lease to expire (from its own observation), a gave up within retry + renew deadline.
    expect(bStartedAt - partitionedAt).toBeGreaterThanOrEqual(timing.leaseDurationMs - timing.retryPeriodMs);
    expect(aStoppedAt - partitionedAt).toBeLessThanOrEqual(timing.retryPeriodMs + timing.renewDeadlineMs + 500);
    await aDone;
    b.ac.abort();
    aStop.abort();
    await b.done;
  });
});
