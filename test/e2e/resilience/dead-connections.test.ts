/**
 * Connections that die silently: a TCP proxy in front of the shared kube-apiserver drops every
 * byte of the open connections without a FIN or RST (a partition, a dead NAT entry), or closes
 * the server side and leaves the client side open (half-open). New connections pass, as after a
 * NAT entry expired. The client must notice within its dead-connection bound (short here, 3 s,
 * so that CI stays fast; 45 s by default), under HTTP/2 (PINGs) and HTTP/1.1 (idle-body
 * timeout): an informer re-watches and sees a new object, a plain watch() ends with a typed
 * error, a list() stuck mid-body fails (or is retried and completes).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SharedIndexInformer } from '../../../src/cache/shared-informer.js';
import { Clientset } from '../../../src/generated/clientset.js';
import { NetworkError } from '../../../src/rest/errors.js';
import { FaultProxy } from '../../support/fault-proxy.js';
import { envtestInfo } from '../env.js';
import { RecordingListerWatcher } from '../cache/support.js';
import { useCluster } from '../support/cluster.js';
import { configMaps, createNamespace, type ConfigMap } from './support.js';

const BOUND_MS = 3000;
/** What the reflector may add after detection: its watch backoff (800 ms, jitter) and the re-watch itself. */
const REWATCH_SLACK_MS = 6000;

const cluster = useCluster();

