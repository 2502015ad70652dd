/**
 * The proxy for a request from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (and their lower-case
 * forms), with the rules client-go inherits from Go's `net/http.ProxyFromEnvironment`
 * (`golang.org/x/net/http/httpproxy`):
 *
 * - `https://` servers use `HTTPS_PROXY`, `http://` servers `HTTP_PROXY`; the upper-case name
 *   wins when both are set and non-empty. A value without a scheme (`proxy.corp:3128`) means
 *   `http://proxy.corp:3128`.
 * - `localhost` and loopback addresses (127.0.0.0/8, ::1) are never proxied.
 * - `NO_PROXY` is a comma-separated list, case-insensitive: `*` (no proxy at all), an IP address
 *   or a CIDR (`10.0.0.0/8`), an IP with a port (`1.2.3.4:6443`, `[::1]:6443`), or a domain:
 *   `example.com` matches it and its subdomains, `.example.com` and `*.example.com` only its
 *   subdomains; `example.com:6443` only on that port. Domains never match IP addresses.
 * - In a CGI environment (`REQUEST_METHOD` set) `HTTP_PROXY` is refused (httpoxy).
 *
 * A kubeconfig cluster's `proxy-url` wins over all of this (client-go: `http.ProxyURL`).
 * The environment is read when a transport is created (Go reads it once per process).
 * @packageDocumentation
 */
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { ConfigError } from '../errors.js';

/** The proxy settings found in an environment. */
export interface ProxyEnvironment {
  /** `HTTP_PROXY` or `http_proxy`. */
  httpProxy?: string;
  /** `HTTPS_PROXY` or `https_proxy`. */
  httpsProxy?: string;
  /** `NO_PROXY` or `no_proxy`. */
  noProxy?: string;
  /** Whether this is a CGI environment (`REQUEST_METHOD` set), where `HTTP_PROXY` is refused. */
  cgi?: boolean;
}

function firstSet(env: Readonly<Record<string, string | undefined>>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/**
 * Reads the proxy variables from an environment (upper case first, as Go).
 * @param env - the environment (default `process.env`)
 * @returns the settings
 */
export function proxyEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): ProxyEnvironment {
  const out: ProxyEnvironment = {};
  const http = firstSet(env, 'HTTP_PROXY', 'http_proxy');
  const https = firstSet(env, 'HTTPS_PROXY', 'https_proxy');
  const no = firstSet(env, 'NO_PROXY', 'no_proxy');
  if (http !== undefined) out.httpProxy = http;
  if (https !== undefined) out.httpsProxy = https;
  if (no !== undefined) out.noProxy = no;
  if (firstSet(env, 'REQUEST_METHOD') !== undefined) out.cgi = true;
  return out;
}

/** A proxy value as a URL string; a value without a scheme or host gets `http://` (Go's parseProxy). */
function parseProxy(value: string): string | undefined {
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    u = undefined;
  }
  if (!u || !u.host) {
    try {
      u = new URL(`http://${value}`);
    } catch {
      return undefined; // Go ignores an unparseable proxy variable
    }
  }
  return u.href;
}

const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443', 'socks5:': '1080' };

