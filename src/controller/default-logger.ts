/**
 * The controllers' default logger: warnings and errors on stderr, one line each (messages are
 * built from redacted error descriptions, never credentials); debug and info are dropped.
 * @packageDocumentation
 */
import type { LogFn, Logger } from '../rest/transport/logger.js';

function line(objOrMsg: object | string, msg?: string): string {
  if (typeof objOrMsg === 'string') return objOrMsg;
  let fields: string;
  try {
    fields = JSON.stringify(objOrMsg);
  } catch {
    fields = String(objOrMsg);
  }
  return `${msg ?? ''} ${fields}`.trim();
}

/** Warnings and errors to stderr (`console.warn` / `console.error`), the rest dropped. */
export const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: ((o: object | string, m?: string) => console.warn(`[koordinator-client controller] ${line(o, m)}`)) as LogFn,
  error: ((o: object | string, m?: string) => console.error(`[koordinator-client controller] ${line(o, m)}`)) as LogFn,
};
