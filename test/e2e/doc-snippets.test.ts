// Every TypeScript block of README.md and docs/*.md is type-checked and run against the shared
// test server, with KUBECONFIG pointing at it (see test/support/doc-snippets.ts for the markers).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSetup, readSnippets } from '../support/doc-snippets.js';
import { envtestInfo } from './env.js';
import { useCluster } from './support/cluster.js';
import { describeRun, repoRoot, runTypeScript, typeCheck } from './support/typescript-runner.js';

const markdown = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const snippets = readSnippets(markdown, repoRoot).filter((s) => s.mode !== 'fragment');
// Files the guides show (`file=<name>` blocks) and their `npx koord-gen` commands (`sh run` blocks).
const setup = readSetup(markdown, repoRoot);
// Inside the repository, so that tsx and tsc find tsconfig.json (and its `paths`).
const workDir = join(repoRoot, '.tmp', 'doc-snippets');
const fileOf = (id: string): string => join(workDir, `${id}.ts`);

useCluster(); // the CRDs are installed before any snippet runs
let diagnostics = new Map<string, string[]>();

beforeAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  for (const s of snippets) writeFileSync(fileOf(s.id), `// ${s.file}:${s.line}\n${s.code}`);
  for (const f of setup.files) {
    mkdirSync(dirname(join(workDir, f.name)), { recursive: true });
    writeFileSync(join(workDir, f.name), f.content);
  }
  for (const args of setup.koordGen) {
    // The generator from the sources, as `npx koord-gen` runs the installed one.
    const res = await runTypeScript(join(repoRoot, 'codegen/cli.ts'), { cwd: workDir, args, timeoutMs: 120_000 });
    if (res.code !== 0) throw new Error(`koord-gen ${args.join(' ')}: ${describeRun(res)}`);
  }
  diagnostics = await typeCheck(snippets.map((s) => fileOf(s.id)), workDir);
}, 240_000);

describe('documentation snippets', () => {
  it('there are snippets to check', () => {
    expect(snippets.length).toBeGreaterThan(3);
  });

  for (const s of snippets) {
    it(`${s.file}:${s.line} ${s.mode === 'run' ? 'type-checks and runs' : 'type-checks'}`, async () => {
      expect(diagnostics.get(fileOf(s.id)) ?? [], `type errors in ${s.file} (line numbers are +1 against the Markdown block)`).toEqual([]);
      if (s.mode !== 'run') return;
      const res = await runTypeScript(fileOf(s.id), { env: { KUBECONFIG: envtestInfo().kubeconfigPath }, timeoutMs: 90_000 });
      expect(res.code, describeRun(res)).toBe(0);
    });
  }
});
