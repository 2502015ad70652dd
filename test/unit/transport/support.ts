/**
 * Test support for the transport decorator unit tests: a scripted in-memory `Transport` (a unit
 * test double of the decorators' inner transport, not evidence about a server), request
 * builders, and a driver that runs a promise to completion on a `ManualClock`.
 */
import type { CallOptions } from '../../../src/meta/options.js';
import { flushMicrotasks, type ManualClock } from '../../../src/rest/transport/clock.js';
import { NetworkError, type RequestContext } from '../../../src/rest/errors.js';
import type { HttpMethod, RestRequest, RestResponse, RestStream, Transport } from '../../../src/rest/transport/transport.js';

/** One scripted outcome: an answer, an error to throw, or a function producing either. */
export type Step =
  | { status: number; headers?: Record<string, string | string[]>; body?: string }
  | Error
  | ((req: RestRequest, opts: CallOptions | undefined) => Promise<RestResponse> | RestResponse);

/** A recorded call of the stub. */
export interface StubCall {
  kind: 'request' | 'stream';
  req: RestRequest;
  opts: CallOptions | undefined;
}

/** A `Transport` that plays back a script, one step per call (the last step repeats). */
export class ScriptedTransport implements Transport {
  readonly calls: StubCall[] = [];
  readonly cancelled: number[] = [];
  closed = false;
  constructor(private readonly steps: Step[]) {}

  private async next(kind: 'request' | 'stream', req: RestRequest, opts: CallOptions | undefined): Promise<RestResponse> {
    this.calls.push({ kind, req, opts });
    const step = this.steps[Math.min(this.calls.length - 1, this.steps.length - 1)];
    if (step === undefined) throw new Error('empty script');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(req, opts);
    return { status: step.status, headers: { ...(step.headers ?? {}) }, body: step.body ?? '' };
  }

  request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    return this.next('request', req, opts);
  }

  async stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    const index = this.calls.length;
    const res = await this.next('stream', req, opts);
    const body = res.body;
    return {
      status: res.status,
      headers: res.headers,
      body: (async function* () {
        if (body) yield new TextEncoder().encode(body);
      })(),
      cancel: () => {
        this.cancelled.push(index);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const methodOfVerb: Record<string, HttpMethod> = { get: 'GET', list: 'GET', watch: 'GET', discovery: 'GET', create: 'POST', update: 'PUT', patch: 'PATCH', apply: 'PATCH', delete: 'DELETE', deletecollection: 'DELETE' };

/** A request for `verb` on Reservations (method derived from the verb). */
export function req(verb: string, extra: Partial<RestRequest> = {}): RestRequest {
  const context: RequestContext = { verb, resource: 'scheduling.koordinator.sh/v1alpha1/reservations' };
  const method = methodOfVerb[verb] ?? 'GET';
  const r: RestRequest = { method, path: '/apis/scheduling.koordinator.sh/v1alpha1/reservations?limit=5', context, ...extra };
  if (method !== 'GET' && r.body === undefined) r.body = '{}';
  return r;
}

/** A `NetworkError` with a code, as the HTTP transport throws it. */
export function netError(errorCode: string, notSent = false, verb = 'get'): NetworkError {
  return new NetworkError(`connection failed (${errorCode})`, { errorCode, notSent, request: { verb } });
}

/**
 * Drives `promise` to completion on `clock`: lets pending work run, then advances the clock to
 * the next pending sleep, until the promise settles. Fails when nothing is pending and the
 * promise is still open (a hang), or after `maxSteps` wake-ups.
 */
export async function settle<T>(clock: ManualClock, promise: Promise<T>, maxSteps = 1000): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < maxSteps; i++) {
    await flushMicrotasks();
    if (done) return promise;
    if (!(await clock.advanceToNext())) {
      await flushMicrotasks();
      if (done) return promise;
      throw new Error('settle: the promise is pending but nothing is sleeping on the clock');
    }
  }
  throw new Error('settle: too many steps');
}

/** Whether a promise has settled (after letting pending callbacks run). */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await flushMicrotasks();
  return done;
}
