/** Registers every conformance case as a vitest test against one backend. */
import { describe, it } from 'vitest';
import type { ConformanceBackend, ConformanceCase } from './backend.js';
import { builtinCases } from './builtin.cases.js';
import { recommendationCases } from './recommendation.cases.js';
import { reservationCases } from './reservation.cases.js';
import { watchCases } from './watch.cases.js';

/** Every case of the suite, by group. */
export const conformanceSuites: ReadonlyArray<readonly [string, readonly ConformanceCase[]]> = [
  ['Reservation (cluster-scoped, status subresource)', reservationCases],
  ['Recommendation (namespaced)', recommendationCases],
  ['watch and informers', watchCases],
  ['built-in kinds (ConfigMap, Deployment)', builtinCases],
];

/** Declares the suite for `backend()` (called inside tests, after the file's hooks connected it). */
export function runConformance(name: ConformanceBackend['name'], backend: () => ConformanceBackend): void {
  for (const [group, cases] of conformanceSuites) {
    describe(`conformance (${name}): ${group}`, () => {
      for (const c of cases) {
        const skip = c.divergence !== undefined && c.divergence.only !== name;
        (skip ? it.skip : it)(c.name, () => c.run(backend()));
      }
    });
  }
}
