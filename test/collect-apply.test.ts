// plan collect and plan apply: a cycle's updates go out as workbooks and come back into the YAML,
// every file or none, with every line the update did not need left byte for byte as it was.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffLines } from 'diff';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

type Cell = string | number | { formula: string } | null;

function copyPlan(name: string): { dir: string; plan: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plan-collect-'));
  cpSync(join(ROOT, 'plans', name), join(dir, name), { recursive: true });
  return { dir, plan: join(dir, name), out: join(dir, 'updates') };
}

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const sub of ['', 'schools', 'offices']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, sub));
    } catch {
      continue;
    }
    for (const n of names) if (n.endsWith('.yaml')) files[join(sub, n)] = readFileSync(join(dir, sub, n), 'utf8');
  }
  return files;
}

/** Opens a form, lets `edit` fill it by header name, and saves it, as a person with Excel would. */
/** The row of an update sheet that names its columns: the second, below the due date, in forms made now. */
function headerRow(sheet: ExcelJS.Worksheet): number {
  return (sheet.getRow(1).values as unknown[]).includes('Rating') ? 1 : 2;
}

/** A cell of a filled form, by row (2 the first to fill) and header. */
function cellOf(sheet: ExcelJS.Worksheet, row: number, header: string): ExcelJS.Cell {
  const top = headerRow(sheet);
  return sheet.getCell(row + top - 1, (sheet.getRow(top).values as unknown[]).indexOf(header));
}

/** The last row to fill, counted as fill counts rows. */
function lastRow(sheet: ExcelJS.Worksheet): number {
  return sheet.rowCount - headerRow(sheet) + 1;
}

async function fill(path: string, edit: (set: (row: number, header: string, value: Cell) => void, sheet: ExcelJS.Worksheet) => void): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets.find((w) => w.state === 'visible' && w.name !== 'Instructions')!;
  const top = headerRow(sheet);
  const headers = (sheet.getRow(top).values as unknown[]).map((v) => String(v ?? ''));
  // Rows are counted as a form without a title row counts them: row 2 is the first to fill.
  edit((row, header, value) => {
    const col = headers.indexOf(header);
    if (col === -1) throw new Error(`no column ${header}`);
    sheet.getCell(row + top - 1, col).value = value as ExcelJS.CellValue;
  }, sheet);
  await workbook.xlsx.writeFile(path);
}

async function collect(plan: string, out: string, ...args: string[]) {
  const result = await runCli(['collect', plan, '--out', out, '--as-of', '2020-05-01', ...args]);
  expect(result.stderr).not.toMatch(/internal error/);
  return result;
}

