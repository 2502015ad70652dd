/**
 * `autoscaling/v1` Scale: the body of the `/scale` subresource, which every kind with a scale
 * subresource (Deployments, StatefulSets, ReplicaSets, custom resources declaring it) serves.
 * Hand-written because the generic client needs it below the generated code.
 * @packageDocumentation
 */
import type { ObjectMeta } from './object.js';

/** The desired replica count of a scalable object. */
export interface ScaleSpec {
  /** Desired number of instances. */
  replicas?: number;
}

/** The observed state of a scalable object. */
export interface ScaleStatus {
  /** Actual number of observed instances. */
  replicas: number;
  /** Label selector of the pods counted in `replicas`, in its string form. */
  selector?: string;
}

/** Scale of a scalable object (`autoscaling/v1` Scale). */
export interface Scale {
  apiVersion?: 'autoscaling/v1';
  kind?: 'Scale';
  /** The scaled object's metadata: name, namespace, resourceVersion (for conditional updates). */
  metadata?: ObjectMeta;
  spec?: ScaleSpec;
  status?: ScaleStatus;
}
