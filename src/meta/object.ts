/**
 * Kubernetes object metadata types shared by every kind (apimachinery `metav1`).
 * @packageDocumentation
 */

/** An owner of an object, used by garbage collection (`metav1.OwnerReference`). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One entry of `metadata.managedFields`, written by server-side apply. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** Metadata every persisted object carries (`metav1.ObjectMeta`). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

/**
 * Metadata as a client may write it (create, update): {@link ObjectMeta} where every field the
 * API server sets or decodes leniently may also be `null`, as in manifests written by
 * `kubectl ... -o yaml` (`creationTimestamp: null`). The server treats such a `null` as unset (Go's
 * JSON decoding, for built-in kinds and custom resources alike). `name`, `generateName` and
 * `namespace` stay strings: they address the write. Metadata read from the server is assignable
 * to it.
 */
export interface ObjectMetaInput {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string | null;
  resourceVersion?: string | null;
  generation?: number | null;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  ownerReferences?: OwnerReference[] | null;
  finalizers?: string[] | null;
  managedFields?: ManagedFieldsEntry[] | null;
  selfLink?: string | null;
}

/** Metadata of a list response (`metav1.ListMeta`). */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  selfLink?: string;
}

/** Any Kubernetes object: apiVersion, kind and metadata. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/**
 * Any Kubernetes object as a client may write it: {@link KubeObject} with
 * {@link ObjectMetaInput} metadata. Every `KubeObject` is one.
 */
export interface KubeObjectInput {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaInput;
}

/** A list of objects as the API server returns it. */
export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/** A cause of a `Status` failure, usually one invalid field (`metav1.StatusCause`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** Extra detail of a `Status` failure (`metav1.StatusDetails`). */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The API server's answer for failures and some deletes (`metav1.Status`). */
export interface Status {
  apiVersion?: string;
  kind?: 'Status';
  metadata?: ListMeta;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** Returns true when `value` looks like a `metav1.Status` object. */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}
