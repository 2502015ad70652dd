import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import { ApiError } from '../../../src/rest/errors.js';
import { LeaseLock, type LeaseClient, type LeaseObject } from '../../../src/controller/lease-lock.js';
import { LeaderElector, LeaderElectionConfigError } from '../../../src/controller/leader-election.js';

/** An in-memory Lease store with the API server's optimistic concurrency. */
function leaseStore() {
  let stored: LeaseObject | undefined;
  let rv = 0;
  const status = (code: number, reason: string) => new ApiError({ kind: 'Status', code, reason, message: reason });
  const client = (partitioned: () => boolean): LeaseClient => ({
    get: async () => {
      if (partitioned()) throw new Error('partitioned');
      if (!stored) throw status(404, 'NotFound');
      return structuredClone(stored);
    },
    create: async (l) => {
      if (partitioned()) throw new Error('partitioned');
      if (stored) throw status(409, 'AlreadyExists');
      stored = { ...structuredClone(l), metadata: { ...l.metadata, resourceVersion: String(++rv) } };
      return structuredClone(stored);
    },
    update: async (l) => {
      if (partitioned()) throw new Error('partitioned');
      if (!stored) throw status(404, 'NotFound');
      if (l.metadata?.resourceVersion !== stored.metadata?.resourceVersion) throw status(409, 'Conflict');
      stored = { ...structuredClone(l), metadata: { ...l.metadata, resourceVersion: String(++rv) } };
      return structuredClone(stored);
    },
  });
  return { client, get: () => stored };
}

const timing = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

function elector(clock: ManualClock, client: LeaseClient, id: string, log: Array<[number, string]>) {
  return new LeaderElector({
    lock: new LeaseLock(client, 'lock', id),
    ...timing,
    clock,
    wallClock: () => 1_700_000_000_000 + clock.now(),
    random: () => 0.5,
    callbacks: {
      onStartedLeading: () => void log.push([clock.now(), `${id} started`]),
      onStoppedLeading: () => void log.push([clock.now(), `${id} stopped`]),
    },
  });
}

async function runFor(clock: ManualClock, ms: number): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    const next = clock.nextWakeUp;
    await clock.advance(next === undefined ? end - clock.now() : Math.max(0, Math.min(next, end) - clock.now()));
  }
}

/** Starts candidate `a` on `client` and lets it take the lock; `stop()` stops it and waits for the end. */
async function leadingA(clock: ManualClock, client: LeaseClient) {
  const log: Array<[number, string]> = [];
  const a = elector(clock, client, 'a', log);
  const ac = new AbortController();
  const done = a.run(ac.signal);
  await runFor(clock, 100);
  expect(a.isLeader()).toBe(true);
  return { a, log, ac, done };
}

