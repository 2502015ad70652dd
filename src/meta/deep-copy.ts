import { copyRoundedIntegerRecords } from './exact-integers.js';

/** Removes `readonly` at every depth: what `deepCopy` of a cached (read-only) object gives back. */
export type DeepMutable<T> = T extends ReadonlyArray<infer E> ? DeepMutable<E>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

/**
 * Returns a deep, mutable copy of a Kubernetes object (the role of client-go's `DeepCopy()`),
 * e.g. of a read-only object from a lister before changing it. Objects are JSON data, so
 * `structuredClone` copies them faithfully. Integers beyond 2^53 that were rounded when read stay
 * exact on write through the copy too (see `parseJson`).
 */
export function deepCopy<T>(obj: T): DeepMutable<T> {
  const copy = structuredClone(obj) as DeepMutable<T>;
  copyRoundedIntegerRecords(obj, copy);
  return copy;
}

