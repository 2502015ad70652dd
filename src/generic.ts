/**
 * koordinator-client/generic: one clientset and one informer factory for the built-in
 * Kubernetes kinds and the Koordinator (and other generated) custom resources, as Koordinator's
 * `pkg/client.GenericClientset`: discovery, `coreV1`, `appsV1`, ... and `schedulingV1alpha1`,
 * `sloV1alpha1`, ... from one configuration and one transport.
 *
 * ```ts
 * import { GenericClientset, GenericInformerFactory } from 'koordinator-client/generic';
 * const cs = await GenericClientset.create();
 * const factory = new GenericInformerFactory(cs);
 * factory.coreV1.pods.informer();
 * factory.schedulingV1alpha1.reservations.informer();
 * ```
 * @packageDocumentation
 */
export { GenericClientset } from './generated/generic-clientset.js';
export { GenericInformerFactory } from './generated/generic-informer-factory.js';
export { kubeResources } from './generated/kube-resources.js';
export { allResources } from './generated/all-resources.js';
export type { ClientsetOptions } from './client/clientset-base.js';
