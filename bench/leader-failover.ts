/**
 * Leader failover side by side on one real kube-apiserver (envtest): this package's
 * `LeaderElector` (bench/support/leader-child.ts) against client-go's `leaderelection`
 * (bench/go-controller, `leader` mode), with the same durations, in separate processes.
 *
 * One sample, for each implementation in turn, on a fresh Lease:
 * 1. Replica A campaigns and leads; replica B starts and observes A as the leader.
 * 2. SIGKILL: after a pause that differs from run to run (the same sequence for both sides),
 *    right after this harness sees A renew the Lease (a watch on it), A is killed; the
 *    failover time is from the kill to B's `started leading` line. client-go's expected value is
 *    lease duration + up to one (jittered) retry period, as B must see the lease expire.
 * 3. SIGTERM: replica C starts and observes B; B gets SIGTERM, releases the Lease and exits; the
 *    handover time is from the signal to C's `started leading` line.
 * Profiles: client-go's defaults (lease 15 s, renew 10 s, retry 2 s) and a short one
 * (4 s, 3 s, 0.5 s); `--profile default|short|both`.
 *
 * Run (Node 24; Go >= 1.26 on PATH for the client-go rows):
 *   KOORD_ENVTEST_ASSETS=... npx tsx bench/leader-failover.ts [--runs 3] [--profile both] [--only koordinator-client,client-go]
 * (about 4 minutes with the defaults). A measurement, not a test.
 */
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderTable } from './support/measure.js';
import { median } from './support/memory.js';
import { buildGoProgram } from './support/go-build.js';
import { startJsonLinesChild, type JsonLinesChild } from './support/json-lines-child.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(benchDir);

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    profile: { type: 'string', default: 'both' },
    only: { type: 'string' },
  },
});
const runs = Number(args.runs);
const only = args.only === undefined ? undefined : new Set(args.only.split(',').map((x) => x.trim()));

interface Profile {
  name: string;
  leaseMs: number;
  renewMs: number;
  retryMs: number;
}
const profiles: Profile[] = [
  { name: 'default (15 s / 10 s / 2 s)', leaseMs: 15_000, renewMs: 10_000, retryMs: 2_000 },
  { name: 'short (4 s / 3 s / 0.5 s)', leaseMs: 4_000, renewMs: 3_000, retryMs: 500 },
].filter((p) => args.profile === 'both' || p.name.startsWith(args.profile!));
if (profiles.length === 0) throw new Error(`--profile must be default, short or both, got ${args.profile}`);

interface Impl {
  name: string;
  start(kubeconfig: string, lease: string, identity: string, p: Profile): JsonLinesChild;
}

interface Sample {
  impl: string;
  profile: string;
  killFailoverMs: number;
  termHandoverMs: number;
}

