import type { DeepReadonly } from './deep-partial.js';

/**
 * Returns a deep, mutable copy of a Kubernetes object (the role of client-go's `DeepCopy()`).
 * Objects are JSON data, so `structuredClone` copies them faithfully.
 */
export function deepCopy<T>(obj: T | DeepReadonly<T>): T {
  return structuredClone(obj) as T;
}
