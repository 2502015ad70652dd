// Writes stopped at random moments on the real kube-apiserver over HTTP/2. Before the held reset
// (exchange.ts), one of them soon left Node's HTTP/2 session spinning on empty DATA frames and the
// process died of memory (std::bad_alloc) within seconds; this file would crash with it.
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/rest/errors.js';
import { freshNamespace, useCluster } from './support/cluster.js';
import { configMaps } from './controller/support.js';

const cluster = useCluster();

describe('writes stopped at random moments', () => {
  it('fail with AbortError, never crash the process, and leave the connection usable', async () => {
    const ns = await freshNamespace(cluster.cs, 'aborts');
    const cms = configMaps(cluster.cs.ctx, ns);
    await cms.create({ metadata: { name: 'x' }, data: { v: '0' } });
    const outcomes = { written: 0, stopped: 0, other: [] as unknown[] };
    const end = Date.now() + 4000;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        while (Date.now() < end) {
          const ac = new AbortController();
          const timer = setTimeout(() => ac.abort(), Math.random() * 8);
          try {
            const cur = await cms.get('x', { signal: ac.signal });
            await cms.update({ ...cur, data: { v: String(i) } }, { signal: ac.signal });
            outcomes.written++;
          } catch (err) {
            if (err instanceof AbortError) outcomes.stopped++;
            else if ((err as { code?: number }).code !== 409) outcomes.other.push(err);
          } finally {
            clearTimeout(timer);
          }
        }
      }),
    );
    expect(outcomes.other).toEqual([]);
    expect(outcomes.stopped).toBeGreaterThan(0);
    // the same transport still reads and writes
    const cur = await cms.get('x');
    const written = await cms.update({ ...cur, data: { v: 'after' } });
    expect(written.data).toEqual({ v: 'after' });
  });
});
