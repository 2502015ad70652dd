import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../src/envtest/free-port.js';

describe('freePort', () => {
  it('returns distinct ports that can be listened on at 127.0.0.1', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(65536);
    }
    const server = createServer();
    server.listen(ports[0], '127.0.0.1');
    await once(server, 'listening');
    expect((server.address() as { port: number }).port).toBe(ports[0]);
    server.close();
  });

  it('never hands out the same port twice in one process', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const p = await freePort();
      expect(seen.has(p)).toBe(false);
      seen.add(p);
    }
  });
});
