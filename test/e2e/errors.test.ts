// Typed errors from the real server: 404, 409 on stale update, 422 with causes, 415 / client error
// for unsupported patches, and client-side validation before the network.
import { describe, expect, it } from 'vitest';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { ApiError, isAlreadyExists, isConflict, isInvalid, isNotFound, isUnsupportedMediaType, ValidationError } from '../../src/rest/errors.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

const valid = (name: string): Reservation => ({ metadata: { name }, spec: { owners: [{ object: { name: 'p', namespace: 'default' } }], template: {} } });

describe('server errors', () => {
  it('404 NotFound on a missing object, with verb and resource in the error', async () => {
    const err = await cluster.cs.schedulingV1alpha1.reservations().get(`missing-${suffix()}`).catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    const api = err as ApiError;
    expect(api.code).toBe(404);
    expect(api.status.details?.kind).toBe('reservations');
    expect(api.request?.verb).toBe('get');
    expect(api.message).toContain('scheduling.koordinator.sh/v1alpha1/reservations');
  });

  it('409 AlreadyExists on a duplicate create and 409 Conflict on a stale update', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-${suffix()}`;
    const first = await client.create(valid(name));
    await expect(client.create(valid(name))).rejects.toSatisfy(isAlreadyExists);
    await client.update({ ...first, metadata: { ...first.metadata, labels: { v: '2' } } });
    const stale = await client.update({ ...first, metadata: { ...first.metadata, labels: { v: 'stale' } } }).catch((e: unknown) => e);
    expect(isConflict(stale)).toBe(true);
    expect((stale as ApiError).message).toMatch(/modified/);
    expect((await client.get(name)).metadata?.labels?.v).toBe('2');
    await client.delete(name);
  });

  it('422 Invalid carries the causes the server found', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const bad = { metadata: { name: `rsv-${suffix()}` }, spec: { owners: [{}], template: {}, allocatePolicy: 'Bogus' } } as unknown as Reservation;
    const err = await client.create(bad, { validate: false }).catch((e: unknown) => e);
    expect(isInvalid(err)).toBe(true);
    const fields = (err as ApiError).causes.map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['spec.allocatePolicy', 'spec.owners[0]']));
    expect((err as ApiError).causes.find((c) => c.field === 'spec.allocatePolicy')?.reason).toBe('FieldValueNotSupported');
  });

  it('the same invalid object is caught client-side before the network by default', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-${suffix()}`;
    const bad = { metadata: { name }, spec: { owners: [{}], template: {}, allocatePolicy: 'Bogus' } } as unknown as Reservation;
    const err = await client.create(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['spec.allocatePolicy', 'spec.owners[0]']));
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('rejects an invalid name before the network', async () => {
    await expect(cluster.cs.schedulingV1alpha1.reservations().get('Not/Valid')).rejects.toBeInstanceOf(ValidationError);
    await expect(cluster.cs.schedulingV1alpha1.reservations().create(valid('UPPER'))).rejects.toBeInstanceOf(ValidationError);
  });

  it('strategic merge patch: a clear client error, and the server answers 415 when sent anyway', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-${suffix()}`;
    await client.create(valid(name));
    const bogus = { type: 'strategic', patch: {} } as never;
    const clientErr = await client.patch(name, bogus).catch((e: unknown) => e);
    expect(clientErr).toBeInstanceOf(ValidationError);
    expect((clientErr as Error).message).toContain('strategic merge is not served');
    // Send it raw through the same transport to show what the server says.
    const res = await cluster.cs.ctx.transport.request({
      method: 'PATCH',
      path: `/apis/scheduling.koordinator.sh/v1alpha1/reservations/${name}`,
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
      body: '{"metadata":{"labels":{"a":"b"}}}',
      context: { verb: 'patch' },
    });
    expect(res.status).toBe(415);
    const { apiErrorFrom } = await import('../../src/rest/wire/decode-response.js');
    expect(isUnsupportedMediaType(apiErrorFrom(res, { verb: 'patch' }))).toBe(true);
    await client.delete(name);
  });

  it('fieldValidation=Strict rejects unknown fields on the server', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const obj = { ...valid(`rsv-${suffix()}`), spec: { ...valid('x').spec!, notAField: 1 } } as unknown as Reservation;
    const err = await client.create(obj, { fieldValidation: 'Strict' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
    expect((err as ApiError).message).toContain('notAField');
  });
});
