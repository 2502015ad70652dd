import { describe, expect, it } from 'vitest';
import { parseSetup, parseSnippets } from '../support/doc-snippets.js';

describe('parseSnippets', () => {
  it('finds ts blocks with their line, mode and a unique id; skips other languages', () => {
    const md = [
      '# Title', // 1
      '```sh', // 2
      'npm i', // 3
      '```', // 4
      '```ts', // 5
      "import { x } from 'koordinator-client';", // 6
      '```', // 7
      '  ```typescript check-only', // 8
      '  const a = 1;', // 9
      '    const b = 2;', // 10
      '  ```', // 11
      '````ts fragment', // 12
      '```', // 13
      '````', // 14
    ].join('\n');
    const s = parseSnippets('docs/crud.md', md);
    expect(s.map((x) => [x.id, x.line, x.mode])).toEqual([
      ['docs-crud-1', 6, 'run'],
      ['docs-crud-2', 9, 'check-only'],
      ['docs-crud-3', 13, 'fragment'],
    ]);
    expect(s[0]?.code).toBe("import { x } from 'koordinator-client';\n");
    expect(s[1]?.code).toBe('const a = 1;\n  const b = 2;\n');
    expect(s[2]?.code).toBe('```\n');
  });

  it('an unclosed block runs to the end of the file', () => {
    expect(parseSnippets('README.md', '```ts\nconst x = 1;').map((s) => s.code)).toEqual(['const x = 1;\n']);
  });

  it('setup: file= blocks are files to write, sh run blocks are koord-gen commands; nothing else runs', () => {
    const md = ['```yaml file=crds/a.yaml', 'kind: X', '```', '```sh', 'rm -rf /', '```', '```sh run', 'npx koord-gen crds --out gen  # comment', '', '```'].join('\n');
    expect(parseSetup('docs/g.md', md)).toEqual({ files: [{ name: 'crds/a.yaml', content: 'kind: X\n', line: 2 }], koordGen: [['crds', '--out', 'gen']] });
    expect(() => parseSetup('docs/g.md', '```sh run\nrm -rf x\n```')).toThrow(/only `npx koord-gen/);
    expect(() => parseSetup('docs/g.md', '```yaml file=../x.yaml\na\n```')).toThrow(/bad file name/);
  });
});