describe('LeaderElector (client-go semantics, manual clock)', () => {
  it('refuses durations client-go refuses', () => {
    const store = leaseStore();
    const lock = new LeaseLock(store.client(() => false), 'l', 'a');
    expect(() => new LeaderElector({ lock, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 })).toThrow(LeaderElectionConfigError);
    expect(() => new LeaderElector({ lock, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 })).toThrow(LeaderElectionConfigError);
  });

  it('a partitioned leader stops within retry + renew deadline; the other starts only after a lease duration', async () => {
    const clock = new ManualClock(0);
    const store = leaseStore();
    let partitioned = false;
    const log: Array<[number, string]> = [];
    const a = elector(clock, store.client(() => partitioned), 'a', log);
    const b = elector(clock, store.client(() => false), 'b', log);
    const stopA = new AbortController();
    const stopB = new AbortController();
    const doneA = a.run(stopA.signal);
    await runFor(clock, 100);
    const doneB = b.run(stopB.signal);
    await runFor(clock, 20_000);
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    expect(store.get()?.spec?.holderIdentity).toBe('a');
    expect(store.get()?.spec?.renewTime).toMatch(/\.\d{6}Z$/);

    const cut = clock.now();
    partitioned = true;
    await runFor(clock, 30_000);
    const aStopped = log.find(([, m]) => m === 'a stopped')![0];
    const bStarted = log.find(([, m]) => m === 'b started')![0];
    expect(aStopped - cut).toBeLessThanOrEqual(timing.retryPeriodMs + timing.renewDeadlineMs);
    expect(bStarted - cut).toBeGreaterThanOrEqual(timing.leaseDurationMs - timing.retryPeriodMs * 2.2);
    expect(bStarted).toBeGreaterThan(aStopped);
    expect(store.get()?.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, leaseDurationSeconds: 15 });
    await doneA;
    stopB.abort();
    await runFor(clock, 10);
    await doneB;
    expect(store.get()?.spec?.holderIdentity).toBe(''); // released on stop
  });

  it('release reads the lease first: a renewal written but whose answer was lost does not block it', async () => {
    const clock = new ManualClock(0);
    const store = leaseStore();
    const inner = store.client(() => false);
    let loseNextUpdateAnswer = false;
    // The server applies the update, but the answer never reaches the candidate (stopped mid-request).
    const client: LeaseClient = {
      ...inner,
      update: async (l, o) => {
        const written = await inner.update(l, o);
        if (loseNextUpdateAnswer) {
          loseNextUpdateAnswer = false;
          throw new Error('aborted');
        }
        return written;
      },
    };
    const { ac: stop, done } = await leadingA(clock, client);
    loseNextUpdateAnswer = true;
    await runFor(clock, timing.retryPeriodMs); // one renewal lands on the server, its answer is lost
    expect(loseNextUpdateAnswer).toBe(false);
    stop.abort();
    await runFor(clock, 10);
    await done;
    expect(store.get()?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
  });

  it('release retries after a conflict: a cancelled renewal the server writes after the release read it', async () => {
    const clock = new ManualClock(0);
    const store = leaseStore();
    const inner = store.client(() => false);
    let cancelled: LeaseObject | undefined;
    let holdNextRenewal = false;
    let conflicts = 0;
    // The renewal's answer is lost and the server only writes it after the next read (a slow
    // apiserver finishing a request whose client has gone).
    const client: LeaseClient = {
      get: async (name, o) => {
        const got = await inner.get(name, o);
        if (cancelled) {
          const late = cancelled;
          cancelled = undefined;
          await inner.update(late, o);
        }
        return got;
      },
      create: inner.create,
      update: async (l, o) => {
        if (holdNextRenewal) {
          holdNextRenewal = false;
          cancelled = l;
          throw new Error('aborted');
        }
        try {
          return await inner.update(l, o);
        } catch (err) {
          conflicts++;
          throw err;
        }
      },
    };
    const { ac: stop, done } = await leadingA(clock, client);
    holdNextRenewal = true;
    await runFor(clock, timing.retryPeriodMs);
    expect(cancelled).toBeDefined();
    stop.abort();
    await runFor(clock, 10);
    await done;
    expect(conflicts).toBe(1); // the first release write lost to the late renewal
    expect(store.get()?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
  });

  it('release gives up at the renew deadline when the server stays unreachable', async () => {
    const clock = new ManualClock(0);
    const store = leaseStore();
    let partitioned = false;
    let attempts = 0;
    const inner = store.client(() => partitioned);
    const client: LeaseClient = {
      ...inner,
      get: (name, o) => {
        if (partitioned) attempts++;
        return inner.get(name, o);
      },
    };
    const { ac: stop, done, log } = await leadingA(clock, client);
    partitioned = true;
    stop.abort();
    const stoppedAt = clock.now();
    await runFor(clock, timing.renewDeadlineMs + 1000);
    await done;
    expect(log.at(-1)?.[1]).toBe('a stopped');
    expect(log.at(-1)![0] - stoppedAt).toBeLessThanOrEqual(timing.renewDeadlineMs);
    // retried every quarter retry period until the deadline
    expect(attempts).toBe(timing.renewDeadlineMs / (timing.retryPeriodMs / 4));
    expect(store.get()?.spec?.holderIdentity).toBe('a');
  });
});
