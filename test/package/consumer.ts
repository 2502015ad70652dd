// What a user writes, compiled by .ci/package-check.sh once as ESM and once as CommonJS
// (`module: node16`, strict, exactOptionalPropertyTypes, skipLibCheck: false) against the packed
// tarball, then run. No server: a fake transport answers.
import {
  ApiError,
  Clientset,
  KubeClientError,
  NetworkError,
  createClientContext,
  isConflict,
  isNotFound,
  restConfigFromKubeConfig,
  type KubeConfigLike,
  type ListOptions,
  type WatchOptions,
} from 'koordinator-client';
import { SloV1alpha1Client, nodeSLOResource } from 'koordinator-client/groups/slo.koordinator.sh/v1alpha1';
import type { TestClusterOptions } from 'koordinator-client/envtest';
import { check, fakeTransport, seen } from './fake-transport.js';

/** Runs every check against `lib` (this module system's copy) and `other` (the other one's). */
export async function run(mode: string, other: typeof import('koordinator-client')): Promise<void> {
  const cs = await Clientset.create({ transport: fakeTransport, fieldManager: undefined });
  const reservations = cs.schedulingV1alpha1.reservations();

  // exactOptionalPropertyTypes: optional fields of objects flow into options as they are.
  const list = await reservations.list({ limit: 10, continue: undefined } satisfies ListOptions);
  const watchOptions: WatchOptions = { resourceVersion: list.metadata.resourceVersion, signal: undefined, timeoutSeconds: undefined };
  const events: string[] = [];
  for await (const ev of reservations.watch(watchOptions)) events.push(ev.type);
  check(seen.some((s) => s.includes('watch=true') && s.includes('resourceVersion=42')), `${mode}: watch resumes from the list's resourceVersion`);
  check(events.length === 0, `${mode}: an empty watch stream ends`);

  try {
    await reservations.get('missing');
    check(false, `${mode}: get of a missing object throws`);
  } catch (err) {
    check(isNotFound(err) && !isConflict(err), `${mode}: isNotFound on this copy's error`);
    check(err instanceof ApiError && err.code === 404, `${mode}: instanceof ApiError, code 404`);
    check(other.isNotFound(err), `${mode}: the other module system's isNotFound recognises it`);
    check(err instanceof other.ApiError && err instanceof other.KubeClientError && !(err instanceof other.NetworkError), `${mode}: the other copy's instanceof recognises it`);
  }

  // The other copy's Clientset, checked with this copy's predicates.
  const otherCs = await other.Clientset.create({ transport: fakeTransport });
  const otherErr: unknown = await otherCs.schedulingV1alpha1.reservations().get('missing').catch((e: unknown) => e);
  check(isNotFound(otherErr) && otherErr instanceof KubeClientError && !(otherErr instanceof NetworkError), `${mode}: this copy recognises the other copy's error`);
  await otherCs.close();

  // One group alone.
  const slo = new SloV1alpha1Client(createClientContext(fakeTransport));
  check(nodeSLOResource.plural === 'nodeslos' && typeof slo.nodeSLOs === 'function', `${mode}: one group loads alone`);

  // A client-node KubeConfig is adopted by its shape: no @kubernetes/client-node installed.
  const kc: KubeConfigLike = {
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false, caData: undefined }],
    users: [{ name: 'u', token: 'not-a-real-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: undefined }],
    currentContext: 'ctx',
  };
  const config = await restConfigFromKubeConfig(kc);
  check(config.server === 'https://127.0.0.1:6443', `${mode}: a KubeConfig-shaped object is adopted`);
  const envtestOptions: TestClusterOptions = {};
  check(typeof envtestOptions === 'object', `${mode}: envtest types resolve`);
  await cs.close();
}
