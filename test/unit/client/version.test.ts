import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_VERSION, defaultUserAgent } from '../../../src/rest/transport/user-agent.js';

describe('client version', () => {
  it('the User-Agent names the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(CLIENT_VERSION).toBe(pkg.version);
    expect(defaultUserAgent()).toContain(`koordinator-client/${pkg.version}`);
  });
});
