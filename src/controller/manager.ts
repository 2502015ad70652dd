/**
 * The manager (controller-runtime `manager.Manager`): runs several controllers on one shared
 * informer factory, optionally only while elected leader, with `/healthz`, `/readyz` and
 * `/metrics` endpoints, and stops gracefully on SIGTERM/SIGINT: controllers stop taking work and
 * drain in-flight reconciles within the grace period, the lease is released, then the informers
 * stop.
 *
 * ```ts
 * const mgr = await Manager.create(cs, { server: { port: 8081 }, metrics: true });
 * new ControllerBuilder(mgr).for(nodeMetricResource).complete(reconcile);
 * await mgr.start(); // until SIGTERM / SIGINT
 * ```
 * @packageDocumentation
 */
import type { ClientContext } from '../client/client-context.js';
import { SharedInformerFactory, type SharedInformerFactoryOptions } from '../cache/shared-informer-factory.js';
import { KubeClientError } from '../rest/errors.js';
import { stderrLogger } from './default-logger.js';
import { describeError, silentLogger, type Logger } from '../rest/transport/logger.js';
import type { ControllerHost } from './builder.js';
import { Controller, type ControllerOptions } from './controller.js';
import { LeaderElector, type LeaderCallbacks, type LeaderElectionConfig } from './leader-election.js';
import { ControllerMetrics } from './metrics.js';
import { ProbeServer, type Check } from './probe-server.js';

/** Leader election of a manager: a lock plus client-go's durations; the manager supplies the callbacks. */
export type ManagerLeaderElection = Omit<LeaderElectionConfig, 'callbacks'> & {
  /** Extra callbacks, called after the manager's own (e.g. to log the new leader). */
  callbacks?: LeaderCallbacks;
};

/** Options of a {@link Manager}. */
export interface ManagerOptions {
  /** The shared informer factory (default: a new one over the Clientset, with `factoryOptions`). */
  factory?: SharedInformerFactory;
  /** Options of the factory created when none is given (e.g. `namespace` to watch one namespace). */
  factoryOptions?: SharedInformerFactoryOptions;
  /** How long a stop waits for in-flight reconciles before aborting them, in ms (default 30 000). */
  gracefulShutdownMs?: number;
  /** How long controllers wait for their caches, in ms (default 120 000). */
  cacheSyncTimeoutMs?: number;
  /** Serve `/healthz`, `/readyz` (and `/metrics` with metrics) on this port. */
  server?: { port: number; host?: string };
  /** Prometheus metrics: `true` loads prom-client (in `Manager.create`), or pass your own. */
  metrics?: boolean | ControllerMetrics;
  /** Run controllers only while holding this lease. */
  leaderElection?: ManagerLeaderElection;
  /** Stop on SIGTERM and SIGINT (a second signal exits at once with code 1). Default true. */
  handleSignals?: boolean;
  /** Diagnostics (default: silent) and the controllers' default logger. */
  logger?: Logger;
}

/** Thrown by `start` when this manager lost its leader lease: the process should exit and restart. */
export class LeaderElectionLostError extends KubeClientError {
  override readonly name = 'LeaderElectionLostError';
}

/** Thrown when the manager is used in a way its lifecycle does not allow. */
export class ManagerStateError extends KubeClientError {
  override readonly name = 'ManagerStateError';
}

function contextOf(source: ClientContext | { readonly ctx: ClientContext }): ClientContext {
  return 'transport' in source ? source : source.ctx;
}

/** Runs controllers; see the module docs. */
export class Manager implements ControllerHost {
  /** The shared informer factory every controller of this manager watches through. */
  readonly factory: SharedInformerFactory;
  /** The Prometheus metrics, when enabled. */
  readonly metrics: ControllerMetrics | undefined;
  /** The leader elector, when leader election is on. */
  readonly elector: LeaderElector | undefined;
  private readonly controllers: Controller[] = [];
  private readonly logger: Logger;
  private readonly server: ProbeServer | undefined;
  private readonly stopController = new AbortController();
  private started = false;
  private cachesSynced = false;
  private lost = false;
  private running: Promise<void> | undefined;

