/**
 * Cold import time and resident memory: this package's entry, one group subpath, and
 * "import, load a kubeconfig, first get()", side by side with @kubernetes/client-node in the same
 * run against the same local API server. Each figure is the median of fresh Node processes.
 *
 * Run: `npm run build && npx tsx bench/import-cost.ts` (starts its own envtest).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEnvtest } from '../src/envtest/index.js';
import { Clientset } from '../src/generated/clientset.js';
import { installCrds } from '../src/client/crd-installer.js';
import { allResources } from '../src/generated/index.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const dist = (p: string) => pathToFileURL(resolve('dist', p)).href;

/** Child-process script: runs `body` (an async function body) and prints ms and RSS. */
function scenario(body: string): string {
  return `const t0 = performance.now(); const rss0 = process.memoryUsage().rss;
    (async () => { ${body} })().then(() => {
      const ms = performance.now() - t0; const rss = process.memoryUsage().rss;
      console.log(JSON.stringify({ ms, rss, rssDelta: rss - rss0 })); process.exit(0);
    }, (e) => { console.error(e); process.exit(1); });`;
}

function measure(body: string, env: NodeJS.ProcessEnv = {}): { ms: number; rssMiB: number; deltaMiB: number } {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', scenario(body)], { env: { ...process.env, ...env }, encoding: 'utf8' });
    samples.push(JSON.parse(out.trim().split('\n').pop()!) as { ms: number; rss: number; rssDelta: number });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(samples.map((s) => s.ms)), rssMiB: median(samples.map((s) => s.rss)) / 2 ** 20, deltaMiB: median(samples.map((s) => s.rssDelta)) / 2 ** 20 };
}

/** The files `entry` loads statically (its relative `import` / `from` specifiers, recursively). */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?["'](\.[^"']+)["']/g)) visit(resolve(dirname(file), m[1]!));
  }
  visit(resolve('dist', entry));
  return [...seen];
}

/** True when the static import closure of `entry` holds a built-in kind's descriptor. */
function loadsBuiltins(entry: string): boolean {
  return staticClosure(entry).some((f) => /plural: "(flowschemas|replicasets|pods)"/.test(readFileSync(f, 'utf8')));
}

