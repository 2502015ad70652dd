import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import { AbortError } from '../../../src/rest/errors.js';
import type { Logger } from '../../../src/rest/transport/logger.js';
import type { TransportThrottleInfo } from '../../../src/rest/transport/observability.js';
import { formatSeconds, RateLimitedTransport } from '../../../src/rest/flow-control/rate-limited-transport.js';
import { withAttemptNumber } from '../../../src/rest/flow-control/retry-attempts.js';
import { TokenBucket } from '../../../src/rest/flow-control/token-bucket.js';
import { isSettled, req, ScriptedTransport } from './support.js';

function recordingLogger() {
  const lines: { level: string; obj: unknown; msg: string | undefined }[] = [];
  const at =
    (level: string) =>
    (obj: unknown, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, obj: undefined, msg: obj } : { level, obj, msg });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

function setup(qps = 5, burst = 2) {
  const clock = new ManualClock();
  const stub = new ScriptedTransport([{ status: 200 }]);
  const throttles: TransportThrottleInfo[] = [];
  const { lines, logger } = recordingLogger();
  const transport = new RateLimitedTransport(stub, new TokenBucket(qps, burst, clock), { clock, logger, hooks: { onThrottle: (i) => throttles.push(i) } });
  return { clock, stub, throttles, lines, transport };
}

describe('RateLimitedTransport', () => {
  it('makes every request() wait for a token', async () => {
    const { clock, stub, throttles, transport } = setup(5, 2);
    const ps = [0, 1, 2, 3].map(() => transport.request(req('get')));
    await clock.advance(0);
    expect(stub.calls).toHaveLength(2);
    await clock.advance(200);
    expect(stub.calls).toHaveLength(3);
    await clock.advance(200);
    await Promise.all(ps);
    expect(stub.calls).toHaveLength(4);
    expect(throttles.map((t) => t.waitedMs)).toEqual([200, 400]);
    expect(throttles[0]).toMatchObject({ verb: 'get', method: 'GET', path: '/apis/scheduling.koordinator.sh/v1alpha1/reservations', resource: 'scheduling.koordinator.sh/v1alpha1/reservations' });
  });

  it('does not rate limit stream() (watch)', async () => {
    const { stub, transport } = setup(1, 1);
    const streams = await Promise.all([0, 1, 2, 3, 4].map(() => transport.stream(req('watch'))));
    expect(streams).toHaveLength(5);
    expect(stub.calls.map((c) => c.kind)).toEqual(['stream', 'stream', 'stream', 'stream', 'stream']);
  });

  it('rejects with AbortError at once when aborted while waiting for a token', async () => {
    const { clock, stub, transport } = setup(1, 1);
    await transport.request(req('get'));
    const ac = new AbortController();
    const p = transport.request(req('get'), { signal: ac.signal });
    await clock.advance(300);
    expect(await isSettled(p)).toBe(false);
    ac.abort();
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).request?.verb).toBe('get');
    expect(clock.now()).toBe(300);
    expect(stub.calls).toHaveLength(1);
  });

  it('with a token at hand: an aborted call still fails without taking it, and the time left is passed on', async () => {
    const { clock, stub, transport } = setup(1, 1);
    const err = await transport.request(req('get'), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(stub.calls).toHaveLength(0);
    // The token is still there: this call goes at once, with its whole timeout.
    await transport.request(req('get'), { timeoutMs: 700 });
    expect(clock.now()).toBe(0);
    expect(stub.calls.at(-1)!.opts?.timeoutMs).toBe(700);
  });

  it('fails with a timed-out AbortError when timeoutMs passes while waiting, and passes the time left on', async () => {
    const { clock, stub, transport } = setup(1, 1);
    await transport.request(req('get'));
    const late = transport.request(req('get'), { timeoutMs: 500 }).catch((e: unknown) => e);
    await clock.advance(500);
    const err = await late;
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).timedOut).toBe(true);
    // the abandoned token went back: a call with enough time gets through after the refill
    const inTime = transport.request(req('get'), { timeoutMs: 2000 });
    await clock.advance(500);
    await inTime;
    expect(stub.calls.at(-1)!.opts?.timeoutMs).toBe(1500);
  });

  it('logs waits over 1 s like client-go, at info, at most once a second; shorter ones at debug', async () => {
    const { clock, lines, transport } = setup(0.5, 1); // one token every 2 s
    const ps = [0, 1, 2].map(() => transport.request(req('list')));
    await clock.advance(4000);
    await Promise.all(ps);
    const info = lines.filter((l) => l.level === 'info');
    expect(info).toHaveLength(2);
    expect(info[0]!.msg).toBe('Waited for 2s due to client-side throttling, not priority and fairness, request: GET:/apis/scheduling.koordinator.sh/v1alpha1/reservations');
    expect(info[0]!.obj).toMatchObject({ waitedMs: 2000, verb: 'list', method: 'GET' });

    const fast = setup(10, 1);
    await fast.transport.request(req('get'));
    const p = fast.transport.request(withAttemptNumber(req('get'), 3));
    await fast.clock.advance(100);
    await p;
    expect(fast.lines).toEqual([{ level: 'debug', obj: expect.objectContaining({ waitedMs: 100, attempt: 3 }), msg: 'Waited for 0.1s before attempt 3 due to client-side throttling, not priority and fairness, request: GET:/apis/scheduling.koordinator.sh/v1alpha1/reservations' }]);
  });

  it('formats durations like Go', () => {
    expect(formatSeconds(1200)).toBe('1.2s');
    expect(formatSeconds(1000)).toBe('1s');
    expect(formatSeconds(1234.5678)).toBe('1.235s');
    expect(formatSeconds(50)).toBe('0.05s');
  });
});
