// plan apply refuses what is not a sound update, names where it is (file, sheet, row, column), says
// how to fix it, and writes nothing at all, not even the sound rows of other forms.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

type Cell = string | number | { formula: string } | null;

const work = mkdtempSync(join(tmpdir(), 'plan-apply-bad-'));
const plan = join(work, 'eh2020');
const forms = join(work, 'forms');
const bad = join(work, 'bad');
const form = (name: string) => join(bad, name);
let blank: string;

function snapshot(): string {
  return ['schools', 'offices'].flatMap((d) => readdirSync(join(plan, d)).map((n) => readFileSync(join(plan, d, n), 'utf8'))).join('\n---\n') + readFileSync(join(plan, 'plan.yaml'), 'utf8');
}

/** A copy of the blank EHMS form, filled by header name. */
async function filled(name: string, edit: (set: (row: number, header: string, value: Cell) => void, workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(blank);
  const sheet = workbook.getWorksheet('Action Steps')!;
  // The second row names the columns; the first says when the form is due.
  const headers = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
  edit((row, header, value) => {
    sheet.getCell(row, headers.indexOf(header)).value = value as ExcelJS.CellValue;
  }, workbook);
  await workbook.xlsx.writeFile(form(name));
  return form(name);
}

beforeAll(async () => {
  cpSync(join(ROOT, 'plans', 'eh2020'), plan, { recursive: true });
  mkdirSync(bad, { recursive: true });
  const made = await runCli(['collect', plan, '--cycle', '2020-spring-sam', '--school', 'ehms', '--out', forms, '--as-of', '2020-05-01']);
  expect(made.code).toBe(0);
  blank = join(forms, 'eh2020-2020-spring-sam-ehms.xlsx');
});

describe('plan apply refuses bad forms', () => {
  it('lists every problem in every form at its place, and writes nothing, not even the sound forms', async () => {
    const before = snapshot();
    await filled('sound.xlsx', (set) => set(3, 'Rating', '3 – On track'));
    await filled('off-scale.xlsx', (set) => {
      set(3, 'Rating', 'Great');
      set(4, 'Rating', 7);
      set(5, 'Rating', { formula: 'CHOOSE(1,"3 – On track")' });
      set(6, 'Rating', '2 – In progress');
      set(6, 'Evidence', { formula: 'HYPERLINK("http://example.com","click")' });
      set(7, 'Rating', null);
      set(7, 'Evidence', 'Evidence without a rating.');
    });
    await filled('ids.xlsx', (set) => {
      set(3, 'ID', 'ehms-advisory-sel');
      set(3, 'Rating', '3 – On track');
      set(4, 'ID', null);
      set(4, 'Rating', '3 – On track');
    });
    await filled('duplicate.xlsx', (set, workbook) => {
      const sheet = workbook.getWorksheet('Action Steps')!;
      const row = sheet.getRow(3).values as ExcelJS.CellValue[];
      sheet.addRow(row.slice(1));
      set(3, 'Rating', '3 – On track');
      set(sheet.rowCount, 'Rating', '1 – Not yet on track');
    });
    await filled('record.xlsx', (set, workbook) => {
      set(3, 'Rating', '3 – On track');
      workbook.getWorksheet('Form')!.getCell('A2').value = 'another-plan';
    });
    await filled('not-rated.xlsx', (set) => {
      set(3, 'Rating', 'Not rated (say why in Evidence)');
      set(3, 'Evidence', null);
    });
    writeFileSync(form('picture.xlsx'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    writeFileSync(form('notes.txt'), Buffer.concat([Buffer.from('ID,Rating\n'), Buffer.from([0, 1, 2, 3])]));
    writeFileSync(form('old.xls'), Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'));
    const whole = readFileSync(blank);
    writeFileSync(form('cut-short.xlsx'), whole.subarray(0, whole.length >> 1));

    const result = await runCli(['apply', bad, join(bad, 'notes.txt'), join(bad, 'old.xls'), '--plan', plan]);
    expect(result.code).toBe(1);
    const out = result.stdout;
    const expectLine = (place: string, message: string) => {
      const line = out.split('\n').find((l) => l.includes(place) && l.includes(message));
      expect(line, `a line with "${place}" and "${message}" in:\n${out}`).toBeDefined();
    };
    const sheet = 'sheet "Action Steps"';
    expectLine(`off-scale.xlsx, ${sheet}, row 3, column B (Rating)`, '"Great" is not a rating on the plan\'s scale');
    expect(out).toContain('Choose one from the list: "3 – On track", "2 – In progress", "1 – Not yet on track", "Not rated (say why in Evidence)".');
    expectLine(`off-scale.xlsx, ${sheet}, row 4, column B (Rating)`, 'Rating holds the number 7, which is not a rating on the plan\'s scale');
    expectLine(`off-scale.xlsx, ${sheet}, row 5, column B (Rating)`, 'Rating holds a formula (=CHOOSE(1,"3 – On track")), not a rating');
    expectLine(`off-scale.xlsx, ${sheet}, row 6, column C (Evidence)`, 'Evidence holds a formula (=HYPERLINK("http://example.com","click")), which plan does not work out');
    expectLine(`off-scale.xlsx, ${sheet}, row 7, column B (Rating)`, 'Rating is blank, but the row has evidence or next steps');
    expectLine(`ids.xlsx, ${sheet}, row 3, column M (ID)`, 'the ID was changed from ehms-stem-electives to ehms-advisory-sel');
    expectLine(`ids.xlsx, ${sheet}, row 4, column M (ID)`, 'the ID was deleted (the row was made for ehms-math-data-cycles)');
    expectLine(`duplicate.xlsx, ${sheet}, row 9, column M (ID)`, 'ehms-stem-electives is filled twice, differently: here and in Action Steps row 3');
    expectLine('record.xlsx', "the form's hidden record was edited");
    expectLine(`not-rated.xlsx, ${sheet}, row 3, column C (Evidence)`, '"Not rated (say why in Evidence)" needs a reason in Evidence');
    expectLine('picture.xlsx', 'is not a workbook: it does not start as an .xlsx file does');
    expectLine('notes.txt', 'is neither a workbook (.xlsx) nor a CSV file');
    expectLine('old.xls', 'is an Excel 97-2003 workbook (.xls)');
    expectLine('cut-short.xlsx', 'the workbook is damaged');
    expect(out).not.toContain('sound.xlsx');
    expect(out).toContain('Nothing was written.');
    expect(result.stderr).toBe('');
    expect(snapshot()).toBe(before);
  });

  it('a form for another plan, and a form made before its cycle was renamed', async () => {
    const other = join(work, 'hps');
    cpSync(join(ROOT, 'plans', 'hps2018'), other, { recursive: true });
    const made = await runCli(['collect', other, '--out', join(work, 'hps-forms'), '--format', 'csv', '--as-of', '2019-01-01']);
    expect(made.code).toBe(0);
    const hpsForm = join(work, 'hps-forms', readdirSync(join(work, 'hps-forms'))[0]!);
    const foreign = await runCli(['apply', hpsForm, '--plan', plan]);
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toMatch(/is a form for the plan hps2018, not for eh2020/);

    const renamed = join(work, 'renamed');
    cpSync(plan, renamed, { recursive: true });
    for (const file of ['plan.yaml', 'schools/ehms.yaml', 'schools/hockanum.yaml', 'schools/oconnell.yaml']) {
      const path = join(renamed, file);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll('2020-spring-sam', '2020-sam-3'));
    }
    const sound = await filled('sound-renamed.xlsx', (set) => set(3, 'Rating', '3 – On track'));
    const result = await runCli(['apply', sound, '--plan', renamed]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('is a form for the reporting cycle 2020-spring-sam ("Spring SAM 2019-20"), which the plan has renamed to 2020-sam-3 ("Spring SAM 2019-20") since the form was made');
    expect(result.stdout).toContain('Make new forms with plan collect --cycle 2020-sam-3');
  });

  it('a CSV saved in Windows-1252 is refused at its line, with how to save it as UTF-8', async () => {
    const csvDir = join(work, 'csv');
    await runCli(['collect', plan, '--cycle', '2020-spring-sam', '--school', 'ehms', '--out', csvDir, '--format', 'csv', '--as-of', '2020-05-01']);
    const path = join(csvDir, 'eh2020-2020-spring-sam-ehms.csv');
    const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    lines[1] = lines[1]!.replace('2 – In progress', '3 – On track').replace('Electives continued', 'Caf\u00e9 electives continued');
    writeFileSync(path, Buffer.from(lines.join('\r\n').replace(/–/g, '-'), 'latin1'));
    const result = await runCli(['apply', path, '--plan', plan]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/eh2020-2020-spring-sam-ehms\.csv, row 2: the CSV is not valid UTF-8 text \(at line 2, character \d+\)/);
    expect(result.stdout).toContain('"CSV UTF-8 (Comma delimited)"');
  });

  it('a zip bomb, a zip that lies about its sizes, and a million rows cost bounded time and memory and are refused', async () => {
    const zip = await JSZip.loadAsync(readFileSync(blank));
    const sheetName = Object.keys(zip.files).find((n) => /xl\/worksheets\/sheet2\.xml$/.test(n))!;
    const bomb = await JSZip.loadAsync(readFileSync(blank));
    bomb.file(sheetName, '0'.repeat(40 * 1024 * 1024));
    writeFileSync(form('bomb.xlsx'), await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

    // The same bomb, its directory edited to claim 1000 bytes
    const lying = Buffer.from(readFileSync(form('bomb.xlsx')));
    const name = Buffer.from(sheetName);
    for (let i = 0; i < lying.length - 4; i++) {
      const sig = lying.readUInt32LE(i);
      if ((sig === 0x02014b50 && lying.subarray(i + 46, i + 46 + name.length).equals(name)) || (sig === 0x04034b50 && lying.subarray(i + 30, i + 30 + name.length).equals(name))) {
        lying.writeUInt32LE(1000, i + (sig === 0x02014b50 ? 24 : 22));
      }
    }
    writeFileSync(form('lying.xlsx'), lying);

    const rows = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
    for (let r = 1; r <= 1_000_000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`);
    rows.push('</sheetData></worksheet>');
    zip.file(sheetName, rows.join(''));
    writeFileSync(form('million.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    writeFileSync(form('million.csv'), `ID,Rating,Form record (do not edit)\n${'x,,\n'.repeat(1_000_000)}`);

    for (const [file, message] of [
      ['bomb.xlsx', /the workbook's part xl\/worksheets\/sheet2\.xml would take more than 24 MB once unpacked/],
      ['lying.xlsx', /would take more than 24 MB once unpacked|not the size its directory says/],
      ['million.xlsx', /would take more than 24 MB once unpacked/],
      ['million.csv', /has more than 20000 rows; an update form has one row per action/],
    ] as const) {
      const result = await runCli(['apply', form(file), '--plan', plan]);
      expect(result.code, file).toBe(1);
      expect(result.stdout, file).toMatch(message);
    }
  }, 60_000);
});
