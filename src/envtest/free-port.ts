/**
 * Picks free TCP ports on the loopback interface by listening on port 0 and closing again.
 * @packageDocumentation
 */
import { createServer } from 'node:net';

// Ports this process handed out recently: the kernel may offer a just-closed port again, and two
// servers of the same envtest (or two envtests starting at once) must not be given the same one.
const handedOut = new Set<number>();
const MAX_REMEMBERED = 4096;

function listenOnce(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not read the port of a listening socket'))));
    });
  });
}

/**
 * Returns a TCP port that was free on `host` (127.0.0.1 by default) a moment ago and that this
 * process has not handed out before. Another process may still take it before it is used, so
 * callers retry a start that fails with "address already in use".
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(host);
    if (handedOut.has(port)) continue;
    if (handedOut.size >= MAX_REMEMBERED) handedOut.clear();
    handedOut.add(port);
    return port;
  }
  throw new Error(`could not find a free port on ${host}`);
}
