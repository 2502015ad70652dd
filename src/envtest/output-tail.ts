/**
 * Keeps the last lines a child process printed, for error messages.
 * @packageDocumentation
 */

/** A bounded buffer of the last complete lines of a byte stream (plus the pending partial line). */
export class OutputTail {
  readonly #limit: number;
  readonly #lines: string[] = [];
  #partial = '';

  /** Keeps at most `limit` lines (50 by default). */
  constructor(limit = 50) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    this.#limit = limit;
  }

  /** Appends a chunk of output; lines may be split across chunks. */
  push(chunk: string | Buffer): void {
    const text = this.#partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const parts = text.split(/\r?\n/);
    this.#partial = parts.pop() ?? '';
    // A runaway line without newline must not grow without bound.
    if (this.#partial.length > 64 * 1024) {
      parts.push(this.#partial);
      this.#partial = '';
    }
    for (const line of parts) {
      this.#lines.push(line);
      if (this.#lines.length > this.#limit) this.#lines.shift();
    }
  }

  /** The kept lines, oldest first, including an unterminated last line. */
  lines(): string[] {
    const all = this.#partial ? [...this.#lines, this.#partial] : [...this.#lines];
    return all.slice(-this.#limit);
  }
}
