/**
 * A fake Transport for factory unit tests: answers list requests from a fixed set of objects per
 * resource path and keeps watch streams open (silent) until their signal aborts or they are
 * cancelled. Records every request.
 */
import type { CallOptions } from '../../../../src/meta/options.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../../../../src/rest/transport/transport.js';

export class FakeTransport implements Transport {
  /** Every request path (with query), in order; watches are marked by `watch=true`. */
  readonly paths: string[] = [];
  /** Watch streams still open. */
  openStreams = 0;
  /** Objects listed per collection path (e.g. `/apis/g/v1/things`). */
  readonly collections = new Map<string, unknown[]>();
  private readonly closers = new Set<() => void>();

  async request(req: RestRequest): Promise<RestResponse> {
    this.paths.push(req.path);
    const url = new URL(req.path, 'https://fake');
    let items = this.collections.get(url.pathname);
    if (!items) {
      // An all-namespaces path also answers for .../namespaces/<ns>/... of the same resource.
      const m = /^(.*)\/namespaces\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (m) items = (this.collections.get(`${m[1]}/${m[3]}`) ?? []).filter((o) => (o as { metadata?: { namespace?: string } }).metadata?.namespace === m[2]);
    }
    const body = JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '100' }, items: items ?? [] });
    return { status: 200, headers: { 'content-type': 'application/json' }, body };
  }

  async stream(req: RestRequest, opts: CallOptions = {}): Promise<RestStream> {
    this.paths.push(req.path);
    this.openStreams++;
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    let open = true;
    const end = (): void => {
      if (!open) return;
      open = false;
      this.openStreams--;
      this.closers.delete(end);
      opts.signal?.removeEventListener('abort', end);
      close();
    };
    this.closers.add(end);
    opts.signal?.addEventListener('abort', end, { once: true });
    async function* body(): AsyncGenerator<Uint8Array> {
      await closed;
    }
    return { status: 200, headers: {}, body: body(), cancel: end };
  }

  async close(): Promise<void> {
    for (const end of [...this.closers]) end();
  }
}
