/**
 * Errors that retrying cannot fix fail at once, and hostile sizes are capped, against the real
 * kube-apiserver: a client certificate whose key does not match (not retried: one attempt), an
 * unreachable server (a warning naming it on the first retry; the default budget is about 10 s,
 * as client-go's), an answer or a watch event larger than its cap (`ResponseTooLargeError`).
 */
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Clientset } from '../../../src/generated/clientset.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { NetworkError, ResponseTooLargeError } from '../../../src/rest/errors.js';
import type { Logger } from '../../../src/rest/transport/logger.js';
import { DEFAULT_RETRY_OPTIONS, backoffDelayMs } from '../../../src/rest/flow-control/retry-policy.js';
import { RetryExhaustedError } from '../../../src/rest/flow-control/retry-exhausted-error.js';
import { generateTlsFixtures } from '../../unit/rest/tls-fixtures.js';
import { envtestInfo } from '../env.js';
import { useCluster } from '../support/cluster.js';
import { configMaps, createNamespace, HookLog } from './support.js';

const cluster = useCluster();

function capturingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => {};
  return {
    warnings,
    logger: { debug: noop, info: noop, error: noop, warn: (a: object | string, b?: string) => void warnings.push(typeof a === 'string' ? a : (b ?? '')) },
  };
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('fail fast', () => {
  it('a client key that does not match its certificate fails on the first attempt, not retried', async () => {
    const fx = generateTlsFixtures();
    const log = new HookLog();
    const config: RestConfig = { server: envtestInfo().server, tls: { ca: envtestInfo().caPem, cert: fx.alice.cert, key: fx.bob.key }, auth: {} };
    const cs = await Clientset.create({ config, rateLimiter: false, hooks: log.hooks });
    try {
      const started = performance.now();
      const err = await cs.discovery.serverVersion().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).errorCode).toMatch(/^ERR_OSSL_/);
      expect(log.retries).toEqual([]);
      expect(log.ends).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await cs.close();
    }
  });

  it('connection refused: one warning naming the server on the first retry, then RetryExhaustedError', async () => {
    const port = await closedPort();
    const { logger, warnings } = capturingLogger();
    const cs = await Clientset.create({ config: { server: `https://127.0.0.1:${port}`, tls: { ca: envtestInfo().caPem }, auth: {} }, rateLimiter: false, logger, retry: { maxAttempts: 4, initialBackoffMs: 20 } });
    try {
      const err = await cs.discovery.serverVersion().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RetryExhaustedError);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`cannot connect to https://127.0.0.1:${port} (ECONNREFUSED)`);
      expect(warnings[0]).toContain('at most 3 more attempts');
    } finally {
      await cs.close();
    }
  });

  it('the default budget for connection failures is about 10 s, as client-go (10 retries 1 s apart)', () => {
    const waits = Array.from({ length: DEFAULT_RETRY_OPTIONS.maxAttempts - 1 }, (_, i) => backoffDelayMs(DEFAULT_RETRY_OPTIONS, i + 1));
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(8000);
    expect(total * (1 + DEFAULT_RETRY_OPTIONS.jitter)).toBeLessThanOrEqual(12_000);
  });
});

describe('size caps', () => {
  it('an answer larger than maxResponseBytes is a ResponseTooLargeError; a watch event larger than maxWatchEventBytes ends the watch with one', async () => {
    const ns = await createNamespace(cluster.cs, 'caps');
    const info = envtestInfo();
    const cs = await Clientset.create({
      config: { server: info.server, tls: { ca: info.caPem, cert: info.clientCertPem, key: info.clientKeyPem }, auth: {} },
      rateLimiter: false,
      maxResponseBytes: 64 * 1024,
      maxWatchEventBytes: 64 * 1024,
      validateWrites: false,
    });
    try {
      const list = await configMaps(cs, ns).list();
      const it = configMaps(cs, ns).watch({ resourceVersion: list.metadata?.resourceVersion ?? '' })[Symbol.asyncIterator]();
      const next = it.next().catch((e: unknown) => e);
      await configMaps(cluster.cs, ns).create({ metadata: { name: 'big' }, data: { filler: 'x'.repeat(100_000) } });
      const watchErr = await next;
      expect(watchErr).toBeInstanceOf(ResponseTooLargeError);
      expect((watchErr as Error).message).toMatch(/^watch core\/v1\/configmaps, namespace caps-\w+: one watch event is larger than the 65536 bytes allowed/);

      const err = await configMaps(cs, ns)
        .get('big')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseTooLargeError);
      expect((err as ResponseTooLargeError).limitBytes).toBe(65536);
      // smaller answers still pass on the same client
      expect((await configMaps(cs, ns).list({ limit: 1, fieldSelector: 'metadata.name=none' })).items).toEqual([]);
    } finally {
      await cs.close();
    }
  });
});
