/**
 * Leader election (client-go `tools/leaderelection`) over a {@link LeaseLock}: candidates try to
 * acquire the lock every `retryPeriodMs` (with jitter); the leader renews it, and when it cannot
 * renew within `renewDeadlineMs` it stops leading. Expiry is judged by *local* observation time
 * (when this candidate last saw the record change), never by comparing clocks across machines.
 *
 * Safety: a leader that fails to renew gives up at most `retryPeriodMs + renewDeadlineMs` after its
 * last successful renewal, while others may only take over `leaseDurationMs` after they observed
 * it; with the defaults (15 s / 10 s / 2 s) the old leader has stopped its work 3 s before anyone
 * else can start.
 * @packageDocumentation
 */
import { systemClock, type Clock } from '../rest/transport/clock.js';
import { KubeClientError, ValidationError, isConflict, isNotFound } from '../rest/errors.js';
import { describeError, silentLogger, type Logger } from '../rest/transport/logger.js';
import type { LeaderElectionRecord, LeaseLock } from './lease-lock.js';

/** Callbacks of a {@link LeaderElector}. None of them may throw into the elector (errors are logged). */
export interface LeaderCallbacks {
  /** This candidate became the leader; `signal` aborts when it stops leading. */
  onStartedLeading?(signal: AbortSignal): void | Promise<void>;
  /** This candidate stopped leading (or stopped running without ever leading). */
  onStoppedLeading?(): void;
  /** The observed leader changed (including to this candidate). */
  onNewLeader?(identity: string): void;
}

/** Settings of a {@link LeaderElector} (client-go `LeaderElectionConfig`). */
export interface LeaderElectionConfig {
  /** The lock. */
  lock: LeaseLock;
  /** How long a claim lasts without renewal (default 15 000 ms). */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying to renew before giving up (default 10 000 ms). */
  renewDeadlineMs?: number;
  /** How long between attempts (default 2 000 ms). */
  retryPeriodMs?: number;
  /** Release the lock when the elector stops (default true): a successor takes over at once. */
  releaseOnCancel?: boolean;
  /** Lifecycle callbacks. */
  callbacks?: LeaderCallbacks;
  /** Name for logs. */
  name?: string;
  /** Diagnostics (silent by default). */
  logger?: Logger;
  /** Time source for waits and local observation times (tests). */
  clock?: Clock;
  /** Wall-clock time for the record's timestamps, epoch ms (default `Date.now`). */
  wallClock?: () => number;
  /** Random source in [0, 1) for the jitter (tests). */
  random?: () => number;
}

/** client-go's `JitterFactor` for acquire attempts. */
export const leaderElectionJitterFactor = 1.2;

/** Thrown for a configuration client-go would refuse. */
export class LeaderElectionConfigError extends KubeClientError {
  override readonly name = 'LeaderElectionConfigError';
}

/** Runs one candidate's election loop. */
export class LeaderElector {
  private readonly lock: LeaseLock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly releaseOnCancel: boolean;
  private readonly callbacks: LeaderCallbacks;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly wallClock: () => number;
  private readonly random: () => number;
  private observedRecord: LeaderElectionRecord | undefined;
  private observedRaw: string | undefined;
  private observedTime = 0;
  private reportedLeader: string | undefined;
  private leading = false;

