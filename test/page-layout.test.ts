// Every report type of every sample plan, printed and read back page by page: no page of a report
// is mostly empty (the cover and the last page aside), no heading is left at the foot of a page,
// the EHMS school report fits a Student Achievement Meeting (3 pages at most) and the board report
// a board packet (10 at most).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/report/browser.js';
import { pageLayout, pageProblems } from './page-check.js';
import { runCli } from './run-cli.js';

function ready(): boolean {
  try {
    findBrowser(undefined, process.env);
    execFileSync('pdftohtml', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const out = mkdtempSync(join(tmpdir(), 'plan-pages-'));

describe.skipIf(!ready())('report pages', () => {
  beforeAll(async () => {
    for (const plan of ['eh2020', 'hps2018', 'hps2011', 'gcps2022']) {
      for (const type of ['board', 'midyear', 'eoy']) {
        const result = await runCli(['report', `plans/${plan}`, '--type', type, '--out', out, '--as-of', '2020-06-20']);
        if (result.code !== 0) throw new Error(result.stderr);
      }
      const schools = await runCli(['report', `plans/${plan}`, '--type', 'school', '--all-schools', '--out', out, '--as-of', '2020-06-20']);
      if (schools.code !== 0 && !schools.stderr.includes('no school has an action plan')) throw new Error(schools.stderr);
    }
  }, 240_000);

  it('are at least 40% filled and end with no heading, in every report of every sample', () => {
    const files = readdirSync(out).filter((f) => f.endsWith('.pdf')).sort();
    expect(files.length).toBeGreaterThanOrEqual(12);
    const problems = files.flatMap((file) => pageProblems(pageLayout(join(out, file))).map((p) => `${file} page ${p.page}: ${p.problem}`));
    expect(problems).toEqual([]);
  });

  it('keep the EHMS school report to 3 pages and the board report to 10', () => {
    expect(pageLayout(join(out, 'eh2020-school-2020-spring-sam-ehms.pdf')).length).toBeLessThanOrEqual(3);
    for (const file of readdirSync(out).filter((f) => f.includes('-board-'))) expect(pageLayout(join(out, file)).length, file).toBeLessThanOrEqual(10);
  });
});
