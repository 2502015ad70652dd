import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { registeredChildProcesses } from '../../../src/envtest/child-registry.js';
import { ManagedProcess, describeExit } from '../../../src/envtest/managed-process.js';
import { isAlive } from './process-liveness.js';

const dir = mkdtempSync(join(tmpdir(), 'envtest-proc-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(script: string, logFile?: string): ManagedProcess {
  return ManagedProcess.start({ name: 'node', command: process.execPath, args: ['-e', script], ...(logFile ? { logFile } : {}), tailLines: 3 });
}

async function waitForLine(p: ManagedProcess, line: string): Promise<void> {
  for (let i = 0; i < 200 && !p.outputTail().includes(line); i++) await sleep(25);
  expect(p.outputTail()).toContain(line);
}

describe('ManagedProcess', () => {
  it('drains stdout and stderr into the tail and the log file', async () => {
    const log = join(dir, 'out.log');
    const p = node("for (let i = 1; i <= 5; i++) console.log('out ' + i); console.error('err 6'); process.exit(4)", log);
    expect(p.pid).toBeTypeOf('number');
    const exit = await p.exited;
    expect(exit).toEqual({ code: 4, signal: null });
    expect(describeExit(exit)).toBe('exited with code 4');
    expect(p.running).toBe(false);
    expect(p.outputTail()).toHaveLength(3);
    expect(p.outputTail()).toContain('err 6');
    const full = readFileSync(log, 'utf8');
    for (const l of ['out 1', 'out 5', 'err 6']) expect(full).toContain(l);
  });

  it('registers the child while it runs and forgets it after exit', async () => {
    const p = node('setInterval(() => {}, 1000)');
    expect(registeredChildProcesses()).toContain(p.pid);
    const exit = await p.stop(5_000);
    expect(exit.signal).toBe('SIGTERM');
    expect(registeredChildProcesses()).not.toContain(p.pid);
    expect(isAlive(p.pid!)).toBe(false);
  });

  it('escalates to SIGKILL when SIGTERM is ignored past the grace period', async () => {
    const p = node("process.on('SIGTERM', () => console.log('ignoring')); setInterval(() => {}, 1000); console.log('ready')");
    await waitForLine(p, 'ready');
    const t0 = performance.now();
    const exit = await p.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
    expect(p.outputTail()).toContain('ignoring');
    expect(describeExit(exit)).toBe('was killed by SIGKILL');
  });

  it('reports a binary that cannot be started through exited, without throwing', async () => {
    const p = ManagedProcess.start({ name: 'missing', command: join(dir, 'no-such-binary'), args: [] });
    const exit = await p.exited;
    expect(exit.spawnError).toBeInstanceOf(Error);
    expect(describeExit(exit)).toMatch(/could not be started.*ENOENT/);
    expect(await p.stop()).toBe(exit);
    expect(p.signal('SIGTERM')).toBe(false);
  });
});
