/**
 * gzip on the wire: the same list of N NodeMetrics (a few KB each, koordlet-like status) read from
 * one real kube-apiserver (envtest) with `Accept-Encoding: gzip` (the default, as client-go) and
 * without (`disableCompression: true`), side by side in one run.
 *
 * Reported per mode, median of `--runs` rounds (modes interleaved): bytes the server sent on the
 * wire (counted by a TCP relay between client and server; TLS included), wall time of one
 * unpaginated `list()` and of a paginated `listAll()` (500 a page, as informers list), and the
 * client's CPU time for the unpaginated list. Client and server share the machine's cores, so on
 * loopback the server's gzip work shows up in the times; over a real network the bytes matter more.
 * Peer: client-go (bench/go-list, the dynamic client; `DisableCompression` for identity), one
 * unpaginated list per mode and run, through the same relay.
 *
 * Run (Node 24; Go >= 1.26 on PATH for the client-go rows):
 *   KOORD_ENVTEST_ASSETS=... npx tsx bench/compression.ts [--count 10000] [--runs 5] [--concurrency 16]
 * A measurement, not a test.
 */
import { spawn } from 'node:child_process';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildGoProgram } from './support/go-build.js';
import { nodeMetricName, nodeMetricObject, nodeMetricStatus } from './support/node-metric-fixture.js';
import { renderTable } from './support/measure.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '16' } },
});
const count = Number(values.count);
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);

interface Relay {
  url: string;
  downstream: number;
  close(): void;
}

function startRelay(upstream: URL): Promise<Relay> {
  const sockets = new Set<Socket>();
  const relay: Relay = { url: '', downstream: 0, close: () => {} };
  const server = createServer((client) => {
    const up = createConnection(Number(upstream.port), upstream.hostname);
    sockets.add(client).add(up);
    up.on('data', (b: Buffer) => void (relay.downstream += b.length));
    client.pipe(up);
    up.pipe(client);
    const done = (): void => {
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
    };
    client.on('error', done).on('close', done);
    up.on('error', done).on('close', done);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      relay.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      relay.close = () => {
        for (const s of sockets) s.destroy();
        server.close();
      };
      resolve(relay);
    }),
  );
}

async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

const benchDir = dirname(fileURLToPath(import.meta.url));

