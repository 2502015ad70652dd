/**
 * A typed client for kinds that serve the `/status` subresource: adds status writes. Kinds
 * without it get a plain `ResourceClient`, so `updateStatus` on them is a type error.
 * @packageDocumentation
 */
import type { KubeList, KubeObject, KubeObjectInput } from '../meta/object.js';
import type { ApplyOptions, PatchOptions, UpdateOptions } from '../meta/options.js';
import type { Patch } from '../meta/patch.js';
import { ResourceClient, type ApplyConfiguration } from './resource-client.js';

/** `ResourceClient` plus the status subresource verbs. */
export class StatusResourceClient<T extends KubeObject, L extends KubeList<T> = KubeList<T>, W extends KubeObjectInput = T> extends ResourceClient<T, L, W> {
  /** Replaces the object's status (changes outside `status` are ignored by the server). */
  async updateStatus(obj: W, opts: UpdateOptions = {}): Promise<T> {
    return this.replace(obj, opts, 'updateStatus', 'status');
  }

  /** Patches the object's status with a JSON or merge patch. */
  async patchStatus(name: string, patch: Patch<T>, opts: PatchOptions = {}): Promise<T> {
    return this.patchAt(name, patch, opts, 'patchStatus', 'status');
  }

  /** Server-side apply of the object's status. */
  async applyStatus(config: ApplyConfiguration<T>, opts: ApplyOptions): Promise<T> {
    return this.applyAt(config, opts, 'applyStatus', 'status');
  }
}
