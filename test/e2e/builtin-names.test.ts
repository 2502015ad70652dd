// Object names of built-in kinds follow the server's rules for each kind, not the custom-resource
// DNS-subdomain rule: RBAC objects take any path segment (`system:...` roles are common), so the
// client must not refuse them before the server has a say.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/rest/errors.js';
import { suffix } from './support/cluster.js';
import { useGenericCluster } from './support/generic-cluster.js';

const cluster = useGenericCluster();

describe('names of built-in objects', () => {
  it('a ClusterRole named with a colon is created, read, updated, applied and deleted', async () => {
    const roles = cluster.cs.rbacV1.clusterRoles();
    const name = `system:lenient-${suffix()}`;
    const created = await roles.create({ metadata: { name }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    expect(created.metadata?.name).toBe(name);
    const got = await roles.get(name);
    const updated = await roles.update({ ...got, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
    expect(updated.rules?.[0]?.verbs).toEqual(['get', 'list']);
    const applied = await roles.apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels: { a: 'b' } } }, { fieldManager: 'names-test' });
    expect(applied.metadata?.labels?.a).toBe('b');
    await roles.delete(name);
  });

  it('still refuses, before the network, names no URL can carry', async () => {
    const roles = cluster.cs.rbacV1.clusterRoles();
    await expect(roles.get('a/b')).rejects.toBeInstanceOf(ValidationError);
    await expect(roles.create({ metadata: { name: '..' } })).rejects.toBeInstanceOf(ValidationError);
  });
});
