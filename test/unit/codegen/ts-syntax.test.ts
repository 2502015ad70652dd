import { describe, expect, it } from 'vitest';
import { CodeWriter } from '../../../codegen/code-writer.js';
import { jsRegExpFor } from '../../../codegen/go-regexp.js';
import { importStatement, quote, regexLiteral, typePropertyKey, valuePropertyKey } from '../../../codegen/ts-syntax.js';
import { firstSentence } from '../../../codegen/tsdoc.js';
import { valueLiteral } from '../../../codegen/value-literal.js';

describe('TypeScript syntax helpers', () => {
  it('quotes strings so that evaluating the literal gives the string back', () => {
    for (const s of ["it's", 'back\\slash', 'line\nbreak', 'tab\t', '\u2028', 'ünïcødé', '\u0001']) {
      expect(new Function(`return ${quote(s)};`)()).toBe(s);
    }
    expect(quote("a'b")).toBe("'a\\'b'");
  });

  it('writes property keys bare when possible and never sets a prototype', () => {
    expect(typePropertyKey('name')).toBe('name');
    expect(typePropertyKey('kubernetes.io/arch')).toBe("'kubernetes.io/arch'");
    expect(valuePropertyKey('__proto__')).toBe("['__proto__']");
    const obj = new Function(`return { ${valuePropertyKey('__proto__')}: 1 };`)() as object;
    expect(Object.keys(obj)).toEqual(['__proto__']);
  });

  it('writes regular expression literals equivalent to the RegExp, flags included', () => {
    for (const re of [/^\/[a-z/]*$/, new RegExp('a/b'), /^(\+|-)?[0-9]+$/u]) {
      const back = new Function(`return ${regexLiteral(re)};`)() as RegExp;
      expect(back.source).toBe(re.source);
      expect(back.flags).toBe(re.flags);
    }
  });

  it('checks Go patterns by code point, as Go does, in Unicode mode where the pattern is valid there, as Go does, in Unicode mode where the pattern is valid there', () => {
    const re = jsRegExpFor('^.{0,2}$')!;
    expect(re.flags).toBe('u');
    expect(re.test('😀😀')).toBe(true);
  });

  it('checks Go patterns with a plain regular expression for escapes Go accepts and Unicode mode refuses', () => {
    const re = jsRegExpFor('^[a-z\\_]+\\-x$')!;
    expect(re.flags).toBe('');
    expect(re.test('a_b-x')).toBe(true);
  });

  it('leaves Go patterns unchecked where JavaScript would read them differently', () => {
    for (const p of ['^\\Aabc\\z', '^[[:alpha:]]+$', '(?i)^abc$', '^\\pL+$_\\_']) expect(jsRegExpFor(p), p).toBeUndefined();
    // Valid in Unicode mode with Go's meaning: checked.
    expect(jsRegExpFor('^\\p{L}+$')?.test('é')).toBe(true);
  });

  it('wraps long imports one name per line', () => {
    expect(importStatement(['a', 'b'], './x.js', true)).toBe("import type { a, b } from './x.js';");
    const long = importStatement(['Aaaaaaaaaaaaaaaaaaaa', 'Bbbbbbbbbbbbbbbbbbbbbbb', 'Cccccccccccccccccccccc', 'Dddddddddddddddddddd'], './types.js');
    expect(long).toBe("import {\n  Aaaaaaaaaaaaaaaaaaaa,\n  Bbbbbbbbbbbbbbbbbbbbbbb,\n  Cccccccccccccccccccccc,\n  Dddddddddddddddddddd,\n} from './types.js';");
  });

  it('renders data as formatted, sorted literals', () => {
    expect(valueLiteral({ b: [1, 'x'], a: { 'c-d': null, e: true }, f: [], g: {} })).toBe(
      "{\n  a: {\n    'c-d': null,\n    e: true,\n  },\n  b: [1, 'x'],\n  f: [],\n  g: {},\n}",
    );
    expect(valueLiteral([{ a: 1 }])).toBe('[\n  {\n    a: 1,\n  },\n]');
    expect(() => valueLiteral({ a: Number.NaN })).toThrow('$.a');
  });

  it('indents blocks and collapses blank runs', () => {
    const w = new CodeWriter();
    w.line('a');
    w.line();
    w.line();
    w.block('b {', () => w.line('c;\nd;'));
    w.line();
    expect(w.toString()).toBe('a\n\nb {\n  c;\n  d;\n}\n');
  });

  it('takes the first sentence of a description', () => {
    expect(firstSentence('Reservation is the Schema for the reservation API.\nA Reservation object is non-namespaced.')).toBe(
      'Reservation is the Schema for the reservation API.',
    );
    expect(firstSentence('NodeSLO is the Schema for the nodeslos API')).toBe('NodeSLO is the Schema for the nodeslos API.');
    expect(firstSentence(undefined)).toBeUndefined();
  });
});