/** One client-go list through the relay: bytes counted from the moment it is ready. */
async function goList(binary: string, kubeconfig: string, relay: Relay, disable: boolean): Promise<{ ms: number; cpuMs: number; items: number; bytes: number }> {
  const p = spawn(binary, [kubeconfig, relay.url, String(disable)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: p.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== 'ready') throw new Error(`go-list: unexpected ${String(first.value)}`);
  relay.downstream = 0;
  p.stdin!.write('go\n');
  const result = await lines.next();
  const bytes = relay.downstream;
  p.stdin!.end();
  const parsed = JSON.parse(String(result.value)) as { ms: number; cpuMs: number; items: number };
  await new Promise((r) => p.on('exit', r));
  return { ...parsed, bytes };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Sample {
  listBytes: number;
  listMs: number;
  listCpuMs: number;
  pagedBytes: number;
  pagedMs: number;
  items: number;
}

async function main(): Promise<void> {
  const { startEnvtest } = await import('../src/envtest/index.js');
  const { Clientset } = await import('../src/generated/clientset.js');
  const { allResources } = await import('../src/generated/index.js');
  const { installCrds } = await import('../src/client/crd-installer.js');

  const go = buildGoProgram(join(benchDir, 'go-list'), 'go-list');
  const env = await startEnvtest();
  const relay = await startRelay(new URL(env.restConfig.server));
  try {
    const admin = await Clientset.create({ config: env.restConfig, qps: -1, validateWrites: false });
    await installCrds(admin, allResources, { waitTimeoutMs: 120_000 });
    const nm = admin.sloV1alpha1.nodeMetrics();
    const t0 = performance.now();
    // The server may time out under load (504 without Retry-After is not retried): try again.
    const persist = async <T>(fn: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn();
        } catch (err) {
          if (attempt >= 5 || (err as { code?: number }).code === 409) throw err;
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
    };
    await pool(count, concurrency, async (i) => {
      await persist(() => nm.create(nodeMetricObject(i), { validate: false })).catch((err: unknown) => {
        if ((err as { code?: number }).code !== 409) throw err; // created by an attempt that timed out
      });
      await persist(() => nm.patchStatus(nodeMetricName(i), { type: 'merge', patch: { status: nodeMetricStatus(i) } }));
    });
    console.log(`created ${count} NodeMetrics in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const jsonBytes = Buffer.byteLength(JSON.stringify(await nm.list()));
    await admin.close();

    const goBuild = await go;
    const samples: Record<'gzip' | 'identity', Sample[]> = { gzip: [], identity: [] };
    const goSamples: Record<'gzip' | 'identity', { ms: number; cpuMs: number; items: number; bytes: number }[]> = { gzip: [], identity: [] };
    for (let r = 0; r < runs; r++) {
      for (const mode of ['gzip', 'identity'] as const) {
        if (goBuild) goSamples[mode].push(await goList(goBuild.binary, env.kubeconfigPath, relay, mode === 'identity'));
        const cs = await Clientset.create({ config: { ...env.restConfig, server: relay.url }, qps: -1, disableCompression: mode === 'identity' });
        try {
          await cs.discovery.serverVersion();
          const client = cs.sloV1alpha1.nodeMetrics();
          relay.downstream = 0;
          const cpu0 = process.cpuUsage();
          let t = performance.now();
          const list = await client.list();
          const listMs = performance.now() - t;
          const cpu = process.cpuUsage(cpu0);
          const listBytes = relay.downstream;
          relay.downstream = 0;
          t = performance.now();
          let n = 0;
          for await (const _ of client.listAll({ limit: 500 })) n++;
          const pagedMs = performance.now() - t;
          samples[mode].push({ listBytes, listMs, listCpuMs: (cpu.user + cpu.system) / 1000, pagedBytes: relay.downstream, pagedMs, items: Math.min(list.items.length, n) });
        } finally {
          await cs.close();
        }
      }
    }

    const row = (mode: 'gzip' | 'identity'): string[] => {
      const s = samples[mode];
      return [
        mode === 'gzip' ? 'koordinator-client (gzip, default)' : 'koordinator-client (disableCompression)',
        String(median(s.map((x) => x.items))),
        `${(median(s.map((x) => x.listBytes)) / 1024 / 1024).toFixed(2)} MiB`,
        `${median(s.map((x) => x.listMs)).toFixed(0)} ms`,
        `${median(s.map((x) => x.listCpuMs)).toFixed(0)} ms`,
        `${(median(s.map((x) => x.pagedBytes)) / 1024 / 1024).toFixed(2)} MiB`,
        `${median(s.map((x) => x.pagedMs)).toFixed(0)} ms`,
      ];
    };
    console.log(`\n${count} NodeMetrics, ${(jsonBytes / 1024 / 1024).toFixed(2)} MiB of JSON, median of ${runs} runs`);
    const goRow = (mode: 'gzip' | 'identity'): string[] => {
      const s = goSamples[mode];
      return [
        mode === 'gzip' ? 'client-go (gzip, default)' : 'client-go (DisableCompression)',
        String(median(s.map((x) => x.items))),
        `${(median(s.map((x) => x.bytes)) / 1024 / 1024).toFixed(2)} MiB`,
        `${median(s.map((x) => x.ms)).toFixed(0)} ms`,
        `${median(s.map((x) => x.cpuMs)).toFixed(0)} ms`,
        '-',
        '-',
      ];
    };
    const rows = [row('gzip'), row('identity')];
    if (goBuild) rows.push(goRow('gzip'), goRow('identity'));
    console.log(renderTable(['mode', 'items', 'list: wire', 'list: time', 'list: client CPU', 'listAll(500): wire', 'listAll(500): time'], rows));
    const g = samples.gzip;
    const id = samples.identity;
    console.log(
      `ratios gzip/identity: wire ${(median(g.map((x) => x.listBytes)) / median(id.map((x) => x.listBytes))).toFixed(3)}x, list time ${(median(g.map((x) => x.listMs)) / median(id.map((x) => x.listMs))).toFixed(2)}x, ` +
        `listAll time ${(median(g.map((x) => x.pagedMs)) / median(id.map((x) => x.pagedMs))).toFixed(2)}x, client CPU ${(median(g.map((x) => x.listCpuMs)) / median(id.map((x) => x.listCpuMs))).toFixed(2)}x`,
    );
    if (goBuild) {
      const ratio = (a: number[], b: number[]): string => (median(a) / median(b)).toFixed(2);
      console.log(
        `koordinator-client / client-go: list time gzip ${ratio(g.map((x) => x.listMs), goSamples.gzip.map((x) => x.ms))}x, identity ${ratio(id.map((x) => x.listMs), goSamples.identity.map((x) => x.ms))}x; ` +
          `client CPU gzip ${ratio(g.map((x) => x.listCpuMs), goSamples.gzip.map((x) => x.cpuMs))}x, identity ${ratio(id.map((x) => x.listCpuMs), goSamples.identity.map((x) => x.cpuMs))}x`,
      );
      goBuild.dispose();
    }
  } finally {
    relay.close();
    await env.stop();
  }
}

await main();
