// limit/continue pagination over a few hundred objects, page by page and through listAll.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshNamespace, suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();

let ns: string;
const total = 320;
let tag: string;
beforeAll(async () => {
  ns = await freshNamespace(cluster.cs, 'page');
  tag = suffix();
  const pgs = cluster.cs.schedulingSigsV1alpha1.podGroups(ns);
  for (let i = 0; i < total; i += 16) {
    await Promise.all(Array.from({ length: Math.min(16, total - i) }, (_, j) => pgs.create({ metadata: { name: `pg-${String(i + j).padStart(4, '0')}`, labels: { batch: tag } }, spec: { minMember: 1 } })));
  }
});

describe('pagination', () => {
  it('pages with limit and continue, each page at most limit, no duplicates, nothing missed', async () => {
    const pgs = cluster.cs.schedulingSigsV1alpha1.podGroups(ns);
    const seen: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      // The namespace holds only this suite's objects; without a selector the server counts what remains.
      const page = await pgs.list({ limit: 50, ...(cont ? { continue: cont } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(50);
      if (page.metadata.continue) expect(page.metadata.remainingItemCount).toBe(total - seen.length - page.items.length);
      seen.push(...page.items.map((p) => p.metadata!.name!));
      cont = page.metadata.continue || undefined;
      pages++;
    } while (cont);
    expect(pages).toBe(Math.ceil(total / 50));
    expect(new Set(seen).size).toBe(total);
  });

  it('listAll iterates every object across pages', async () => {
    const names: string[] = [];
    for await (const pg of cluster.cs.schedulingSigsV1alpha1.podGroups(ns).listAll({ limit: 70, labelSelector: `batch=${tag}` })) names.push(pg.metadata!.name!);
    expect(names).toHaveLength(total);
    expect(names).toEqual([...names].sort());
  });

  it('an expired or bogus continue token is a typed error', async () => {
    await expect(cluster.cs.schedulingSigsV1alpha1.podGroups(ns).list({ limit: 10, continue: 'not-a-token' })).rejects.toMatchObject({ name: 'ApiError', code: 400 });
  });
});
