import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLogger, type Logger } from '../../../src/rest/transport/logger.js';
import { ObservedTransport } from '../../../src/rest/transport/observability.js';
import { deduplicateWarnings, handleWarnings, loggerWarningHandler, parseWarningHeaders, warningHeaderValues, type ServerWarning, type WarningHandler } from '../../../src/rest/transport/warning-handler.js';
import { req, ScriptedTransport } from './support.js';

describe('parseWarningHeaders', () => {
  it('finds the Warning header whatever its case, and only it', () => {
    const headers = { 'content-type': 'application/json', warning: '299 - "a"', Warning: ['299 - "b"', '299 - "c"'], WARNING: '299 - "d"', 'www-authenticate': 'Bearer', warnings: 'no', audit: undefined };
    expect(warningHeaderValues(headers)).toEqual(['299 - "a"', '299 - "b"', '299 - "c"', '299 - "d"']);
    expect(warningHeaderValues({ 'content-type': 'application/json' })).toEqual([]);
  });

  it('parses the API server format', () => {
    expect(parseWarningHeaders('299 - "unknown field \\"spec.foo\\""')).toEqual([{ code: 299, agent: '-', text: 'unknown field "spec.foo"' }]);
  });

  it('parses several entries per value, several values, agents and dates', () => {
    const values = ['299 - "first", 299 kube-apiserver "second, with a comma" "Sat, 01 Jan 2000 00:00:00 GMT"', '199 proxy:8080 "third"'];
    expect(parseWarningHeaders(values)).toEqual([
      { code: 299, agent: '-', text: 'first' },
      { code: 299, agent: 'kube-apiserver', text: 'second, with a comma' },
      { code: 199, agent: 'proxy:8080', text: 'third' },
    ]);
  });

  it('skips malformed entries and keeps the good ones', () => {
    expect(parseWarningHeaders(['garbage', '99 - "short code"', '299 - unquoted', '299 - "unterminated', '299 - "ok"'])).toEqual([{ code: 299, agent: '-', text: 'ok' }]);
    expect(parseWarningHeaders(undefined)).toEqual([]);
  });
});

describe('warning handling', () => {
  afterEach(() => vi.restoreAllMocks());

  it('deduplicates: each distinct text reaches the handler once', () => {
    const seen: ServerWarning[] = [];
    const handler = deduplicateWarnings((w) => seen.push(w));
    const ctx = { verb: 'create' };
    for (let i = 0; i < 3; i++) handleWarnings({ warning: ['299 - "deprecated"', '299 - "unknown field spec.x"'] }, ctx, handler);
    handleWarnings({ Warning: '299 - "deprecated"' }, ctx, handler);
    expect(seen.map((w) => w.text)).toEqual(['deprecated', 'unknown field spec.x']);
  });

  it('bounds the memory of the deduplicator', () => {
    const seen: string[] = [];
    const handler = deduplicateWarnings((w) => seen.push(w.text), 2);
    for (const t of ['a', 'b', 'c', 'a']) handler({ code: 299, agent: '-', text: t }, { verb: 'get' });
    expect(seen).toEqual(['a', 'b', 'c', 'a']); // 'a' was forgotten once 'c' arrived
  });

  it('the logger handler reports 299 warnings to logger.warn with context, and ignores other codes', () => {
    const warn = vi.fn();
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), error: vi.fn(), warn };
    const handler = loggerWarningHandler(logger);
    handler({ code: 299, agent: '-', text: 'v1beta1 is deprecated' }, { verb: 'list', resource: 'g/v1beta1/things' });
    handler({ code: 199, agent: '-', text: 'misc' }, { verb: 'list' });
    handler({ code: 299, agent: '-', text: '' }, { verb: 'list' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({ code: 299, agent: '-', verb: 'list', resource: 'g/v1beta1/things' }, 'v1beta1 is deprecated');
  });

  it('the default logger writes warnings to console.warn as "Warning: <text>" and nothing else', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    loggerWarningHandler(defaultLogger)({ code: 299, agent: '-', text: 'unknown field "spec.foo"' }, { verb: 'create' });
    defaultLogger.info('quiet');
    defaultLogger.debug({ a: 1 }, 'quiet');
    defaultLogger.error('quiet');
    expect(spy).toHaveBeenCalledWith('Warning: unknown field "spec.foo"');
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('ObservedTransport hands the warnings of every answer (request and stream) to the handler', async () => {
    const got: string[] = [];
    const handler: WarningHandler = (w, r) => got.push(`${r.verb}: ${w.text}`);
    const stub = new ScriptedTransport([{ status: 200, headers: { warning: '299 - "a"' } }, { status: 404, headers: { warning: ['299 - "b"', '299 - "c"'] } }, { status: 200, headers: { Warning: '299 - "d"' } }]);
    const t = new ObservedTransport(stub, { warningHandler: handler });
    await t.request(req('get'));
    await t.request(req('create'));
    await t.stream(req('watch'));
    expect(got).toEqual(['get: a', 'create: b', 'create: c', 'watch: d']);
  });

  it('a throwing warning handler does not fail the call', async () => {
    const t = new ObservedTransport(new ScriptedTransport([{ status: 200, headers: { warning: '299 - "a"' } }]), {
      warningHandler: () => {
        throw new Error('broken handler');
      },
    });
    expect((await t.request(req('get'))).status).toBe(200);
  });
});
