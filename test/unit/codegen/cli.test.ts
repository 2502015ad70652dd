import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type MainIo } from '../../../codegen/main.js';
import type { LoadedCrd } from '../../../codegen/crd.js';
import { fixturesDir, repoRoot } from './support/paths.js';

const constructs = join(fixturesDir, 'constructs');

function io(extra: Partial<MainIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), ...extra }, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'koord-gen-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('koord-gen', () => {
  it('prints usage for --help', async () => {
    const t = io();
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('Usage: koord-gen <file-or-dir>... --out <dir>');
  });

  it.each([
    [[constructs], '--out <dir> is required'],
    [['--out', 'x'], 'give at least one CRD file or directory'],
    [[constructs, '--out', 'x', '--kubeconfig', 'k'], '--kubeconfig and --context need --from-cluster'],
    [[constructs, '--out', 'x', '--bogus'], "Unknown option '--bogus'"],
    [[constructs, '--out', 'x', '--runtime', 'not a package'], 'is neither a package name nor a path'],
    [[constructs, '--out', 'x', '--runtime', ''], '--runtime needs a package name or a path'],
  ])('exits 2 on a bad command line %j', async (argv, message) => {
    const t = io();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.err()).toContain(message);
  });

  it('exits 2 naming a missing or invalid input file', async () => {
    const t = io();
    expect(await main([join(dir, 'missing.yaml'), '--out', join(dir, 'out')], t.io)).toBe(2);
    expect(t.err()).toContain(`koord-gen: error: ${join(dir, 'missing.yaml')}: no such file or directory`);
    await writeFile(join(dir, 'bad.yaml'), 'kind: [\n');
    const t2 = io();
    expect(await main([join(dir, 'bad.yaml'), '--out', join(dir, 'out')], t2.io)).toBe(2);
    expect(t2.err()).toContain(`koord-gen: error: ${join(dir, 'bad.yaml')}: invalid YAML`);
  });

  it('--runtime: the package by default; a path gives relative imports from wherever --out is', async () => {
    const t = io();
    expect(await main([constructs, '--out', join(dir, 'a', 'b', 'gen')], t.io)).toBe(0);
    expect(await readFile(join(dir, 'a', 'b', 'gen', 'clientset.ts'), 'utf8')).toContain("import { ClientsetBase } from 'koordinator-client';");
    expect(await readFile(join(dir, 'a', 'b', 'gen', 'example.koordinator.sh/v1/schemas.ts'), 'utf8')).toContain("from 'koordinator-client/schema';");
    const u = io();
    expect(await main([constructs, '--out', join(dir, 'a', 'b', 'gen2'), '--runtime', join(dir, 'rt')], u.io)).toBe(0);
    expect(await readFile(join(dir, 'a', 'b', 'gen2', 'clientset.ts'), 'utf8')).toContain("import { ClientsetBase } from '../../../rt/client/clientset-base.js';");
    expect(await readFile(join(dir, 'a', 'b', 'gen2', 'example.koordinator.sh/v1/client.ts'), 'utf8')).toContain("from '../../../../../rt/client/group-client.js';");
  });

  it('generates, then --check passes until the output drifts', async () => {
    const out = join(dir, 'out');
    const gen = io();
    expect(await main([constructs, '--out', out], gen.io)).toBe(0);
    expect(gen.out()).toMatch(/^koord-gen: 27 files from 2 CRDs in \d+ ms \(27 written, 0 unchanged, 0 removed\)/);
    expect(gen.err()).toContain('koord-gen: warning: ');
    expect(gen.err()).toContain('is not a CustomResourceDefinition; skipped');

    const clean = io();
    expect(await main([constructs, '--out', out, '--check'], clean.io)).toBe(0);
    expect(clean.out()).toContain('is up to date (27 files from 2 CRDs)');

    const types = join(out, 'example.koordinator.sh/v1/types.ts');
    await writeFile(types, `${await readFile(types, 'utf8')}// edited\n`);
    await unlink(join(out, 'clientset.ts'));
    await writeFile(join(out, 'extra.ts'), 'export {};\n');
    const drift = io();
    expect(await main([constructs, '--out', out, '--check'], drift.io)).toBe(1);
    expect(drift.err()).toContain('  changed: example.koordinator.sh/v1/types.ts\n  missing: clientset.ts\n  extra:   extra.ts');
    expect(await readFile(types, 'utf8')).toContain('// edited');
  });

  it('keeps only the groups given with --group, and fails when none is left', async () => {
    const out = join(dir, 'out');
    const t = io();
    expect(await main([constructs, '--out', out, '--group', 'things.x-k8s.io'], t.io)).toBe(0);
    expect(t.out()).toMatch(/ files from 1 CRDs /);
    const none = io();
    expect(await main([constructs, '--out', out, '--group', 'nothing.example.com'], none.io)).toBe(2);
    expect(none.err()).toContain('nothing.example.com: no CRD of this group was found');
    expect(none.err()).toContain('no CustomResourceDefinition found in the inputs');
  });

  it('reads CRDs from a cluster with the given kubeconfig and context', async () => {
    const seen: unknown[] = [];
    const cluster: LoadedCrd[] = [
      {
        source: 'cluster:sprockets.example.com',
        crd: {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'sprockets.example.com' },
          spec: { group: 'example.com', names: { kind: 'Sprocket', plural: 'sprockets' }, scope: 'Cluster', versions: [{ name: 'v1', served: true }] },
        },
      },
    ];
    const t = io({
      loadClusterCrds: async (options) => {
        seen.push(options);
        return cluster;
      },
    });
    const out = join(dir, 'out');
    expect(await main(['--from-cluster', '--kubeconfig', '/k', '--context', 'c', '--out', out], t.io)).toBe(0);
    expect(seen).toEqual([{ kubeconfig: '/k', context: 'c' }]);
    expect(await readFile(join(out, 'example.com/v1/client.ts'), 'utf8')).toContain('export class ExampleComV1Client extends GroupClient');
  });

  it('sets the process exit code when run as a program', async () => {
    const run = promisify(execFile);
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    const failure = await run(tsx, ['codegen/cli.ts', join(dir, 'missing'), '--out', join(dir, 'out')], { cwd: repoRoot }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('no such file or directory');
  }, 30_000);
});
