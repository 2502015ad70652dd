/**
 * A bearer token read from a file and re-read periodically, so that rotated tokens (projected
 * service account tokens, tokens refreshed by a sidecar) are picked up (client-go
 * `transport.NewCachedFileTokenSource`).
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { SingleFlight } from './single-flight.js';

/** Options of {@link TokenFileSource}. */
export interface TokenFileSourceOptions {
  /** Re-read the file at most this often. Default 60000 ms. */
  refreshMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** A token file, cached for `refreshMs` and re-read immediately after `invalidate()`. */
export class TokenFileSource {
  readonly #path: string;
  readonly #refreshMs: number;
  readonly #now: () => number;
  #token: string | undefined;
  #readAt = 0;
  readonly #flight = new SingleFlight<string>();

  /**
   * @param path - the token file
   * @param opts - refresh period and clock
   */
  constructor(path: string, opts: TokenFileSourceOptions = {}) {
    this.#path = path;
    this.#refreshMs = opts.refreshMs ?? 60_000;
    this.#now = opts.now ?? Date.now;
  }

  /** The token file's path. */
  get path(): string {
    return this.#path;
  }

  /**
   * The token: cached, or re-read when older than the refresh period. When a re-read fails, the
   * last good token keeps being used.
   * @returns the token, whitespace-trimmed
   * @throws ConfigError when the file cannot be read (or is empty) and no earlier token exists
   */
  token(): Promise<string> {
    if (this.#token !== undefined && this.#now() - this.#readAt < this.#refreshMs) return Promise.resolve(this.#token);
    return this.#flight.run(() =>
      this.#read().then(
        (t) => {
          this.#token = t;
          this.#readAt = this.#now();
          return t;
        },
        (err: unknown) => {
          if (this.#token !== undefined) {
            // Keep the last good token; try the file again after the next period.
            this.#readAt = this.#now();
            return this.#token;
          }
          throw err;
        },
      ),
    );
  }

  /** Forces the next `token()` to re-read the file (after a 401). */
  invalidate(): void {
    this.#readAt = Number.NEGATIVE_INFINITY;
  }

  async #read(): Promise<string> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new ConfigError(`token file ${this.#path} cannot be read (${code})`);
    }
    const token = text.trim();
    if (!token) throw new ConfigError(`token file ${this.#path} is empty`);
    return token;
  }
}
