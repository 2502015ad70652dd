// An int64 field beyond 2^53 on a real object: written by a raw request as 9007199254740993
// (what a Go client may write), read through the typed client (a JS number: ...992), updated
// through the client: the server keeps the exact value. A copy that lost it is refused, typed.
import { afterAll, describe, expect, it } from 'vitest';
import { deepCopy } from '../../src/meta/deep-copy.js';
import { PrecisionLossError } from '../../src/rest/errors.js';
import type { Clientset } from '../../src/generated/clientset.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();
const EXACT = '9007199254740993';
const path = '/apis/slo.koordinator.sh/v1alpha1/nodeslos';
const names: string[] = [];

function cs(): Clientset {
  return cluster.cs as Clientset;
}

/** The stored object as the server's JSON text (no parsing on our side). */
async function rawGet(name: string): Promise<string> {
  const res = await cs().ctx.transport.request({ method: 'GET', path: `${path}/${name}`, context: { verb: 'get', resource: 'nodeslos', name } });
  expect(res.status).toBe(200);
  return res.body;
}

async function rawCreate(name: string): Promise<void> {
  const body = `{"apiVersion":"slo.koordinator.sh/v1alpha1","kind":"NodeSLO","metadata":{"name":"${name}"},"spec":{"cpuBurstStrategy":{"cfsQuotaBurstPeriodSeconds":${EXACT},"cpuBurstPercent":1000}}}`;
  const res = await cs().ctx.transport.request({ method: 'POST', path, body, headers: { 'content-type': 'application/json' }, context: { verb: 'create', resource: 'nodeslos', name } });
  expect(res.status).toBe(201);
  names.push(name);
}

afterAll(async () => {
  for (const n of names) await cs().sloV1alpha1.nodeSLOs().delete(n).catch(() => {});
});

describe('int64 beyond 2^53', () => {
  it('read + update through the client keeps the exact value (also through deepCopy and list)', async () => {
    const name = `int64-${suffix()}`;
    await rawCreate(name);
    expect(await rawGet(name)).toContain(`"cfsQuotaBurstPeriodSeconds":${EXACT}`);
    const slos = cs().sloV1alpha1.nodeSLOs();

    const got = await slos.get(name);
    expect(got.spec?.cpuBurstStrategy?.cfsQuotaBurstPeriodSeconds).toBe(9007199254740992); // a JS number cannot hold it
    await slos.update({ ...got, metadata: { ...got.metadata, labels: { step: 'spread' } } });
    let stored = await rawGet(name);
    expect(stored).toContain(`"cfsQuotaBurstPeriodSeconds":${EXACT}`);
    expect(stored).toContain('"step":"spread"');

    const copy = deepCopy(await slos.get(name));
    copy.metadata!.labels = { step: 'deepCopy' };
    await slos.update(copy);
    stored = await rawGet(name);
    expect(stored).toContain(`"cfsQuotaBurstPeriodSeconds":${EXACT}`);
    expect(stored).toContain('"step":"deepCopy"');

    const listed = (await slos.list({ fieldSelector: `metadata.name=${name}` })).items[0]!;
    await slos.update({ ...listed, metadata: { ...listed.metadata, labels: { step: 'list' } } });
    expect(await rawGet(name)).toContain(`"cfsQuotaBurstPeriodSeconds":${EXACT}`);

    // An object from a watch event (as informers receive them).
    const ac = new AbortController();
    for await (const ev of slos.watch({ fieldSelector: `metadata.name=${name}`, signal: ac.signal, timeoutMs: 20_000 })) {
      const watched = deepCopy(ev.object);
      watched.metadata = { ...watched.metadata, labels: { step: 'watch' } };
      await slos.update(watched);
      ac.abort();
    }
    stored = await rawGet(name);
    expect(stored).toContain(`"cfsQuotaBurstPeriodSeconds":${EXACT}`);
    expect(stored).toContain('"step":"watch"');
  });

  it('a copy that lost the exact value is refused with PrecisionLossError, and the server keeps its value; a new value is written as set', async () => {
    const name = `int64-lost-${suffix()}`;
    await rawCreate(name);
    const slos = cs().sloV1alpha1.nodeSLOs();
    const lost = structuredClone(await slos.get(name));
    lost.metadata = { ...lost.metadata, labels: { step: 'lost' } };
    const err = await slos.update(lost).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrecisionLossError);
    expect((err as PrecisionLossError).issues[0]?.path).toBe('spec.cpuBurstStrategy.cfsQuotaBurstPeriodSeconds');
    const stored = await rawGet(name);
    expect(stored).toContain(`"cfsQuotaBurstPeriodSeconds":${EXACT}`);
    expect(stored).not.toContain('"step":"lost"');

    lost.spec!.cpuBurstStrategy!.cfsQuotaBurstPeriodSeconds = 120;
    await slos.update(lost);
    expect(await rawGet(name)).toContain('"cfsQuotaBurstPeriodSeconds":120');
  });
});
