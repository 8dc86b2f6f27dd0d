// The package as a district gets it: packed with npm pack, installed from the tarball into a fresh
// global prefix with no puppeteer settings, and run on a plan directory outside this repository,
// from the command line and from code (the README's example).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/report/browser.js';
import { ROOT } from './helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Only what a new user's shell has: no PUPPETEER_* variables, no npm_config_* from the test runner.
const cleanEnv: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter(([key, value]) => value !== undefined && !/^(PUPPETEER_|npm_|NODE_OPTIONS|VITEST|INIT_CWD)/i.test(key)),
) as Record<string, string>;

function browser(): string | null {
  try {
    return findBrowser(undefined, process.env);
  } catch {
    return null;
  }
}

const work = mkdtempSync(join(tmpdir(), 'plan-package-'));
const prefix = join(work, 'prefix');
const district = join(work, 'district');
let tarball = '';

let installWarnings = '';

// A loaded machine (CI runs the suite on two cores beside other jobs) can take minutes to install.
function run(command: string, args: string[], cwd = district, timeout = 120_000): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env: cleanEnv, encoding: 'utf8', timeout });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the packed package', () => {
  beforeAll(() => {
    // npm test has just built dist/; packing runs no scripts, so the tarball holds that build.
    const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', env: cleanEnv })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, packed[0]!.filename);
    const install = run(npm, ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], work, 600_000);
    if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
    installWarnings = install.stderr;
    cpSync(join(ROOT, 'plans', 'eh2020'), join(district, 'plans', 'eh2020'), { recursive: true });
  }, 900_000);

  it('holds the CLI, the library, the schemas, the templates and the licence, and no tests or sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const needed of ['package/bin/plan.js', 'package/dist/index.js', 'package/dist/index.d.ts', 'package/schemas/plan.schema.json', 'package/templates/report.hbs', 'package/LICENSE', 'package/README.md']) {
      expect(files).toContain(needed);
    }
    expect(files.some((f) => f.startsWith('package/test/') || f.startsWith('package/src/'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'plan-as-code', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(manifest.dependencies as object)).not.toContain('puppeteer');
    // No install scripts of its own: npm has nothing to warn about when it installs the package.
    expect(Object.keys((manifest.scripts ?? {}) as object).filter((s) => /^(pre|post)?(install|prepare)$/.test(s))).toEqual([]);
    expect(installWarnings).not.toMatch(/prepare/i);
    expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' });
  });

  it('installs with no browser download and runs validate, status and an HTML report outside the repository', () => {
    const plan = join(prefix, 'bin', 'plan');
    expect(existsSync(plan)).toBe(true);
    expect(readdirSync(prefix)).not.toContain('.cache');

    const version = run(plan, ['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);

    const validate = run(plan, ['validate', 'plans/eh2020']);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/plans\/eh2020: the plan is valid/);

    const status = run(plan, ['status', 'plans/eh2020', '--cycle', '2020-midyear', '--format', 'json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).rollup.cycle.id).toBe('2020-midyear');

    const report = run(plan, ['report', 'plans/eh2020', '--cycle', '2020-midyear', '--format', 'html', '--out', 'out']);
    expect(report.code).toBe(0);
    expect(report.stdout.trim()).toBe('out/eh2020-board-2020-midyear.html');
    expect(readFileSync(join(district, 'out', 'eh2020-board-2020-midyear.html'), 'utf8')).toContain('EH2020 District Improvement Plan');
  });

  it.skipIf(!browser())('prints a PDF with the browser it finds', () => {
    const report = run(join(prefix, 'bin', 'plan'), ['report', 'plans/eh2020', '--cycle', '2020-midyear', '--out', 'pdf']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(readFileSync(join(district, 'pdf', 'eh2020-board-2020-midyear.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("runs the README's 'Use it from code' example against the installed package", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it from code'));
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!;
    // Beside the global node_modules, so that the import resolves to the installed package.
    const script = join(prefix, 'lib', 'readme-example.mjs');
    writeFileSync(script, example);
    const result = run(process.execPath, [script]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^valid: true, \d+ warnings in 8 files$/m);
    expect(result.stdout).toMatch(/^Transform Student Learning: [123] \(\d+ of \d+ actions rated\)$/m);
    expect(readFileSync(join(district, 'eh2020-board-2020-midyear.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});
