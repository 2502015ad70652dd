/**
 * Test helper: a directory of fake `etcd` and `kube-apiserver` binaries, as Node scripts that
 * behave enough like the real ones for envtest to start them: etcd answers `/health` over HTTP
 * on `--listen-client-urls`; kube-apiserver answers `/readyz` over HTTPS on `--secure-port` with
 * the `--tls-*` files, requiring client certificates of `--client-ca-file`, and answers any other
 * path with its port and `--etcd-servers` as JSON. Each appends its command line to `<dir>/calls`.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Options of {@link fakeServerAssets}. */
export interface FakeServerOptions {
  /** The fake kube-apiserver ignores SIGTERM (it only dies of SIGKILL). */
  apiServerIgnoresSigterm?: boolean;
}

/** Creates the fake binaries in a new directory under `parent` and returns that directory. */
export function fakeServerAssets(parent: string, options: FakeServerOptions = {}): string {
  const dir = mkdtempSync(join(parent, 'assets-'));
  const common = (sigterm: string) => `const args = process.argv.slice(2);
const flag = (n) => { const a = args.filter((x) => x.startsWith('--' + n + '=')).pop(); return a && a.slice(n.length + 3); };
require('node:fs').appendFileSync(${JSON.stringify(join(dir, 'calls'))}, require('node:path').basename(process.argv[1]) + ' ' + args.join(' ') + '\\n');
process.on('SIGTERM', () => { ${sigterm} });
`;
  const etcd = `${common('process.exit(0)')}
const url = new URL(flag('listen-client-urls'));
require('node:http').createServer((req, res) => res.end('{"health":"true"}')).listen(Number(url.port), '127.0.0.1');
`;
  const api = `${common(options.apiServerIgnoresSigterm ? "console.log('ignoring SIGTERM')" : 'process.exit(0)')}
const fs = require('node:fs');
const server = require('node:https').createServer(
  { cert: fs.readFileSync(flag('tls-cert-file')), key: fs.readFileSync(flag('tls-private-key-file')), ca: fs.readFileSync(flag('client-ca-file')), requestCert: true, rejectUnauthorized: true },
  (req, res) => res.end(req.url === '/readyz' ? 'ok' : JSON.stringify({ port: flag('secure-port'), etcd: flag('etcd-servers') })),
);
server.listen(Number(flag('secure-port')), '127.0.0.1');
console.log('fake kube-apiserver listening on ' + flag('secure-port'));
`;
  for (const [bin, body] of [['etcd', etcd], ['kube-apiserver', api]] as const) {
    writeFileSync(join(dir, bin), `#!${process.execPath}\n${body}`);
    chmodSync(join(dir, bin), 0o755);
  }
  return dir;
}
