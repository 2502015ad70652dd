/**
 * Server warnings: the API server reports deprecated APIs, unknown fields dropped with
 * `fieldValidation=Warn`, and similar through `Warning: 299 - "message"` response headers
 * (RFC 7234 §5.5). They are parsed here and handed to a `WarningHandler` (client-go
 * `rest.WarningHandler`); by default they go to the logger's `warn`, each distinct message once
 * (client-go's deduplicating `WarningWriter`, as kubectl uses it).
 * @packageDocumentation
 */
import type { RequestContext } from '../errors.js';
import { redact, type Logger } from './logger.js';
import type { RestResponse } from './transport.js';

/** One parsed `Warning` header entry. */
export interface ServerWarning {
  /** Warn-code; the API server always sends 299 ("miscellaneous persistent warning"). */
  code: number;
  /** Warn-agent (`-` when the server does not name itself). */
  agent: string;
  /** The warning text, unquoted. */
  text: string;
}

/** Receives the server's warnings; `request` says which call they came with. */
export type WarningHandler = (warning: ServerWarning, request: RequestContext) => void;

/**
 * Parses `Warning` header values (`299 - "text"` or `299 agent "text" "date"`, several per value
 * separated by commas). Malformed entries are skipped.
 */
export function parseWarningHeaders(values: string | readonly string[] | undefined): ServerWarning[] {
  if (values === undefined) return [];
  const list = typeof values === 'string' ? [values] : values;
  const out: ServerWarning[] = [];
  for (const value of list) parseOne(value, out);
  return out;
}

function parseOne(value: string, out: ServerWarning[]): void {
  let i = 0;
  const n = value.length;
  const skipSpaces = (): void => {
    while (i < n && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < n && value[i] !== ' ' && value[i] !== '\t' && value[i] !== ',') i++;
    return value.slice(start, i);
  };
  const quoted = (): string | undefined => {
    if (value[i] !== '"') return undefined;
    i++;
    let text = '';
    while (i < n) {
      const c = value[i]!;
      if (c === '\\' && i + 1 < n) {
        text += value[i + 1];
        i += 2;
      } else if (c === '"') {
        i++;
        return text;
      } else {
        text += c;
        i++;
      }
    }
    return undefined; // unterminated
  };
  const skipToNextEntry = (): void => {
    let inQuote = false;
    while (i < n) {
      const c = value[i]!;
      if (inQuote && c === '\\') i++;
      else if (c === '"') inQuote = !inQuote;
      else if (c === ',' && !inQuote) {
        i++;
        return;
      }
      i++;
    }
  };
  while (i < n) {
    skipSpaces();
    if (i >= n) break;
    if (value[i] === ',') {
      i++;
      continue;
    }
    const codeText = token();
    skipSpaces();
    const agent = token();
    skipSpaces();
    const text = quoted();
    if (!/^\d{3}$/.test(codeText) || !agent || text === undefined) {
      skipToNextEntry();
      continue;
    }
    out.push({ code: Number(codeText), agent, text });
    skipSpaces();
    if (value[i] === '"') quoted(); // optional warn-date
    skipToNextEntry();
  }
}

/** The `Warning` header values of an answer (header names are matched case-insensitively). */
export function warningHeaderValues(headers: RestResponse['headers']): string[] {
  const out: string[] = [];
  for (const name in headers) {
    // Only a name starting with `w` or `W` can be `Warning` in any case (most answers have none).
    const first = name.charCodeAt(0);
    if ((first !== 119 && first !== 87) || name.toLowerCase() !== 'warning') continue;
    const v = headers[name];
    if (v === undefined) continue;
    if (Array.isArray(v)) out.push(...v);
    else out.push(v as string);
  }
  return out;
}

/**
 * A handler that logs each warning with `logger.warn({ code, agent, verb, resource }, text)` (the
 * text passed through `redact()`).
 * Like client-go's `WarningLogger`, only code 299 with a non-empty text is reported.
 */
export function loggerWarningHandler(logger: Logger): WarningHandler {
  return (warning, request) => {
    if (warning.code !== 299 || !warning.text) return;
    const fields: Record<string, unknown> = { code: warning.code, agent: warning.agent, verb: request.verb };
    if (request.resource !== undefined) fields.resource = request.resource;
    logger.warn(fields, redact(warning.text));
  };
}

/**
 * Wraps a handler so that each distinct warning text reaches it only once (client-go
 * `WarningWriterOptions.Deduplicate`). The set of texts already seen is bounded: past
 * `maxRemembered` (1024 by default) the oldest are forgotten, so a server that puts unique names
 * in its warnings cannot grow memory without limit.
 */
export function deduplicateWarnings(handler: WarningHandler, maxRemembered = 1024): WarningHandler {
  const seen = new Set<string>();
  return (warning, request) => {
    if (seen.has(warning.text)) return;
    seen.add(warning.text);
    if (seen.size > maxRemembered) seen.delete(seen.values().next().value as string);
    handler(warning, request);
  };
}

/** Sends every warning of an answer to `handler` (a throwing handler never fails the call). */
export function handleWarnings(headers: RestResponse['headers'], request: RequestContext, handler: WarningHandler): void {
  const values = warningHeaderValues(headers);
  if (values.length === 0) return;
  for (const w of parseWarningHeaders(values)) {
    try {
      handler(w, request);
    } catch {
      // a broken warning handler must not turn a successful call into a failure
    }
  }
}
