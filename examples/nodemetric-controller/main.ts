/**
 * Runs the NodeMetric controller: `npm run example:nodemetric` (against a fresh envtest when no
 * kubeconfig is given or `--envtest` is passed; otherwise KUBECONFIG / ~/.kube/config / in-cluster).
 *
 *   --envtest                start a local kube-apiserver + etcd and install the CRDs
 *   --kubeconfig PATH        use this kubeconfig
 *   --leader-elect           only reconcile while holding the Lease koordinator-system/nodemetric-controller
 *   --lease-name NAME        another Lease name (default nodemetric-controller)
 *   --identity NAME          leader election identity (default: hostname-pid)
 *   --node-selector SEL      manage only the Nodes matching this label selector
 *   --port N                 serve /healthz, /readyz and /metrics on 127.0.0.1:N
 *   --fencing-log PATH       append "identity start end node" per reconcile
 *   --reconcile-delay-ms N   slow each reconcile down (shutdown drills)
 *   --graceful-shutdown-ms N how long a stop waits for in-flight reconciles (default 10000)
 *   --lease-duration-ms N / --renew-deadline-ms N / --retry-period-ms N
 *
 * SIGTERM / SIGINT stop it gracefully (in-flight reconciles drain, the lease is released).
 */
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { Manager, LeaderElectionLostError } from '../../src/controller/manager.js';
import { LeaseLock } from '../../src/controller/lease-lock.js';
import { ControllerMetrics } from '../../src/controller/metrics.js';
import { installCrds } from '../../src/client/crd-installer.js';
import { startEnvtest, type Envtest } from '../../src/envtest/index.js';
import { allResources } from '../../src/generated/all-resources.js';
import { GenericClientset } from '../../src/generated/generic-clientset.js';
import { GenericInformerFactory } from '../../src/generated/generic-informer-factory.js';
import { isAlreadyExists } from '../../src/rest/errors.js';
import { sloControllerConfig } from './colocation-config.js';
import { setupNodeMetricController } from './nodemetric-controller.js';

const { values } = parseArgs({
  options: {
    envtest: { type: 'boolean', default: false },
    kubeconfig: { type: 'string' },
    'leader-elect': { type: 'boolean', default: false },
    'lease-name': { type: 'string', default: 'nodemetric-controller' },
    identity: { type: 'string' },
    'node-selector': { type: 'string' },
    port: { type: 'string' },
    'fencing-log': { type: 'string' },
    'reconcile-delay-ms': { type: 'string' },
    'graceful-shutdown-ms': { type: 'string' },
    'lease-duration-ms': { type: 'string' },
    'renew-deadline-ms': { type: 'string' },
    'retry-period-ms': { type: 'string' },
  },
});

const log = (msg: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }));
const logger = {
  debug: () => {},
  info: (o: object | string, m?: string) => log(typeof o === 'string' ? o : (m ?? ''), typeof o === 'string' ? {} : (o as Record<string, unknown>)),
  warn: (o: object | string, m?: string) => log(typeof o === 'string' ? o : (m ?? ''), { level: 'warn', ...(typeof o === 'string' ? {} : o) }),
  error: (o: object | string, m?: string) => log(typeof o === 'string' ? o : (m ?? ''), { level: 'error', ...(typeof o === 'string' ? {} : o) }),
};

async function main(): Promise<void> {
  let env: Envtest | undefined;
  const useEnvtest = values.envtest || (!values.kubeconfig && !process.env.KUBECONFIG && !process.env.KUBERNETES_SERVICE_HOST);
  const metrics = await ControllerMetrics.create();
  let cs: GenericClientset;
  if (useEnvtest) {
    env = await startEnvtest();
    log('envtest started', { server: env.restConfig.server, kubeconfig: env.kubeconfigPath });
    cs = await GenericClientset.create({ config: env.restConfig, qps: 200, burst: 400, hooks: metrics.restClientHooks });
    await installCrds(cs, allResources);
  } else {
    cs = await GenericClientset.create({ ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}), qps: 200, burst: 400, hooks: metrics.restClientHooks });
  }
  const identity = values.identity ?? `${hostname()}-${process.pid}`;
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  if (values['leader-elect']) {
    try {
      await cs.coreV1.namespaces().create({ metadata: { name: sloControllerConfig.namespace } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
  const factory = new GenericInformerFactory(cs, { namespace: sloControllerConfig.namespace, transform: (o) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } }) });
  const mgr = new Manager(cs, {
    factory,
    metrics,
    logger,
    gracefulShutdownMs: num(values['graceful-shutdown-ms']) ?? 10_000,
    ...(values.port ? { server: { port: Number(values.port), host: '127.0.0.1' } } : {}),
    ...(values['leader-elect']
      ? {
          leaderElection: {
            lock: new LeaseLock(cs.coordinationV1.leases(sloControllerConfig.namespace), values['lease-name'], identity),
            ...(num(values['lease-duration-ms']) ? { leaseDurationMs: num(values['lease-duration-ms']) } : {}),
            ...(num(values['renew-deadline-ms']) ? { renewDeadlineMs: num(values['renew-deadline-ms']) } : {}),
            ...(num(values['retry-period-ms']) ? { retryPeriodMs: num(values['retry-period-ms']) } : {}),
            callbacks: {
              onStartedLeading: () => log('started leading', { identity }),
              onStoppedLeading: () => log('stopped leading', { identity }),
              onNewLeader: (leader) => log('new leader', { leader }),
            },
          },
        }
      : {}),
  });
  setupNodeMetricController(mgr, cs, factory, {
    identity,
    ...(values['node-selector'] ? { nodeSelector: values['node-selector'] } : {}),
    ...(values['fencing-log'] ? { fencingLog: values['fencing-log'] } : {}),
    ...(values['reconcile-delay-ms'] ? { reconcileDelayMs: Number(values['reconcile-delay-ms']) } : {}),
  });
  log('starting', { identity, leaderElection: values['leader-elect'] });
  try {
    await mgr.start();
    log('stopped', { identity });
  } catch (err) {
    log('manager failed', { identity, error: String(err), lost: err instanceof LeaderElectionLostError });
    process.exitCode = 1;
  } finally {
    await cs.close();
    await env?.stop();
  }
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    // Stopped: a reconcile abandoned past its grace period must not keep the process alive.
    setTimeout(() => process.exit(), 1_000).unref();
  });
