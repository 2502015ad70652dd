/**
 * The reconcile contract (controller-runtime `reconcile`): a reconciler is called with the
 * namespace and name of an object that may need work, reads the current state (from listers),
 * acts, and says whether to come back. Level-based: it is told *which* object, never *what*
 * changed.
 * @packageDocumentation
 */
import { splitMetaNamespaceKey } from '../cache/object-key.js';

/** Which object to reconcile; `namespace` is `''` for cluster-scoped kinds. */
export interface Request {
  readonly namespace: string;
  readonly name: string;
}

/**
 * What a reconcile returns: nothing (done: the item's failure history is forgotten),
 * `{ requeue: true }` (again, rate-limited), or `{ requeueAfterMs }` (again after that delay,
 * which wins over `requeue`).
 */
export type Result = void | undefined | { readonly requeue?: boolean; readonly requeueAfterMs?: number };

/**
 * Brings the world in line with the object named by `req`. `signal` aborts when the reconcile's
 * timeout elapses or the controller stops for good; a throw or rejection requeues the request
 * with the rate limiter and is logged (it never crashes the process).
 */
export type ReconcileFunc = (req: Request, signal: AbortSignal) => Result | Promise<Result>;

/** An object with a reconcile method, or the function itself. */
export type Reconciler = ReconcileFunc | { reconcile: ReconcileFunc };

/** The queue key of a request: `namespace/name`, or `name` for cluster-scoped objects. */
export function requestKey(req: Request): string {
  return req.namespace ? `${req.namespace}/${req.name}` : req.name;
}

/** The request of a queue key made by {@link requestKey}. */
export function requestFromKey(key: string): Request {
  return splitMetaNamespaceKey(key);
}
