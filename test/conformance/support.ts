/** Helpers shared by the conformance cases. */
import { expect } from 'vitest';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import type { Recommendation } from '../../src/generated/analysis.koordinator.sh/v1alpha1/types.js';
import type { KubeObject } from '../../src/meta/object.js';
import { ApiError } from '../../src/rest/errors.js';

/** The ApiError a call fails with (fails the test when the call succeeds or throws something else). */
export async function apiError(call: Promise<unknown>): Promise<ApiError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call should fail with an ApiError').toBeInstanceOf(ApiError);
  return err as ApiError;
}

/** A valid Reservation. */
export function reservation(name: string, labels?: Record<string, string>): Reservation {
  return {
    metadata: labels ? { name, labels } : { name },
    spec: { owners: [{ object: { kind: 'Pod', name: 'web-0', namespace: 'default' } }], template: { spec: { containers: [{ name: 'main', image: 'nginx' }] } } },
  };
}

/** A valid Recommendation. */
export function recommendation(name: string, labels?: Record<string, string>): Recommendation {
  return { metadata: labels ? { name, labels } : { name }, spec: { target: { type: 'workload', workload: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } } };
}

/** The managers whose managed fields contain `path` (e.g. `['f:spec', 'f:ttl']`). */
export function ownersOf(obj: KubeObject, path: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of obj.metadata?.managedFields ?? []) {
    let node: unknown = m.fieldsV1;
    for (const el of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[el] : undefined;
    if (node !== undefined) out.push(`${m.manager ?? ''}/${m.operation ?? ''}${m.subresource ? `/${m.subresource}` : ''}`);
  }
  return out.sort();
}

/** The Status fields the API server fills for an error, without the random parts. */
export function statusShape(err: ApiError): Record<string, unknown> {
  const { kind, apiVersion, status, reason, code, details } = err.status;
  return { kind, apiVersion, status, reason, code, details };
}
