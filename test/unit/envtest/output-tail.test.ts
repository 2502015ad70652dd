import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../src/envtest/output-tail.js';

describe('OutputTail', () => {
  it('keeps the last N lines, joining lines split across chunks', () => {
    const tail = new OutputTail(3);
    tail.push('one\ntw');
    tail.push(Buffer.from('o\r\nthree\nfour\nfi'));
    expect(tail.lines()).toEqual(['three', 'four', 'fi']);
    tail.push('ve\n');
    expect(tail.lines()).toEqual(['three', 'four', 'five']);
  });

  it('bounds a runaway line', () => {
    const tail = new OutputTail(2);
    tail.push('x'.repeat(70 * 1024));
    expect(tail.lines()).toHaveLength(1);
    tail.push('y');
    expect(tail.lines()[1]).toBe('y');
  });

  it('rejects a non-positive limit', () => {
    expect(() => new OutputTail(0)).toThrow(RangeError);
  });
});
