// gzip on the wire against the real kube-apiserver: a large list (the installed CRDs, well above
// the server's 128 KiB compression threshold) arrives gzip-compressed and decodes to the same
// objects as the uncompressed answer. Bytes are counted by a TCP relay between client and server
// (TLS passes through untouched), so the test sees what really crossed the wire.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClientset } from '../../src/generated/kube-clientset.js';
import { loadKubeconfig } from '../../src/rest/config/kubeconfig.js';
import type { RestConfig } from '../../src/rest/config/config.js';
import { envtestInfo } from './env.js';
import { useCluster } from './support/cluster.js';

useCluster();

interface Relay {
  url: string;
  /** Bytes the server sent to the client since the last reset. */
  downstream: number;
  close(): Promise<void>;
}

function startRelay(upstream: URL): Promise<Relay> {
  const sockets = new Set<Socket>();
  const relay: Relay = { url: '', downstream: 0, close: async () => {} };
  const server: Server = createServer((client) => {
    const up = createConnection(Number(upstream.port), upstream.hostname);
    sockets.add(client).add(up);
    up.on('data', (b: Buffer) => {
      relay.downstream += b.length;
    });
    client.pipe(up);
    up.pipe(client);
    const done = (): void => {
      client.destroy();
      up.destroy();
    };
    client.on('error', done).on('close', done);
    up.on('error', done).on('close', done);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      relay.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      relay.close = () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        });
      resolve(relay);
    }),
  );
}

let relay: Relay;
let config: RestConfig;
beforeAll(async () => {
  relay = await startRelay(new URL(envtestInfo().server));
  config = { ...(await loadKubeconfig({ kubeconfig: envtestInfo().kubeconfigPath })), server: relay.url };
});
afterAll(async () => {
  await relay.close();
});

/** Lists every CRD through the relay; returns the names and the bytes the server sent for the list. */
async function listCrds(disableCompression: boolean): Promise<{ names: string[]; bytes: number; json: number }> {
  const cs = await KubeClientset.create({ config, disableCompression, retry: false });
  try {
    await cs.discovery.serverVersion(); // connection and TLS set up before counting
    relay.downstream = 0;
    const list = await cs.apiextensionsV1.customResourceDefinitions().list();
    return { names: list.items.map((c) => c.metadata?.name ?? '').sort(), bytes: relay.downstream, json: JSON.stringify(list).length };
  } finally {
    await cs.close();
  }
}

describe('gzip against kube-apiserver', () => {
  it('a large list arrives gzip-compressed and decodes to the same objects', async () => {
    const plain = await listCrds(true);
    const gz = await listCrds(false);
    expect(plain.json).toBeGreaterThan(128 * 1024); // above the server's threshold
    expect(plain.names.length).toBeGreaterThan(10);
    expect(gz.names).toEqual(plain.names);
    expect(gz.json).toBe(plain.json);
    // Uncompressed, the wire carries at least the JSON; compressed, a fraction of it.
    expect(plain.bytes).toBeGreaterThan(plain.json * 0.9);
    expect(gz.bytes).toBeLessThan(plain.bytes / 3);
  });

  it('a streaming initial list (sendInitialEvents) arrives gzip-compressed and decodes event by event', async () => {
    const watchList = async (disableCompression: boolean): Promise<{ names: string[]; bytes: number }> => {
      const cs = await KubeClientset.create({ config, disableCompression, retry: false });
      try {
        await cs.discovery.serverVersion();
        relay.downstream = 0;
        const names: string[] = [];
        const ac = new AbortController();
        for await (const ev of cs.apiextensionsV1.customResourceDefinitions().watch({ sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan', signal: ac.signal, timeoutMs: 30_000 })) {
          if (ev.type === 'ADDED') names.push(ev.object.metadata?.name ?? '');
          // The bookmark that ends the initial events.
          if (ev.type === 'BOOKMARK' && ev.object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true') ac.abort();
        }
        return { names: names.sort(), bytes: relay.downstream };
      } finally {
        await cs.close();
      }
    };
    const plain = await watchList(true);
    const gz = await watchList(false);
    expect(plain.names.length).toBeGreaterThan(10);
    expect(gz.names).toEqual(plain.names);
    expect(gz.bytes).toBeLessThan(plain.bytes / 2);
  });
});