/** Lines removed and added between two texts. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (part.removed) removed.push(...lines);
    if (part.added) added.push(...lines);
  }
  return { removed, added };
}

describe('plan collect', () => {
  it('writes a workbook per school for a SAM cycle: instructions, a locked sheet with a rating drop-down, and a hidden record', async () => {
    const { plan, out } = copyPlan('eh2020');
    const result = await collect(plan, out, '--cycle', '2020-spring-sam');
    expect(result.code).toBe(0);
    // One workbook per school: its actions to rate and, on a second sheet, its own goals' values.
    expect(readdirSync(out).sort()).toEqual(['eh2020-2020-spring-sam-ehms.xlsx', 'eh2020-2020-spring-sam-hockanum.xlsx', 'eh2020-2020-spring-sam-oconnell.xlsx']);
    expect(result.stderr).toContain('3 forms for Spring SAM 2019-20, 15 action steps, 2 goals to give a value, due May 15, 2020');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'eh2020-2020-spring-sam-ehms.xlsx'));
    expect(workbook.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Instructions', 'visible'],
      ['Action Steps', 'visible'],
      ['Goals', 'visible'],
      ['Choices', 'veryHidden'],
      ['Form', 'veryHidden'],
    ]);
    const info = workbook.getWorksheet('Instructions')!;
    const text = (info.getColumn(1).values as unknown[]).join('\n');
    expect(text).toContain('Spring SAM 2019-20: updates for East Hartford Middle School');
    expect(text).toContain('This workbook has 2 sheets to fill: "Action Steps" (6 rows) and "Goals" (1 row).');
    expect(text).toContain('Due May 15, 2020');
    expect(text).toContain('3 – On track');
    // The second sheet: the school's goal, its value to give beside its target.
    const goals = workbook.getWorksheet('Goals')!;
    expect((goals.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['Goal', 'Value', 'Note', 'Target', 'Last value']);
    expect(String(goals.getCell('A1').value)).toContain('Due May 15, 2020');
    expect(goals.getCell('B3').protection?.locked).toBe(false);
    // A school without goals of its own gets its actions' sheet alone.
    const oconnell = new ExcelJS.Workbook();
    await oconnell.xlsx.readFile(join(out, 'eh2020-2020-spring-sam-oconnell.xlsx'));
    expect(oconnell.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(['Instructions', 'Action Steps']);
    const sheet = workbook.getWorksheet('Action Steps')!;
    expect(String(sheet.getCell('A1').value)).toBe('Due May 15, 2020, back to Office of Accountability and Planning · Spring SAM 2019-20: East Hartford Middle School');
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    // What to fill comes first, after the action's title; what the plan holds, for reference, after it.
    expect(headers).toEqual(['Action Step', 'Rating', 'Evidence', 'Next steps', 'Reported by', 'Last rating', 'Last evidence', 'Success criteria', 'Timeline', 'Owner', 'Theory of Action', 'High Leverage District Strategy', 'ID', 'Form record (do not edit)']);
    // One row per EHMS action, in the plan's order, with what the plan holds for reference
    expect(sheet.getCell('M3').value).toBe('ehms-stem-electives');
    expect(sheet.getCell('F3').value).toBe('3 – On track (Winter SAM 2019-20)');
    expect(sheet.getCell('B3').value).toBe('2 – In progress');
    expect(String(sheet.getCell('I3').value)).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4} – [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    // Locked reference columns, unlocked fill columns, the header and the title frozen, the record column hidden
    expect(sheet.getCell('A3').protection?.locked).not.toBe(false);
    expect(sheet.getCell('F3').protection?.locked).not.toBe(false);
    expect(sheet.getCell('B3').protection?.locked).toBe(false);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    expect(sheet.getColumn(14).hidden).toBe(true);
    const validation = (sheet.getCell('B4') as unknown as { dataValidation: { type: string; formulae: string[] } }).dataValidation;
    expect(validation).toMatchObject({ type: 'list', formulae: ['Choices!$A$1:$A$4'] });
    expect((workbook.getWorksheet('Choices')!.getColumn(1).values as unknown[]).slice(1)).toEqual(['3 – On track', '2 – In progress', '1 – Not yet on track', 'Not rated (say why in Evidence)']);
  });

  it("lays forms out with exceljs's one-file bundle, byte for byte as the package's own modules would", async () => {
    const { openPlan } = await import('../src/index.js');
    const { buildUpdateForms } = await import('../src/collect/form.js');
    const { booksOf } = await import('../src/collect/book.js');
    const { formWorkbook } = await import('../src/collect/xlsx.js');
    for (const [name, cycle] of [['eh2020', '2020-spring-sam'], ['hps2011', '2016-midyear']] as const) {
      const plan = await openPlan(join(ROOT, 'plans', name));
      const books = booksOf(buildUpdateForms(plan.model, plan.model.cycles.find((c) => c.id === cycle)!, { by: 'plan' }, '2020-05-01'));
      expect(books.length).toBeGreaterThan(1);
      for (const book of books) {
        const bundled = await formWorkbook(book);
        const modules = await formWorkbook(book, Promise.resolve(ExcelJS));
        expect(Buffer.from(bundled).equals(Buffer.from(modules)), `${name} ${book.name}`).toBe(true);
      }
    }
    // exceljs dates the parts with the clock, to two seconds: the same form made later is still the same bytes.
    const plan = await openPlan(join(ROOT, 'plans', 'eh2020'));
    const [book] = booksOf(buildUpdateForms(plan.model, plan.model.cycles.find((c) => c.id === '2020-spring-sam')!, { by: 'plan' }, '2020-05-01'));
    const now = await formWorkbook(book!);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(Buffer.from(await formWorkbook(book!)).equals(Buffer.from(now))).toBe(true);
  });

  it('makes the same workbooks, byte for byte, on worker threads as in one thread', async () => {
    const { plan, out } = copyPlan('eh2020');
    await collect(plan, join(out, 'one'), '--cycle', '2020-spring-sam', '--threads', '0');
    await collect(plan, join(out, 'two'), '--cycle', '2020-spring-sam', '--threads', '2');
    const names = readdirSync(join(out, 'one')).sort();
    expect(readdirSync(join(out, 'two')).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(out, 'two', name)).equals(readFileSync(join(out, 'one', name))), name).toBe(true);
    // Every form is made from the first one's layout, and carries none of another school's text
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'one', 'eh2020-2020-spring-sam-oconnell.xlsx')));
    const text = (await Promise.all(Object.values(zip.files).map((f) => f.async('string')))).join('\n');
    expect(text).toContain('Spring SAM 2019-20: action step updates for O\u2019Connell Elementary School');
    expect(text).not.toContain('ehms-');
    expect(text).not.toContain('East Hartford Middle School');
  });

  it('a form made file by file (a whole district) is the one made from the whole plan (one school, or --rev), byte for byte, in xlsx and CSV', async () => {
    const { plan, out } = copyPlan('hps2011');
    const { execFileSync } = await import('node:child_process');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: plan, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'plan');
    for (const format of ['xlsx', 'csv']) {
      const all = await collect(plan, join(out, format, 'all'), '--cycle', '2016-midyear', '--format', format);
      const atRev = await collect(plan, join(out, format, 'rev'), '--cycle', '2016-midyear', '--format', format, '--rev', 'HEAD');
      expect(all.code).toBe(0);
      expect(atRev.stdout.replace(/\/rev\//g, '/all/')).toBe(all.stdout);
      const names = readdirSync(join(out, format, 'all')).sort();
      expect(names.length).toBeGreaterThan(3);
      for (const name of names) expect(readFileSync(join(out, format, 'rev', name)).equals(readFileSync(join(out, format, 'all', name))), name).toBe(true);
      const office = names[0]!.replace(/^hps2011-2016-midyear-/, '').replace(/\.\w+$/, '');
      await collect(plan, join(out, format, 'one'), '--cycle', '2016-midyear', '--format', format, '--office', office);
      expect(readFileSync(join(out, format, 'one', names[0]!)).equals(readFileSync(join(out, format, 'all', names[0]!))), names[0]).toBe(true);
    }
  });

  it('refuses a plan with errors, counting them as plan validate does, and writes no form', async () => {
    const { plan, out } = copyPlan('eh2020');
    const path = join(plan, 'schools', 'hockanum.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('strategy: toa1-programming', 'strategy: toa9-nothing'));
    const errors = JSON.parse((await runCli(['validate', plan, '--format', 'json'])).stdout).errorCount as number;
    for (const threads of ['0', '2']) {
      const refused = await collect(plan, out, '--cycle', '2020-spring-sam', '--threads', threads);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`has ${errors} error${errors === 1 ? '' : 's'}; forms are made only from a plan without errors.`);
      expect(refused.stdout).toBe('');
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }
  });

  it('narrows to a school, an office or an owner, writes CSV, and refuses ids the plan does not have', async () => {
    const { plan, out } = copyPlan('eh2020');
    expect((await collect(plan, out, '--cycle', '2020-spring-sam', '--school', 'ehms', '--format', 'csv')).stdout.trim().split('\n').map((l) => l.split('/').pop())).toEqual(['eh2020-2020-spring-sam-ehms.csv', 'eh2020-2020-spring-sam-measures-ehms.csv']);
    const csv = readFileSync(join(out, 'eh2020-2020-spring-sam-ehms.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFAction Step,Rating,Evidence,')).toBe(true);
    expect(csv.split("\r\n")[1]).toMatch(/^"Offer the STEM elective sequence \(robotics, coding, engineering design\) in grades 6-8\.",/);
    const byOwner = await collect(plan, join(out, 'owners'), '--cycle', '2020-spring-sam', '--by', 'owner');
    expect(byOwner.code).toBe(0);
    // A team member is their own school's ("principal" of EHMS is not O'Connell's); one form each
    expect(byOwner.stdout).toContain('eh2020-2020-spring-sam-owner-ehms-principal.xlsx');
    expect(byOwner.stdout).toContain('eh2020-2020-spring-sam-owner-oconnell-principal.xlsx');
    const offices = await collect(plan, join(out, 'offices'), '--cycle', '2020-midyear', '--by', 'office');
    expect(offices.stdout.trim().split('\n').map((l) => l.split('/').pop())).toEqual([
      'eh2020-2020-midyear-teaching-learning.xlsx',
      'eh2020-2020-midyear-student-family.xlsx',
      'eh2020-2020-midyear-human-resources.xlsx',
      'eh2020-2020-midyear-finance-operations.xlsx',
    ]);
    const unknown = await collect(plan, out, '--cycle', '2020-spring-sam', '--school', 'nowhere');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no school action plan for "nowhere"');
    expect(unknown.stderr).toContain('Valid ids: ehms, hockanum, oconnell.');
  });
});

describe('plan apply', () => {
  it('round trip: collect, fill, apply; ratings reach status and the school report, and every other line stays as it was', async () => {
    const { plan, out } = copyPlan('eh2020');
    const before = tree(plan);
    await collect(plan, out, '--cycle', '2020-spring-sam');
    await fill(join(out, 'eh2020-2020-spring-sam-ehms.xlsx'), (set) => {
      set(2, 'Rating', '1 – Not yet on track');
      set(2, 'Evidence', 'Lab kits did not reach homes.\nTwo of three electives paused.');
      set(2, 'Next steps', 'Ship kits in September.');
      set(2, 'Reported by', "Ms. O'Connell");
      set(3, 'Rating', 'Not rated (say why in Evidence)');
      set(3, 'Evidence', '=Not a formula: typed as text');
    });
    const dry = await runCli(['apply', out, '--plan', plan, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('ehms-stem-electives: 2 In progress → 1 Not yet on track');
    expect(dry.stdout).toContain('Dry run: nothing written; 1 file would change: schools/ehms.yaml');
    expect(tree(plan)).toEqual(before);

    const applied = await runCli(['apply', out, '--plan', plan]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('East Hartford Middle School (schools/ehms.yaml): 1 rating changed, 2 with new evidence');
    expect(applied.stdout).toContain('ehms-math-data-cycles: not rated, evidence updated');
    expect(applied.stdout).toContain('↓ Theory of Action toa1 Transform Student Learning: 2 In progress (1.58) → 1 Not yet on track (1.50)');
    // The whole plan is always named, so that "no effect" is said rather than left to silence.
    expect(applied.stdout).toContain('= Whole plan: 2 In progress, 2.33 → 2.30, level unchanged');
    expect(applied.stdout).toContain('Wrote 1 file: schools/ehms.yaml');
    const after = tree(plan);
    for (const file of Object.keys(before)) if (file !== 'schools/ehms.yaml') expect(after[file]).toBe(before[file]);
    const { removed, added } = changedLines(before['schools/ehms.yaml']!, after['schools/ehms.yaml']!);
    expect(removed).toEqual([
      '      2020-spring-sam: {rating: 2, evidence: Electives continued online without lab equipment.}',
      '      2020-spring-sam: {rating: null, evidence: Spring diagnostic not administered.}',
    ]);
    expect(added).toEqual([
      '      2020-spring-sam:',
      '        rating: 1',
      '        evidence: |-',
      '          Lab kits did not reach homes.',
      '          Two of three electives paused.',
      '        next_steps: Ship kits in September.',
      "        reported_by: Ms. O'Connell",
      "      2020-spring-sam: {rating: null, evidence: '=Not a formula: typed as text'}",
    ]);

    expect((await runCli(['validate', plan])).code).toBe(0);
    const status = await runCli(['status', plan, '--cycle', '2020-spring-sam', '--school', 'ehms', '--format', 'json']);
    const json = JSON.stringify(JSON.parse(status.stdout));
    expect(json).toContain('"id":"ehms-stem-electives"');
    const report = await runCli(['report', plan, '--type', 'school', '--school', 'ehms', '--cycle', '2020-spring-sam', '--format', 'html', '--out', join(plan, '..', 'reports')]);
    expect(report.code).toBe(0);
    const html = readFileSync(join(plan, '..', 'reports', readdirSync(join(plan, '..', 'reports'))[0]!), 'utf8');
    expect(html).toContain('Lab kits did not reach homes.');

    // Applying the same forms again changes nothing
    const again = await runCli(['apply', out, '--plan', plan]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to write: the plan already holds every update in these forms.');
    expect(tree(plan)).toEqual(after);
  });

  it('writes every file, and leaves nothing staged, when the reader of its report goes away (plan apply | true)', async () => {
    const { plan, out } = copyPlan('eh2020');
    await collect(plan, out, '--cycle', '2020-spring-sam');
    await fill(join(out, 'eh2020-2020-spring-sam-ehms.xlsx'), (set) => {
      set(2, 'Rating', '1 – Not yet on track');
      set(2, 'Evidence', 'Lab kits did not reach homes.');
    });
    const { spawnSync } = await import('node:child_process');
    // The reader is gone before the report is written: the files are moving into place by then.
    const piped = spawnSync('bash', ['-c', `node ${join(ROOT, 'bin', 'plan.js')} apply ${out} --plan ${plan} | true; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(piped.stderr).toBe('');
    expect(piped.stdout.trim()).toBe('status 0');
    expect(readFileSync(join(plan, 'schools', 'ehms.yaml'), 'utf8')).toContain('Lab kits did not reach homes.');
    for (const folder of ['schools', 'offices']) expect(readdirSync(join(plan, folder)).filter((name) => name.startsWith('.')), folder).toEqual([]);
    expect((await runCli(['validate', plan])).code).toBe(0);
  });

  it('adds a new cycle\'s entry in place: into a block map, a one-line flow map (HPS), or a new progress map', async () => {
    const { plan, out } = copyPlan('hps2011');
    const yaml = readFileSync(join(plan, 'plan.yaml'), 'utf8');
    const cycles = [...yaml.matchAll(/id: (20\d\d-[a-z-]+)/g)].map((m) => m[1]);
    expect(cycles).toContain('2016-eoy');
    const before = tree(plan);
    await collect(plan, out, '--cycle', '2016-midyear', '--format', 'csv');
    const file = readdirSync(out).find((n) => n.endsWith('academics.csv'))!;
    const csv = readFileSync(join(out, file), 'utf8').split('\r\n');
    const header = csv[0]!.replace(/^\uFEFF/, '').split(',');
    const row = csv[1]!;
    // Change the first row's rating by rewriting the Rating cell of the CSV
    const ratingAt = header.indexOf('Rating');
    expect(ratingAt).toBeGreaterThan(0);
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    cells[ratingAt] = '3 – On track';
    cells[ratingAt + 1] = '"All academies partnered, 12 of 12."';
    writeFileSync(join(out, file), [csv[0], cells.join(','), ''].join('\r\n'));
    const applied = await runCli(['apply', join(out, file), '--plan', plan]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const after = tree(plan);
    const { removed, added } = changedLines(before['offices/academics.yaml']!, after['offices/academics.yaml']!);
    expect(removed).toHaveLength(1);
    expect(added).toHaveLength(1);
    expect(added[0]).toBe(removed[0]!.replace('2016-midyear: {rating: 2}', "2016-midyear: {rating: 3, evidence: 'All academies partnered, 12 of 12.'}"));
    expect((await runCli(['validate', plan])).code).toBe(0);
  });

  it('writes the same files on a worker thread as in this one', async () => {
    const { plan, out } = copyPlan('hps2011');
    await collect(plan, out, '--cycle', '2016-midyear');
    // Every row of every office's form given a rating and evidence, as the offices would send them back
    // (the planning office's form of the measures' values is left as it came).
    const paths = readdirSync(out).filter((name) => !name.includes('-measures-')).map((name) => join(out, name));
    for (const path of paths) {
      await fill(path, (set, sheet) => {
        for (let row = 2; row <= lastRow(sheet); row++) {
          set(row, 'Rating', row % 2 ? '3 – On track' : '2 – Progressing');
          set(row, 'Evidence', `Checked on site, visit ${row}.`);
        }
      });
    }
    const { DirectorySource } = await import('../src/load/source.js');
    const { prepareApply } = await import('../src/apply/apply.js');
    const source = new DirectorySource(plan);
    const forms = paths.map((path) => ({ path, label: path }));
    const here = await prepareApply({ source, forms, overwrite: true, threads: 0 });
    const there = await prepareApply({ source, forms, overwrite: true, threads: 2 });
    expect(here.problems).toEqual([]);
    expect(here.updates.length).toBeGreaterThanOrEqual(5);
    expect(here.files.size).toBeGreaterThanOrEqual(3);
    expect(there.problems).toEqual([]);
    expect(there.planErrors).toEqual([]);
    expect([...there.files.keys()].sort()).toEqual([...here.files.keys()].sort());
    for (const [file, bytes] of here.files) expect(Buffer.from(there.files.get(file)!).toString('utf8'), file).toBe(Buffer.from(bytes).toString('utf8'));
    expect(JSON.stringify(there.diff)).toBe(JSON.stringify(here.diff));
    expect(JSON.stringify([there.updates, there.skipped, there.unchanged])).toBe(JSON.stringify([here.updates, here.skipped, here.unchanged]));

    // The report goes out while the files move into place, but for its last words: what the CLI
    // prints is the whole report once they have, and says nothing was written if they could not be.
    const { formatApplyJson, formatApplyText, writtenApplyJson, writtenApplyText } = await import('../src/format/apply.js');
    await (await import('../src/format/wrap.js')).loadWrapping();
    const { NO_PAINT } = await import('../src/format/paint.js');
    const json = writtenApplyJson(here, false);
    expect(json.body + json.closing).toBe(formatApplyJson(here, { dryRun: false, written: true }));
    expect(JSON.parse(json.body + json.closing)).toMatchObject({ written: true, problems: [] });
    expect(JSON.parse(json.body + json.failed)).toMatchObject({ written: false, problems: [] });
    for (const width of [Infinity, 60]) {
      const text = writtenApplyText(here.after!, here, NO_PAINT, false, width);
      expect(text.body + text.closing).toBe(formatApplyText(here.after!, here, NO_PAINT, { dryRun: false, written: true }, width));
      expect(text.closing).toMatch(/^Wrote \d+ files: /);
      expect(text.body + text.failed).not.toMatch(/Wrote/);
      expect(text.failed).toBe('Nothing was written.\n');
    }

    // The worker thread writes each file to its temporary name itself; a write that fails stops the
    // commit and leaves every file as it was, with nothing staged left behind.
    const { StagedWrites } = await import('../src/write-file.js');
    const unchanged = tree(plan);
    const failing = new StagedWrites();
    const real = new Map<string, string>();
    const lost = {
      prepare: (paths: Iterable<string>) => failing.prepare(paths),
      reserve: (path: string) => {
        const temporary = failing.reserve(path);
        const nowhere = join(temporary, 'no such folder', 'file.yaml');
        real.set(nowhere, temporary);
        return nowhere;
      },
      settle: (temporary: string, error?: Error) => failing.settle(real.get(temporary)!, error),
      release: (temporary: string) => failing.release(real.get(temporary)!),
    };
    await prepareApply({ source, forms, overwrite: true, threads: 1, staging: lost });
    await expect(failing.commit()).rejects.toThrow(/could not write (schools|offices)\/.*ENOENT/);
    expect(tree(plan)).toEqual(unchanged);
    for (const folder of ['offices']) expect(readdirSync(join(plan, folder)).filter((name) => name.startsWith('.')), folder).toEqual([]);

    // Its effect on the rollup, worked out from the lighter data the threads send back, is what
    // plan diff finds between the whole plan before and after.
    const { openPlan, comparePlans } = await import('../src/api.js');
    const whole = await openPlan(plan);
    const staging = new StagedWrites();
    await prepareApply({ source, forms, overwrite: true, threads: 1, staging });
    await staging.commit();
    const { effects, ratings } = comparePlans(whole, await openPlan(plan));
    expect(here.diff!.effects.length).toBeGreaterThan(0);
    expect(here.diff!.effects).toEqual(effects);
    expect(there.diff!.effects).toEqual(effects);
    // So are the ratings it changed, found from the actions the forms updated alone.
    expect(here.diff!.ratings.length).toBeGreaterThan(0);
    expect(here.diff!.ratings).toEqual(ratings);
    expect(there.diff!.ratings).toEqual(ratings);
    for (const [file, bytes] of here.files) expect(readFileSync(join(plan, file), 'utf8'), file).toBe(Buffer.from(bytes).toString('utf8'));
    for (const folder of ['offices']) expect(readdirSync(join(plan, folder)).filter((name) => name.startsWith('.')), folder).toEqual([]);
  });

  it('forms that overlap (by plan and by owner) apply as one: the same update twice counts once, two different ones are a problem, on threads as in this one', async () => {
    const { plan, out } = copyPlan('hps2011');
    await collect(plan, join(out, 'plans'), '--cycle', '2016-midyear');
    await collect(plan, join(out, 'owners'), '--cycle', '2016-midyear', '--by', 'owner');
    const paths = ['plans', 'owners'].flatMap((folder) => readdirSync(join(out, folder)).filter((name) => !name.includes('-measures-')).map((name) => join(out, folder, name)));
    // Every row rated from its action's ID, so that an action on two forms gets the same update on both.
    const rate = (id: string) => (id.length % 2 ? '3 – On track' : '2 – Progressing');
    for (const path of paths) {
      await fill(path, (set, sheet) => {
        for (let row = 2; row <= lastRow(sheet); row++) {
          const id = String(cellOf(sheet, row, 'ID').value);
          set(row, 'Rating', rate(id));
          set(row, 'Evidence', `Seen for ${id}.`);
        }
      });
    }
    const { DirectorySource } = await import('../src/load/source.js');
    const { prepareApply } = await import('../src/apply/apply.js');
    const source = new DirectorySource(plan);
    const forms = paths.map((path) => ({ path, label: path }));
    const onePerPlan = await prepareApply({ source, forms: forms.filter((f) => f.path.includes('/plans/')), overwrite: true, threads: 0 });
    const here = await prepareApply({ source, forms, overwrite: true, threads: 0 });
    const there = await prepareApply({ source, forms, overwrite: true, threads: 2 });
    expect(here.problems).toEqual([]);
    expect(here.updates.map((u) => u.action).sort()).toEqual(onePerPlan.updates.map((u) => u.action).sort());
    expect(new Set(here.updates.map((u) => u.action)).size).toBe(here.updates.length);
    expect(JSON.stringify([there.updates, there.problems, there.skipped, there.unchanged, there.diff])).toBe(JSON.stringify([here.updates, here.problems, here.skipped, here.unchanged, here.diff]));
    for (const [file, bytes] of here.files) expect(Buffer.from(there.files.get(file)!).toString('utf8'), file).toBe(Buffer.from(bytes).toString('utf8'));

    // One action given another rating on its owner's form than on its plan's.
    const owners = paths.filter((path) => path.includes('/owners/'));
    let changed = '';
    await fill(owners[0]!, (set, sheet) => {
      changed = String(cellOf(sheet, 2, 'ID').value);
      set(2, 'Rating', rate(changed) === '3 – On track' ? '1 – Not yet on track' : '3 – On track');
    });
    for (const threads of [0, 2]) {
      const clash = await prepareApply({ source, forms, overwrite: true, threads });
      expect(clash.problems.map((p) => p.message), `threads ${threads}`).toEqual([expect.stringMatching(new RegExp(`^${changed} is filled twice, differently: here and in .*plans.*row \\d+$`))]);
      expect(clash.problems[0]!.file, `threads ${threads}`).toBe(owners[0]);
    }
  });

  it('a row rated in the plan since the form was made is a conflict, shown with both values, and written only with --overwrite', async () => {
    const { plan, out } = copyPlan('eh2020');
    await collect(plan, out, '--cycle', '2020-spring-sam', '--school', 'ehms');
    const form = join(out, 'eh2020-2020-spring-sam-ehms.xlsx');
    await fill(form, (set) => set(2, 'Rating', '3 – On track'));
    const path = join(plan, 'schools', 'ehms.yaml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('2020-spring-sam: {rating: 2, evidence: Electives continued online without lab equipment.}', '2020-spring-sam: {rating: 1, evidence: Re-rated by the principal.}'));
    const edited = tree(plan);
    const refused = await runCli(['apply', form, '--plan', plan]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('1 conflict with the plan');
    expect(refused.stdout).toContain('ehms-stem-electives');
    expect(refused.stdout).toContain('plan: 1 Not yet on track: "Re-rated by the principal."');
    expect(refused.stdout).toContain('form: 3 On track: "Electives continued online without lab equipment."');
    expect(refused.stdout).toContain('Nothing was written.');
    expect(tree(plan)).toEqual(edited);
    const json = JSON.parse((await runCli(['apply', form, '--plan', plan, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ written: false, conflicts: [{ action: 'ehms-stem-electives', reason: 'rated-since', before: { rating: 1 }, entry: { rating: 3 } }] });
    const forced = await runCli(['apply', form, '--plan', plan, '--overwrite']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('2020-spring-sam: {rating: 3, evidence: Electives continued online without lab equipment.}');
  });
});

describe('plan apply on a plan with errors of its own', () => {
  it('refuses, counts the errors as plan validate does, and writes nothing: an error in another file, in the file updated, across files, in plan.yaml', async () => {
    const breakages: Array<[string, string, (text: string) => string]> = [
      ['another file', 'schools/hockanum.yaml', (t) => t.replace('strategy: toa1-programming', 'strategy: toa9-nothing')],
      ['the file updated', 'schools/ehms.yaml', (t) => t.replace(/strategy: (\S+)/, 'strategy: toa9-nothing')],
      ['two files', 'schools/hockanum.yaml', (t) => t.replace(/- id: (\S+)/, '- id: ehms-stem-electives')],
      ['plan.yaml', 'plan.yaml', (t) => t.replace('period: {start: 2015-07-01, end: 2020-06-30}', 'period: {start: 2015-07-01, end: 2020-13-45}')],
    ];
    for (const [where, file, edit] of breakages) {
      const { plan, out } = copyPlan('eh2020');
      await collect(plan, out, '--cycle', '2020-spring-sam', '--school', 'ehms');
      const form = join(out, 'eh2020-2020-spring-sam-ehms.xlsx');
      await fill(form, (set) => set(2, 'Rating', '3 – On track'));
      const path = join(plan, file);
      const text = readFileSync(path, 'utf8');
      expect(edit(text), where).not.toBe(text);
      writeFileSync(path, edit(text));
      const broken = tree(plan);
      const errors = JSON.parse((await runCli(['validate', plan, '--format', 'json'])).stdout).errorCount as number;
      expect(errors, where).toBeGreaterThan(0);
      const refused = await runCli(['apply', form, '--plan', plan]);
      expect(refused.code, where).toBe(1);
      expect(refused.stdout, where).toBe('');
      expect(refused.stderr, where).toContain(`has ${errors} error${errors === 1 ? '' : 's'}; updates are applied only to a plan without errors.`);
      expect(tree(plan), where).toEqual(broken);
      const { applyUpdateForms, PlanInvalidError } = await import('../src/index.js');
      await expect(applyUpdateForms(plan, [form]), where).rejects.toBeInstanceOf(PlanInvalidError);
    }
  });
});

describe('collect and apply from code', () => {
  it('collectUpdateForms and applyUpdateForms do what the commands do', async () => {
    const { openPlan, collectUpdateForms, applyUpdateForms } = await import('../src/index.js');
    const { plan: dir, out } = copyPlan('eh2020');
    const plan = await openPlan(dir);
    const forms = await collectUpdateForms(plan, { cycle: '2020-spring-sam', school: 'ehms', madeOn: '2020-05-01' });
    expect(forms.map((f) => [f.fileName, f.actions, f.rows])).toEqual([['eh2020-2020-spring-sam-ehms.xlsx', 7, { actions: 6, items: 0, measures: 1 }]]);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    const path = join(out, forms[0]!.fileName);
    writeFileSync(path, forms[0]!.content);
    await fill(path, (set) => set(2, 'Rating', '3 – On track'));
    const dry = await applyUpdateForms(dir, [path], { dryRun: true });
    expect(dry).toMatchObject({ written: false, problems: [], conflicts: [] });
    expect(dry.updates.map((u) => [u.action, u.entry.rating])).toEqual([['ehms-stem-electives', 3]]);
    const done = await applyUpdateForms(dir, [path]);
    expect(done.written).toBe(true);
    expect(readFileSync(join(dir, 'schools', 'ehms.yaml'), 'utf8')).toContain('2020-spring-sam: {rating: 3, evidence: Electives continued online without lab equipment.}');
  });
});

describe("apply's effect on the rollup", () => {
  it('counts the ratings of every file, not only of those the forms name: one school\'s form moves the whole plan from what it was', async () => {
    const { plan, out } = copyPlan('eh2020');
    const made = await collect(plan, out, '--cycle', '2020-spring-sam', '--school', 'oconnell', '--format', 'csv', '--as-of', '2020-05-01');
    const form = made.stdout.trim().split('\n')[0]!;
    writeFileSync(form, readFileSync(form, 'utf8').replace('serious incident.,,,', 'serious incident.,3 – On track,Circles held every week.,'));
    const applied = await runCli(['apply', form, '--plan', plan, '--dry-run']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('= Whole plan: 2 In progress, 2.33 → 2.36, level unchanged');
  });
});

describe('CSV forms (issue 25)', () => {
  // Every sample, in a cycle with forms to fill: collected as CSV, applied untouched (nothing to do),
  // then filled as a spreadsheet in a semicolon locale would save it, and applied.
  const cases: Array<[string, string]> = [
    ['eh2020', '2020-spring-sam'],
    ['hps2011', '2016-midyear'],
    ['hps2018', '2020-midyear'],
    ['gcps2022', '2024-january'],
  ];
  for (const [sample, cycle] of cases) {
    it(`round-trips ${sample}'s ${cycle} forms untouched and filled, with one delimiter (commas as written, or semicolons as re-saved)`, async () => {
      const { plan, out } = copyPlan(sample);
      const made = await collect(plan, out, '--cycle', cycle, '--format', 'csv');
      expect(made.code).toBe(0);
      const files = made.stdout.trim().split('\n');
      expect(files.length).toBeGreaterThan(0);
      const untouched = await runCli(['apply', ...files, '--plan', plan, '--dry-run']);
      expect(untouched.stderr).toBe('');
      expect(untouched.code).toBe(0);
      const before = tree(plan);
      // Re-saved with semicolons: every row's first empty Rating gets a rating, its Evidence a sentence with both separators in it.
      const { parse } = await import('csv-parse/sync');
      const stringify = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(';')).join('\r\n');
      let filled = 0;
      for (const file of files) {
        const records = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
        const header = records[0]!;
        const rating = header.indexOf('Rating');
        const evidence = header.indexOf('Evidence');
        for (const record of records.slice(1)) {
          if (record[rating] === '' && filled < 3) {
            record[rating] = '2 – ' + (sample === 'eh2020' ? 'In progress' : 'Progressing');
            record[evidence] = 'Half done; two schools, three teams.';
            filled++;
          }
        }
        writeFileSync(file, `\uFEFF${stringify(records)}\r\n`);
      }
      const applied = await runCli(['apply', ...files, '--plan', plan]);
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      if (filled) {
        const after = tree(plan);
        const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
        expect(changed.length).toBeGreaterThan(0);
        expect(changed.map((f) => after[f]).join('\n')).toContain('Half done; two schools, three teams.');
      }
      expect((await runCli(['validate', plan])).code).toBe(0);
    });
  }
});
