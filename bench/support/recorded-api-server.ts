/**
 * A stand-in API server that serves one recorded list and one recorded watch from memory, as fast
 * as the client takes them: what an informer achieves when the server is not what it waits for.
 * (On a small machine kube-apiserver encodes each custom resource event at about 1 ms of CPU, and
 * every client's replay follows its pace.) Run by bench/informer-sync.ts in a child process of its
 * own, plain HTTP/1.1 on 127.0.0.1:
 *
 *   node recorded-api-server.js LIST_FILE WATCH_FILE [EVENTS_PER_SECOND]   # prints the port on stdout, then serves
 *
 * - any GET with `watch=1`/`watch=true`: 200 and the recorded watch body (JSON lines, as
 *   kube-apiserver sent them), written in 64 KiB slices as fast as the socket drains, or, with
 *   EVENTS_PER_SECOND, one line per write at that rate (events reaching the client one at a time,
 *   as from a live cluster); then the response stays open without a byte (as a quiet watch)
 *   until the client goes, so that nobody re-watches and gets the recording twice;
 * - any other GET: the recorded list (its resourceVersion), a page of `limit` items when asked for
 *   one (`continue` is the offset of the next page); query parameters are otherwise ignored;
 * - anything else: 404.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';

interface RecordedList {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string };
  items: unknown[];
}

const [listFile, watchFile, pace] = process.argv.slice(2);
if (!listFile || !watchFile) throw new Error('usage: recorded-api-server LIST_FILE WATCH_FILE [EVENTS_PER_SECOND]');
const eventsPerSecond = pace === undefined ? 0 : Number(pace);
if (!(eventsPerSecond >= 0)) throw new Error(`EVENTS_PER_SECOND must be a number >= 0, not ${pace}`);
const list = JSON.parse(readFileSync(listFile, 'utf8')) as RecordedList;
const watch = readFileSync(watchFile);
const SLICE = 64 * 1024;

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function listPage(query: URLSearchParams): RecordedList {
  const limit = Number(query.get('limit') ?? 0);
  if (!(limit > 0)) return list;
  const offset = Number(query.get('continue') ?? 0) || 0;
  const next = offset + limit;
  const metadata = { ...list.metadata, ...(next < list.items.length ? { continue: String(next) } : {}) };
  return { ...list, metadata, items: list.items.slice(offset, next) };
}

async function streamWatch(res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  let gone = false;
  let wake: (() => void) | undefined;
  res.on('drain', () => wake?.());
  res.on('close', () => {
    gone = true;
    wake?.();
  });
  const drained = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));
  if (eventsPerSecond > 0) {
    // One line per write, on a schedule: line n is due n / rate seconds after the first, so a
    // late timer is made up by writing the next lines at once (still one line per write).
    const start = performance.now();
    for (let at = 0, n = 0; at < watch.length && !gone; n++) {
      const due = start + (n * 1000) / eventsPerSecond - performance.now();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      let end = watch.indexOf(0x0a, at);
      end = end < 0 ? watch.length : end + 1;
      if (!res.write(watch.subarray(at, end))) await drained();
      at = end;
    }
    return;
  }
  for (let at = 0; at < watch.length && !gone; at += SLICE) {
    if (!res.write(watch.subarray(at, at + SLICE))) await drained();
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://recorded');
  req.resume();
  if (req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  const w = url.searchParams.get('watch');
  if (w === '1' || w === 'true') void streamWatch(res);
  else sendJson(res, listPage(url.searchParams));
});
server.keepAliveTimeout = 600_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
