/**
 * Per-kind access to a factory's shared informer and its lister: what the generated
 * `factory.<group><Version>.<kinds>` accessors return (client-go's `<Kind>Informer` interfaces).
 * @packageDocumentation
 */
import type { KubeObject } from '../meta/object.js';
import type { ClusterLister, NamespacedLister } from './lister.js';
import type { SharedIndexInformer } from './shared-informer.js';

/** A kind's shared informer and lister. Calling either registers the informer with its factory. */
export interface KindInformer<T extends KubeObject, L> {
  /** The shared informer of the kind (one per kind per factory). */
  informer(): SharedIndexInformer<T>;
  /** A lister over the informer's cache. */
  lister(): L;
}

/** A cluster-scoped kind's informer and lister (`lister().get(name)`). */
export type ClusterKindInformer<T extends KubeObject> = KindInformer<T, ClusterLister<T>>;

/** A namespaced kind's informer and lister (`lister().namespace(ns).get(name)`). */
export type NamespacedKindInformer<T extends KubeObject> = KindInformer<T, NamespacedLister<T>>;

/**
 * Informer and lister of a kind looked up at run time (`factory.forResource`), discriminated
 * by `namespaced` (client-go's `GenericInformer`).
 */
export type GenericInformer<T extends KubeObject = KubeObject> =
  | (ClusterKindInformer<T> & { readonly namespaced: false })
  | (NamespacedKindInformer<T> & { readonly namespaced: true });
