/**
 * `CodeWriter`: accumulates lines of source with two-space indentation, so emitters produce
 * formatted code by construction.
 * @packageDocumentation
 */

/** Builds a source file line by line. */
export class CodeWriter {
  readonly #lines: string[] = [];
  #depth = 0;

  /** Appends one line (or several, separated by `\n`) at the current indentation. */
  line(text = ''): this {
    for (const l of text.split('\n')) this.#lines.push(l === '' ? '' : '  '.repeat(this.#depth) + l);
    return this;
  }

  /** Appends the lines of a block (`{` ... `}`), indenting what `body` writes. */
  block(open: string, body: () => void, close = '}'): this {
    this.line(open);
    this.indent(body);
    return this.line(close);
  }

  /** Indents what `body` writes by one level. */
  indent(body: () => void): this {
    this.#depth++;
    try {
      body();
    } finally {
      this.#depth--;
    }
    return this;
  }

  /** The source, ending with exactly one newline, without blank runs or trailing blank lines. */
  toString(): string {
    const out: string[] = [];
    for (const l of this.#lines) {
      if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
      out.push(l);
    }
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return `${out.join('\n')}\n`;
  }
}
