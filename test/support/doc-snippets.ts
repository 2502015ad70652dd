/**
 * Extracts the TypeScript code blocks of Markdown files, so that every snippet in README.md and
 * docs/*.md is type-checked and run against a real API server (test/e2e/doc-snippets.test.ts).
 *
 * A block opens with ```` ```ts ```` (or `typescript`, `mts`); words after the language choose what
 * is done with it:
 * - nothing: type-checked and run (the default, and what every snippet should be);
 * - `check-only`: type-checked, not run (e.g. in-cluster configuration, which needs a pod);
 * - `fragment`: neither (a piece of a larger program; avoid).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** What the harness does with a snippet. */
export type SnippetMode = 'run' | 'check-only' | 'fragment';

/** One TypeScript code block of a Markdown file. */
export interface DocSnippet {
  /** The Markdown file, as given. */
  readonly file: string;
  /** 1-based line of the block's first code line in the Markdown file. */
  readonly line: number;
  /** A file-system-safe unique name, e.g. `README-2` or `docs-crud-1`. */
  readonly id: string;
  readonly mode: SnippetMode;
  readonly code: string;
}

const LANGUAGES = new Set(['ts', 'typescript', 'mts']);

/** Parses the blocks of one Markdown text. */
export function parseSnippets(file: string, markdown: string): DocSnippet[] {
  const lines = markdown.split('\n');
  const out: DocSnippet[] = [];
  const stem = file.replace(/\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || basename(file);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]+)?(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', lang = '', rest = ''] = open;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end++;
    if (LANGUAGES.has(lang.toLowerCase())) {
      const words = rest.trim().split(/\s+/);
      const mode: SnippetMode = words.includes('fragment') ? 'fragment' : words.includes('check-only') ? 'check-only' : 'run';
      const code = lines
        .slice(start, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      out.push({ file, line: start + 1, id: `${stem}-${out.length + 1}`, mode, code: `${code}\n` });
    }
    i = end;
  }
  return out;
}

/** Reads and parses the blocks of Markdown files. */
export function readSnippets(files: readonly string[], root: string): DocSnippet[] {
  return files.flatMap((f) => parseSnippets(f, readFileSync(`${root}/${f}`, 'utf8')));
}