describe('dead connections under a running call (fault proxy in tcp mode)', () => {
  let proxy: FaultProxy;
  let ns: string;
  const clients: Clientset[] = [];

  beforeAll(async () => {
    const info = envtestInfo();
    proxy = new FaultProxy({ upstream: info.server, upstreamCa: info.caPem, mode: 'tcp' });
    await proxy.start();
    ns = await createNamespace(cluster.cs, 'dead');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    proxy.reset();
    proxy.dropConnections();
  });

  afterAll(async () => {
    await proxy?.close();
  });

  async function viaProxy(http2: boolean, retry: false | undefined = undefined): Promise<Clientset> {
    const info = envtestInfo();
    const cs = await Clientset.create({
      config: { server: proxy.url, tls: { ca: info.caPem, cert: info.clientCertPem, key: info.clientKeyPem }, auth: {} },
      http2,
      deadConnectionTimeoutMs: BOUND_MS,
      rateLimiter: false,
      validateWrites: false,
      ...(retry === false ? { retry: false } : { retry: { initialBackoffMs: 50 } }),
    });
    clients.push(cs);
    return cs;
  }

  for (const [label, http2, fault] of [
    ['HTTP/2, black hole', true, 'blackHole'],
    ['HTTP/1.1, black hole', false, 'blackHole'],
    ['HTTP/2, half-open', true, 'halfOpen'],
  ] as const) {
    it(`an informer re-watches and sees a new object within the bound (${label})`, async () => {
      const cs = await viaProxy(http2);
      const errors: unknown[] = [];
      const seen = new Map<string, number>();
      const lw = new RecordingListerWatcher(configMaps(cs, ns));
      const informer = new SharedIndexInformer<ConfigMap>(lw, { name: 'dead-informer', onError: (err) => void errors.push(err) });
      informer.addEventHandler({ onAdd: (o) => void seen.set(o.metadata?.name ?? '', performance.now()) });
      const running = informer.run();
      try {
        expect(await informer.waitForSync(AbortSignal.timeout(10_000))).toBe(true);
        // the watch is open and delivering: an object created now arrives through it
        const warm = `warm-${fault.toLowerCase()}-${http2 ? 'h2' : 'h1'}`;
        await configMaps(cluster.cs, ns).create({ metadata: { name: warm } });
        for (let i = 0; i < 200 && !seen.has(warm); i++) await new Promise((r) => setTimeout(r, 50));
        expect(seen.has(warm)).toBe(true);
        const errorsBefore = errors.length;
        proxy[fault]();
        const name = `after-${fault.toLowerCase()}-${http2 ? 'h2' : 'h1'}`;
        const createdAt = performance.now();
        await configMaps(cluster.cs, ns).create({ metadata: { name } });
        const deadline = createdAt + BOUND_MS + REWATCH_SLACK_MS;
        while (!seen.has(name) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        const latency = (seen.get(name) ?? Infinity) - createdAt;
        console.log(`[dead-connections] ${label}: informer saw the new object ${Math.round(latency)} ms after its creation (bound ${BOUND_MS} ms)`);
        expect(seen.has(name)).toBe(true);
        expect(errors.slice(errorsBefore).some((e) => e instanceof NetworkError)).toBe(true);
        // re-watched from where it was, without a relist
        expect(lw.lists).toHaveLength(1);
        expect(lw.watches.length).toBeGreaterThanOrEqual(2);
        expect(lw.watches[1]!.resourceVersion).toBeTruthy();
      } finally {
        await informer.stop();
        await running;
      }
    });
  }

  it('a plain watch() iterator on a black-holed HTTP/2 connection ends with a NetworkError within the bound', async () => {
    const cs = await viaProxy(true);
    const list = await configMaps(cs, ns).list();
    const it = configMaps(cs, ns).watch({ resourceVersion: list.metadata?.resourceVersion ?? '' })[Symbol.asyncIterator]();
    // the watch is open and delivering: the first event arrives through it
    const first = it.next();
    await configMaps(cluster.cs, ns).create({ metadata: { generateName: 'warm-watch-' } });
    expect((await first).done).toBe(false);
    const next = it.next();
    await new Promise((r) => setTimeout(r, 100));
    proxy.blackHole();
    const started = performance.now();
    const err = await next.then(
      () => new Error('the watch yielded instead of failing'),
      (e: unknown) => e,
    );
    const took = performance.now() - started;
    expect(err).toBeInstanceOf(NetworkError);
    // found by an unanswered PING (HTTP/2), not by a body timeout (UND_ERR_BODY_TIMEOUT, HTTP/1.1)
    expect((err as NetworkError).errorCode).toBe('UND_ERR_SOCKET');
    expect((err as Error).message).toMatch(/unresponsive/);
    expect(took).toBeLessThan(BOUND_MS + 1000);
  });

  it('a plain watch() on HTTP/1.1 ends with a NetworkError after the idle bound', async () => {
    const cs = await viaProxy(false);
    const list = await configMaps(cs, ns).list();
    const it = configMaps(cs, ns).watch({ resourceVersion: list.metadata?.resourceVersion ?? '' })[Symbol.asyncIterator]();
    // the watch is open and delivering: the first event arrives through it
    const first = it.next();
    await configMaps(cluster.cs, ns).create({ metadata: { generateName: 'warm-watch-' } });
    expect((await first).done).toBe(false);
    const next = it.next();
    await new Promise((r) => setTimeout(r, 100));
    proxy.blackHole();
    const err = await next.then(
      () => new Error('the watch yielded instead of failing'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).errorCode).toBe('UND_ERR_BODY_TIMEOUT');
  });

  describe('a list() stuck mid-body', () => {
    let bigNs: string;
    beforeAll(async () => {
      bigNs = await createNamespace(cluster.cs, 'dead-big');
      // ~600 KB of list answer: long enough to be cut in the middle, also gzip-compressed (random
      // text: the answer is well above the server's 128 KiB compression threshold).
      for (let i = 0; i < 3; i++) {
        const filler = randomBytes(150_000).toString('base64');
        await configMaps(cluster.cs, bigNs).create({ metadata: { name: `big-${i}` }, data: { filler } });
      }
    });

    for (const http2 of [true, false]) {
      const label = http2 ? 'HTTP/2' : 'HTTP/1.1';
      it(`fails with a NetworkError within the bound without retries, and completes with them (${label})`, async () => {
        const noRetry = await viaProxy(http2, false);
        await noRetry.discovery.serverVersion(); // connected: the next bytes counted are the list's
        proxy.blackHoleAfterBytes(100_000);
        const started = performance.now();
        const err = await configMaps(noRetry, bigNs)
          .list()
          .catch((e: unknown) => e);
        const took = performance.now() - started;
        expect(err).toBeInstanceOf(NetworkError);
        expect(took).toBeLessThan(BOUND_MS + 1500);

        const retrying = await viaProxy(http2);
        await retrying.discovery.serverVersion();
        proxy.blackHoleAfterBytes(100_000);
        const list = await configMaps(retrying, bigNs).list();
        expect(list.items.map((o) => o.metadata?.name)).toEqual(['big-0', 'big-1', 'big-2']);
      });
    }
  });
});
