/**
 * Real 429s: a private kube-apiserver limited to ONE request in flight (mutating and not), with
 * priority-and-fairness off, so concurrent requests are answered `429 Too Many Requests` with
 * `Retry-After: 1` by the server's max-in-flight filter. 64 concurrent creates through the
 * composed transport must all succeed, by retrying, and create exactly 64 objects.
 *
 * The client is a static-token user: kube-apiserver exempts `system:masters` (envtest's admin)
 * from max-in-flight limiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envtest } from '../../../src/envtest/index.js';
import type { Clientset } from '../../../src/generated/clientset.js';
import { retryAttemptsOf } from '../../../src/rest/flow-control/retry-attempts.js';
import { configMaps, connectComposed, createNamespace, HookLog, newToken, startPrivateEnvtest, tokenConfig } from './support.js';

const CREATES = 64;

describe('against a kube-apiserver that answers 429 (max-requests-inflight=1)', () => {
  let env: Envtest;
  const token = newToken();

  beforeAll(async () => {
    env = await startPrivateEnvtest({
      apiServerFlags: {
        'max-requests-inflight': '1',
        'max-mutating-requests-inflight': '1',
        'enable-priority-and-fairness': 'false',
        'authorization-mode': 'AlwaysAllow',
      },
      tokenUsers: [{ token, user: 'throttled-tester', uid: 'throttled-tester', groups: ['testers'] }],
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it(`${CREATES} concurrent creates all succeed through retries, and exactly ${CREATES} objects exist`, async () => {
    const log = new HookLog();
    // A client-side limit high enough to let the whole burst hit the server at once. The server
    // admits one request at a time, 1 s apart per retry: on a slow or busy machine the last of 64
    // needs more than the default 11 attempts, so the budget here depends on nothing but the burst.
    const cs: Clientset = await connectComposed(tokenConfig(env, token), { qps: 200, burst: CREATES, retry: { maxAttempts: CREATES }, hooks: log.hooks });
    try {
      const ns = await createNamespace(cs, 'throttle');
      const cms = configMaps(cs, ns);
      log.clear();
      const started = performance.now();
      const results = await Promise.allSettled(
        Array.from({ length: CREATES }, (_, i) => cms.create({ metadata: { generateName: 'burst-' }, data: { i: String(i) } })),
      );
      const elapsed = performance.now() - started;
      const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(failures).toEqual([]);

      const created = results.map((r) => (r as PromiseFulfilledResult<{ metadata?: { name?: string } }>).value.metadata?.name);
      expect(new Set(created).size).toBe(CREATES);

      const retried429 = log.retries.filter((r) => r.status === 429);
      expect(retried429.length).toBeGreaterThan(0);
      // every retry honoured the server's Retry-After: 1
      expect(retried429.every((r) => r.delayMs >= 1000 && /Retry-After 1s/.test(r.reason))).toBe(true);
      expect(log.retries.every((r) => r.verb === 'create' && r.method === 'POST')).toBe(true);
      // the server really answered 429s on the wire
      expect(log.ends.filter((e) => e.status === 429).length).toBe(retried429.length);
      expect(log.ends.filter((e) => e.status === 201).length).toBe(CREATES);

      const list = await cms.list();
      expect(list.items.length).toBe(CREATES);
      const attempts = log.ends.length;
      const maxAttempt = Math.max(...log.ends.map((e) => e.attempt));
      console.log(`[throttling] ${CREATES} creates: ${attempts} attempts on the wire, ${retried429.length} answered 429 and retried, at most ${maxAttempt} attempts for one create, ${Math.round(elapsed)} ms`);
    } finally {
      await cs.close();
    }
  });

  it('with a too small retry budget the 429 surfaces as the ApiError once the budget is spent', async () => {
    const log = new HookLog();
    const cs = await connectComposed(tokenConfig(env, token), { qps: 200, burst: 100, retry: { maxAttempts: 2, jitter: 0 }, hooks: log.hooks });
    try {
      const ns = await createNamespace(cs, 'budget');
      const cms = configMaps(cs, ns);
      const results = await Promise.allSettled(Array.from({ length: 32 }, () => cms.create({ metadata: { generateName: 'small-' } })));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error & { code?: number });
      // some of 32 simultaneous creates are turned away twice in a row
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected.every((e) => e.name === 'ApiError' && e.code === 429)).toBe(true);
      const created = results.length - rejected.length;
      expect((await cms.list()).items.length).toBe(created);
      expect(Math.max(...log.ends.map((e) => e.attempt))).toBe(2);
    } finally {
      await cs.close();
    }
  });

  it('records on the answer the attempts of a call the server throttled', async () => {
    const log = new HookLog();
    // A budget of one attempt per concurrent call (see the first case), whatever the machine's speed.
    const cs = await connectComposed(tokenConfig(env, token), { qps: 200, burst: 100, retry: { maxAttempts: 16 }, hooks: log.hooks });
    try {
      // 16 simultaneous lists against a server that serves one read at a time
      const ns = await createNamespace(cs, 'attempts');
      const transport = cs.ctx.transport;
      const path = `/api/v1/namespaces/${ns}/configmaps`;
      const answers = await Promise.all(Array.from({ length: 16 }, () => transport.request({ method: 'GET', path, context: { verb: 'list', resource: 'core/v1/configmaps' } })));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const retried = answers.filter((a) => retryAttemptsOf(a) !== undefined);
      expect(retried.length).toBeGreaterThan(0);
      const history = retryAttemptsOf(retried[0])!;
      expect(history.at(-1)!.status).toBe(200);
      expect(history.slice(0, -1).every((a) => a.status === 429 && a.delayMs! >= 1000)).toBe(true);
    } finally {
      await cs.close();
    }
  });
});
