/**
 * The API server goes away mid-run: a private kube-apiserver is stopped while reads are in flight
 * and started again (same port, same etcd). In-flight reads must recover within the retry budget;
 * a create issued while the server is down (connection refused: provably not sent) is retried and
 * made exactly once; with a small budget the call fails with a typed `RetryExhaustedError`; the
 * caller's `timeoutMs` bounds the retrying.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envtest } from '../../../src/envtest/index.js';
import type { Clientset } from '../../../src/generated/clientset.js';
import { NetworkError } from '../../../src/rest/errors.js';
import { retryAttemptsOf } from '../../../src/rest/flow-control/retry-attempts.js';
import { RetryExhaustedError } from '../../../src/rest/flow-control/retry-exhausted-error.js';
import { configMaps, connectComposed, createNamespace, HookLog, startPrivateEnvtest } from './support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('when kube-apiserver is stopped and started again', () => {
  let env: Envtest;
  let cs: Clientset;
  let ns: string;
  const log = new HookLog();

  beforeAll(async () => {
    env = await startPrivateEnvtest();
    cs = await connectComposed(env.restConfig, { qps: 100, burst: 100, hooks: log.hooks });
    ns = await createNamespace(cs, 'restart');
    await configMaps(cs, ns).create({ metadata: { name: 'survivor' }, data: { v: '1' } });
  });

  afterAll(async () => {
    await cs?.close();
    await env?.stop();
  });

  it('in-flight reads recover within the retry budget, and a create sent while it is down is made once', async () => {
    log.clear();
    const cms = configMaps(cs, ns);
    let running = true;
    let reads = 0;
    const readers = Array.from({ length: 4 }, async () => {
      while (running) {
        const got = await cms.get('survivor');
        expect(got.data).toEqual({ v: '1' });
        reads++;
        await sleep(20);
      }
    });
    await sleep(300);
    const readsBefore = reads;
    const downAt = performance.now();
    await env.stopApiServer();
    expect(env.apiServerPid).toBeUndefined();

    const list = cms.list();
    const create = cms.create({ metadata: { generateName: 'while-down-' } });
    await sleep(1500);
    await env.startApiServer();
    const upAt = performance.now();
    await sleep(300);
    running = false;
    await Promise.all(readers);
    const [listed, created] = await Promise.all([list, create]);

    expect(readsBefore).toBeGreaterThan(0);
    expect(reads).toBeGreaterThan(readsBefore);
    expect(listed.items.some((o) => o.metadata?.name === 'survivor')).toBe(true);
    expect(created.metadata?.name).toMatch(/^while-down-/);
    const all = await cms.list();
    expect(all.items.filter((o) => o.metadata?.name?.startsWith('while-down-'))).toHaveLength(1);

    // they did hit a dead server and were retried
    expect(log.retries.length).toBeGreaterThan(0);
    const refused = log.retries.filter((r) => r.errorCode === 'ECONNREFUSED');
    expect(refused.length).toBeGreaterThan(0);
    // the create was only retried on refused connections (never sent), never after it may have been sent
    const createRetries = log.retries.filter((r) => r.verb === 'create');
    expect(createRetries.length).toBeGreaterThan(0);
    expect(createRetries.every((r) => /not sent|Retry-After/.test(r.reason))).toBe(true);
    expect(log.retries.some((r) => r.verb === 'list')).toBe(true);
    expect(log.retries.some((r) => r.verb === 'get')).toBe(true);
    const maxAttempt = Math.max(...log.ends.map((e) => e.attempt));
    console.log(
      `[restart] server down for ${Math.round(upAt - downAt)} ms: ${reads} reads ok, ${log.retries.length} retries ` +
        `(${refused.length} refused, codes: ${[...new Set(log.retries.map((r) => r.errorCode ?? r.status))].join(', ')}), at most ${maxAttempt} attempts for one call`,
    );
  });

  it('with a small retry budget, a read and a create fail with RetryExhaustedError while it is down', async () => {
    const small = await connectComposed(env.restConfig, { rateLimiter: false, retry: { maxAttempts: 3, initialBackoffMs: 100 } });
    try {
      await configMaps(small, ns).get('survivor'); // a live connection first
      await env.stopApiServer();
      const started = performance.now();
      const readErr = await configMaps(small, ns)
        .list()
        .catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(readErr).toBeInstanceOf(RetryExhaustedError);
      expect(readErr).toBeInstanceOf(NetworkError);
      const attempts = (readErr as RetryExhaustedError).attempts;
      expect(attempts).toHaveLength(3);
      expect(attempts.at(-1)!.errorCode).toBe('ECONNREFUSED');
      expect((readErr as Error).message).toMatch(/gave up after 3 attempts: #1 .*; #2 .*; #3 ECONNREFUSED/);
      expect(elapsed).toBeLessThan(3000);

      const writeErr = await configMaps(small, ns)
        .create({ metadata: { generateName: 'never-' } })
        .catch((e: unknown) => e);
      expect(writeErr).toBeInstanceOf(RetryExhaustedError);
      expect((writeErr as RetryExhaustedError).notSent).toBe(true);
      console.log(`[restart] ${(readErr as Error).message}`);
    } finally {
      await small.close();
      await env.startApiServer();
    }
    expect((await configMaps(cs, ns).list()).items.filter((o) => o.metadata?.name?.startsWith('never-'))).toHaveLength(0);
  });

  it("the caller's timeoutMs bounds the retrying while the server is down", async () => {
    await env.stopApiServer();
    try {
      const started = performance.now();
      const err = await configMaps(cs, ns)
        .list({ timeoutMs: 1500 })
        .catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(err).toBeInstanceOf(NetworkError);
      expect(elapsed).toBeLessThan(1700);
      const attempts = retryAttemptsOf(err);
      expect(attempts!.length).toBeGreaterThan(1);
      expect(attempts!.at(-1)!.reason).toMatch(/deadline/);
    } finally {
      await env.startApiServer();
    }
  });
});
