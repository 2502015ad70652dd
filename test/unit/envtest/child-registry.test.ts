import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlive, waitGone } from './process-liveness.js';

const fixture = fileURLToPath(new URL('./fixtures/orphan-parent.ts', import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

interface Run {
  childPid: number;
  dir: string;
  parent: ReturnType<typeof spawn>;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function runParent(mode: string): Promise<Run> {
  const parent = spawn(process.execPath, ['--import', tsxLoader, fixture, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => parent.on('exit', (code, signal) => resolve({ code, signal })));
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    parent.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    parent.on('exit', () => reject(new Error(`fixture ended before reporting: ${buf}`)));
  });
  const { pid, dir } = JSON.parse(line) as { pid: number; dir: string };
  return { childPid: pid, dir, parent, ended };
}

describe('child registry', () => {
  it('kills children and removes temp directories when the process exits', async () => {
    const run = await runParent('exit');
    expect((await run.ended).code).toBe(3);
    expect(await waitGone(run.childPid)).toBe(true);
    expect(existsSync(run.dir)).toBe(false);
  }, 30_000);

  it('kills children on SIGTERM and re-raises it so the exit status says SIGTERM', async () => {
    const run = await runParent('signal');
    expect(isAlive(run.childPid)).toBe(true);
    run.parent.kill('SIGTERM');
    expect((await run.ended).signal).toBe('SIGTERM');
    expect(await waitGone(run.childPid)).toBe(true);
    expect(existsSync(run.dir)).toBe(false);
  }, 30_000);

  it('leaves the exit decision to the application when it handles the signal itself', async () => {
    const run = await runParent('own-handler');
    run.parent.kill('SIGINT');
    expect(await waitGone(run.childPid)).toBe(true);
    expect(await run.ended).toEqual({ code: 7, signal: null });
  }, 30_000);
});
