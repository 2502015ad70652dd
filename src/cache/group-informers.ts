/**
 * Base of the generated per group/version informer accessors
 * (`factory.schedulingV1alpha1.reservations`), the informer-side twin of `GroupClient`.
 * @packageDocumentation
 */
import type { SharedInformerFactory } from './shared-informer-factory.js';

/**
 * Shared behaviour of generated group informers: they only bind kinds to types, e.g.
 *
 * ```ts
 * export class SchedulingV1alpha1Informers extends GroupInformers {
 *   get reservations(): ClusterKindInformer<Reservation> {
 *     return this.factory.clusterKind<Reservation>(reservationResource);
 *   }
 * }
 * ```
 */
export abstract class GroupInformers {
  /** @param factory - the factory whose shared informers the accessors hand out */
  constructor(protected readonly factory: SharedInformerFactory) {}
}
