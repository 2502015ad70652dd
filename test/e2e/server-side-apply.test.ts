// Server-side apply: field ownership, conflicts between two managers, and force.
import { describe, expect, it } from 'vitest';
import { ApiError, isConflict } from '../../src/rest/errors.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

describe('server-side apply', () => {
  it('two managers conflict on a shared field; force moves ownership', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-ssa-${suffix()}`;
    const base = { apiVersion: 'scheduling.koordinator.sh/v1alpha1' as const, kind: 'Reservation' as const, metadata: { name } };
    await client.apply({ ...base, spec: { owners: [{ object: { name: 'p' } }], template: {}, ttl: '1h' } }, { fieldManager: 'team-a' });

    const err = await client.apply({ ...base, spec: { ttl: '2h' } }, { fieldManager: 'team-b' }).catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
    expect((err as ApiError).causes.some((c) => c.field === '.spec.ttl' && c.message?.includes('team-a'))).toBe(true);
    expect((await client.get(name)).spec?.ttl).toBe('1h');

    const forced = await client.apply({ ...base, spec: { ttl: '2h' } }, { fieldManager: 'team-b', force: true });
    expect(forced.spec?.ttl).toBe('2h');
    const owners = forced.metadata?.managedFields?.filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes('f:ttl')).map((m) => m.manager);
    expect(owners).toEqual(['team-b']);

    // A manager applying a value equal to the current one shares ownership without conflict.
    const shared = await client.apply({ ...base, spec: { ttl: '2h' } }, { fieldManager: 'team-c' });
    expect(shared.metadata?.managedFields?.filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes('f:ttl')).map((m) => m.manager).sort()).toEqual(['team-b', 'team-c']);
    await client.delete(name);
  });

  it('dryRun apply changes nothing', async () => {
    const client = cluster.cs.schedulingV1alpha1.reservations();
    const name = `rsv-ssa-${suffix()}`;
    const out = await client.apply({ metadata: { name }, spec: { owners: [{ object: { name: 'p' } }], template: {} } }, { fieldManager: 'dry', dryRun: true });
    expect(out.metadata?.name).toBe(name);
    expect((await client.list()).items.some((r) => r.metadata?.name === name)).toBe(false);
  });
});
