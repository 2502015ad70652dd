/**
 * The controller builder (controller-runtime `builder.ControllerManagedBy`): names the primary
 * kind (`for`), the kinds it owns (`owns`: requests go to the controlling owner), other kinds
 * mapped to requests (`watches`), filters (predicates, a namespace), and options; `complete`
 * builds the {@link Controller} on the shared informers of one factory.
 *
 * ```ts
 * const ctl = new ControllerBuilder(factory)
 *   .for(nodeMetricResource, { predicates: [generationChanged] })
 *   .watches(nodeResource, (node) => [{ namespace: '', name: node.metadata!.name! }])
 *   .complete(async ({ name }, signal) => { ... });
 * ```
 * @packageDocumentation
 */
import type { SharedInformerFactory } from '../cache/shared-informer-factory.js';
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { KubeObject } from '../meta/object.js';
import { ValidationError } from '../rest/errors.js';
import { Controller, type ControllerOptions } from './controller.js';
import { requestForObject, requestsForOwner, type MapFunc } from './event-handlers.js';
import { inNamespace, type Predicate } from './predicates.js';
import type { Reconciler } from './reconcile.js';

/** Where a built controller goes: a manager, or nothing (the caller starts it). */
export interface ControllerHost {
  /** The shared informer factory whose informers the controller watches. */
  readonly factory: SharedInformerFactory;
  /** Defaults applied to the controller's options (logger, metrics, grace period). */
  controllerDefaults(): ControllerOptions;
  /** Takes the built controller (the manager runs it). */
  add(controller: Controller): void;
}

/** Options of one watched kind. */
export interface WatchOptions<T extends KubeObject = KubeObject> {
  /** Filters of this kind's notifications, on top of the builder's event filters. */
  predicates?: Predicate<T>[];
}

/** Options of `owns`. */
export interface OwnsOptions<T extends KubeObject = KubeObject> extends WatchOptions<T> {
  /** Map to every owner of the primary kind, not only the controlling one (default true: only the controller). */
  onlyController?: boolean;
}

interface PendingWatch {
  readonly kind: ResourceDescriptor;
  readonly map: MapFunc | 'self' | { owner: true; onlyController: boolean };
  readonly predicates: readonly Predicate[];
}

/** Builds one controller; see the module docs. */
export class ControllerBuilder {
  private readonly host: ControllerHost;
  private name: string | undefined;
  private primary: PendingWatch | undefined;
  private readonly others: PendingWatch[] = [];
  private readonly filters: Predicate[] = [];
  private namespace: string | undefined;
  private options: ControllerOptions = {};

  /** @param target - a manager (the controller is added to it), or a factory (the caller starts the controller) */
  constructor(target: ControllerHost | SharedInformerFactory) {
    this.host = 'controllerDefaults' in target ? target : { factory: target, controllerDefaults: () => ({}), add: () => {} };
  }

  /** The controller's name (default: the primary kind, lower-cased). */
  named(name: string): this {
    this.name = name;
    return this;
  }

  /** The primary kind: its objects' own notifications enqueue their own requests. Required, once. */
  for<T extends KubeObject = KubeObject>(kind: ResourceDescriptor, options: WatchOptions<T> = {}): this {
    if (this.primary) throw new ValidationError('for() may be called only once', [{ path: 'for', message: `already ${this.primary.kind.kind}` }]);
    this.primary = { kind, map: 'self', predicates: (options.predicates ?? []) as Predicate[] };
    return this;
  }

  /** A kind the primary kind controls: its notifications enqueue the owner's request (from ownerReferences). */
  owns<T extends KubeObject = KubeObject>(kind: ResourceDescriptor, options: OwnsOptions<T> = {}): this {
    this.others.push({ kind, map: { owner: true, onlyController: options.onlyController ?? true }, predicates: (options.predicates ?? []) as Predicate[] });
    return this;
  }

  /** Any kind, mapped to requests by `map` (on update, both the old and the new object are mapped). */
  watches<T extends KubeObject = KubeObject>(kind: ResourceDescriptor, map: MapFunc<T>, options: WatchOptions<T> = {}): this {
    this.others.push({ kind, map: map as MapFunc, predicates: (options.predicates ?? []) as Predicate[] });
    return this;
  }

  /** Filters applied to every watched kind. */
  withEventFilter(...predicates: Predicate[]): this {
    this.filters.push(...predicates);
    return this;
  }

  /** Only objects of namespace `ns` reach the queue (namespaced kinds; cluster-scoped kinds are unaffected). */
  inNamespace(ns: string): this {
    this.namespace = ns;
    return this;
  }

  /** Concurrency, reconcile timeout, rate limiter, grace period, logger. */
  withOptions(options: ControllerOptions): this {
    this.options = { ...this.options, ...options };
    return this;
  }

  /** Builds the controller (and hands it to the manager, when built from one). */
  complete(reconciler: Reconciler): Controller {
    const primary = this.primary;
    if (!primary) throw new ValidationError('a controller needs a primary kind: call for(kind) first', [{ path: 'for', message: 'required' }]);
    const name = this.name ?? primary.kind.kind.toLowerCase();
    const controller = new Controller(name, reconciler, { ...this.host.controllerDefaults(), ...this.options });
    for (const w of [primary, ...this.others]) {
      const informer = this.host.factory.informerFor<KubeObject>(w.kind);
      const predicates = [...this.filters, ...w.predicates];
      if (this.namespace !== undefined && w.kind.namespaced) predicates.unshift(inNamespace(this.namespace));
      let map: MapFunc;
      if (w.map === 'self') map = requestForObject;
      else if (typeof w.map === 'function') map = w.map;
      else map = requestsForOwner({ group: primary.kind.group, kind: primary.kind.kind, namespaced: primary.kind.namespaced }, w.map.onlyController);
      controller.watch(informer, map, predicates, `${name}: ${w.kind.kind}`);
    }
    this.host.add(controller);
    return controller;
  }
}
