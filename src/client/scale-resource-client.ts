/**
 * A typed client for kinds that serve the `/scale` subresource (client-go's `GetScale` /
 * `UpdateScale` / `ApplyScale` on Deployments, StatefulSets, ReplicaSets, and the scale client
 * of custom resources declaring `subresources.scale`).
 * @packageDocumentation
 */
import type { KubeList, KubeObject, KubeObjectInput } from '../meta/object.js';
import type { GetOptions, PatchOptions, UpdateOptions } from '../meta/options.js';
import type { Patch } from '../meta/patch.js';
import type { Scale } from '../meta/scale.js';
import { ValidationError } from '../rest/errors.js';
import { assertValidTarget, buildRequest, writeParams } from '../rest/wire/request-builder.js';
import { StatusResourceClient } from './status-resource-client.js';

const scaleTypeMeta = { apiVersion: 'autoscaling/v1', kind: 'Scale' } as const;

/** `StatusResourceClient` plus the scale subresource verbs. */
export class ScaleResourceClient<T extends KubeObject, L extends KubeList<T> = KubeList<T>, W extends KubeObjectInput = T> extends StatusResourceClient<T, L, W> {
  /** Reads the object's scale: desired (`spec.replicas`) and observed replicas and the selector. */
  async getScale(name: string, opts: GetOptions = {}): Promise<Scale> {
    const ctx = this.requestContext('getScale', name);
    const target = this.target(name, 'scale');
    assertValidTarget(target, ctx);
    return this.send<Scale>(buildRequest('GET', target, [['resourceVersion', opts.resourceVersion]], ctx), opts);
  }

  /**
   * Sets the desired replicas. With `scale.metadata.resourceVersion` the write is conditional
   * (409 Conflict when the object changed since); without it, it is unconditional.
   */
  async updateScale(name: string, scale: Scale, opts: UpdateOptions = {}): Promise<Scale> {
    const ctx = this.requestContext('updateScale', name);
    const target = this.target(name, 'scale');
    assertValidTarget(target, ctx);
    if (scale === null || typeof scale !== 'object' || Array.isArray(scale)) {
      throw new ValidationError('expected a Scale object', [{ path: '', message: `got ${scale === null ? 'null' : Array.isArray(scale) ? 'an array' : typeof scale}` }], ctx);
    }
    const metadata = { ...scale.metadata, name, ...(this.namespace !== undefined ? { namespace: this.namespace } : {}) };
    const data = JSON.stringify({ ...scale, ...scaleTypeMeta, metadata });
    const params = writeParams({ ...opts, fieldManager: opts.fieldManager ?? this.ctx.defaults.fieldManager });
    return this.send<Scale>(buildRequest('PUT', target, params, ctx, { contentType: 'application/json', data }), opts);
  }

  /** Patches the object's scale (e.g. `{ type: 'merge', patch: { spec: { replicas: 3 } } }`). */
  async patchScale(name: string, patch: Patch<Scale>, opts: PatchOptions = {}): Promise<Scale> {
    return this.patchAt(name, patch as unknown as Patch<T>, opts, 'patchScale', 'scale') as unknown as Promise<Scale>;
  }
}
