/**
 * Extracts the TypeScript code blocks of Markdown files, so that every snippet in README.md and
 * docs/*.md is type-checked and run against a real API server (test/e2e/doc-snippets.test.ts).
 *
 * A block opens with ```` ```ts ```` (or `typescript`, `mts`); words after the language choose what
 * is done with it:
 * - nothing: type-checked and run (the default, and what every snippet should be);
 * - `check-only`: type-checked, not run (e.g. in-cluster configuration, which needs a pod);
 * - `fragment`: neither (a piece of a larger program; avoid).
 *
 * Other blocks can set the stage: see {@link parseSetup}.
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

/** One fenced code block of a Markdown text, any language. */
interface FencedBlock {
  /** 1-based line of the block's first code line. */
  readonly line: number;
  readonly lang: string;
  /** The words after the language on the opening fence. */
  readonly words: readonly string[];
  readonly code: string;
}

function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const out: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]+)?(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', lang = '', rest = ''] = open;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end++;
    const code = lines
      .slice(start, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join('\n');
    out.push({ line: start + 1, lang: lang.toLowerCase(), words: rest.trim().split(/\s+/).filter((w) => w !== ''), code: `${code}\n` });
    i = end;
  }
  return out;
}

/** Parses the blocks of one Markdown text. */
export function parseSnippets(file: string, markdown: string): DocSnippet[] {
  const out: DocSnippet[] = [];
  const stem = file.replace(/\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || basename(file);
  for (const b of fencedBlocks(markdown)) {
    if (!LANGUAGES.has(b.lang)) continue;
    const mode: SnippetMode = b.words.includes('fragment') ? 'fragment' : b.words.includes('check-only') ? 'check-only' : 'run';
    out.push({ file, line: b.line, id: `${stem}-${out.length + 1}`, mode, code: b.code });
  }
  return out;
}

/**
 * What the snippets of a Markdown text need before they are checked:
 * - a block whose opening fence says `file=<name>` (e.g. ```` ```yaml file=widget-crd.yaml ````)
 *   is written to `<name>` in the snippets' directory;
 * - a ```` ```sh run ```` block's `npx koord-gen ...` commands are run there, in order, after the
 *   files are written (so a guide shows the real generator command and its snippets import what
 *   it generated). Any other command in such a block is an error.
 */
export interface DocSetup {
  readonly files: readonly { readonly name: string; readonly content: string; readonly line: number }[];
  /** Arguments of each `npx koord-gen` command, split at spaces (no quoting). */
  readonly koordGen: readonly (readonly string[])[];
}

/** Parses the setup blocks of one Markdown text (see {@link DocSetup}). */
export function parseSetup(file: string, markdown: string): DocSetup {
  const files: { name: string; content: string; line: number }[] = [];
  const koordGen: string[][] = [];
  for (const b of fencedBlocks(markdown)) {
    const named = b.words.find((w) => w.startsWith('file='));
    if (named !== undefined) {
      const name = named.slice('file='.length);
      if (!/^[\w.-]+(\/[\w.-]+)*$/.test(name) || name.split('/').includes('..')) throw new Error(`${file}:${b.line}: bad file name ${name}`);
      files.push({ name, content: b.code, line: b.line });
    }
    if ((b.lang === 'sh' || b.lang === 'bash') && b.words.includes('run')) {
      for (const raw of b.code.split('\n')) {
        const cmd = raw.replace(/#.*$/, '').trim();
        if (cmd === '') continue;
        const m = /^npx koord-gen\s+(.*)$/.exec(cmd);
        if (!m?.[1]) throw new Error(`${file}:${b.line}: only \`npx koord-gen ...\` runs in a \`sh run\` block, not: ${cmd}`);
        koordGen.push(m[1].split(/\s+/));
      }
    }
  }
  return { files, koordGen };
}

/** Reads and parses the blocks of Markdown files. */
export function readSnippets(files: readonly string[], root: string): DocSnippet[] {
  return files.flatMap((f) => parseSnippets(f, readFileSync(`${root}/${f}`, 'utf8')));
}

/** Reads and parses the setup blocks of Markdown files, in order. */
export function readSetup(files: readonly string[], root: string): DocSetup {
  const all = files.map((f) => parseSetup(f, readFileSync(`${root}/${f}`, 'utf8')));
  return { files: all.flatMap((s) => s.files), koordGen: all.flatMap((s) => s.koordGen) };
}
