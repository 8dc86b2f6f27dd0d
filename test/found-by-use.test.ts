// Faults found by using the toolkit as districts do: terminal width, spreadsheets on Windows, dates,
// pull-request comments that must not ping anyone, CODEOWNERS order.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { formatDay, localToday } from '../src/dates.js';
import { applyEdits, baseFiles, FIXTURES, materialize, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

describe('plan status fits the terminal', () => {
  const cases = [
    ['plans/eh2020', ['--cycle', '2020-midyear']],
    ['plans/eh2020', ['--by', 'school']],
    ['plans/hps2018', []],
    ['plans/hps2011', ['--by', 'network']],
    [join(FIXTURES, 'rollup'), ['--cycle', 'winter', '--by', 'school']],
  ] as const;

  for (const width of [80, 120]) {
    it(`at ${width} columns no line is longer, and prose breaks between words`, async () => {
      for (const [plan, args] of cases) {
        const result = await runCli(['status', plan, ...args, '--as-of', '2020-03-01'], { env: { COLUMNS: String(width) } });
        expect(result.code).toBe(0);
        const lines = result.stdout.split('\n');
        for (const line of lines) expect(stringWidth(line), `${plan}: ${line}`).toBeLessThanOrEqual(width);
        // Wrapped prose: a continuation line starts a word, never the rest of one.
        const text = result.stdout;
        for (const word of ['Leverage', 'instructional', 'benchmark', 'restorative']) {
          if (text.includes(word.slice(0, 4))) expect(text).not.toMatch(new RegExp(`${word.slice(0, 3)}\\n\\s*${word.slice(3)}`));
        }
      }
    });
  }

  it('80 columns when the width is unknown, and the terminal width when it is', async () => {
    const unknown = await runCli(['status', 'plans/eh2020', '--cycle', '2020-midyear']);
    expect(Math.max(...unknown.stdout.split('\n').map((l) => stringWidth(l)))).toBeLessThanOrEqual(80);
    const wide = await runCli(['status', 'plans/eh2020', '--cycle', '2020-midyear'], { env: { COLUMNS: '160' } });
    expect(wide.stdout).toMatch(/Assessment for instructional decisions +●●○ In progress +3\.00 +→ same +1\/1 +holistic, computed 3\.0 +⚑ differs by a level or more +toa1-assessment/);
  });
});

describe('plan status --format csv --bom', () => {
  it("starts with a byte-order mark so that Excel on Windows reads O’Connell", async () => {
    const result = await runCli(['status', 'plans/eh2020', '--by', 'school', '--depth', 'top', '--format', 'csv', '--bom']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('\uFEFFkind,depth,id')).toBe(true);
    const plain = await runCli(['status', 'plans/eh2020', '--format', 'csv']);
    expect(plain.stdout.startsWith('kind,')).toBe(true);
    const misuse = await runCli(['status', 'plans/eh2020', '--bom']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--bom goes with --format csv');
  });
});

describe('dates', () => {
  it('--as-of must be a day of the calendar', async () => {
    for (const command of ['status', 'report']) {
      const result = await runCli([command, 'plans/eh2020', '--as-of', '2019-02-30', '--format', command === 'status' ? 'json' : 'html', ...(command === 'report' ? ['--out', mkdtempSync(join(tmpdir(), 'plan-asof-'))] : [])]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('2019-02-30 is not a day of the calendar');
    }
  });

  it("today is the district's date, not UTC's", () => {
    // 9:30 pm in Hartford on June 30 is already July 1 in UTC.
    const evening = new Date('2020-07-01T01:30:00Z');
    expect(localToday('America/New_York', evening)).toBe('2020-06-30');
    expect(localToday('UTC', evening)).toBe('2020-07-01');
    expect(localToday('Pacific/Honolulu', evening)).toBe('2020-06-30');
  });

  it('a time zone plan.yaml names must exist', async () => {
    const dir = materialize(applyEdits(baseFiles(), [{ file: 'plan.yaml', find: 'district: {id: district, name: Test District}', replace: 'district: {id: district, name: Test District, timezone: America/Hartford}' }]));
    const result = await runCli(['validate', dir, '--format', 'json']);
    const diagnostics = JSON.parse(result.stdout).diagnostics as Array<{ code: string; message: string; hint: string }>;
    expect(diagnostics.find((d) => d.message.includes('time zone'))).toMatchObject({ code: 'INVALID_VALUE', message: 'The district\'s time zone "America/Hartford" is not a time zone name' });
  });

  it('reports write dates for people', async () => {
    expect(formatDay('2020-06-16')).toBe('June 16, 2020');
    expect(formatDay('2020-06-16', 'es')).toBe('16 de junio de 2020');
    const out = mkdtempSync(join(tmpdir(), 'plan-dates-'));
    const result = await runCli(['report', 'plans/eh2020', '--cycle', '2020-midyear', '--format', 'html', '--out', out, '--as-of', '2020-02-10']);
    expect(result.code).toBe(0);
    const html = readFileSync(join(out, 'eh2020-board-2020-midyear.html'), 'utf8');
    expect(html).toContain('<dt>Ratings due</dt><dd>February 4, 2020</dd>');
    expect(html).not.toMatch(/<dd>2020-02-04<\/dd>/);
  });
});

describe('plan diff --format markdown in a pull-request comment', () => {
  it('cannot @mention anyone the plan text names', async () => {
    const base = materialize(baseFiles());
    const head = materialize(applyEdits(baseFiles(), [{ file: 'schools/alpha.yaml', find: 'title: Screen every student.', replace: 'title: "Screen every student; ask @ehps/board and @jsmith."' }]));
    const result = await runCli(['diff', base, head, '--plan', head, '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Screen every student; ask @\u2060ehps/board and @\u2060jsmith.');
    expect(result.stdout).not.toMatch(/@[\w-]/);
  });
});

describe('plan codeowners --check', () => {
  it('prints a line diff: order and repeated lines matter in CODEOWNERS', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'plan-owners-order-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    cpSync(join(ROOT, 'plans', 'eh2020'), join(repo, 'plans', 'eh2020'), { recursive: true });
    expect((await runCli(['codeowners', 'plans/eh2020'], { cwd: repo })).code).toBe(0);
    const file = join(repo, '.github', 'CODEOWNERS');
    const lines = readFileSync(file, 'utf8').split('\n');
    const schools = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('/schools/'));
    const [first, second] = [schools[0]!, schools[1]!];
    lines[first[1]] = second[0];
    lines[second[1]] = first[0];
    mkdirSync(join(repo, '.github'), { recursive: true });
    writeFileSync(file, lines.join('\n'));
    const check = await runCli(['codeowners', 'plans/eh2020', '--check'], { cwd: repo });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('--- .github/CODEOWNERS\tnow');
    expect(check.stdout).toContain('+++ .github/CODEOWNERS\tfrom the plan');
    expect(check.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    // The same line leaves one place and comes back at another: a move, which a set comparison cannot see.
    const moved = [first[0], second[0]].filter((line) => check.stdout.includes(`\n-${line}\n`) && check.stdout.includes(`\n+${line}\n`));
    expect(moved).toHaveLength(1);
  });
});

describe('plan.yaml that cannot be read', () => {
  it('is the one error: the other files report nothing that only says its ids are unknown', async () => {
    const plans = ['plans/eh2020', 'plans/hps2018', 'plans/hps2011', join(FIXTURES, 'base')];
    for (const plan of plans) {
      const dir = mkdtempSync(join(tmpdir(), 'plan-broken-'));
      cpSync(plan, dir, { recursive: true });
      const text = readFileSync(join(dir, 'plan.yaml'), 'utf8');
      writeFileSync(join(dir, 'plan.yaml'), `${text}\nversion: 1\n`);
      const result = await runCli(['validate', dir, '--format', 'json']);
      expect(result.code).toBe(1);
      const diagnostics = JSON.parse(result.stdout).diagnostics as Array<{ planFile: string; code: string }>;
      expect(diagnostics.map((d) => `${d.planFile} ${d.code}`), plan).toEqual(['plan.yaml DUPLICATE_KEY']);
    }
  });
});
