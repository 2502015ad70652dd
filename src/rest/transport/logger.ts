/**
 * The pluggable logger of the transport: a pino-compatible shape (`logger.warn(obj, msg)` or
 * `logger.warn(msg)`), so a pino or bunyan logger, `console`, or a test spy can be passed as is.
 * The default is silent except for warnings, which go to `console.warn` (stderr) as
 * `Warning: <message>`, like kubectl and client-go's default warning writer.
 *
 * Everything the transport logs passes through `redact()` first: no bearer token, basic-auth
 * password, client key or `Authorization` header value reaches a log line.
 * @packageDocumentation
 */

/** One log method: `(msg)` or `(obj, msg?)`, the way pino takes them. */
export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

/** A logger with pino's method shape; `console` and pino instances are both assignable. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

function formatWarning(objOrMsg: object | string, msg?: string): string {
  if (typeof objOrMsg === 'string') return objOrMsg;
  if (msg !== undefined) return msg;
  try {
    return JSON.stringify(objOrMsg);
  } catch {
    return String(objOrMsg);
  }
}

/**
 * The default logger: silent for debug/info/error, warnings written with `console.warn` as
 * `Warning: <message>`. (`console.warn` rather than `process.emitWarning`: server warnings are
 * per-request messages for the user of the program, not process-level deprecations, and they
 * should not be hidden by `--no-warnings` nor formatted as `(node:PID) Warning`.)
 */
export const defaultLogger: Logger = {
  debug: noop,
  info: noop,
  error: noop,
  warn: ((objOrMsg: object | string, msg?: string) => {
    console.warn(`Warning: ${redact(formatWarning(objOrMsg, msg))}`);
  }) as LogFn,
};

const secretPatterns: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization / Proxy-Authorization header values, in any notation ("authorization: x", "Authorization=x", JSON)
  [/((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:bearer|basic|negotiate|digest)?\s*[^\s"',;}]+/gi, '$1[REDACTED]'],
  // a bare bearer/basic credential
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [REDACTED]'],
  // user:password@ in URLs
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[REDACTED]@'],
  // token=..., password=..., client-key-data: ... in query strings, flags, YAML or JSON
  [/((?:access_?token|id_?token|refresh_?token|token|password|passwd|secret|client-?key(?:-?data)?|api_?key)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi, '$1[REDACTED]'],
  // PEM private keys
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[REDACTED PRIVATE KEY]'],
];

/**
 * Removes anything that looks like a credential from a string: Authorization header values,
 * bearer/basic credentials, `user:password@` in URLs, `token=`/`password=`-style pairs and PEM
 * private keys. Used on every string the transport logs or hands to a hook.
 */
export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of secretPatterns) out = out.replace(re, replacement);
  return out;
}

/** Describes an error for a log line or hook payload: `Name [CODE]: message`, redacted. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { errorCode?: unknown; code?: unknown }).errorCode ?? (err as { code?: unknown }).code;
    return redact(`${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message}`);
  }
  return redact(String(err));
}
