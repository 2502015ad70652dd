// A Transport that answers without a server: 404 for a get, an empty list, an empty watch. Shared
// by the ESM and CommonJS consumers (copied next to each of them by .ci/package-check.sh).
import type { RestRequest, RestResponse, RestStream, Transport } from 'koordinator-client';

/** Requests the fake transport saw, as `METHOD path`. */
export const seen: string[] = [];

const json = { 'content-type': 'application/json' };

export const fakeTransport: Transport = {
  async request(req: RestRequest): Promise<RestResponse> {
    seen.push(`${req.method} ${req.path}`);
    if (req.method === 'GET' && /\/reservations\/[^/?]+$/.test(req.path)) {
      const status = { apiVersion: 'v1', kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'reservations "missing" not found' };
      return { status: 404, headers: json, body: JSON.stringify(status) };
    }
    if (req.method === 'GET') {
      return { status: 200, headers: json, body: JSON.stringify({ apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'ReservationList', metadata: { resourceVersion: '42' }, items: [] }) };
    }
    return { status: 405, headers: json, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'MethodNotAllowed', code: 405 }) };
  },
  async stream(req: RestRequest): Promise<RestStream> {
    seen.push(`${req.method} ${req.path}`);
    return { status: 200, headers: json, body: (async function* () {})(), cancel() {} };
  },
  async close(): Promise<void> {},
};

/** Fails the process with `message` unless `ok`. */
export function check(ok: boolean, message: string): void {
  if (!ok) {
    console.error(`FAIL: ${message}`);
    process.exitCode = 1;
  } else {
    console.log(`ok: ${message}`);
  }
}
