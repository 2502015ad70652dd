import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBinaries } from '../../../src/envtest/binaries.js';
import { EnvtestError } from '../../../src/envtest/errors.js';
import { KubeClientError } from '../../../src/rest/errors.js';

const root = mkdtempSync(join(tmpdir(), 'envtest-binaries-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function assets(name: string, opts: { etcd?: boolean; apiserver?: boolean; executable?: boolean } = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [bin, present] of [['etcd', opts.etcd ?? true], ['kube-apiserver', opts.apiserver ?? true]] as const) {
    if (!present) continue;
    writeFileSync(join(dir, bin), '#!/bin/sh\n');
    chmodSync(join(dir, bin), opts.executable === false ? 0o644 : 0o755);
  }
  return dir;
}

function caught(fn: () => unknown): EnvtestError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvtestError);
    expect(err).toBeInstanceOf(KubeClientError);
    return err as EnvtestError;
  }
  throw new Error('expected an error');
}

describe('resolveBinaries', () => {
  const good = assets('good');
  const other = assets('other');

  it('prefers the explicit directory over the environment', () => {
    const b = resolveBinaries(good, { KUBEBUILDER_ASSETS: other });
    expect(b).toEqual({ assetsDir: good, etcd: join(good, 'etcd'), kubeApiServer: join(good, 'kube-apiserver'), source: 'binaryAssetsDir' });
  });

  it('uses KUBEBUILDER_ASSETS before KOORD_ENVTEST_ASSETS', () => {
    expect(resolveBinaries(undefined, { KUBEBUILDER_ASSETS: good, KOORD_ENVTEST_ASSETS: other })).toMatchObject({ assetsDir: good, source: 'KUBEBUILDER_ASSETS' });
    expect(resolveBinaries(undefined, { KOORD_ENVTEST_ASSETS: other })).toMatchObject({ assetsDir: other, source: 'KOORD_ENVTEST_ASSETS' });
  });

  it('falls through an environment directory without the binaries', () => {
    const empty = assets('empty', { etcd: false, apiserver: false });
    expect(resolveBinaries(undefined, { KUBEBUILDER_ASSETS: empty, KOORD_ENVTEST_ASSETS: good })).toMatchObject({ source: 'KOORD_ENVTEST_ASSETS' });
  });

  it('does not fall back when an explicit directory is unusable, and says what is wrong', () => {
    const noApi = assets('no-apiserver', { apiserver: false });
    const err = caught(() => resolveBinaries(noApi, { KUBEBUILDER_ASSETS: good }));
    expect(err.component).toBe('binaries');
    expect(err.message).toContain(`${join(noApi, 'kube-apiserver')} is missing`);
    expect(err.message).not.toContain('etcd is missing');
  });

  it('reports non-executable binaries and missing directories', () => {
    const noExec = assets('no-exec', { executable: false });
    expect(caught(() => resolveBinaries(noExec, {})).message).toContain('is not executable');
    expect(caught(() => resolveBinaries(join(root, 'nope'), {})).message).toContain('does not exist');
  });

  it('explains how to get binaries when nothing is configured', () => {
    const err = caught(() => resolveBinaries(undefined, {}));
    expect(err.message).toContain('KUBEBUILDER_ASSETS is not set');
    expect(err.message).toContain('KOORD_ENVTEST_ASSETS is not set');
    expect(err.message).toContain('tools/build-servers.sh');
    expect(err.message).toContain('setup-envtest');
    expect(err.name).toBe('EnvtestError');
  });
});
