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
    const form = made.stdout.trim();

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
  }, 300_000);
});
