import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from './helpers.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Runs a snippet in a fresh Node process (TypeScript through tsx) and returns the node_modules
 * files it loaded, recorded by a module load hook.
 */
async function loadedModules(dir: TempDir, body: string): Promise<string[]> {
  const script = await dir.write(
    `probe-${Math.random().toString(36).slice(2)}.mjs`,
    `import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
const loaded = new Set();
registerHooks({ load(url, context, nextLoad) { loaded.add(url); return nextLoad(url, context); } });
const src = (p) => import(pathToFileURL(${JSON.stringify(ROOT)} + '/src/rest/' + p).href);
${body}
process.stdout.write(JSON.stringify([...loaded].filter((u) => u.includes('/node_modules/')).map((u) => u.replace(/^.*\\/node_modules\\//, ''))));
`,
  );
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, timeout: 60_000 });
  return JSON.parse(stdout) as string[];
}

const notTsx = (mods: string[]): string[] => mods.filter((m) => !m.startsWith('tsx/') && !m.startsWith('get-tsconfig/') && !m.startsWith('esbuild/'));

describe('import cost', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('importing the transport, the kubeconfig loader or the index loads no dependency', async () => {
    const mods = await loadedModules(dir, `await src('transport/http-transport.ts'); await src('config/kubeconfig.ts'); await src('index.ts');`);
    expect(notTsx(mods)).toEqual([]);
  }, 60_000);

  it('a JSON kubeconfig needs no YAML parser; client-node is never loaded; the first request loads undici pool only', async () => {
    const kc = await dir.write(
      'kubeconfig.json',
      JSON.stringify({
        'current-context': 'c',
        clusters: [{ name: 'k', cluster: { server: 'http://127.0.0.1:9' } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
      }),
    );
    const mods = notTsx(
      await loadedModules(
        dir,
        `const { loadKubeconfig } = await src('config/kubeconfig.ts');
const { createHttpTransport } = await src('transport/http-transport.ts');
const cfg = await loadKubeconfig({ kubeconfig: ${JSON.stringify(kc)}, env: {} });
const t = createHttpTransport(cfg);
await t.request({ method: 'GET', path: '/', context: { verb: 'get' } }).catch(() => {});
await t.close();`,
      ),
    );
    expect(mods.some((m) => m.startsWith('yaml/'))).toBe(false);
    expect(mods.some((m) => m.startsWith('@kubernetes/'))).toBe(false);
    expect(mods).toContain('undici/lib/dispatcher/pool.js');
    expect(mods).not.toContain('undici/index.js');
    expect(mods.some((m) => m.startsWith('undici/lib/api/') || m.startsWith('undici/lib/web/'))).toBe(false);
  }, 60_000);
});
