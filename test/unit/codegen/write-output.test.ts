import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERATED_HEADER } from '../../../codegen/ts-syntax.js';
import { diffOutput, writeOutput } from '../../../codegen/write-output.js';

const gen = (body: string): string => `${GENERATED_HEADER}\n${body}\n`;

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'koord-gen-out-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('diffOutput', () => {
  it('reports changed, missing and extra files', async () => {
    await mkdir(join(out, 'g/v1'), { recursive: true });
    await writeFile(join(out, 'index.ts'), gen('same'));
    await writeFile(join(out, 'g/v1/types.ts'), gen('old'));
    await writeFile(join(out, 'g/v1/stale.ts'), gen('stale'));
    const files = new Map([
      ['g/v1/client.ts', gen('new')],
      ['g/v1/types.ts', gen('new')],
      ['index.ts', gen('same')],
    ]);
    expect(await diffOutput(files, out)).toEqual({ changed: ['g/v1/types.ts'], missing: ['g/v1/client.ts'], extra: ['g/v1/stale.ts'] });
  });

  it('reports everything missing when the directory does not exist', async () => {
    expect(await diffOutput(new Map([['a.ts', gen('a')]]), join(out, 'absent'))).toEqual({ changed: [], missing: ['a.ts'], extra: [] });
  });
});

describe('writeOutput', () => {
  it('writes new and changed files, leaves identical ones untouched, removes stale generated ones', async () => {
    await mkdir(join(out, 'old/v1'), { recursive: true });
    await writeFile(join(out, 'same.ts'), gen('same'));
    await writeFile(join(out, 'old/v1/types.ts'), gen('stale'));
    await writeFile(join(out, 'handwritten.ts'), 'export {};\n');
    const before = (await stat(join(out, 'same.ts'))).mtimeMs;
    const files = new Map([
      ['g/v1/types.ts', gen('types')],
      ['same.ts', gen('same')],
    ]);
    const summary = await writeOutput(files, out);
    expect(summary).toEqual({ written: ['g/v1/types.ts'], unchanged: 1, removed: ['old/v1/types.ts'], foreign: ['handwritten.ts'] });
    expect(await readFile(join(out, 'g/v1/types.ts'), 'utf8')).toBe(gen('types'));
    expect((await stat(join(out, 'same.ts'))).mtimeMs).toBe(before);
    await expect(stat(join(out, 'old'))).rejects.toThrow();
    expect(await readFile(join(out, 'handwritten.ts'), 'utf8')).toBe('export {};\n');
    expect(await diffOutput(files, out)).toEqual({ changed: [], missing: [], extra: ['handwritten.ts'] });
  });
});
