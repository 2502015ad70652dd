// Errors are recognised across copies of the package (the dual-package hazard): a second,
// separately evaluated copy of errors.ts stands in for the other module system's build.
// .ci/package-check.sh checks the same on the built ESM and CommonJS outputs together.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as a from '../../../src/rest/errors.js';

type Errors = typeof import('../../../src/rest/errors.js');
const copyPath = '../../../src/rest/errors.ts?second-copy';
const b = (await import(/* @vite-ignore */ copyPath)) as Errors;

const notFound = { apiVersion: 'v1', kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'x not found' } as const;

describe('error brand across copies of the package', () => {
  it('is a distinct copy of the module (so the test means something)', () => {
    expect(b.ApiError).not.toBe(a.ApiError);
    expect(Function.prototype[Symbol.hasInstance].call(a.ApiError, new b.ApiError(notFound))).toBe(false);
  });

  it('predicates and instanceof recognise the other copy\'s errors', () => {
    const foreign = new b.ApiError(notFound, { verb: 'get', resource: 'g/v1/things', name: 'x' });
    expect(a.isNotFound(foreign)).toBe(true);
    expect(a.isConflict(foreign)).toBe(false);
    expect(foreign instanceof a.ApiError).toBe(true);
    expect(foreign instanceof a.KubeClientError).toBe(true);
    expect(foreign instanceof a.NetworkError).toBe(false);
    expect(foreign instanceof Error).toBe(true);

    const net = new b.NetworkError('connection refused', { errorCode: 'ECONNREFUSED', notSent: true });
    expect(net instanceof a.NetworkError).toBe(true);
    expect(net instanceof a.ApiError).toBe(false);
    expect(a.isNotFound(net)).toBe(false);
    expect(new b.ConfigError('bad') instanceof a.ConfigError).toBe(true);
    expect(new b.ConfigError('bad') instanceof a.ValidationError).toBe(false);
  });

  it('a user subclass matches only its own instances, and its instances match the library classes', () => {
    class MyError extends a.ApiError {}
    const mine = new MyError(notFound);
    expect(mine instanceof MyError).toBe(true);
    expect(mine instanceof b.ApiError).toBe(true);
    expect(b.isNotFound(mine)).toBe(true);
    expect(new a.ApiError(notFound) instanceof MyError).toBe(false);
    expect(new b.ApiError(notFound) instanceof MyError).toBe(false);
  });

  it('non-errors and look-alikes without the brand are not matched', () => {
    expect(a.isNotFound({ code: 404, reason: 'NotFound' })).toBe(false);
    expect(a.isNotFound(null)).toBe(false);
    expect(a.isNotFound('NotFound')).toBe(false);
    expect(Object.create(null) instanceof a.KubeClientError).toBe(false);
  });

  it('the brand is invisible: not enumerable, not in util.inspect or JSON', () => {
    const err = new b.ApiError(notFound);
    expect(Object.keys(err)).not.toContain('koordinator-client.error-kinds');
    expect(inspect(err)).not.toContain('error-kinds');
    expect(JSON.stringify({ ...err })).not.toContain('error-kinds');
    expect(Object.getOwnPropertySymbols(err).map(String)).toEqual(['Symbol(koordinator-client.error-kinds)']);
  });
});
