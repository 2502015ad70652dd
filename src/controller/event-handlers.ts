/**
 * What turns informer notifications into reconcile requests (controller-runtime `handler`):
 * the object itself, its controlling owner, or whatever a map function says. Each handler
 * applies the controller's predicates first.
 * @packageDocumentation
 */
import { finalStateOf } from '../cache/deleted-final-state-unknown.js';
import type { DeletedFinalStateUnknown } from '../cache/deleted-final-state-unknown.js';
import type { ResourceEventHandler } from '../cache/event-handler.js';
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { KubeObject } from '../meta/object.js';
import type { Predicate } from './predicates.js';
import { requestKey, type Request } from './reconcile.js';

/** Turns one object into the requests it causes. */
export type MapFunc<T extends KubeObject = KubeObject> = (obj: DeepReadonly<T>) => readonly Request[];

/** Where requests go, and where a throwing map function is reported. */
export interface RequestSink {
  /** Queues a request. */
  enqueue(req: Request): void;
  /** Reports an error raised while mapping a notification (never thrown into the informer). */
  reportError(err: unknown, what: string): void;
}

/** The request naming the object itself. */
export function requestForObject(obj: DeepReadonly<KubeObject>): readonly Request[] {
  const name = obj.metadata?.name;
  return name ? [{ namespace: obj.metadata?.namespace ?? '', name }] : [];
}

/** The kind whose controlled objects map to their owner. */
export interface OwnerKind {
  /** API group of the owner (`''` for core). */
  readonly group: string;
  /** Kind of the owner. */
  readonly kind: string;
  /** True when the owner is namespaced (its requests carry the object's namespace). */
  readonly namespaced: boolean;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Maps an object to the owner of kind `owner` in its ownerReferences: only the controlling
 * owner (`controller: true`) unless `onlyController` is false (controller-runtime
 * `EnqueueRequestForOwner` with `OnlyControllerOwner`).
 */
export function requestsForOwner(owner: OwnerKind, onlyController = true): MapFunc {
  return (obj) => {
    const out: Request[] = [];
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      if (onlyController && ref.controller !== true) continue;
      if (ref.kind !== owner.kind || groupOf(ref.apiVersion) !== owner.group) continue;
      out.push({ namespace: owner.namespaced ? (obj.metadata?.namespace ?? '') : '', name: ref.name });
    }
    return out;
  };
}

/**
 * An informer handler that applies `predicates`, maps the object(s) with `map` and queues the
 * requests. On update, both the old and the new object are mapped (an owner or a mapping that
 * changed must hear about it); each distinct request is queued once per notification.
 */
export function mappingEventHandler<T extends KubeObject>(sink: RequestSink, map: MapFunc<T>, predicates: readonly Predicate<T>[], what: string): ResourceEventHandler<T> {
  const emit = (...objs: DeepReadonly<T>[]): void => {
    // One notification enqueues each request once (old and new often map to the same one).
    const reqs = new Map<string, Request>();
    for (const obj of objs) {
      try {
        for (const r of map(obj)) reqs.set(requestKey(r), r);
      } catch (err) {
        sink.reportError(err, what);
      }
    }
    for (const r of reqs.values()) sink.enqueue(r);
  };
  const pass = (fn: (p: Predicate<T>) => boolean): boolean => {
    try {
      return predicates.every(fn);
    } catch (err) {
      sink.reportError(err, `${what} predicate`);
      return false;
    }
  };
  return {
    onAdd: (obj) => {
      if (pass((p) => p.create?.(obj) ?? true)) emit(obj);
    },
    onUpdate: (oldObj, newObj) => {
      if (!pass((p) => p.update?.(oldObj, newObj) ?? true)) return;
      if (oldObj !== newObj) emit(oldObj, newObj);
      else emit(newObj);
    },
    onDelete: (o: DeepReadonly<T> | DeletedFinalStateUnknown<DeepReadonly<T>>) => {
      const obj = finalStateOf(o);
      if (pass((p) => p.delete?.(obj) ?? true)) emit(obj);
    },
  };
}
