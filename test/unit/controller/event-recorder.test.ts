import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/rest/transport/clock.js';
import { ApiError } from '../../../src/rest/errors.js';
import { EventCorrelator, combinedEventsPrefix } from '../../../src/controller/event-correlator.js';
import { EventRecorder, type EventObject, type EventSink } from '../../../src/controller/event-recorder.js';

function fakeSink() {
  const created: EventObject[] = [];
  const patches: Array<{ name: string; patch: Record<string, unknown> }> = [];
  let failNext: unknown;
  const sink: EventSink = {
    create: async (e) => {
      if (failNext) {
        const f = failNext;
        failNext = undefined;
        throw f;
      }
      created.push(e);
      return e;
    },
    patch: async (name, p) => {
      patches.push({ name, patch: p.patch });
      return {};
    },
  };
  return { sink, created, patches, fail: (e: unknown) => (failNext = e) };
}

const fp = (note: string, reason = 'Sync') => ({ source: 'c/i', regarding: 'v1/Node//n1/u', related: '', type: 'Normal', reason, action: 'Reconcile', note });

describe('EventCorrelator', () => {
  it('spam filter: 25 events per object, then one per 5 minutes', async () => {
    const clock = new ManualClock(0);
    const c = new EventCorrelator(clock);
    const results = Array.from({ length: 27 }, (_, i) => c.correlate(fp(`n${i % 2}`)).action);
    expect(results.filter((r) => r === 'drop')).toHaveLength(2);
    await clock.advance(300_000);
    expect(c.correlate(fp('n0')).action).not.toBe('drop');
    expect(c.correlate(fp('n0')).action).toBe('drop');
  });

  it('aggregates more than 10 similar events into one combined series', () => {
    const c = new EventCorrelator(new ManualClock(0));
    const out = Array.from({ length: 13 }, (_, i) => c.correlate(fp(`note ${i}`)));
    expect(out.slice(0, 10).every((r) => r.action === 'create')).toBe(true);
    expect(out[10]).toMatchObject({ action: 'create', note: `${combinedEventsPrefix}note 10` });
    expect(out[11]).toMatchObject({ action: 'count' });
    expect(out[12]).toMatchObject({ action: 'count' });
  });
});

describe('EventRecorder', () => {
  it('creates an Event, counts identical repeats on it as a series, never throws', async () => {
    const s = fakeSink();
    const rec = new EventRecorder({ sink: () => s.sink, reportingController: 'example.com/ctl', reportingInstance: 'pod-1', clock: new ManualClock(0), wallClock: () => Date.UTC(2026, 0, 1) });
    const node = { metadata: { name: 'n1', uid: 'u1' } };
    rec.event(node, 'Warning', 'SyncFailed', 'Reconcile', 'boom', { kind: { apiVersion: 'v1', kind: 'Node' } });
    rec.event(node, 'Warning', 'SyncFailed', 'Reconcile', 'boom', { kind: { apiVersion: 'v1', kind: 'Node' } });
    rec.event(node, 'Warning', 'SyncFailed', 'Reconcile', 'boom', { kind: { apiVersion: 'v1', kind: 'Node' } });
    await rec.flush();
    expect(s.created).toHaveLength(1);
    expect(s.created[0]).toMatchObject({
      metadata: { namespace: 'default' },
      eventTime: '2026-01-01T00:00:00.000000Z',
      reportingController: 'example.com/ctl',
      reportingInstance: 'pod-1',
      regarding: { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'u1' },
      type: 'Warning',
      reason: 'SyncFailed',
      action: 'Reconcile',
      note: 'boom',
    });
    expect(s.created[0]!.metadata!.name).toMatch(/^n1\.[0-9a-f]+$/);
    expect(s.patches.map((p) => (p.patch.series as { count: number }).count)).toEqual([2, 3]);
  });

  it('a failed write is logged, the recorder goes on; a full buffer drops', async () => {
    const s = fakeSink();
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (o: unknown) => void warnings.push(o) } as never;
    const rec = new EventRecorder({ sink: () => s.sink, reportingController: 'c', clock: new ManualClock(0), logger, bufferSize: 2 });
    s.fail(new ApiError({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'no' }));
    rec.event({ metadata: { name: 'a', namespace: 'ns' } }, 'Normal', 'R', 'A', 'first (being written)');
    rec.event({ metadata: { name: 'b', namespace: 'ns' } }, 'Normal', 'R', 'A', 'second');
    rec.event({ metadata: { name: 'b2', namespace: 'ns' } }, 'Normal', 'R', 'A', 'third');
    rec.event({ metadata: { name: 'c', namespace: 'ns' } }, 'Normal', 'R', 'A', 'dropped: buffer full');
    expect(rec.dropped).toBe(1);
    await rec.flush();
    expect(warnings).toHaveLength(1);
    expect(s.created.map((e) => e.regarding?.name)).toEqual(['b', 'b2']);
    expect(s.created[0]!.metadata!.namespace).toBe('ns');
    await rec.close();
    rec.event({ metadata: { name: 'd' } }, 'Normal', 'R', 'A', 'after close');
    expect(rec.dropped).toBe(2);
  });

  it('truncates notes to 1 kB', async () => {
    const s = fakeSink();
    const rec = new EventRecorder({ sink: () => s.sink, reportingController: 'c', clock: new ManualClock(0) });
    rec.event({ metadata: { name: 'a' } }, 'Normal', 'R', 'A', 'é'.repeat(2000));
    await rec.flush();
    expect(Buffer.byteLength(s.created[0]!.note!)).toBeLessThanOrEqual(1024);
  });
});
