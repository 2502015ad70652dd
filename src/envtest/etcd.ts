/**
 * Runs the etcd member backing an envtest: a single-member cluster on loopback, with fsync
 * disabled for speed (the data is thrown away anyway).
 * @packageDocumentation
 */
import { mergeFlags, renderFlags, type FlagValue, type Flags } from './flags.js';
import { probe } from './health-probe.js';
import { ManagedProcess } from './managed-process.js';
import { waitUntilReady } from './wait-ready.js';

/** Where and how to run etcd. */
export interface EtcdConfig {
  /** Path of the etcd binary. */
  binary: string;
  dataDir: string;
  /** Client port on 127.0.0.1. */
  clientPort: number;
  /** Peer port on 127.0.0.1. */
  peerPort: number;
  /** Caller's flags, merged over the defaults (`null` removes a default). */
  flags?: Flags;
  /** Full output goes here when set. */
  logFile?: string;
  /** Lines of output kept in memory for error messages (50 by default). */
  tailLines?: number;
  /** How long to wait for `/health` (ms). */
  startTimeoutMs: number;
}

/** A running, healthy etcd. */
export interface RunningEtcd {
  process: ManagedProcess;
  /** Client URL, e.g. `http://127.0.0.1:2379`. */
  url: string;
  /** Milliseconds from spawn to healthy. */
  readyMs: number;
}

/** The client URL etcd serves for a config. */
export function etcdClientUrl(config: Pick<EtcdConfig, 'clientPort'>): string {
  return `http://127.0.0.1:${config.clientPort}`;
}

/** The flags envtest starts etcd with before the caller's overrides. */
export function etcdDefaultFlags(config: Pick<EtcdConfig, 'dataDir' | 'clientPort' | 'peerPort'>): Record<string, FlagValue> {
  const clientUrl = etcdClientUrl(config);
  const peerUrl = `http://127.0.0.1:${config.peerPort}`;
  return {
    name: 'default',
    'data-dir': config.dataDir,
    'listen-client-urls': clientUrl,
    'advertise-client-urls': clientUrl,
    'listen-peer-urls': peerUrl,
    'initial-advertise-peer-urls': peerUrl,
    'initial-cluster': `default=${peerUrl}`,
    'initial-cluster-state': 'new',
    'unsafe-no-fsync': 'true',
    // 8 GiB, etcd's recommended maximum; the default 2 GiB can fill up in long test runs.
    'quota-backend-bytes': String(8 * 1024 ** 3),
  };
}

/** The complete etcd argument list for a config. */
export function etcdArgs(config: EtcdConfig): string[] {
  return renderFlags(mergeFlags(etcdDefaultFlags(config), config.flags));
}

/** Starts etcd and waits until `/health` reports healthy; kills it again if that fails. */
export async function startEtcd(config: EtcdConfig): Promise<RunningEtcd> {
  const url = etcdClientUrl(config);
  const proc = ManagedProcess.start({
    name: 'etcd',
    command: config.binary,
    args: etcdArgs(config),
    ...(config.logFile ? { logFile: config.logFile } : {}),
    ...(config.tailLines ? { tailLines: config.tailLines } : {}),
  });
  try {
    const readyMs = await waitUntilReady({
      component: 'etcd',
      process: proc,
      timeoutMs: config.startTimeoutMs,
      check: async () => {
        const res = await probe(`${url}/health`, { timeoutMs: 2_000 });
        if (res.status === 200 && /"health"\s*:\s*"true"/.test(res.body)) return true;
        return `HTTP ${res.status} ${res.body.trim().slice(0, 200)}`;
      },
    });
    return { process: proc, url, readyMs };
  } catch (err) {
    await proc.stop(2_000);
    throw err;
  }
}
