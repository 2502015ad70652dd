import { describe, expect, it } from 'vitest';
import { validateObject } from '../../../src/client/validate-object.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import { reservationResource } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/resources.js';
import { ValidationError, type RequestContext } from '../../../src/rest/errors.js';

const ctx: RequestContext = { verb: 'create', resource: 'scheduling.koordinator.sh/v1alpha1/reservations' };

function reservation(): Record<string, unknown> {
  return {
    apiVersion: 'scheduling.koordinator.sh/v1alpha1',
    kind: 'Reservation',
    metadata: { name: 'r-1' },
    spec: { owners: [{ object: { kind: 'Pod', name: 'web-0', namespace: 'default' } }], template: { spec: { containers: [{ name: 'main', image: 'nginx' }] } }, ttl: '1h' },
  };
}

/** Validates once the schema is loaded (the first call may return a promise). */
async function validate(descriptor: ResourceDescriptor, obj: unknown, fields?: ReadonlySet<string>): Promise<void> {
  await validateObject(descriptor, obj, ctx, fields);
}

describe('validateObject', () => {
  it('the generated zod schema: a valid object passes; an invalid one fails with every issue, not only the first', async () => {
    await validate(reservationResource, reservation());
    const bad = reservation();
    bad['spec'] = { ...(bad['spec'] as object), ttl: 5, allocatePolicy: 7 };
    const err = await validate(reservationResource, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual(['spec.allocatePolicy', 'spec.ttl']);
  });

  it('a status write judges only the fields the server takes', async () => {
    const bad = reservation();
    bad['spec'] = { ...(bad['spec'] as object), ttl: 5 };
    await validate(reservationResource, bad, new Set(['status']));
    await expect(validate(reservationResource, bad, new Set(['spec']))).rejects.toBeInstanceOf(ValidationError);
  });
});