  /**
   * Synchronous construction: `metrics` must be `false` or a {@link ControllerMetrics}
   * (use {@link Manager.create} for `metrics: true`).
   * @param source - a Clientset (or its context)
   * @param options - see {@link ManagerOptions}
   */
  constructor(
    source: ClientContext | { readonly ctx: ClientContext },
    private readonly options: ManagerOptions = {},
  ) {
    if (options.metrics === true) throw new ManagerStateError('metrics: true needs `await Manager.create(...)` (prom-client is loaded lazily)');
    this.metrics = options.metrics || undefined;
    this.factory = options.factory ?? new SharedInformerFactory(contextOf(source), options.factoryOptions ?? {});
    this.logger = options.logger ?? silentLogger;
    if (options.leaderElection) {
      const le = options.leaderElection;
      const extra = le.callbacks ?? {};
      this.elector = new LeaderElector({
        ...le,
        logger: le.logger ?? this.logger,
        callbacks: {
          onStartedLeading: (signal) => {
            void this.runControllers(signal);
            return extra.onStartedLeading?.(signal);
          },
          onStoppedLeading: () => extra.onStoppedLeading?.(),
          onNewLeader: (id) => extra.onNewLeader?.(id),
        },
      });
    }
    if (options.server) {
      this.server = new ProbeServer(options.server);
      this.server.addHealthCheck('ping', () => {});
      if (this.elector) this.server.addHealthCheck('leaderElection', () => this.elector!.check(2_000));
      this.server.addReadyCheck('informers', () => {
        if (!this.cachesSynced) throw new ManagerStateError('caches not synced');
      });
      if (this.metrics) this.server.setMetrics(this.metrics);
    }
  }

  /** Builds a manager, loading prom-client first when `metrics: true`. */
  static async create(source: ClientContext | { readonly ctx: ClientContext }, options: ManagerOptions = {}): Promise<Manager> {
    const metrics = options.metrics === true ? await ControllerMetrics.create() : options.metrics;
    return new Manager(source, { ...options, metrics: metrics ?? false });
  }

  /** Defaults for controllers built on this manager (logger, metrics, grace period). */
  controllerDefaults(): ControllerOptions {
    const o: ControllerOptions = { logger: this.options.logger ?? stderrLogger };
    if (this.options.gracefulShutdownMs !== undefined) o.gracefulShutdownMs = this.options.gracefulShutdownMs;
    if (this.options.cacheSyncTimeoutMs !== undefined) o.cacheSyncTimeoutMs = this.options.cacheSyncTimeoutMs;
    if (this.metrics) {
      o.queueMetrics = this.metrics.queueMetrics;
      o.reconcileMetrics = this.metrics.reconcileMetrics;
    }
    return o;
  }

  /** Adds a controller (before `start`); the builder does this in `complete`. */
  add(controller: Controller): void {
    if (this.started) throw new ManagerStateError('controllers must be added before the manager starts');
    if (this.controllers.some((c) => c.name === controller.name)) throw new ManagerStateError(`a controller named ${controller.name} already exists`);
    this.controllers.push(controller);
  }

  /** Adds a liveness check to `/healthz`. */
  addHealthCheck(name: string, check: Check): void {
    this.server?.addHealthCheck(name, check);
  }

  /** Adds a readiness check to `/readyz`. */
  addReadyCheck(name: string, check: Check): void {
    this.server?.addReadyCheck(name, check);
  }

  /** The probe server's bound address (after `start`), when a server is configured. */
  get serverAddress(): { address: string; port: number } | undefined {
    return this.server?.address();
  }

  /** True while this manager's controllers may run (always without leader election). */
  isLeader(): boolean {
    return this.elector ? this.elector.isLeader() : this.started && !this.stopController.signal.aborted;
  }