/** A host without IPv6 brackets, lower case. */
function bareHost(host: string): string {
  const h = host.trim().toLowerCase();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

let loopbacks: BlockList | undefined;
function isLoopback(ip: string): boolean {
  if (!loopbacks) {
    loopbacks = new BlockList();
    loopbacks.addSubnet('127.0.0.0', 8, 'ipv4'); // also matches IPv4-mapped IPv6 (::ffff:7f00:1)
    loopbacks.addAddress('::1', 'ipv6');
  }
  return loopbacks.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/** Splits `host:port` / `[v6]:port`; undefined when there is no port (Go's net.SplitHostPort failing). */
function splitHostPort(entry: string): { host: string; port: string } | undefined {
  const bracket = /^\[([^\]]*)\]:(\d*)$/.exec(entry);
  if (bracket) return { host: bracket[1]!, port: bracket[2]! };
  const colon = entry.lastIndexOf(':');
  if (colon < 0 || entry.indexOf(':') !== colon) return undefined; // none, or a bare IPv6 address
  return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
}

type Matcher = (host: string, port: string, ip: boolean) => boolean;

/** The NO_PROXY rules as matchers; `all` when it holds `*`. */
function noProxyMatchers(noProxy: string): Matcher[] | 'all' {
  const out: Matcher[] = [];
  for (const raw of noProxy.split(',')) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    if (p === '*') return 'all';
    const cidr = /^(.+)\/(\d{1,3})$/.exec(p);
    if (cidr && isIP(cidr[1]!)) {
      const family = isIP(cidr[1]!) === 4 ? 'ipv4' : 'ipv6';
      const prefix = Number(cidr[2]);
      if (prefix <= (family === 'ipv4' ? 32 : 128)) {
        const list = new BlockList();
        list.addSubnet(cidr[1]!, prefix, family);
        out.push((host, _port, ip) => ip && list.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6'));
        continue;
      }
    }
    let phost = p;
    let pport = '';
    const split = splitHostPort(p);
    if (split) {
      if (!split.host) continue;
      phost = split.host;
      pport = split.port;
    }
    if (isIP(phost)) {
      const want = phost;
      const wantFamily = isIP(want);
      out.push((host, port, ip) => ip && isIP(host) === wantFamily && sameIp(host, want) && (pport === '' || pport === port));
      continue;
    }
    if (!phost) continue;
    if (phost.startsWith('*.')) phost = phost.slice(1);
    let matchHost = false;
    if (!phost.startsWith('.')) {
      matchHost = true;
      phost = `.${phost}`;
    }
    const ascii = domainToASCII(phost.slice(1));
    if (ascii) phost = `.${ascii}`;
    const suffix = phost;
    out.push((host, port, ip) => !ip && (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (pport === '' || pport === port));
  }
  return out;
}

function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  const list = new BlockList();
  const family = isIP(b) === 4 ? 'ipv4' : 'ipv6';
  list.addAddress(b, family);
  return list.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether a request to `host:port` goes through the proxy under these NO_PROXY rules (never for
 * localhost or a loopback address).
 * @param host - the server's host name or IP (IPv6 with or without brackets)
 * @param port - the server's port
 * @param noProxy - the `NO_PROXY` value
 * @returns true when the proxy is used
 */
export function useProxy(host: string, port: string, noProxy = ''): boolean {
  const h = bareHost(host);
  if (h === 'localhost') return false;
  const ip = isIP(h) !== 0;
  if (ip && isLoopback(h)) return false;
  const matchers = noProxyMatchers(noProxy);
  if (matchers === 'all') return false;
  return !matchers.some((m) => m(h, port, ip));
}

/**
 * The proxy a request to `server` goes through according to the environment, or undefined for
 * a direct connection.
 * @param server - the API server URL
 * @param env - the proxy settings (default: read from `process.env`)
 * @returns the proxy URL, or undefined
 * @throws ConfigError for an `http://` server in a CGI environment with `HTTP_PROXY` set
 */
export function proxyForUrl(server: string | URL, env: ProxyEnvironment = proxyEnvironment()): string | undefined {
  const url = typeof server === 'string' ? new URL(server) : server;
  let value: string | undefined;
  if (url.protocol === 'https:') value = env.httpsProxy;
  else if (url.protocol === 'http:') {
    value = env.httpProxy;
    if (value !== undefined && env.cgi) throw new ConfigError('refusing to use HTTP_PROXY in a CGI environment (REQUEST_METHOD is set); see httpoxy');
  }
  if (value === undefined) return undefined;
  const proxy = parseProxy(value);
  if (proxy === undefined) return undefined;
  const port = url.port || defaultPorts[url.protocol] || '';
  return useProxy(url.hostname, port, env.noProxy) ? proxy : undefined;
}
