/**
 * `close()` stops everything: calls started in the same tick, calls waiting for a rate-limiter
 * token or a retry backoff, open watches, running informers (which stop and report it), and exec
 * credential plugins that hang; afterwards every call fails with `ClientClosedError` and no
 * socket, timer or child process of the client is left (`process.getActiveResourcesInfo()`).
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SharedIndexInformer } from '../../../src/cache/shared-informer.js';
import { Clientset } from '../../../src/generated/clientset.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { AbortError, ClientClosedError, isClientClosed } from '../../../src/rest/errors.js';
import { envtestInfo } from '../env.js';
import { useCluster } from '../support/cluster.js';
import { configMaps, createNamespace, type ConfigMap } from './support.js';

const cluster = useCluster();

function adminConfig(): RestConfig {
  const info = envtestInfo();
  return { server: info.server, tls: { ca: info.caPem, cert: info.clientCertPem, key: info.clientKeyPem }, auth: {} };
}

/** Counts of the resource kinds a client may leave behind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = { TCPSocketWrap: 0, TLSWrap: 0, Timeout: 0, ProcessWrap: 0, PipeWrap: 0 };
  for (const r of process.getActiveResourcesInfo()) if (r in counts) counts[r]!++;
  return counts;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitDead(pid: number, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !isAlive(pid);
}

async function readPid(file: string): Promise<number> {
  const until = performance.now() + 5000;
  for (;;) {
    try {
      const pid = Number((await readFile(file, 'utf8')).trim());
      if (pid > 0) return pid;
    } catch {
      // not written yet
    }
    if (performance.now() > until) throw new Error('the exec plugin never started');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('close()', () => {
  it('stops calls started in the same tick (no rate limiter), and every later call fails with ClientClosedError', async () => {
    const ns = await createNamespace(cluster.cs, 'close');
    const before = resources();
    const cs = await Clientset.create({ config: adminConfig(), rateLimiter: false, validateWrites: false });
    await configMaps(cs, ns).list(); // a connection is open
    const list = configMaps(cs, ns)
      .list()
      .catch((e: unknown) => e);
    const watch = configMaps(cs, ns)
      .watch()
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    const create = configMaps(cs, ns)
      .create({ metadata: { name: 'same-tick' } })
      .catch((e: unknown) => e);
    await cs.close();
    for (const outcome of await Promise.all([list, watch, create])) expect(isClientClosed(outcome)).toBe(true);
    for (const later of [configMaps(cs, ns).get('x'), configMaps(cs, ns).list(), configMaps(cs, ns).watch()[Symbol.asyncIterator]().next()]) {
      await expect(later).rejects.toBeInstanceOf(ClientClosedError);
    }
    await settle();
    const after = resources();
    for (const [kind, n] of Object.entries(after)) expect({ kind, n }).toEqual({ kind, n: Math.min(n, before[kind]!) });
    await expect(configMaps(cluster.cs, ns).get('same-tick')).rejects.toThrow(/not found/);
  });

  it('stops calls waiting for a rate-limiter token and an open watch at once', async () => {
    const ns = await createNamespace(cluster.cs, 'close');
    const cs = await Clientset.create({ config: adminConfig(), qps: 0.5, burst: 1, validateWrites: false });
    await configMaps(cs, ns).list(); // spends the only token: the next calls wait ~2 s each
    const waiting = Array.from({ length: 3 }, () =>
      configMaps(cs, ns)
        .list()
        .catch((e: unknown) => e),
    );
    const it = configMaps(cs, ns).watch()[Symbol.asyncIterator]();
    const event = it.next().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    const closedAt = performance.now();
    await cs.close();
    const outcomes = await Promise.all([...waiting, event]);
    expect(performance.now() - closedAt).toBeLessThan(500);
    for (const o of outcomes) expect(o).toBeInstanceOf(ClientClosedError);
  });

  it('a running informer stops and reports ClientClosedError', async () => {
    const ns = await createNamespace(cluster.cs, 'close');
    const cs = await Clientset.create({ config: adminConfig(), rateLimiter: false, validateWrites: false });
    const reports: { err: unknown; phase: string }[] = [];
    const informer = new SharedIndexInformer<ConfigMap>(configMaps(cs, ns), { name: 'closing', onError: (err, c) => void reports.push({ err, phase: c.phase }) });
    const running = informer.run();
    expect(await informer.waitForSync(AbortSignal.timeout(10_000))).toBe(true);
    await cs.close();
    const stopped = await Promise.race([running.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
    expect(stopped).toBe(true);
    expect(informer.isStopped).toBe(true);
    expect(reports.some((r) => r.err instanceof ClientClosedError)).toBe(true);
  });

  describe('a hung exec credential plugin', () => {
    function execConfig(pidFile: string): RestConfig {
      return {
        ...adminConfig(),
        tls: { ca: envtestInfo().caPem },
        // a plugin that never answers, and starts a child of its own
        auth: { exec: { command: 'sh', args: ['-c', `echo $$ > ${pidFile}; sleep 300 & wait`], apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never' } },
      };
    }

    it('is killed when the only call waiting for it is aborted', async () => {
      const pidFile = join(tmpdir(), `koord-exec-${process.pid}-a.pid`);
      const cs = await Clientset.create({ config: execConfig(pidFile), rateLimiter: false });
      try {
        const call = cs.discovery.serverVersion({ timeoutMs: 1500 }).catch((e: unknown) => e);
        const pid = await readPid(pidFile);
        expect(isAlive(pid)).toBe(true);
        expect(await call).toBeInstanceOf(AbortError);
        expect(await waitDead(pid, 2000)).toBe(true);
      } finally {
        await cs.close();
        await rm(pidFile, { force: true });
      }
    });

    it('is killed when the clientset closes, and leaves no child process or pipe behind', async () => {
      const pidFile = join(tmpdir(), `koord-exec-${process.pid}-b.pid`);
      const before = resources();
      const cs = await Clientset.create({ config: execConfig(pidFile), rateLimiter: false });
      const call = cs.discovery.serverVersion().catch((e: unknown) => e);
      const pid = await readPid(pidFile);
      await cs.close();
      expect(await call).toBeInstanceOf(ClientClosedError);
      expect(await waitDead(pid, 2000)).toBe(true);
      await settle();
      const after = resources();
      expect(after.ProcessWrap).toBeLessThanOrEqual(before.ProcessWrap!);
      expect(after.PipeWrap).toBeLessThanOrEqual(before.PipeWrap!);
      await rm(pidFile, { force: true });
    });
  });
});