async function main(): Promise<void> {
  const env = await startEnvtest();
  try {
    const cs = await Clientset.create({ kubeconfig: env.kubeconfigPath });
    await installCrds(cs, allResources);
    await cs.sloV1alpha1.nodeMetrics().create({ metadata: { name: 'bench-node' } }).catch(() => undefined);
    await cs.close();

    const kc = { KUBECONFIG: env.kubeconfigPath };
    const rows: Array<[string, ReturnType<typeof measure>]> = [
      ['node (empty script)', measure('')],
      ['koordinator-client: import entry', measure(`await import(${JSON.stringify(dist('index.js'))});`)],
      ['koordinator-client: import slo/v1alpha1 subpath', measure(`await import(${JSON.stringify(dist('generated/slo.koordinator.sh/v1alpha1/index.js'))});`)],
      ['koordinator-client: import groups/core/v1 subpath', measure(`await import(${JSON.stringify(dist('generated/core/v1/index.js'))});`)],
      ['koordinator-client: import kubernetes entry', measure(`await import(${JSON.stringify(dist('kubernetes.js'))});`)],
      ['koordinator-client: import generic entry', measure(`await import(${JSON.stringify(dist('generic.js'))});`)],
      ['koordinator-client: kubernetes + kubeconfig + first get', measure(`const { KubeClientset } = await import(${JSON.stringify(dist('kubernetes.js'))});
        const cs = await KubeClientset.create(); await cs.coreV1.namespaces().get('default'); await cs.close();`, kc)],
      ['koordinator-client: import + kubeconfig + first get', measure(`const { Clientset } = await import(${JSON.stringify(dist('index.js'))});
        const cs = await Clientset.create(); await cs.sloV1alpha1.nodeMetrics().get('bench-node'); await cs.close();`, kc)],
      ['@kubernetes/client-node: import', measure(`await import('@kubernetes/client-node');`)],
      ['@kubernetes/client-node: import + kubeconfig + first get', measure(`const k8s = await import('@kubernetes/client-node');
        const kc = new k8s.KubeConfig(); kc.loadFromDefault();
        const api = kc.makeApiClient(k8s.CustomObjectsApi);
        await api.getClusterCustomObject({ group: 'slo.koordinator.sh', version: 'v1alpha1', plural: 'nodemetrics', name: 'bench-node' });`, kc)],
      ['@kubernetes/client-node: import + kubeconfig + first core get', measure(`const k8s = await import('@kubernetes/client-node');
        const kc = new k8s.KubeConfig(); kc.loadFromDefault();
        const api = kc.makeApiClient(k8s.CoreV1Api);
        await api.readNamespace({ name: 'default' });`, kc)],
    ];
    console.log(`\nCold start, median of ${runs} fresh processes, node ${process.version}`);
    console.log(`${'scenario'.padEnd(58)} ${'time ms'.padStart(9)} ${'RSS MiB'.padStart(9)} ${'+RSS MiB'.padStart(9)}`);
    for (const [name, r] of rows) console.log(`${name.padEnd(58)} ${r.ms.toFixed(1).padStart(9)} ${r.rssMiB.toFixed(1).padStart(9)} ${r.deltaMiB.toFixed(1).padStart(9)}`);
    const get = (n: string) => rows.find(([k]) => k === n)![1];
    const ours = get('koordinator-client: import entry');
    const theirs = get('@kubernetes/client-node: import');
    const oursGet = get('koordinator-client: import + kubeconfig + first get');
    const theirsGet = get('@kubernetes/client-node: import + kubeconfig + first get');
    console.log('\nRatios (koordinator-client / client-node):');
    console.log(`  import time   ${(ours.ms / theirs.ms).toFixed(2)}  (goal < 0.20)`);
    console.log(`  import +RSS   ${(ours.deltaMiB / theirs.deltaMiB).toFixed(2)}`);
    console.log(`  first get     time ${(oursGet.ms / theirsGet.ms).toFixed(2)}, +RSS ${(oursGet.deltaMiB / theirsGet.deltaMiB).toFixed(2)}`);
    const core = get('koordinator-client: import groups/core/v1 subpath');
    const kube = get('koordinator-client: import kubernetes entry');
    const generic = get('koordinator-client: import generic entry');
    const kubeGet = get('koordinator-client: kubernetes + kubeconfig + first get');
    const theirsCoreGet = get('@kubernetes/client-node: import + kubeconfig + first core get');
    console.log(`  groups/core/v1 import time ${(core.ms / theirs.ms).toFixed(2)}, +RSS ${(core.deltaMiB / theirs.deltaMiB).toFixed(2)}`);
    console.log(`  kubernetes entry import time ${(kube.ms / theirs.ms).toFixed(2)}, +RSS ${(kube.deltaMiB / theirs.deltaMiB).toFixed(2)}`);
    console.log(`  generic entry import time ${(generic.ms / theirs.ms).toFixed(2)}, +RSS ${(generic.deltaMiB / theirs.deltaMiB).toFixed(2)}`);
    console.log(`  first core get (KubeClientset vs CoreV1Api) time ${(kubeGet.ms / theirsCoreGet.ms).toFixed(2)}, +RSS ${(kubeGet.deltaMiB / theirsCoreGet.deltaMiB).toFixed(2)}`);
    console.log(`\nStatic import closure of the package root holds built-in kinds: ${loadsBuiltins('index.js') ? 'YES (regression)' : 'no'}; of koordinator-client/kubernetes: ${loadsBuiltins('kubernetes.js') ? 'yes' : 'no'}`);
  } finally {
    await env.stop();
  }
}

await main();