  /** @param config - lock, durations, callbacks */
  constructor(config: LeaderElectionConfig) {
    this.lock = config.lock;
    this.leaseDurationMs = config.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = config.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = config.retryPeriodMs ?? 2_000;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new LeaderElectionConfigError('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= leaderElectionJitterFactor * this.retryPeriodMs) throw new LeaderElectionConfigError('renewDeadline must be greater than retryPeriod*JitterFactor');
    if (this.retryPeriodMs < 1) throw new LeaderElectionConfigError('retryPeriod must be positive');
    if (this.leaseDurationMs % 1000 !== 0) throw new ValidationError('leaseDurationMs must be whole seconds (the Lease stores seconds)', [{ path: 'leaseDurationMs', message: `got ${this.leaseDurationMs}` }]);
    this.releaseOnCancel = config.releaseOnCancel ?? true;
    this.callbacks = config.callbacks ?? {};
    this.logger = config.logger ?? silentLogger;
    this.clock = config.clock ?? systemClock;
    this.wallClock = config.wallClock ?? Date.now;
    this.random = config.random ?? Math.random;
  }

  /** This candidate's identity. */
  get identity(): string {
    return this.lock.identity;
  }

  /** True while this candidate holds the lock. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The identity of the leader last observed (`''` when none). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  /**
   * Liveness (client-go `HealthzAdaptor`): throws when this candidate believes it leads but has
   * not renewed for longer than the lease duration plus `toleranceMs`.
   */
  check(toleranceMs = 0): void {
    if (!this.leading) return;
    if (this.clock.now() > this.observedTime + this.leaseDurationMs + toleranceMs) {
      throw new KubeClientError(`failed election to renew leadership on ${this.lock.describe()}`);
    }
  }

  /**
   * Campaigns until elected or `signal` aborts; then leads (calling `onStartedLeading`) and renews
   * until renewal fails past the deadline or `signal` aborts; then releases the lock (when
   * `releaseOnCancel`) and calls `onStoppedLeading`. Resolves when done; never rejects.
   */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) return;
      const leading = new AbortController();
      this.leading = true;
      const started = this.callbacks.onStartedLeading;
      if (started) {
        Promise.resolve()
          .then(() => started(leading.signal))
          .catch((err) => this.log('error', { error: describeError(err) }, 'onStartedLeading failed'));
      }
      await this.renew(signal);
      this.leading = false;
      leading.abort();
      if (signal.aborted && this.releaseOnCancel) await this.release();
    } finally {
      this.leading = false;
      try {
        this.callbacks.onStoppedLeading?.();
      } catch (err) {
        this.log('error', { error: describeError(err) }, 'onStoppedLeading failed');
      }
    }
  }

  /**
   * Gives the lock up if this candidate holds it: the record keeps the transitions count, the
   * holder becomes `''` with a 1 s duration, so a successor can take over at once.
   *
   * Reads the Lease first, as client-go does: a renewal cancelled mid-flight may still be written
   * by the server, before or even after that read. A conflict (the late renewal won) is answered by
   * reading again; other failures are retried every quarter retry period. Everything together is
   * bounded by `renewDeadlineMs`: past it the lease is left to expire.
   * @returns whether the release was written
   */
  async release(): Promise<boolean> {
    if (!this.observedRecord || this.observedRecord.holderIdentity !== this.lock.identity) return false;
    const budget = new AbortController();
    const timer = this.clock.sleep(this.renewDeadlineMs, budget.signal).then(
      () => budget.abort(new KubeClientError('release deadline exceeded')),
      () => {},
    );
    const opts = { signal: budget.signal };
    let lastError: unknown;
    try {
      for (let attempt = 1; !budget.signal.aborted; attempt++) {
        try {
          const current = await this.lock.get(opts);
          if (current.record.holderIdentity !== this.lock.identity) {
            this.setObserved(current.record, current.raw);
            return false;
          }
          const now = this.wallClock();
          const record: LeaderElectionRecord = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaderTransitions: current.record.leaderTransitions };
          await this.lock.update(record, opts);
          this.setObserved(record, JSON.stringify(record));
          this.log('info', { lock: this.lock.describe(), attempt }, 'released the lease');
          return true;
        } catch (err) {
          lastError = err;
          if (budget.signal.aborted) break;
          this.log('warn', { error: describeError(err), attempt }, 'release attempt failed; retrying');
          if (isConflict(err)) continue;
          try {
            await this.clock.sleep(this.retryPeriodMs / 4, budget.signal);
          } catch {
            break;
          }
        }
      }
      this.log('error', { error: describeError(lastError) }, 'failed to release the lease before the renew deadline');
      return false;
    } finally {
      budget.abort();
      await timer;
    }
  }

  /** Tries every retry period (jittered) until the lock is held; false when `signal` aborted first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    this.log('info', { lock: this.lock.describe() }, 'attempting to acquire leader lease');
    for (;;) {
      if (signal.aborted) return false;
      if (await this.tryAcquireOrRenew(signal)) {
        this.log('info', { lock: this.lock.describe() }, 'acquired the lease');
        return true;
      }
      const wait = this.retryPeriodMs * (1 + this.random() * leaderElectionJitterFactor);
      try {
        await this.clock.sleep(wait, signal);
      } catch {
        return false;
      }
    }
  }

  /**
   * Renews every retry period; each round retries until it succeeds or the renew deadline passes.
   * Returns when renewal failed past the deadline (leadership lost) or `signal` aborted.
   */
  private async renew(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) return;
      const deadline = new AbortController();
      const stop = AbortSignal.any([signal, deadline.signal]);
      const timer = this.clock.sleep(this.renewDeadlineMs, stop).then(
        () => deadline.abort(new KubeClientError('renew deadline exceeded')),
        () => {},
      );
      let renewed = false;
      for (;;) {
        if (stop.aborted) break;
        if (await this.tryAcquireOrRenew(stop)) {
          renewed = true;
          break;
        }
        try {
          await this.clock.sleep(this.retryPeriodMs, stop);
        } catch {
          break;
        }
      }
      deadline.abort();
      await timer;
      if (signal.aborted) return;
      if (!renewed) {
        this.log('warn', { lock: this.lock.describe() }, 'failed to renew the lease before the renew deadline: stopping leading');
        return;
      }
      try {
        await this.clock.sleep(this.retryPeriodMs, signal);
      } catch {
        return;
      }
    }
  }

  /** One attempt (client-go `tryAcquireOrRenew`); false on any failure. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.wallClock();
    const desired: LeaderElectionRecord = {
      holderIdentity: this.lock.identity,
      leaseDurationSeconds: this.leaseDurationMs / 1000,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: 0,
    };
    const opts = { signal, timeoutMs: Math.min(this.renewDeadlineMs, this.leaseDurationMs) };
    let current: { record: LeaderElectionRecord; raw: string };
    try {
      current = await this.lock.get(opts);
    } catch (err) {
      if (!isNotFound(err)) {
        this.log('warn', { error: describeError(err) }, 'error retrieving the lease');
        return false;
      }
      try {
        await this.lock.create(desired, opts);
      } catch (createErr) {
        this.log('warn', { error: describeError(createErr) }, 'error creating the lease');
        return false;
      }
      this.setObserved(desired, JSON.stringify(desired));
      return true;
    }
    if (this.observedRaw !== current.raw) this.setObserved(current.record, current.raw);
    const held = current.record.holderIdentity;
    const expiresAt = this.observedTime + current.record.leaseDurationSeconds * 1000;
    if (held !== '' && held !== this.lock.identity && expiresAt > this.clock.now()) return false;
    if (held === this.lock.identity) {
      desired.acquireTime = current.record.acquireTime;
      desired.leaderTransitions = current.record.leaderTransitions;
    } else {
      desired.leaderTransitions = current.record.leaderTransitions + 1;
    }
    try {
      await this.lock.update(desired, opts);
    } catch (err) {
      this.log('warn', { error: describeError(err) }, 'failed to update the lease');
      return false;
    }
    this.setObserved(desired, JSON.stringify(desired));
    return true;
  }

  private setObserved(record: LeaderElectionRecord, raw: string): void {
    this.observedRecord = record;
    this.observedRaw = raw;
    this.observedTime = this.clock.now();
    if (record.holderIdentity !== this.reportedLeader) {
      this.reportedLeader = record.holderIdentity;
      if (record.holderIdentity !== '') {
        try {
          this.callbacks.onNewLeader?.(record.holderIdentity);
        } catch (err) {
          this.log('error', { error: describeError(err) }, 'onNewLeader failed');
        }
      }
    }
  }

  private log(level: 'info' | 'warn' | 'error', obj: object, msg: string): void {
    try {
      this.logger[level]({ elector: this.lock.identity, ...obj }, msg);
    } catch {
      // a broken logger must not break the election
    }
  }
}
