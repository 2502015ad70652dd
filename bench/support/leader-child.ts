/**
 * The koordinator-client side of bench/leader-failover.ts: a `LeaderElector` on a `LeaseLock`,
 * nothing else, as bench/go-controller's `leader` mode does with client-go's leaderelection.
 *
 *   node --import tsx bench/support/leader-child.ts --identity=ID [--name=LEASE --namespace=NS
 *     --lease-ms=15000 --renew-ms=10000 --retry-ms=2000] KUBECONFIG
 *
 * Prints JSON lines `starting`, `new leader`, `started leading`, `stopped leading`, `stopped`;
 * SIGTERM / SIGINT release the lease and exit.
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { LeaderElector } from '../../src/controller/leader-election.js';
import { LeaseLock } from '../../src/controller/lease-lock.js';
import { GenericClientset } from '../../src/generated/generic-clientset.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    identity: { type: 'string' },
    name: { type: 'string', default: 'failover-bench' },
    namespace: { type: 'string', default: 'koordinator-system' },
    'lease-ms': { type: 'string', default: '15000' },
    'renew-ms': { type: 'string', default: '10000' },
    'retry-ms': { type: 'string', default: '2000' },
  },
});
const kubeconfig = positionals[0];
const identity = values.identity;
if (!kubeconfig || !identity) throw new Error('usage: leader-child.ts --identity=ID [flags] KUBECONFIG');

const emit = (fields: Record<string, unknown>) => console.log(JSON.stringify({ ...fields, at: Date.now() }));
// client-go's leader election runs on a client with its default QPS 5 / burst 10; so does this one.
const cs = await GenericClientset.create({ kubeconfig });
const elector = new LeaderElector({
  lock: new LeaseLock(cs.coordinationV1.leases(values.namespace!), values.name!, identity),
  leaseDurationMs: Number(values['lease-ms']),
  renewDeadlineMs: Number(values['renew-ms']),
  retryPeriodMs: Number(values['retry-ms']),
  releaseOnCancel: true,
  callbacks: {
    onStartedLeading: () => emit({ msg: 'started leading', identity }),
    onStoppedLeading: () => emit({ msg: 'stopped leading', identity }),
    onNewLeader: (leader) => emit({ msg: 'new leader', leader }),
  },
});
const stop = new AbortController();
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
emit({ msg: 'starting', identity });
await elector.run(stop.signal);
await cs.close();
emit({ msg: 'stopped', identity });