async function main(): Promise<void> {
  const goBuild = only && !only.has('client-go') ? Promise.resolve(undefined) : buildGoProgram(join(benchDir, 'go-controller'), 'go-controller');
  const { startEnvtest } = await import('../src/envtest/index.js');
  const { GenericClientset } = await import('../src/generated/generic-clientset.js');

  const env = await startEnvtest();
  const cs = await GenericClientset.create({ config: env.restConfig, qps: -1 });
  const go = await goBuild;
  const samples: Sample[] = [];
  const flags = (lease: string, identity: string, p: Profile) => [`--identity=${identity}`, `--name=${lease}`, `--lease-ms=${p.leaseMs}`, `--renew-ms=${p.renewMs}`, `--retry-ms=${p.retryMs}`];
  const impls: Impl[] = [
    {
      name: 'koordinator-client',
      start: (kc, lease, id, p) => startJsonLinesChild(id, process.execPath, ['--import', 'tsx', join(benchDir, 'support', 'leader-child.ts'), ...flags(lease, id, p), kc], repoDir),
    },
  ];
  if (go) impls.push({ name: 'client-go', start: (kc, lease, id, p) => startJsonLinesChild(id, go.binary, ['leader', ...flags(lease, id, p).map((f) => f.slice(1)), kc], repoDir) });
  try {
    await cs.coreV1.namespaces().create({ metadata: { name: 'koordinator-system' } });
    const leases = cs.coordinationV1.leases('koordinator-system');
    let seq = 0;
    for (const p of profiles) {
      const bound = p.leaseMs * 3 + 30_000;
      for (let run = 0; run < runs; run++) {
        for (const impl of impls.filter((i) => !only || only.has(i.name))) {
          const lease = `failover-${++seq}`;
          const children: JsonLinesChild[] = [];
          const start = (id: string) => {
            const c = impl.start(env.kubeconfigPath, lease, id, p);
            children.push(c);
            return c;
          };
          try {
            const a = start('a');
            await a.waitFor((l) => l.msg === 'started leading', bound, 'a leads');
            const b = start('b');
            await b.waitFor((l) => l.msg === 'new leader' && l.leader === 'a', bound, 'b sees a');

            // The standby's polls and the leader's renewals run at their own (jittered) phases; the
            // kill moment within them decides the failover time. So that the harness does not
            // phase-lock one implementation's startup timing into its figures, wait a different
            // fraction of the jittered retry window each run (the same sequence for both sides).
            await new Promise((r) => setTimeout(r, ((run * 0.618) % 1) * 2.2 * p.retryMs));
            // Kill A right after it renews: a watch on the Lease sees the renewTime change.
            const renewed = await leases.get(lease);
            const before = renewed.spec?.renewTime;
            const ac = new AbortController();
            const deadline = setTimeout(() => ac.abort(), bound);
            try {
              for await (const ev of leases.watch({ fieldSelector: `metadata.name=${lease}`, resourceVersion: renewed.metadata?.resourceVersion, signal: ac.signal })) {
                if (ev.type === 'MODIFIED' && ev.object.spec?.renewTime !== before) break;
              }
            } finally {
              clearTimeout(deadline);
              ac.abort();
            }
            const killedAt = Date.now();
            a.process.kill('SIGKILL');
            const bLeads = await b.waitFor((l) => l.msg === 'started leading', bound, 'b takes over');
            const killFailoverMs = bLeads.readAt - killedAt;

            const c = start('c');
            await c.waitFor((l) => l.msg === 'new leader' && l.leader === 'b', bound, 'c sees b');
            const termAt = Date.now();
            b.process.kill('SIGTERM');
            const cLeads = await c.waitFor((l) => l.msg === 'started leading', bound, 'c takes over');
            const termHandoverMs = cLeads.readAt - termAt;
            const bExit = await b.stop('SIGTERM', 15_000);
            if (bExit !== 0) console.warn(`${impl.name}: b exited with ${bExit} after SIGTERM`);
            samples.push({ impl: impl.name, profile: p.name, killFailoverMs, termHandoverMs });
            console.log(`${p.name} run ${run + 1} ${impl.name}: SIGKILL failover ${killFailoverMs} ms, SIGTERM handover ${termHandoverMs} ms`);
          } finally {
            await Promise.all(children.map((c) => c.stop('SIGKILL', 5_000)));
          }
        }
      }
    }
  } finally {
    await cs.close();
    await env.stop();
    go?.dispose();
  }

  console.log(`\nLeader failover, median of ${runs} (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${cpus().length} cores)`);
  const rows: string[][] = [];
  const med = (impl: string, profile: string, f: (s: Sample) => number) => median(samples.filter((s) => s.impl === impl && s.profile === profile).map(f));
  for (const p of profiles) {
    for (const impl of [...new Set(samples.map((s) => s.impl))]) {
      rows.push([p.name, impl, String(Math.round(med(impl, p.name, (s) => s.killFailoverMs))), String(Math.round(med(impl, p.name, (s) => s.termHandoverMs)))]);
    }
  }
  console.log(renderTable(['durations (lease / renew / retry)', 'implementation', 'SIGKILL -> standby leads ms', 'SIGTERM -> standby leads ms'], rows));
  for (const p of profiles) {
    const ours = (f: (s: Sample) => number) => med('koordinator-client', p.name, f);
    const theirs = (f: (s: Sample) => number) => med('client-go', p.name, f);
    if (samples.some((s) => s.impl === 'client-go' && s.profile === p.name)) {
      console.log(`${p.name}: koordinator-client / client-go: SIGKILL failover ${(ours((s) => s.killFailoverMs) / theirs((s) => s.killFailoverMs)).toFixed(2)}x, SIGTERM handover ${(ours((s) => s.termHandoverMs) / theirs((s) => s.termHandoverMs)).toFixed(2)}x`);
    }
  }
}

await main();
