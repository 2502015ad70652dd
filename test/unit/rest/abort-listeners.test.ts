import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from '../../../src/rest/transport/abort-listeners.js';

describe('onAbort', () => {
  it('many registrations on one signal share one listener; each runs once, in order, unless unregistered', () => {
    const ac = new AbortController();
    const ran: number[] = [];
    const offs = Array.from({ length: 100 }, (_, i) => onAbort(ac.signal, () => ran.push(i)));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    for (let i = 0; i < 100; i += 2) offs[i]!();
    ac.abort();
    expect(ran).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 1));
    offs[1]!(); // after the abort: harmless
    expect(ran).toHaveLength(50);
  });

  it('signals are independent: a registration made on one while another aborts waits for its own abort', () => {
    const a = new AbortController();
    const b = new AbortController();
    const ran: string[] = [];
    onAbort(a.signal, () => {
      ran.push('a1');
      onAbort(b.signal, () => ran.push('b-late'));
    });
    onAbort(b.signal, () => ran.push('b1'));
    a.abort();
    expect(ran).toEqual(['a1']);
    b.abort();
    expect(ran).toEqual(['a1', 'b1', 'b-late']);
  });
});
