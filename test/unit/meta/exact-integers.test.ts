// Integers beyond 2^53: parsed as JSON.parse does, written back exact while the object holds the
// value it was read with, refused (PrecisionLossError) once a copy lost the exact digits.
import { describe, expect, it } from 'vitest';
import { deepCopy } from '../../../src/meta/deep-copy.js';
import { parseJson } from '../../../src/meta/exact-integers.js';
import { PrecisionLossError, ValidationError } from '../../../src/rest/errors.js';
import { serializeBody } from '../../../src/rest/wire/serialize-body.js';

const ctx = { verb: 'update', resource: 'slo.koordinator.sh/v1alpha1/nodeslos', name: 'n' };
const TEXT = '{"metadata":{"name":"n"},"spec":{"cpuBurstStrategy":{"cfsQuotaBurstPeriodSeconds":9007199254740993,"cpuBurstPercent":1000},"big":[-9223372036854775807,18446744073709551615,9007199254740992],"f":1.0000000000000002,"s":"x:12345678901234567"}}';

type Obj = { metadata: { name: string; labels?: Record<string, string> }; spec: { cpuBurstStrategy: { cfsQuotaBurstPeriodSeconds: number; cpuBurstPercent: number }; big: number[]; f: number; s: string } };

describe('parseJson', () => {
  it('gives what JSON.parse gives', () => {
    expect(parseJson(TEXT)).toEqual(JSON.parse(TEXT));
    expect(parseJson('{"a":1,"b":[2,3],"c":"9007199254740993"}')).toEqual({ a: 1, b: [2, 3], c: '9007199254740993' });
  });
});

describe('writing back', () => {
  it('an unchanged rounded integer is written with its exact digits, also after spreads and deepCopy', () => {
    const obj = parseJson(TEXT) as Obj;
    expect(obj.spec.cpuBurstStrategy.cfsQuotaBurstPeriodSeconds).toBe(9007199254740992);
    const out = serializeBody(obj, ctx);
    expect(out).toContain('"cfsQuotaBurstPeriodSeconds":9007199254740993');
    expect(out).toContain('[-9223372036854775807,18446744073709551615,9007199254740992]');
    expect(out).toContain('"f":1.0000000000000002');
    const changed = { ...obj, metadata: { ...obj.metadata, labels: { a: 'b' } } };
    expect(serializeBody(changed, ctx)).toContain('9007199254740993');
    const copy = deepCopy(obj);
    copy.metadata.labels = { x: 'y' };
    expect(serializeBody(copy, ctx)).toContain('"cfsQuotaBurstPeriodSeconds":9007199254740993');
    expect(JSON.parse(serializeBody(copy, ctx))).toEqual(JSON.parse(JSON.stringify(copy)));
  });

  it('a value the caller changed is written as the caller set it', () => {
    const obj = parseJson(TEXT) as Obj;
    obj.spec.cpuBurstStrategy.cfsQuotaBurstPeriodSeconds = 60;
    expect(serializeBody(obj, ctx)).toContain('"cfsQuotaBurstPeriodSeconds":60');
  });

  it('a rounded integer whose exact value a copy lost is refused with PrecisionLossError naming the path', () => {
    const obj = parseJson(TEXT) as Obj;
    const lost = structuredClone(obj);
    let err: unknown;
    try {
      serializeBody(lost, ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PrecisionLossError);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as PrecisionLossError).issues[0]?.path).toBe('spec.cpuBurstStrategy.cfsQuotaBurstPeriodSeconds');
    // A large value never seen rounded is the caller's own: sent as is.
    expect(serializeBody({ n: 2 ** 60 }, ctx)).toBe(JSON.stringify({ n: 2 ** 60 }));
  });

  it('digits that print back the same are not rounded: a caller may send that number again', () => {
    // 2^63 prints as 9223372036854776000: an answer holding exactly those digits loses nothing.
    const read = parseJson('{"spec":{"probability":9223372036854776000}}') as { spec: { probability: number } };
    expect(read.spec.probability).toBe(2 ** 63);
    expect(serializeBody(structuredClone(read), ctx)).toBe('{"spec":{"probability":9223372036854776000}}');
    expect(serializeBody({ spec: { probability: 2 ** 63 } }, ctx)).toBe('{"spec":{"probability":9223372036854776000}}');
  });
});
