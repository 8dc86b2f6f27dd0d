// Update forms through a real spreadsheet program (issue 25): LibreOffice, run headless as .ci/run
// installs it, opens the workbook plan collect wrote and saves it again, the way a principal's
// program would; plan apply must read what it wrote, filled or untouched.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

/** The workbook as LibreOffice saves it: opened and written again as .xlsx, under the same name. */
function resaved(path: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-lo-'));
  // A profile of its own, so that runs side by side do not wait on one another's lock.
  const profile = `file://${join(dir, 'profile')}`;
  const out = join(dir, 'out');
  mkdirSync(out);
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--calc', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, path], { stdio: 'pipe', timeout: 120_000 });
  const saved = join(out, basename(path));
  renameSync(saved, path);
  return path;
}

async function fillFirstRow(path: string, rating: string, evidence: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet('Action Steps')!;
  const headers = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
  sheet.getCell(3, headers.indexOf('Rating')).value = rating;
  sheet.getCell(3, headers.indexOf('Evidence')).value = evidence;
  await workbook.xlsx.writeFile(path);
}

describe('update forms saved by LibreOffice', () => {
  it('apply untouched as nothing to do, and filled with their values in the plan, status and the school report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-lo-plan-'));
    const plan = join(dir, 'eh2020');
    cpSync(join(ROOT, 'plans', 'eh2020'), plan, { recursive: true });
    const forms = join(dir, 'forms');
    const made = await runCli(['collect', plan, '--cycle', '2020-spring-sam', '--school', 'ehms', '--out', forms, '--as-of', '2020-05-01']);
    expect(made.code).toBe(0);
    // One workbook for the school: its action steps, and its own goal's value for the cycle on a second sheet.
    const [form, ...others] = made.stdout.trim().split('\n') as [string, ...string[]];
    expect(basename(form)).toBe('eh2020-2020-spring-sam-ehms.xlsx');
    expect(others).toEqual([]);

    const untouched = await runCli(['apply', resaved(form), '--plan', plan, '--dry-run']);
    expect(untouched.stderr).toBe('');
    expect(untouched.code).toBe(0);
    expect(untouched.stdout).toContain('Nothing to write');

    await fillFirstRow(form, '1 – Not yet on track', 'Kits did not reach homes; 2 of 3 electives paused.');
    const applied = await runCli(['apply', resaved(form), '--plan', plan]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('ehms-stem-electives: 2 In progress → 1 Not yet on track');
    const yaml = readFileSync(join(plan, 'schools', 'ehms.yaml'), 'utf8');
    expect(yaml).toContain('2020-spring-sam: {rating: 1, evidence: Kits did not reach homes; 2 of 3 electives paused.}');
    expect((await runCli(['validate', plan])).code).toBe(0);
    const status = JSON.parse((await runCli(['status', plan, '--cycle', '2020-spring-sam', '--school', 'ehms', '--format', 'json'])).stdout);
    expect(status.rollup.actions.find((a: { id: string }) => a.id === 'ehms-stem-electives').rating).toBe(1);

    // The school's goal, on the same workbook's second sheet: its value typed as a number, re-saved by
    // LibreOffice, in the school's file and its report; the action step's rating, already applied, is left as it is.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(form);
    const sheet = workbook.getWorksheet('Goals')!;
    const headers = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    expect(sheet.getCell(3, headers.indexOf('Target')).text).toBe('60% by 2019-20');
    sheet.getCell(3, headers.indexOf('Value')).value = 52;
    sheet.getCell(3, headers.indexOf('Note')).value = 'Spring diagnostic, taken online.';
    await workbook.xlsx.writeFile(form);
    const valued = await runCli(['apply', resaved(form), '--plan', plan]);
    expect(valued.stderr).toBe('');
    expect(valued.code).toBe(0);
    expect(valued.stdout).toContain('East Hartford Middle School (schools/ehms.yaml): 1 value given');
    expect(valued.stdout).toContain('ehms-math-growth: no value → 52');
    const after = readFileSync(join(plan, 'schools', 'ehms.yaml'), 'utf8');
    expect(after).toContain("- {value: 52, school_year: 2019-20, cycle: 2020-spring-sam, note: 'Spring diagnostic, taken online.'}");
    // The winter value stays; the comment-free rest of the file is as it was.
    expect(after).toContain('- {value: 47, cycle: 2020-winter-sam, note: Typical growth is back-loaded into spring.}');
    expect((await runCli(['validate', plan])).code).toBe(0);
    const report = await runCli(['report', plan, '--type', 'school', '--school', 'ehms', '--cycle', '2020-spring-sam', '--format', 'html', '--out', join(dir, 'reports')]);
    expect(report.code).toBe(0);
    expect(readFileSync(report.stdout.trim(), 'utf8')).toContain('52%');
  }, 300_000);

  it('apply a workbook of items to rate and measures to report, re-saved by LibreOffice, into plan.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-lo-items-'));
    const plan = join(dir, 'measures');
    cpSync(join(ROOT, 'test', 'fixtures', 'measures'), plan, { recursive: true });
    const made = await runCli(['collect', plan, '--cycle', '2025-midyear', '--out', join(dir, 'forms'), '--as-of', '2025-01-10']);
    expect(made.code).toBe(0);
    // The planning office's one workbook: the objectives it rates, and the goals' values, a sheet each.
    const [book, ...others] = made.stdout.trim().split('\n') as [string, ...string[]];
    expect(others).toEqual([]);
    const fill = async (path: string, column: string, value: string | number, note: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const sheet = workbook.getWorksheet(column === 'Value' ? 'Goals' : 'Objectives')!;
      const headers = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
      sheet.getCell(3, headers.indexOf(column)).value = value;
      sheet.getCell(3, headers.indexOf(column === 'Value' ? 'Note' : 'Evidence')).value = note;
      await workbook.xlsx.writeFile(path);
    };
    await fill(book, 'Rating', '3 – On track', 'Tutoring reached every student below benchmark.');
    await fill(book, 'Value', 47.5, 'Winter screener, all schools.');
    const applied = await runCli(['apply', resaved(book), '--plan', plan]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const yaml = readFileSync(join(plan, 'plan.yaml'), 'utf8');
    expect(yaml).toContain('2025-midyear: {rating: 3, rationale: Tutoring reached every student below benchmark.}');
    expect(yaml).toContain("{value: 47.5, school_year: 2024-25, cycle: 2025-midyear, note: 'Winter screener, all schools.'}");
    expect((await runCli(['validate', plan])).code).toBe(0);
  }, 300_000);
});
