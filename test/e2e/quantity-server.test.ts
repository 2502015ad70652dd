// The API server's own canonical form of quantities (a core ResourceQuota decodes, stores and
// encodes them with apimachinery's resource.Quantity) is what Quantity#toString() predicts.
import { beforeAll, describe, expect, it } from 'vitest';
import { ResourceClient } from '../../src/client/resource-client.js';
import { resourceQuotaResource } from '../../src/generated/core/v1/resources.js';
import type { ResourceQuota } from '../../src/generated/core/v1/types.js';
import { Quantity } from '../../src/quantity.js';
import { goldenLines, type ParseLine } from '../golden/quantity/oracle.js';
import { freshNamespace, useCluster } from './support/cluster.js';

const cluster = useCluster();
let ns: string;
let inputs: string[] = [];
beforeAll(async () => {
  ns = await freshNamespace(cluster.cs, 'quantity');
  const lines = (await goldenLines()).filter((l): l is ParseLine => l.op === 'parse' && l.ok && l.sign >= 0);
  // Everyday and odd spellings alike, within what a quota accepts (non-negative; `requests.<extended>`
  // quota names take fractions, extended resource names only integers).
  inputs = [...new Set(lines.map((l) => l.in))].filter((s) => s.length < 40).slice(0, 240);
}, 600_000);

describe('quantities through a real kube-apiserver', () => {
  it('the server writes every quantity as Quantity#toString() predicts', async () => {
    expect(inputs.length).toBeGreaterThan(100);
    const quotas = new ResourceClient<ResourceQuota>(cluster.cs.ctx, resourceQuotaResource, ns);
    const hard = Object.fromEntries(inputs.map((s, i) => [`requests.example.com/q${i}`, s]));
    const created = await quotas.create({ metadata: { name: 'quantities' }, spec: { hard } });
    const got = await quotas.get('quantities');
    const mismatches: string[] = [];
    for (const [i, s] of inputs.entries()) {
      // Decoded from JSON and rounded up to milli (core resource lists are), stored as String(),
      // decoded and rounded again on the way out.
      const stored = Quantity.from(s).roundUp(-3).quantity.toString();
      const expected = Quantity.parse(stored).roundUp(-3).quantity.toString();
      for (const [where, obj] of [['create', created], ['get', got]] as const) {
        const server = obj.spec?.hard?.[`requests.example.com/q${i}`];
        if (server !== expected) mismatches.push(`${where} ${JSON.stringify(s)}: server ${JSON.stringify(server)}, ours ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the server rejects what Quantity rejects', async () => {
    const quotas = new ResourceClient<ResourceQuota>(cluster.cs.ctx, resourceQuotaResource, ns);
    for (const bad of ['1 Gi', '1KiB', '0x10']) {
      expect(Quantity.tryFrom(bad)).toBeUndefined();
      await expect(quotas.create({ metadata: { generateName: 'bad-' }, spec: { hard: { 'example.com/q': bad } } })).rejects.toMatchObject({ code: 400 });
    }
  });
});
