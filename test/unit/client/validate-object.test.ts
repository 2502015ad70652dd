import { describe, expect, it } from 'vitest';
import { validateObject } from '../../../src/client/validate-object.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import { customResourceDefinitionResource } from '../../../src/generated/apiextensions.k8s.io/v1/resources.js';
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

describe('validateObject with a write check', () => {
  /** A descriptor whose check and schema are counted; `check` answers as given. */
  function counted(answer: (obj: unknown) => boolean) {
    const calls = { checkLoads: 0, checks: 0, schemaLoads: 0 };
    const descriptor: ResourceDescriptor = {
      ...reservationResource,
      check: async () => {
        calls.checkLoads++;
        return (obj: unknown) => {
          calls.checks++;
          return answer(obj);
        };
      },
      schema: async () => {
        calls.schemaLoads++;
        return reservationResource.schema!();
      },
    };
    return { descriptor, calls };
  }

  it('an object the check passes never loads zod, and after the first call validation is synchronous', async () => {
    const { descriptor, calls } = counted(() => true);
    await validate(descriptor, reservation());
    expect(validateObject(descriptor, reservation(), ctx)).toBeUndefined();
    expect(calls).toEqual({ checkLoads: 1, checks: 2, schemaLoads: 0 });
  });

  it('an object the check refuses is judged by the zod schema, which lists the problems', async () => {
    const { descriptor, calls } = counted(() => false);
    const bad = reservation();
    bad['spec'] = { ...(bad['spec'] as object), ttl: 5 };
    const err = await validate(descriptor, bad).catch((e: unknown) => e);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['spec.ttl']);
    // zod has the last word: an object it accepts passes even when the check refused it.
    await validate(descriptor, reservation());
    expect(calls).toEqual({ checkLoads: 1, checks: 2, schemaLoads: 1 });
  });

  it('the generated check of Reservations passes a valid one and refuses a bad one', async () => {
    const check = await reservationResource.check!();
    expect(check(reservation())).toBe(true);
    const bad = reservation();
    bad['spec'] = { ...(bad['spec'] as object), owners: [] };
    expect(check(bad)).toBe(false);
    await expect(validate(reservationResource, bad)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('validateObject and circular references', () => {
  it('a cycle under a recursive typed field (a CRD schema holding itself) is a ValidationError naming it, not a stack overflow', async () => {
    const schema: Record<string, unknown> = { type: 'object', properties: {} };
    (schema['properties'] as Record<string, unknown>)['self'] = schema;
    const crd = {
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
    };
    const check = await customResourceDefinitionResource.check!();
    expect(() => check(crd)).toThrow(RangeError);
    const err = await validate(customResourceDefinitionResource, crd).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.path).toBe('spec.versions[0].schema.openAPIV3Schema.properties.self');
  });
});
