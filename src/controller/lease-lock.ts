/**
 * The Lease lock of leader election (client-go `resourcelock.LeaseLock`): the leader election
 * record lives in the spec of a `coordination.k8s.io/v1` Lease, and every write carries the
 * resourceVersion last read, so two candidates can never both win one round (the loser gets a
 * 409 Conflict).
 * @packageDocumentation
 */
import type { ObjectMeta } from '../meta/object.js';
import type { CallOptions } from '../meta/options.js';
import { ValidationError } from '../rest/errors.js';

/** The spec of a `coordination.k8s.io/v1` Lease. Times are RFC 3339 with microseconds. */
export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number | null;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number | null;
  strategy?: string | null;
  preferredHolder?: string | null;
}

/** A `coordination.k8s.io/v1` Lease, structurally (the generated type fits it). */
export interface LeaseObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: LeaseSpec;
}

/**
 * What leader election needs of a Lease client: `cs.coordinationV1.leases(ns)` fits. The Lease type
 * is inferred from `get` (writes take `NoInfer<L>`: the generated client accepts a wider write form).
 */
export interface LeaseClient<L extends LeaseObject = LeaseObject> {
  /** Reads a Lease. */
  get(name: string, opts?: CallOptions): Promise<L>;
  /** Creates a Lease. */
  create(lease: NoInfer<L>, opts?: CallOptions): Promise<L>;
  /** Replaces a Lease (optimistic concurrency on its resourceVersion). */
  update(lease: NoInfer<L>, opts?: CallOptions): Promise<L>;
}

/** The leader election record (client-go `LeaderElectionRecord`); times are epoch milliseconds. */
export interface LeaderElectionRecord {
  /** Who holds the lock (`''` when released). */
  holderIdentity: string;
  /** How long the holder's claim lasts after its last renewal, in seconds. */
  leaseDurationSeconds: number;
  /** When the current holder acquired the lock (epoch ms). */
  acquireTime: number;
  /** When the current holder last renewed (epoch ms). */
  renewTime: number;
  /** How many times the lock changed hands. */
  leaderTransitions: number;
}

/** An RFC 3339 timestamp with microseconds (`metav1.MicroTime`). */
export function formatMicroTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function parseTime(s: string | null | undefined): number {
  if (!s) return 0;
  const t = Date.parse(s);
  return Number.isNaN(t) ? 0 : t;
}

/** Converts a Lease spec into a record. */
export function recordFromLease(spec: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: parseTime(spec?.acquireTime),
    renewTime: parseTime(spec?.renewTime),
    leaderTransitions: spec?.leaseTransitions ?? 0,
  };
}

/** Converts a record into a Lease spec. */
export function leaseSpecFromRecord(r: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: formatMicroTime(r.acquireTime),
    renewTime: formatMicroTime(r.renewTime),
    leaseTransitions: r.leaderTransitions,
  };
}

/** One Lease used as a lock by one candidate. */
export class LeaseLock<L extends LeaseObject = LeaseObject> {
  private lease: L | undefined;

  /**
   * @param client - a Lease client of the Lease's namespace
   * @param name - the Lease's name
   * @param identity - this candidate's unique identity (e.g. pod name + random suffix)
   */
  constructor(
    private readonly client: LeaseClient<L>,
    readonly name: string,
    readonly identity: string,
  ) {
    if (!name) throw new ValidationError('a lease lock needs a lease name', [{ path: 'name', message: 'required' }]);
    if (!identity) throw new ValidationError('a lease lock needs an identity', [{ path: 'identity', message: 'required' }]);
  }

  /**
   * Reads the record (and remembers the Lease's resourceVersion); throws the client's NotFound
   * when absent. `raw` is a canonical serialization used to notice changes.
   */
  async get(opts: CallOptions = {}): Promise<{ record: LeaderElectionRecord; raw: string }> {
    this.lease = await this.client.get(this.name, opts);
    const record = recordFromLease(this.lease.spec);
    return { record, raw: JSON.stringify(record) };
  }

  /** Creates the Lease holding `record`. */
  async create(record: LeaderElectionRecord, opts: CallOptions = {}): Promise<void> {
    this.lease = await this.client.create({ metadata: { name: this.name }, spec: leaseSpecFromRecord(record) } as L, opts);
  }

  /** Writes `record` over the Lease last read or written (a conflict when someone wrote in between). */
  async update(record: LeaderElectionRecord, opts: CallOptions = {}): Promise<void> {
    if (!this.lease) throw new ValidationError('lease lock: get or create the lease before updating it', []);
    const next = { ...this.lease, spec: { ...this.lease.spec, ...leaseSpecFromRecord(record) } } as L;
    this.lease = await this.client.update(next, opts);
  }

  /** A description for logs: `name (identity)`. */
  describe(): string {
    return `lease ${this.name} (${this.identity})`;
  }
}
