/**
 * Connection faults between the client and a real kube-apiserver, injected by our own proxy
 * (`test/support/fault-proxy.ts`): connections reset before anything was sent, connections reset
 * after the server processed a request, answers cut off mid-way, 503 + Retry-After answers, and
 * stalls. Reads must recover; a create whose connection was reset after it was sent must NOT be
 * blindly repeated (generateName + count); an abort must stop retries at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Envtest } from '../../../src/envtest/index.js';
import type { Clientset } from '../../../src/generated/clientset.js';
import { AbortError, ApiError, DecodeError, NetworkError, ResponseTooLargeError } from '../../../src/rest/errors.js';
import { RetryExhaustedError } from '../../../src/rest/flow-control/retry-exhausted-error.js';
import { FaultProxy } from '../../support/fault-proxy.js';
import { configMaps, connectComposed, createNamespace, HookLog, newToken, startPrivateEnvtest, tokenConfig } from './support.js';

describe('through a fault-injecting proxy', () => {
  let env: Envtest;
  let proxy: FaultProxy;
  let admin: Clientset; // straight to the server, to count objects
  let ns: string;
  const token = newToken();
  const clients: Clientset[] = [];

  /** A fresh client through the proxy (fresh connections), fast backoff to keep the suite short. */
  async function viaProxy(log: HookLog, retry: { maxAttempts?: number } = {}, maxWatchEventBytes?: number): Promise<Clientset> {
    const cs = await connectComposed(tokenConfig(env, token, proxy.url), { rateLimiter: false, retry: { initialBackoffMs: 50, maxBackoffMs: 400, ...retry }, hooks: log.hooks }, maxWatchEventBytes);
    clients.push(cs);
    return cs;
  }

  beforeAll(async () => {
    env = await startPrivateEnvtest({ tokenUsers: [{ token, user: 'proxy-tester', uid: 'proxy-tester', groups: ['system:masters'] }] });
    const serving = env.certificateAuthority.issueServingCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    proxy = new FaultProxy({ upstream: env.server, upstreamCa: env.caPem, serving });
    await proxy.start();
    admin = await connectComposed(tokenConfig(env, token), { rateLimiter: false });
    ns = await createNamespace(admin, 'faults');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    proxy.reset();
    proxy.dropConnections();
  });

  afterAll(async () => {
    await admin?.close();
    await proxy?.close();
    await env?.stop();
  });

  async function countWithPrefix(prefix: string): Promise<number> {
    const list = await configMaps(admin, ns).list();
    return list.items.filter((o) => o.metadata?.name?.startsWith(prefix)).length;
  }

  it('passes traffic through untouched when no fault is set', async () => {
    const cs = await viaProxy(new HookLog());
    const created = await configMaps(cs, ns).create({ metadata: { name: 'plain' }, data: { a: '1' } });
    expect(created.metadata?.uid).toBeTruthy();
    expect((await configMaps(cs, ns).get('plain')).data).toEqual({ a: '1' });
    expect(proxy.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('a read recovers from connections reset before anything was sent', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    proxy.connectionFault = (i) => (i < 3 ? 'reset' : 'pass');
    const list = await configMaps(cs, ns).list();
    expect(Array.isArray(list.items)).toBe(true);
    expect(log.retries).toHaveLength(3);
    expect(log.retries.every((r) => r.verb === 'list' && typeof r.errorCode === 'string')).toBe(true);
    expect(log.ends.slice(0, 3).every((e) => e.error instanceof NetworkError)).toBe(true);
  });

  it('a create is retried when its connection was reset before it was sent (notSent)', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    proxy.connectionFault = (i) => (i < 2 ? 'reset' : 'pass');
    await configMaps(cs, ns).create({ metadata: { generateName: 'notsent-' } });
    expect(log.retries).toHaveLength(2);
    expect(log.ends.slice(0, 2).every((e) => e.error instanceof NetworkError && (e.error as NetworkError).notSent)).toBe(true);
    expect(await countWithPrefix('notsent-')).toBe(1);
  });

  it('a create whose connection was reset AFTER the server processed it is not repeated', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    proxy.requestFault = ({ method }) => (method === 'POST' ? { kind: 'reset-after-forward' } : { kind: 'forward' });
    const err = await configMaps(cs, ns)
      .create({ metadata: { generateName: 'once-' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).notSent).toBe(false);
    expect(log.retries).toEqual([]);
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    // the server did create it — exactly once: a blind retry would have made a second one
    expect(await countWithPrefix('once-')).toBe(1);
  });

  it('a read is retried when its connection was reset after it was sent', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    proxy.requestFault = ({ index }) => (index < 2 ? { kind: 'reset-after-forward' } : { kind: 'forward' });
    const list = await configMaps(cs, ns).list();
    expect(list.kind).toBe('ConfigMapList');
    expect(log.retries).toHaveLength(2);
    expect(proxy.requests).toHaveLength(3);
  });

  it('a read is retried when the answer is cut off mid-way', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    proxy.requestFault = ({ index }) => (index === 0 ? { kind: 'close-mid-response', afterBytes: 40 } : { kind: 'forward' });
    const list = await configMaps(cs, ns).list();
    expect(list.kind).toBe('ConfigMapList');
    expect(log.retries).toHaveLength(1);
    expect(log.ends[0]!.error).toBeInstanceOf(NetworkError);
  });

  it('a create answered 503 with Retry-After is retried after the wait and made exactly once', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    let posts = 0;
    proxy.requestFault = ({ method }) => (method === 'POST' && posts++ < 2 ? { kind: 'respond', status: 503, headers: { 'retry-after': '1' } } : { kind: 'forward' });
    const started = performance.now();
    await configMaps(cs, ns).create({ metadata: { generateName: 'ra-' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(2000);
    expect(log.retries.map((r) => r.reason)).toEqual(['HTTP 503 ServiceUnavailable, Retry-After 1s', 'HTTP 503 ServiceUnavailable, Retry-After 1s']);
    expect(await countWithPrefix('ra-')).toBe(1);
  });

  it('a 500 without Retry-After is not retried and surfaces as the ApiError', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    proxy.requestFault = () => ({ kind: 'respond', status: 500 });
    const err = await configMaps(cs, ns)
      .get('anything')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(500);
    expect(proxy.requests).toHaveLength(1);
  });

  it('an abort during a Retry-After wait stops the call at once, without another attempt', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log);
    proxy.requestFault = () => ({ kind: 'respond', status: 503, headers: { 'retry-after': '30' } });
    const ac = new AbortController();
    const call = configMaps(cs, ns)
      .list({ signal: ac.signal })
      .catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 500));
    const abortedAt = performance.now();
    ac.abort();
    const err = await call;
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(err).toBeInstanceOf(AbortError);
    expect(proxy.requests).toHaveLength(1);
    expect(log.retries).toHaveLength(1);
  });

  it('an abort while the server stalls stops the call at once; timeoutMs likewise', async () => {
    const cs = await viaProxy(new HookLog());
    proxy.requestFault = () => ({ kind: 'stall-response' });
    const ac = new AbortController();
    const call = configMaps(cs, ns)
      .list({ signal: ac.signal })
      .catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    const abortedAt = performance.now();
    ac.abort();
    expect(await call).toBeInstanceOf(AbortError);
    expect(performance.now() - abortedAt).toBeLessThan(200);

    const started = performance.now();
    const timedOut = await configMaps(cs, ns)
      .get('x', { timeoutMs: 700 })
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(AbortError);
    expect((timedOut as AbortError).timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(proxy.requests).toHaveLength(2); // neither call was retried
  });

  it('a read against connections that always fail gives up with RetryExhaustedError listing each attempt', async () => {
    const log = new HookLog();
    const cs = await viaProxy(log, { maxAttempts: 4 });
    proxy.connectionFault = () => 'reset';
    const err = await configMaps(cs, ns)
      .list()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryExhaustedError);
    const e = err as RetryExhaustedError;
    expect(e.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(e.message).toMatch(/gave up after 4 attempts: #1 .+; #2 .+; #3 .+; #4 /);
    expect(e.message).not.toContain(token);
    console.log(`[faults] ${e.message}`);
    expect(proxy.connections).toBeGreaterThanOrEqual(4);
  });

  it('an answer that goes silent mid-body (connection open, no FIN) fails after the idle bound and the read is retried', async () => {
    const log = new HookLog();
    const cs = await connectComposed(tokenConfig(env, token, proxy.url), { rateLimiter: false, retry: { initialBackoffMs: 50 }, hooks: log.hooks }, undefined, { deadConnectionTimeoutMs: 1500 });
    clients.push(cs);
    proxy.requestFault = ({ index }) => (index === 0 ? { kind: 'black-hole-mid-response', afterBodyBytes: 10 } : { kind: 'forward' });
    const list = await configMaps(cs, ns).list();
    expect(list.kind).toBe('ConfigMapList');
    expect(log.retries).toHaveLength(1);
    expect(log.retries[0]!.errorCode).toBe('UND_ERR_BODY_TIMEOUT');
  });

  describe('hostile answers', () => {
    it('a list answered {"items":"oops"} is a DecodeError naming the verb and resource, not characters as objects', async () => {
      const cs = await viaProxy(new HookLog());
      proxy.requestFault = () => ({ kind: 'respond', status: 200, body: '{"kind":"ConfigMapList","items":"oops"}' });
      const seen: unknown[] = [];
      const err = await (async () => {
        for await (const o of configMaps(cs, ns).listAll()) seen.push(o);
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as Error).message).toContain(`list core/v1/configmaps, namespace ${ns}: the server answered a list whose items is a string`);
      expect(seen).toEqual([]);
    });

    it('a get answered null or an array is a DecodeError', async () => {
      const cs = await viaProxy(new HookLog());
      for (const body of ['null', '[{"metadata":{"name":"x"}}]']) {
        proxy.requestFault = () => ({ kind: 'respond', status: 200, body });
        const err = await configMaps(cs, ns)
          .get('x')
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DecodeError);
        expect((err as Error).message).toMatch(new RegExp(`^get core/v1/configmaps, namespace ${ns}, name x: the server answered (null|an array) where an object was expected`));
      }
    });

    it('a 40 MB watch line without a newline ends the watch at the event cap', async () => {
      const cs = await viaProxy(new HookLog(), {}, 1024 * 1024);
      proxy.requestFault = ({ path }) => (path.includes('watch=true') ? { kind: 'respond', status: 200, body: `{"type":"ADDED","object":{"data":"${'x'.repeat(40 * 1024 * 1024)}` } : { kind: 'forward' });
      const err = await configMaps(cs, ns)
        .watch()
        [Symbol.asyncIterator]()
        .next()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseTooLargeError);
      expect((err as ResponseTooLargeError).limitBytes).toBe(1024 * 1024);
    });
  });
});
