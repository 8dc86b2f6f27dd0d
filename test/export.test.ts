// Funding and state-shaped exports (issue 28): plan status --by funding in every format, the
// district report's section by funding source (in English and Spanish), and plan export's flat
// table (CSV and a workbook read back) and Kentucky layout (escaped, accessible in real Chromium).
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../src/export/table.js';
import { applyEdits, axeViolations, chromiumPath, materialize, readTree, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const EH2020 = join(ROOT, 'plans', 'eh2020');

describe('plan status --by funding', () => {
  it('sums each source by school year, lists the actions it pays for with their latest ratings, in text, CSV, Markdown and JSON', async () => {
    const text = await runCli(['status', EH2020, '--by', 'funding'], { env: { NO_COLOR: '1', COLUMNS: '140' } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('4 of 39 action steps have funding recorded.');
    expect(text.stdout).toMatch(/Title I, section 1003 \(school improvement\) +\$48,000 +\$48,000 +1\n/);
    expect(text.stdout).toMatch(/Total +\$82,500 +\$82,500 +4\n/);
    expect(text.stdout).toContain('O’Connell Elementary School (IB PYP) · $48,000 · evidence tier 2 · 2 In progress (Spring SAM 2019-20)');
    // At 80 columns, no line is wider than the terminal but the table's rows, which are kept whole.
    const narrow = await runCli(['status', EH2020, '--by', 'funding'], { env: { NO_COLOR: '1', COLUMNS: '80' } });
    expect(narrow.stdout.split('\n').filter((l) => l.length > 80)).toEqual([]);

    const csv = (await runCli(['status', EH2020, '--by', 'funding', '--format', 'csv'])).stdout.trim().split('\r\n');
    expect(csv[0]).toBe('source,source_name,school_year,amount,action,title,plan_kind,plan,evidence_tier,rating,label,rated_in');
    expect(csv).toContain('title-1003,"Title I, section 1003 (school improvement)",2019-20,48000,oconnell-inquiry-lessons,Coach teachers to plan lessons where students pose and pursue their own questions.,school,oconnell,2,2,In progress,Spring SAM 2019-20');
    // A line per funding line: O'Connell's five actions pay from five sources, one of them from two.
    expect(csv).toHaveLength(6);

    const markdown = (await runCli(['status', EH2020, '--by', 'funding', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('| Title II, Part A | $9,000 | $9,000 | 1 | 1 On track |');
    const json = JSON.parse((await runCli(['status', EH2020, '--by', 'funding', '--format', 'json'])).stdout);
    expect(json.view.by).toBe('funding');
    expect(json.funding.total).toBe(82500);
    expect(json.funding.sources.map((s: { id: string }) => s.id)).toEqual(['title-1a', 'title-1003', 'title-2a', 'title-4a', 'local']);
  });

  it("shows the district report's section by funding source, the default sources named in the report's language", async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-funding-'));
    const en = await runCli(['report', EH2020, '--type', 'board', '--format', 'html', '--out', join(out, 'en'), '--as-of', '2020-06-20']);
    const html = readFileSync(en.stdout.trim(), 'utf8');
    expect(html).toContain('<h2 id="funding-heading">By funding source</h2>');
    expect(html).toMatch(/<th scope="row">Title I, section 1003 \(school improvement\)<\/th><td class="num">\$48,000<\/td><td class="num">1<\/td>/);
    const es = await runCli(['report', EH2020, '--type', 'board', '--format', 'html', '--out', join(out, 'es'), '--as-of', '2020-06-20', '--lang', 'es']);
    const spanish = readFileSync(es.stdout.trim(), 'utf8');
    expect(spanish).toContain('<h2 id="funding-heading">Por fuente de financiamiento</h2>');
    expect(spanish).toContain('<th scope="row">Título I, sección 1003 (mejora escolar)</th>');
    // A school's own goal, translated in plan.yaml by its id like the plan's, reads in Spanish with no mark of English.
    expect(spanish).toContain('Aumentar la proporción de estudiantes que alcanzan su meta de crecimiento en matemáticas.');
    expect(spanish).not.toContain('Increase the share of students meeting their mathematics growth target.');
    // A school's report has no such section; a plan with no funding recorded has none either.
    const school = await runCli(['report', EH2020, '--type', 'school', '--school', 'oconnell', '--format', 'html', '--out', join(out, 'school'), '--as-of', '2020-06-20']);
    expect(readFileSync(school.stdout.trim(), 'utf8')).not.toContain('funding-heading');
    const hps = await runCli(['report', join(ROOT, 'plans', 'hps2018'), '--type', 'board', '--format', 'html', '--out', join(out, 'hps'), '--as-of', '2020-06-20']);
    expect(readFileSync(hps.stdout.trim(), 'utf8')).not.toContain('funding-heading');
  });
});

describe('plan export', () => {
  it('writes the flat table as CSV, a row per action with the columns the reference documents', async () => {
    const result = await runCli(['export', EH2020]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.map((c) => c.key).join(','));
    expect(lines).toHaveLength(40);
    const row = lines.find((l) => l.startsWith('oconnell-inquiry-lessons,'))!;
    expect(row).toContain('school,oconnell,O’Connell Elementary School (IB PYP),2019-20,toa1,1. Transform Student Learning,toa1-instruction');
    expect(row).toContain(',2,"Kraft, Blazar and Hogan (2018)');
    expect(row).toContain('"Title I, section 1003 (school improvement): $48,000 (2019-20); Title I, Part A: $6,000 (2019-20)",54000,');
    expect(row).toMatch(/,2,In progress,Spring SAM 2019-20,"No observations after March; last measure 58%\."$/);
    // As of an earlier cycle, the rating of that cycle.
    const fall = (await runCli(['export', EH2020, '--cycle', '2019-fall-sam'])).stdout.split('\r\n').find((l) => l.startsWith('oconnell-inquiry-lessons,'))!;
    expect(fall).toMatch(/,1,Not yet on track,Fall SAM 2019-20,35% of observed lessons\.$/);
    expect((await runCli(['export', EH2020, '--cycle', 'nope'])).code).toBe(2);
    // A plan rated item by item has no actions: the table has its header, the layout says why it is empty.
    const holistic = join(ROOT, 'test', 'fixtures', 'holistic');
    expect((await runCli(['export', holistic])).stdout).toBe(`${EXPORT_COLUMNS.map((c) => c.key).join(',')}\r\n`);
    const layout = await runCli(['export', holistic, '--format', 'kentucky']);
    expect(layout.stdout).toContain('<p>The plan has no action steps yet');
  });

  it('writes a workbook a spreadsheet reads back: the same rows under readable headers', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'plan-export-')), 'plan.xlsx');
    const result = await runCli(['export', EH2020, '--format', 'xlsx', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('plan export: 39 action steps to');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Plan')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(sheet.rowCount).toBe(40);
    const ids = sheet.getColumn(1).values.slice(2);
    expect(ids).toContain('oconnell-inquiry-lessons');
    const row = sheet.getRow(ids.indexOf('oconnell-inquiry-lessons') + 2);
    expect(row.getCell(EXPORT_COLUMNS.findIndex((c) => c.key === 'funding_total') + 1).value).toBe(54000);
    expect((await runCli(['export', EH2020, '--format', 'xlsx'])).code).toBe(2);
  });

  it.skipIf(!chromiumPath())("lays the plan out as Kentucky's Comprehensive Improvement Plan: schools first, a table per goal, escaped and accessible", async () => {
    const files = applyEdits(readTree(EH2020), [{ file: 'schools/oconnell.yaml', find: 'title: Hold student-led conferences in grades 2-5 each semester.', replace: 'title: "Hold <b>student-led</b> conferences in grades 2-5 each semester."' }]);
    const dir = materialize(files);
    const out = join(dir, '..', 'csip.html');
    expect((await runCli(['export', dir, '--format', 'kentucky', '--out', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Hold &lt;b&gt;student-led&lt;/b&gt; conferences');
    const sections = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(sections.slice(0, 3)).toEqual(['East Hartford Middle School (2019-20)', 'Hockanum Elementary School (Early Childhood Learning Center) (2019-20)', 'O’Connell Elementary School (IB PYP) (2019-20)']);
    expect(html).toContain('<th scope="col">Measure of success</th><th scope="col">Progress monitoring</th><th scope="col">Funding</th>');
    expect(html).toContain('ESSA evidence tier 2: Kraft, Blazar and Hogan (2018)');
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const found: string[] = [];
    try {
      for (const width of [375, 1280]) {
        const tab = await browser.newPage();
        await tab.setViewport({ width, height: 900 });
        await tab.setBypassCSP(true);
        await tab.goto(`file://${out}`);
        await tab.addScriptTag({ content: axe });
        found.push(...(await axeViolations(tab)).map((v) => `[${width} px] ${v}`));
        await tab.close();
      }
    } finally {
      await browser.close();
    }
    expect(found).toEqual([]);
  }, 120_000);
});
