/**
 * Recording a replay once from kube-apiserver (the list at a resourceVersion and the watch that
 * follows it, byte for byte) and serving it from memory (recorded-api-server.ts), so that
 * informers can be compared at their own speed rather than at the server's.
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bundleNodeProgram } from './node-bundle.js';
import { serverPool, type ServerEndpoint } from './server-endpoint.js';

/** How an update event's line starts. */
const TYPE_PREFIX = '{"type":"MODIFIED"';

/** A recorded list and watch, in files. */
export interface WatchRecording {
  listFile: string;
  watchFile: string;
  /** Bytes of the list and of the watch. */
  listBytes: number;
  watchBytes: number;
  /** MODIFIED events in the watch. */
  updates: number;
  /** Removes the files. */
  dispose(): void;
}

/** Where and how to read from the real API server. */
export interface RecordFrom extends ServerEndpoint {
  /** The collection, e.g. `/apis/slo.koordinator.sh/v1alpha1/nodemetrics`. */
  path: string;
  /** The resourceVersion the replay starts from. */
  resourceVersion: string;
  /** How many MODIFIED events to record (the watch is cut after the last). */
  updates: number;
  /** Bound on the whole recording (default 5 min). */
  timeoutMs?: number;
}

/**
 * Records the list at exactly `resourceVersion` and the watch from it up to its `updates`-th
 * MODIFIED event.
 * @param from - server, collection, starting point and length
 * @returns the recording
 */
export async function recordReplay(from: RecordFrom): Promise<WatchRecording> {
  const dir = mkdtempSync(join(tmpdir(), 'watch-recording-'));
  const pool = serverPool(from);
  const signal = AbortSignal.timeout(from.timeoutMs ?? 300_000);
  const rv = encodeURIComponent(from.resourceVersion);
  try {
    const list = await pool.request({ method: 'GET', path: `${from.path}?resourceVersion=${rv}&resourceVersionMatch=Exact`, headers: { accept: 'application/json' }, signal });
    const listText = await list.body.text();
    if (list.statusCode !== 200) throw new Error(`recording the list: HTTP ${list.statusCode}: ${listText.slice(0, 200)}`);
    const listFile = join(dir, 'list.json');
    writeFileSync(listFile, listText);

    const ac = new AbortController();
    const watch = await pool.request({ method: 'GET', path: `${from.path}?watch=1&resourceVersion=${rv}`, headers: { accept: 'application/json' }, signal: AbortSignal.any([signal, ac.signal]) });
    if (watch.statusCode !== 200) throw new Error(`recording the watch: HTTP ${watch.statusCode}: ${(await watch.body.text()).slice(0, 200)}`);
    const chunks: Buffer[] = [];
    let updates = 0;
    let bytes = 0;
    // kube-apiserver writes `{"type":"MODIFIED","object":...}` lines: the first bytes of each
    // line (which may span chunks) tell its type.
    let head = '';
    reading: for await (const chunk of watch.body as AsyncIterable<Buffer>) {
      for (let pos = 0; pos < chunk.length; ) {
        const nl = chunk.indexOf(10, pos);
        const stop = nl < 0 ? chunk.length : nl;
        if (head.length < TYPE_PREFIX.length) head += chunk.toString('latin1', pos, Math.min(stop, pos + TYPE_PREFIX.length - head.length));
        if (nl < 0) break;
        if (head === TYPE_PREFIX) updates++;
        head = '';
        pos = nl + 1;
        if (updates === from.updates) {
          chunks.push(chunk.subarray(0, pos));
          bytes += pos;
          break reading;
        }
      }
      chunks.push(chunk);
      bytes += chunk.length;
    }
    ac.abort();
    if (updates < from.updates) throw new Error(`recording the watch: it ended after ${updates} of ${from.updates} updates`);
    const watchFile = join(dir, 'watch.jsonl');
    writeFileSync(watchFile, Buffer.concat(chunks, bytes));
    return { listFile, watchFile, listBytes: Buffer.byteLength(listText), watchBytes: bytes, updates, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await pool.destroy();
  }
}

/** A running recorded API server. */
export interface RecordedServer {
  /** A kubeconfig that points at it (plain HTTP, no credentials). */
  kubeconfig: string;
  stop(): Promise<void>;
}

/**
 * Starts recorded-api-server.ts (bundled, plain `node`) on a recording.
 * @param repoDir - the repository root
 * @param recording - what it serves
 * @param eventsPerSecond - write the watch one event per write at this rate instead of as fast as the client reads
 */
export async function startRecordedServer(repoDir: string, recording: WatchRecording, eventsPerSecond?: number): Promise<RecordedServer> {
  const bundle = await bundleNodeProgram(repoDir, join(repoDir, 'bench', 'support', 'recorded-api-server.ts'), 'recorded-api-server');
  const args = [bundle.file, recording.listFile, recording.watchFile, ...(eventsPerSecond ? [String(eventsPerSecond)] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
    bundle.dispose();
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the recorded API server did not start within 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`the recorded API server exited with ${code}`)));
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        resolve(Number(line));
      });
    });
    const kubeconfig = join(bundle.file, '..', 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        // client-node refuses plain HTTP unless TLS verification is off (there is no TLS to verify).
        'clusters: [{ name: recorded, cluster: { server: "http://127.0.0.1:' + port + '", insecure-skip-tls-verify: true } }]',
        'users: [{ name: recorded, user: {} }]',
        'contexts: [{ name: recorded, context: { cluster: recorded, user: recorded } }]',
        'current-context: recorded',
        '',
      ].join('\n'),
    );
    return { kubeconfig, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
