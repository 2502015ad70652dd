// The proxy decision from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, with Go's httpproxy rules.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/rest/errors.js';
import { proxyEnvironment, proxyForUrl, useProxy } from '../../../src/rest/transport/proxy-from-environment.js';

describe('proxyEnvironment', () => {
  it('reads upper case first, then lower case; empty values count as unset', () => {
    expect(proxyEnvironment({ HTTPS_PROXY: 'http://up:1', https_proxy: 'http://low:1' }).httpsProxy).toBe('http://up:1');
    expect(proxyEnvironment({ HTTPS_PROXY: '', https_proxy: 'http://low:1' }).httpsProxy).toBe('http://low:1');
    expect(proxyEnvironment({ http_proxy: 'p:3128', no_proxy: 'a.b' })).toEqual({ httpProxy: 'p:3128', noProxy: 'a.b' });
    expect(proxyEnvironment({ REQUEST_METHOD: 'GET' }).cgi).toBe(true);
    expect(proxyEnvironment({})).toEqual({});
  });
});

describe('proxyForUrl', () => {
  const env = { httpsProxy: 'http://secure-proxy:3128', httpProxy: 'http://plain-proxy:3128' };

  it('picks the variable by the server scheme', () => {
    expect(proxyForUrl('https://api.example.com:6443', env)).toBe('http://secure-proxy:3128/');
    expect(proxyForUrl('http://api.example.com:8080', env)).toBe('http://plain-proxy:3128/');
    expect(proxyForUrl('https://api.example.com', { httpProxy: 'http://plain-proxy:3128' })).toBeUndefined();
  });

  it('a proxy without a scheme means http://', () => {
    expect(proxyForUrl('https://api.example.com', { httpsProxy: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128/');
    expect(proxyForUrl('https://api.example.com', { httpsProxy: 'https://user:pw@proxy.corp:443' })).toBe('https://user:pw@proxy.corp/');
  });

  it('never proxies localhost or loopback addresses', () => {
    for (const server of ['https://localhost:6443', 'https://127.0.0.1:6443', 'https://127.3.4.5', 'https://[::1]:6443', 'https://[::ffff:127.0.0.1]:6443']) {
      expect(proxyForUrl(server, env), server).toBeUndefined();
    }
    // Not loopback: proxied.
    expect(proxyForUrl('https://[::2]:6443', env)).toBeDefined();
    expect(proxyForUrl('https://localhost.example.com', env)).toBeDefined();
    expect(proxyForUrl('https://128.0.0.1', env)).toBeDefined();
  });

  it('refuses HTTP_PROXY for http servers in a CGI environment', () => {
    expect(() => proxyForUrl('http://api.example.com', { ...env, cgi: true })).toThrow(ConfigError);
    expect(proxyForUrl('https://api.example.com', { ...env, cgi: true })).toBe('http://secure-proxy:3128/');
  });
});

describe('useProxy: NO_PROXY', () => {
  const noProxy = 'foobar.com, .barbaz.net, *.wild.org, 10.0.0.0/8, 192.168.1.1, 192.168.1.3:80, [2001:db8::1]:443, example.org:6443, BIG.CASE';
  const cases: [host: string, port: string, proxied: boolean][] = [
    ['foobar.com', '443', false], // exact domain
    ['www.foobar.com', '443', false], // subdomain of a domain without a dot
    ['foofoobar.com', '443', true], // not a subdomain
    ['barbaz.net', '443', true], // .barbaz.net: subdomains only
    ['a.barbaz.net', '443', false],
    ['wild.org', '443', true], // *.wild.org: subdomains only
    ['x.wild.org', '443', false],
    ['10.1.2.3', '443', false], // CIDR
    ['11.1.2.3', '443', true],
    ['192.168.1.1', '6443', false], // IP, any port
    ['192.168.1.3', '80', false], // IP with port
    ['192.168.1.3', '443', true],
    ['2001:db8::1', '443', false],
    ['[2001:db8::1]', '443', false],
    ['2001:db8::1', '80', true],
    ['example.org', '6443', false], // domain with port
    ['example.org', '443', true],
    ['big.case', '443', false], // case-insensitive
    ['10.example.com', '443', true], // domains and IPs do not mix
  ];
  it.each(cases)('%s:%s proxied=%s', (host, port, proxied) => {
    expect(useProxy(host, port, noProxy)).toBe(proxied);
  });

  it('* disables the proxy for every host', () => {
    expect(useProxy('api.example.com', '443', 'foo,*')).toBe(false);
  });

  it('an IP rule does not match a domain that looks like it, and empty entries are skipped', () => {
    expect(useProxy('192.168.1.1.nip.io', '443', '192.168.1.1,, ,')).toBe(true);
  });
});
