/**
 * Discovery: the server's version and the API groups and resources it serves
 * (client-go `discovery.DiscoveryClient`).
 * @packageDocumentation
 */
import type { CallOptions } from '../meta/options.js';
import { decodeResponse } from '../rest/wire/decode-response.js';
import type { ClientContext } from './client-context.js';

/** The server's build information (`/version`). */
export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  buildDate?: string;
  goVersion?: string;
  platform?: string;
  emulationMajor?: string;
  emulationMinor?: string;
}

/** One group/version as discovery reports it. */
export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

/** One API group (`metav1.APIGroup`). */
export interface ApiGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion?: GroupVersionForDiscovery;
}

/** One served resource (`metav1.APIResource`). */
export interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  group?: string;
  version?: string;
}

/** The resources of one group/version (`metav1.APIResourceList`). */
export interface ApiResourceList {
  groupVersion: string;
  resources: ApiResource[];
}

/** Asks the server what it is and what it serves. */
export class DiscoveryClient {
  constructor(private readonly ctx: ClientContext) {}

  private async getJson<T>(path: string, verb: string, opts: CallOptions): Promise<T> {
    const context = { verb, resource: path };
    const res = await this.ctx.transport.request({ method: 'GET', path, context }, opts);
    return decodeResponse<T>(res, context);
  }

  /** The server's version (`GET /version`). */
  serverVersion(opts: CallOptions = {}): Promise<ServerVersion> {
    return this.getJson<ServerVersion>('/version', 'discovery', opts);
  }

  /** Every API group, the core group (`""`, from `/api`) first. */
  async serverGroups(opts: CallOptions = {}): Promise<ApiGroup[]> {
    const [core, groups] = await Promise.all([
      this.getJson<{ versions: string[] }>('/api', 'discovery', opts),
      this.getJson<{ groups: ApiGroup[] }>('/apis', 'discovery', opts),
    ]);
    const coreVersions = core.versions.map((version) => ({ groupVersion: version, version }));
    const coreGroup: ApiGroup = { name: '', versions: coreVersions };
    if (coreVersions[0]) coreGroup.preferredVersion = coreVersions[0];
    return [coreGroup, ...groups.groups];
  }

  /** The resources served by one group/version, e.g. `scheduling.koordinator.sh/v1alpha1`. */
  serverResourcesForGroupVersion(groupVersion: string, opts: CallOptions = {}): Promise<ApiResourceList> {
    const path = groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
    return this.getJson<ApiResourceList>(path, 'discovery', opts);
  }
}
