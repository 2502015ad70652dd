// Discovery against the real server: version, groups, and the resources the CRDs added.
import { describe, expect, it } from 'vitest';
import { allResources } from '../../src/generated/index.js';
import { useCluster } from './support/cluster.js';

const cluster = useCluster();

describe('discovery', () => {
  it('reports the server version', async () => {
    const v = await cluster.cs.discovery.serverVersion();
    expect(v.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(Number(v.major)).toBe(1);
  });
  it('lists the core group and every installed Koordinator group', async () => {
    const groups = await cluster.cs.discovery.serverGroups();
    const names = groups.map((g) => g.name);
    expect(names[0]).toBe('');
    for (const d of allResources) expect(names).toContain(d.group);
  });
  it('lists each generated resource with its scope and verbs', async () => {
    for (const d of allResources) {
      const list = await cluster.cs.discovery.serverResourcesForGroupVersion(`${d.group}/${d.version}`);
      const r = list.resources.find((x) => x.name === d.plural);
      expect(r, `${d.group}/${d.version} ${d.plural}`).toBeDefined();
      expect(r!.namespaced).toBe(d.namespaced);
      expect(r!.kind).toBe(d.kind);
      expect(r!.verbs).toEqual(expect.arrayContaining(['create', 'get', 'list', 'watch', 'patch', 'delete', 'deletecollection']));
      expect(list.resources.some((x) => x.name === `${d.plural}/status`)).toBe(d.subresources.status);
    }
  });
});
