/**
 * Time from a test file's start to its first call answered: the fake API server
 * (`koordinator-client/testing`) side by side with a real kube-apiserver + etcd started by
 * `startTestCluster()` (`koordinator-client/envtest`), in the same run. Each figure is the
 * median of fresh Node processes importing the built package (what a test file does).
 *
 * Run: `npm run build && npx tsx bench/fake-startup.ts` (envtest binaries from
 * KUBEBUILDER_ASSETS or KOORD_ENVTEST_ASSETS). BENCH_RUNS (default 7) and BENCH_ENVTEST_RUNS
 * (default 3) set the number of processes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const envtestRuns = Number(process.env.BENCH_ENVTEST_RUNS ?? 3);
const dist = (p: string): string => JSON.stringify(pathToFileURL(resolve('dist', p)).href);

const reservation = `{ metadata: { name: 'first' }, spec: { owners: [{ object: { kind: 'Pod', name: 'web-0', namespace: 'default' } }], template: {} } }`;

/** Child-process script: `setup` then `call` (timed from process start), then `teardown`; prints the ms. */
function scenario(setup: string, call: string, teardown = ''): string {
  return `(async () => { ${setup}; ${call}; const ms = performance.now(); ${teardown}; console.log(JSON.stringify({ ms })); })()
    .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
}

function measure(script: string, n: number): number {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    samples.push((JSON.parse(out.trim().split('\n').pop() as string) as { ms: number }).ms);
  }
  return median(samples);
}

function main(): void {
  if (!existsSync(resolve('dist/testing/index.js'))) throw new Error('run `npm run build` first: the benchmark imports the built package');
  const fakeSetup = `const { createFakeClientset } = await import(${dist('testing/index.js')})`;
  const rows: Array<[string, number]> = [
    ['node (empty script)', measure(scenario('', ''), runs)],
    ['fake: createFakeClientset(), first create (validated)', measure(scenario(`${fakeSetup}; const cs = createFakeClientset()`, `await cs.schedulingV1alpha1.reservations().create(${reservation})`), runs)],
    ['fake: createFakeClientset([seed]), first get', measure(scenario(`${fakeSetup}; const cs = createFakeClientset([{ apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', ...${reservation} }], { validate: false })`, `await cs.schedulingV1alpha1.reservations().get('first')`), runs)],
    ['fake: first create, validation off', measure(scenario(`${fakeSetup}; const cs = createFakeClientset([], { validate: false, validateWrites: false })`, `await cs.schedulingV1alpha1.reservations().create(${reservation})`), runs)],
    [
      'envtest: startTestCluster(), first create',
      measure(scenario(`const { startTestCluster } = await import(${dist('envtest/index.js')}); const c = await startTestCluster()`, `await c.clientset.schedulingV1alpha1.reservations().create(${reservation})`, 'await c.stop()'), envtestRuns),
    ],
  ];
  const envtest = rows[rows.length - 1]?.[1] as number;
  const fake = rows[1]?.[1] as number;
  console.log(`\ntime from process start to the first call answered (median of ${runs} processes, envtest ${envtestRuns})\n`);
  for (const [name, ms] of rows) console.log(`${name.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms   ${(ms / fake).toFixed(2).padStart(7)}x fake`);
  console.log(`\nenvtest / fake: ${(envtest / fake).toFixed(1)}x (the fake answers its first call ${(envtest / fake).toFixed(1)} times sooner)`);
}

main();
