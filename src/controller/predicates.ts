/**
 * Event filters (controller-runtime `predicate`): which informer notifications reach a
 * controller's queue. A predicate that leaves a method out lets those events through.
 * @packageDocumentation
 */
import type { DeepReadonly } from '../meta/deep-partial.js';
import type { KubeObject } from '../meta/object.js';

/** Decides, per kind of notification, whether it enqueues anything. */
export interface Predicate<T extends KubeObject = KubeObject> {
  /** An object appeared (including the initial list). */
  create?(obj: DeepReadonly<T>): boolean;
  /** An object changed (or a resync re-delivered it, with `oldObj === newObj`). */
  update?(oldObj: DeepReadonly<T>, newObj: DeepReadonly<T>): boolean;
  /** An object was deleted (its last known state). */
  delete?(obj: DeepReadonly<T>): boolean;
}

function sameRecord(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (a![k] !== b?.[k]) return false;
  return true;
}

/** Passes updates that change `metadata.generation` (spec changes), not status or metadata-only ones. */
export const generationChanged: Predicate = {
  update: (o, n) => o.metadata?.generation !== n.metadata?.generation,
};

/** Passes updates that change the labels. */
export const labelsChanged: Predicate = {
  update: (o, n) => !sameRecord(o.metadata?.labels, n.metadata?.labels),
};

/** Passes updates that change the annotations. */
export const annotationsChanged: Predicate = {
  update: (o, n) => !sameRecord(o.metadata?.annotations, n.metadata?.annotations),
};

/** Passes updates that change `metadata.resourceVersion` (drops resync re-deliveries). */
export const resourceVersionChanged: Predicate = {
  update: (o, n) => o.metadata?.resourceVersion !== n.metadata?.resourceVersion,
};

/** A predicate from one function applied to every notification's (new) object. */
export function newPredicateFuncs<T extends KubeObject = KubeObject>(filter: (obj: DeepReadonly<T>) => boolean): Predicate<T> {
  return { create: filter, update: (_o, n) => filter(n), delete: filter };
}

/** Passes only when every predicate passes. */
export function and<T extends KubeObject = KubeObject>(...ps: Predicate<T>[]): Predicate<T> {
  return {
    create: (o) => ps.every((p) => p.create?.(o) ?? true),
    update: (a, b) => ps.every((p) => p.update?.(a, b) ?? true),
    delete: (o) => ps.every((p) => p.delete?.(o) ?? true),
  };
}

/** Passes when any predicate passes (`or()` of nothing passes nothing). */
export function or<T extends KubeObject = KubeObject>(...ps: Predicate<T>[]): Predicate<T> {
  return {
    create: (o) => ps.some((p) => p.create?.(o) ?? true),
    update: (a, b) => ps.some((p) => p.update?.(a, b) ?? true),
    delete: (o) => ps.some((p) => p.delete?.(o) ?? true),
  };
}

/** Inverts a predicate. */
export function not<T extends KubeObject = KubeObject>(p: Predicate<T>): Predicate<T> {
  return {
    create: (o) => !(p.create?.(o) ?? true),
    update: (a, b) => !(p.update?.(a, b) ?? true),
    delete: (o) => !(p.delete?.(o) ?? true),
  };
}

/** Passes only objects of namespace `ns` (for a namespaced kind). */
export function inNamespace<T extends KubeObject = KubeObject>(ns: string): Predicate<T> {
  return newPredicateFuncs<T>((o) => (o.metadata?.namespace ?? '') === ns);
}