  /**
   * Starts the informers, the endpoints, leader election and the controllers; resolves after a
   * graceful stop (`signal`, SIGTERM/SIGINT, or `stop()`). Rejects with
   * {@link LeaderElectionLostError} when the lease was lost, and with the error of a controller
   * whose caches never synced.
   */
  start(signal?: AbortSignal): Promise<void> {
    if (this.running) return this.running;
    this.started = true;
    this.running = this.run(signal);
    return this.running;
  }

  /** Stops gracefully; resolves once everything has stopped. */
  async stop(): Promise<void> {
    this.stopController.abort();
    await this.running?.catch(() => {});
  }

  private async run(signal: AbortSignal | undefined): Promise<void> {
    const stop = this.stopController;
    const onAbort = (): void => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) stop.abort();
    const removeSignals = this.options.handleSignals === false ? () => {} : this.installSignalHandlers();
    let failure: unknown;
    try {
      await this.server?.listen();
      this.factory.start();
      const syncing = this.factory.waitForCacheSync(stop.signal).then((m) => {
        this.cachesSynced = [...m.values()].every(Boolean) && !stop.signal.aborted;
      });
      if (!this.elector) {
        failure = await this.runControllers(stop.signal);
      } else {
        const electorStop = new AbortController();
        const electing = this.elector.run(electorStop.signal);
        // Stop: first the controllers (drained), then the lease is released.
        await Promise.race([new Promise<void>((r) => stop.signal.addEventListener('abort', () => r(), { once: true })), electing]);
        if (!stop.signal.aborted) this.lost = true;
        await this.controllersDone;
        electorStop.abort();
        await electing;
        failure = this.controllerFailure;
      }
      await syncing;
    } catch (err) {
      failure = err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      removeSignals();
      stop.abort();
      await Promise.all(this.controllers.map((c) => c.stop(0)));
      await this.factory.shutdown();
      await this.server?.close();
    }
    if (this.lost) throw new LeaderElectionLostError(`leader election lost: ${this.elector?.identity ?? ''} no longer holds the lease`);
    if (failure) throw failure;
  }

  private controllersDone: Promise<unknown> = Promise.resolve();
  private controllerFailure: unknown;

  /** Runs every controller until `signal` aborts (or leadership ends); resolves with the first failure. */
  private runControllers(signal: AbortSignal): Promise<unknown> {
    const lead = new AbortController();
    const onStop = (): void => {
      // Lost leadership (not a manager stop): only what is left before others may lead.
      const lostLease = !this.stopController.signal.aborted;
      if (lostLease && this.options.leaderElection) {
        const le = this.options.leaderElection;
        const margin = (le.leaseDurationMs ?? 15_000) - (le.renewDeadlineMs ?? 10_000) - (le.retryPeriodMs ?? 2_000);
        for (const c of this.controllers) void c.stop(Math.max(0, Math.min(margin, this.options.gracefulShutdownMs ?? 30_000)));
      }
      lead.abort();
    };
    if (signal.aborted) onStop();
    else signal.addEventListener('abort', onStop, { once: true });
    this.stopController.signal.addEventListener('abort', () => lead.abort(), { once: true });
    this.controllersDone = Promise.all(
      this.controllers.map((c) =>
        c.start(lead.signal).catch((err) => {
          this.controllerFailure ??= err;
          this.logger.error({ controller: c.name, error: describeError(err) }, 'controller failed');
          lead.abort();
          this.stopController.abort();
        }),
      ),
    ).then(() => this.controllerFailure);
    return this.controllersDone;
  }

  private installSignalHandlers(): () => void {
    let count = 0;
    const handler = (sig: NodeJS.Signals): void => {
      count++;
      if (count > 1) process.exit(1);
      this.logger.info({ signal: sig }, 'stopping on signal');
      this.stopController.abort();
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
    return () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    };
  }
}

