/**
 * A fallback for YAML that strict parsers reject but Kubernetes tooling (go-yaml) accepts: a
 * multi-line quoted scalar whose continuation lines are not indented past their key, as in
 *
 * ```yaml
 *   description: 'APIVersion defines the versioned schema of this representation
 *   of an object. ...'
 * ```
 *
 * (the upstream NodeResourceTopology CRD has exactly this). Leading whitespace of continuation
 * lines is folded away in a quoted scalar, so indenting them further does not change the value.
 * @packageDocumentation
 */

const BLOCK_SCALAR = /^(\s*)((?:-\s+)*)(?:[^\s'"#][^#]*?:\s+)?[|>][-+0-9]*\s*(?:#.*)?$/;
const QUOTED_START = /^(\s*)((?:-\s+)*)(?:[^\s'"#][^#]*?:\s+)?(['"])(.*)$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Index of the closing quote in `s`, or -1 when the scalar continues on the next line. */
function closingQuote(s: string, quote: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === '"' && c === '\\') {
      i++;
    } else if (c === quote) {
      if (quote === "'" && s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** The result of {@link reindentQuotedContinuations}. */
export interface ReindentResult {
  readonly text: string;
  /** 1-based numbers of the lines that were re-indented. */
  readonly lines: readonly number[];
}

/**
 * Indents the under-indented continuation lines of multi-line quoted scalars two spaces past
 * their key. Lines inside block scalars (`|`, `>`) are left alone.
 */
export function reindentQuotedContinuations(text: string): ReindentResult {
  const lines = text.split('\n');
  const changed: number[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    const block = BLOCK_SCALAR.exec(line);
    if (block) {
      const owner = block[1]!.length + block[2]!.length;
      i++;
      while (i < lines.length && (lines[i]!.trim() === '' || indentOf(lines[i]!) > owner)) i++;
      continue;
    }
    const quoted = QUOTED_START.exec(line);
    if (!quoted || closingQuote(quoted[4]!, quoted[3]!) !== -1) {
      i++;
      continue;
    }
    const owner = quoted[1]!.length + quoted[2]!.length;
    const quote = quoted[3]!;
    i++;
    while (i < lines.length) {
      const cont = lines[i]!;
      if (cont.trim() !== '' && indentOf(cont) <= owner) {
        lines[i] = ' '.repeat(owner + 2) + cont.trimStart();
        changed.push(i + 1);
      }
      i++;
      if (closingQuote(cont, quote) !== -1) break;
    }
  }
  return { text: lines.join('\n'), lines: changed };
}
