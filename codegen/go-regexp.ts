/**
 * CRD `pattern`s are Go regular expressions (RE2 syntax, matching code points). This module
 * decides how to check one in JavaScript with the same meaning, or not at all: a client-side
 * check that means something else could reject what the API server accepts.
 * @packageDocumentation
 */

/**
 * Escapes of a letter that mean the same in a JavaScript regular expression without the `u` flag
 * as in Go (classes, anchors at word boundaries, control characters, hex and Unicode escapes).
 * Any other escaped letter is Go-only (`\A`, `\z`, `\pL`, `\Q...\E`) and in JavaScript would
 * silently match the letter itself.
 */
const SHARED_LETTER_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'n', 'r', 't', 'f', 'v', 'x']);

/** True when `pattern` uses a Go construct that non-Unicode JavaScript reads differently. */
function hasGoOnlySyntax(pattern: string): boolean {
  if (pattern.includes('[[:') || pattern.includes('(?')) return true; // POSIX classes, flags, named groups
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    const next = pattern[i + 1] ?? '';
    if (/[A-Za-z]/.test(next) && !SHARED_LETTER_ESCAPES.has(next)) return true;
    i++;
  }
  return false;
}

/**
 * How to check `pattern` in JavaScript: a Unicode-mode regular expression (which, like Go,
 * matches code points) where the pattern is valid in that mode; otherwise a plain one when the
 * pattern has no construct that means something else there; otherwise `undefined` (the API server
 * alone checks it).
 */
export function jsRegExpFor(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    // Not valid in Unicode mode (e.g. `\_` or `\-` outside a class, which Go accepts).
  }
  if (hasGoOnlySyntax(pattern)) return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}
