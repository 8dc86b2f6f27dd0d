// Ctrl-C (or a CI job's SIGTERM) in the middle of a batch of PDF reports: the batch is written all
// or none, so none of it is left; the temporary files of the run are removed, the browser is stopped
// and its profile folder deleted, and the exit code is the one a shell expects.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/report/browser.js';
import { ROOT } from './helpers.js';

function browser(): string | null {
  try {
    return findBrowser(undefined, process.env);
  } catch {
    return null;
  }
}

const SCHOOLS = 24;

async function interruptBatch(signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; out: string[]; temp: string[]; stderr: string }> {
  const { generateDistrict } = await import('../bench/generate.js');
  const work = mkdtempSync(join(tmpdir(), 'plan-interrupt-'));
  const plan = join(work, 'district');
  generateDistrict(plan, SCHOOLS);
  const out = join(work, 'out');
  // The child's own temporary folder: the browser's profile goes there, so what is left is visible.
  const temp = join(work, 'tmp');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(temp);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'plan.js'), 'report', plan, '--type', 'school', '--all-schools', '--cycle', '2024-fall-sam', '--out', out], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, TMPDIR: temp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Mid-batch: once the first PDFs are staged and more are printing.
  const staged = () => (existsSync(out) ? readdirSync(out).filter((f) => f.startsWith('.plan-staged-')).flatMap((f) => readdirSync(join(out, f))) : []);
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (staged().length >= 2) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill(signal);
  const code = await exited;
  return { code, out: readdirSync(out), temp: readdirSync(temp), stderr };
}

describe.skipIf(!browser())('an interrupted batch of reports', () => {
  it('on SIGINT removes its temporary files, stops the browser and exits 130', async () => {
    const run = await interruptBatch('SIGINT');
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted (SIGINT)');
    // Nothing of the batch: no report, no temporary file, no staging folder.
    expect(run.out).toEqual([]);
    // The browser's profile folder is gone: it was stopped, not left running.
    expect(run.temp.filter((f) => f.startsWith('plan-chromium-'))).toEqual([]);
  }, 90_000);

  it('on SIGTERM does the same and exits 143', async () => {
    const run = await interruptBatch('SIGTERM');
    expect(run.code).toBe(143);
    expect(run.out).toEqual([]);
    expect(run.temp.filter((f) => f.startsWith('plan-chromium-'))).toEqual([]);
  }, 90_000);
});
