/**
 * koordinator-client/kubernetes: the built-in Kubernetes kinds (Pods, Nodes, Leases, Events,
 * Deployments, ...), generated from kube-apiserver's OpenAPI v3, on the same transport, informers
 * and listers as the Koordinator kinds.
 *
 * ```ts
 * import { KubeClientset } from 'koordinator-client/kubernetes';
 * const kube = await KubeClientset.create();
 * const pods = await kube.coreV1.pods('default').list();
 * ```
 *
 * One group's types and client alone: `koordinator-client/groups/core/v1`, `.../apps/v1`, ...
 * @packageDocumentation
 */
export { KubeClientset } from './generated/kube-clientset.js';
export { KubeInformerFactory } from './generated/kube-informer-factory.js';
export { kubeResources } from './generated/kube-resources.js';
export type { ClientsetOptions } from './client/clientset-base.js';
