// The CLI as a process: exit codes, formats, colour, help, and the schema command.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, baseFiles, FIXTURES, materialize, readCase, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const withWarnings = () => materialize(applyEdits(baseFiles(), readCase('action-without-owner').edits));

describe('plan validate', () => {
  it('exits 0 on a valid plan and says so', async () => {
    const result = await runCli(['validate', 'plans/eh2020']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('✔ plans/eh2020: the plan is valid (8 files checked)\n');
  });

  it('exits 1 on a plan with errors, listing them on stdout', async () => {
    const result = await runCli(['validate', join(FIXTURES, 'bad-input', 'duplicate-key')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('DUPLICATE_KEY');
    expect(result.stderr).toBe('');
  });

  it('exits 0 with warnings, and 1 when they exceed --max-warnings', async () => {
    const dir = withWarnings();
    expect((await runCli(['validate', dir])).code).toBe(0);
    expect((await runCli(['validate', dir, '--max-warnings', '1'])).code).toBe(0);
    const strict = await runCli(['validate', dir, '--max-warnings', '0']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('exceed --max-warnings 0');
  });

  it('--quiet prints errors only but keeps the exit code', async () => {
    const dir = withWarnings();
    const result = await runCli(['validate', dir, '--quiet', '--max-warnings', '0']);
    expect(result.stdout).not.toContain('ACTION_WITHOUT_OWNER');
    expect(result.code).toBe(1);
  });

  it('exits 2 with a clear message when the directory does not exist', async () => {
    const result = await runCli(['validate', 'plans/nowhere']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('plans/nowhere: no such directory');
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('exits 2 on bad usage', async () => {
    expect((await runCli(['validate', 'plans/eh2020', '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['validate', 'plans/eh2020', '--max-warnings', 'many'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });

  it('writes machine-readable json', async () => {
    const result = await runCli(['validate', withWarnings(), '--format', 'json']);
    const output = JSON.parse(result.stdout);
    expect(output.valid).toBe(true);
    expect(output.diagnostics[0]).toMatchObject({ code: 'ACTION_WITHOUT_OWNER', severity: 'warning', line: 18, column: 5 });
  });

  it('writes GitHub annotations and the job summary', async () => {
    const summary = join(materialize({ 'x.md': '' }), 'x.md');
    const result = await runCli(['validate', join(FIXTURES, 'bad-input', 'tab-indentation'), '--format', 'github'], {
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=test\/fixtures\/bad-input\/tab-indentation\/plan.yaml,line=6,col=1,/);
    expect(readFileSync(summary, 'utf8')).toContain('TAB_INDENTATION');
  });

  it('colours only when asked or on a terminal, and never with NO_COLOR', async () => {
    const dir = withWarnings();
    const plain = await runCli(['validate', dir]);
    expect(plain.stdout).not.toContain('\u001b[');
    const forced = await runCli(['validate', dir], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const noColor = await runCli(['validate', dir], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    const flag = await runCli(['validate', dir, '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(flag.stdout).not.toContain('\u001b[');
  });

  it('validates the current directory by default', async () => {
    const result = await runCli(['validate'], { cwd: join(ROOT, 'plans', 'hps2018') });
    expect(result.code).toBe(0);
  });
});

describe('help and version', () => {
  it('plan --help lists the commands and exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('validate');
    expect(result.stdout).toContain('Exit codes:');
  });
  it('plan validate --help explains the formats', async () => {
    const result = await runCli(['validate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('github');
    expect(result.stdout).toContain('--max-warnings');
  });
  it('plan --version prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('plan schema', () => {
  it('lists the schemas', async () => {
    const result = await runCli(['schema']);
    expect(result.stdout).toContain('school-plan.schema.json');
  });
  it('prints one schema, identical to the file in schemas/', async () => {
    const result = await runCli(['schema', 'school']);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'schemas', 'school-plan.schema.json'), 'utf8'));
  });
  it('writes them all to a folder', async () => {
    const dir = materialize({});
    const result = await runCli(['schema', '--out', dir]);
    expect(result.code).toBe(0);
    for (const name of ['plan.schema.json', 'school-plan.schema.json', 'office-plan.schema.json']) expect(existsSync(join(dir, name))).toBe(true);
  });
  it('rejects an unknown kind with exit 2', async () => {
    const result = await runCli(['schema', 'district']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('plan, school, office');
  });
});

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  it('gives the test command that CI runs', () => {
    expect(readme).toContain('npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toContain('npm test');
  });
});

describe('pipes', () => {
  it('stops quietly when the reader closes the pipe early', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('bash', ['-c', `node ${join(ROOT, 'bin', 'plan.js')} schema plan | head -c 10 > /dev/null; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('status 0');
  });
});

describe('plan init', () => {
  it('starts a plan that validates with no warnings, and never overwrites one', async () => {
    const dir = join(materialize({}), 'new-plan');
    const created = await runCli(['init', dir, '--district', 'O"Brien: Schools #1', '--title', 'Plan: 2030', '--start', '2025-07-01', '--end', '2030-06-30']);
    expect(created.code).toBe(0);
    expect(created.stdout.trim().split('\n')).toHaveLength(5);
    const checked = JSON.parse((await runCli(['validate', dir, '--format', 'json'])).stdout);
    expect(checked.diagnostics).toEqual([]);
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=schemas/plan.schema.json');
    expect(readFileSync(join(dir, 'schemas', 'office-plan.schema.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'schemas', 'office-plan.schema.json'), 'utf8'));
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds a plan');
  });

  it('with --levels, starts the plan in the district\'s own levels: an outline, a measure with yearly milestones, cycles with applies_to, short ids', async () => {
    const dir = join(materialize({}), 'lakeside');
    const created = await runCli(['init', dir, '--district', 'Lakeside Unified School District', '--levels', 'Pillar, Priority ,Goal', '--measures', 'Key Result', '--start', '2025-07-01', '--end', '2028-06-30']);
    expect(created.code).toBe(0);
    expect((await runCli(['validate', dir, '--format', 'json'])).stdout).toContain('"diagnostics": []');
    const status = JSON.parse((await runCli(['status', dir, '--format', 'json', '--as-of', '2026-01-10'])).stdout);
    expect(status.rollup.levels.map((l: { singular: string }) => l.singular)).toEqual(['Pillar', 'Priority', 'Goal']);
    expect(status.rollup.plan.missing).toEqual(['academics-review']);
    const yaml = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    expect(yaml).toContain('  id: lusd2025\n');
    expect(yaml).toContain('          - id: p1-pr1-g1\n');
    expect(yaml).toContain('goal: "Key Result"');
    expect(yaml).toMatch(/milestones:\n\s+- \{value: 46, school_year: 2025-26\}\n\s+- \{value: 50, school_year: 2026-27\}\n\s+target: \{value: 54, school_year: 2027-28\}/);
    expect(yaml).toContain('applies_to: [schools]');
    expect(readFileSync(join(dir, 'offices', 'academics.yaml'), 'utf8')).toContain('strategy: p1-pr1-g1');
    // A level called Goal, and no word given for the measures: they are called Measures, and the plan validates without a warning.
    const goals = join(dir, '..', 'goals');
    expect((await runCli(['init', goals, '--levels', 'Pillar,Goal'])).code).toBe(0);
    expect((await runCli(['validate', goals, '--format', 'json'])).stdout).toContain('"diagnostics": []');
    expect(readFileSync(join(goals, 'plan.yaml'), 'utf8')).toContain('  goal: "Measure"');
    const bad = await runCli(['init', join(dir, '..', 'other'), '--levels', 'A,B,C,D,E']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('one to four level names');
  });
});
