/**
 * The error a lister throws when the cache has no object of that name: a 404 `NotFound`
 * `ApiError`, so `isNotFound()` is true for it exactly as for a server answer.
 * @packageDocumentation
 */
import { ApiError } from '../rest/errors.js';

/** What a lister serves: the API group and plural resource name (client-go's `GroupResource`). */
export interface GroupResource {
  readonly group: string;
  readonly plural: string;
}

/**
 * An object is not in the informer cache (client-go listers return `errors.NewNotFound`). It is
 * an `ApiError` with code 404 and reason `NotFound`, so `isNotFound(err)` holds.
 */
export class CacheNotFoundError extends ApiError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'CacheNotFoundError';
  /** Namespace looked in, when the kind is namespaced. */
  readonly namespace?: string;
  /** Name that was not found. */
  readonly objectName: string;

  /**
   * @param resource - the group and plural of the kind
   * @param name - the object name looked up
   * @param namespace - the namespace looked in, for namespaced kinds
   */
  constructor(resource: GroupResource, name: string, namespace?: string) {
    const qualified = resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
    super(
      {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code: 404,
        reason: 'NotFound',
        message: `${qualified} ${JSON.stringify(name)} not found in the informer cache`,
        details: { name, group: resource.group, kind: resource.plural },
      },
      { verb: 'get', resource: qualified, ...(namespace !== undefined ? { namespace } : {}), name },
    );
    this.objectName = name;
    if (namespace !== undefined) this.namespace = namespace;
  }
}
