// An update form as an Excel workbook: instructions first, then the sheet to fill, with a drop-down
// of the scale's ratings, the reference columns locked, a frozen header, and the form's record on
// very hidden sheets (Excel shows no way to unhide them; plan apply checks their seal anyway).
import { withFixedTimes } from '../xlsx/zip-write.js';
import type { Workbook, Worksheet } from 'exceljs';
import { columnLetter } from '../xlsx/cells.js';
import type { FormBook } from './book.js';
import { cellText, instructions, sendBack, type FormRow, type UpdateForm } from './form.js';

export const FORM_SHEET = 'Form';
export const CHOICES_SHEET = 'Choices';
export const INSTRUCTIONS_SHEET = 'Instructions';

const GREY = 'FFEDEDED';
const FILL_YELLOW = 'FFFFF8D6';
const HEADER = 'FF2F3B4C';

// exceljs implements range validations (one rule for a whole column) but its types omit them.
interface RangeValidations {
  add(range: string, rule: Record<string, unknown>): void;
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\. */
export function sheetNameFor(words: string): string {
  return words.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Updates';
}

/** Spreadsheets keep row heights as saved; a wrapped cell shows whole only if the row is tall enough. */
function linesIn(text: string, width: number): number {
  const perLine = Math.max(1, width - 1);
  let lines = 0;
  // A line at a time, without cutting the text into strings: every cell of every row is measured.
  for (let start = 0; ; ) {
    const end = text.indexOf('\n', start);
    lines += Math.max(1, Math.ceil(((end === -1 ? text.length : end) - start) / perLine));
    if (end === -1) return lines;
    start = end + 1;
  }
}

const LINE_POINTS = 15;

export interface InstructionLine {
  text: string;
  font: Partial<{ bold: boolean; size: number; color: { argb: string } }>;
}

/** Each form's sheet name: the district's word for its rows, made unique within the book. */
export function sheetNamesOf(book: FormBook): string[] {
  const names: string[] = [];
  for (const form of book.forms) {
    const base = sheetNameFor(form.words.actions);
    let name = base;
    for (let n = 2; names.some((x) => x.toLowerCase() === name.toLowerCase()); n++) name = sheetNameFor(`${base.slice(0, 26)} (${n})`);
    names.push(name);
  }
  return names;
}

/** The instructions sheet, a line a row: what the workbook is, when it is due, and what to fill on each sheet. */
export function instructionLines(book: FormBook): InstructionLine[] {
  const line = (text: string, font: InstructionLine['font'] = {}): InstructionLine => ({ text, font });
  const [form] = book.forms as [UpdateForm];
  const names = sheetNamesOf(book);
  const several = book.forms.length > 1;
  const what = several ? 'updates' : `${form.words.action.toLowerCase()} updates`;
  const sections = book.forms.flatMap((f, i) => {
    const steps = instructions(f, names[i]!);
    // Under the sheet's own heading, its first step need not name it again; the last (save and send
    // it back) is said once, after every sheet's own.
    const own = several ? steps.slice(0, -1).map((text, k) => (k === 0 ? text.replace(/^On the sheet "[^"]*", each/, 'Each') : text)) : steps;
    return [...(several ? [line(`Sheet "${names[i]}"`, { bold: true, size: 12 })] : []), ...own.map((text, k) => line(`${k + 1}. ${text}`)), ...(several ? [line('')] : [])];
  });
  const rated = book.forms.find((f) => f.kind !== 'measures');
  return [
    line(form.plan.title, { bold: true, size: 16 }),
    line(`${form.cycle.name}: ${what} for ${form.title}`, { bold: true, size: 13 }),
    line(`Due ${form.cycle.dueText}`, { bold: true, size: 12, color: { argb: 'FF9C1C1C' } }),
    line(''),
    ...(several ? [line(`This workbook has ${book.forms.length} sheets to fill: ${names.map((n, i) => `"${n}" (${rowsText(book.forms[i]!)})`).join(' and ')}.`)] : []),
    ...sections,
    ...(several ? [line(sendBack(form)), line('')] : [line('')]),
    // A measure's form asks for figures, not ratings: no scale to explain.
    ...(rated ? [line('Ratings', { bold: true, size: 12 }), ...rated.choices.map((c) => line(c.description ? `${c.text}: ${c.description}` : c.text)), line('')] : []),
    line(`${form.plan.district} · made by plan on ${form.madeOn} for ${form.plan.id}, ${form.words.cycle.toLowerCase()} ${form.cycle.id}`, { color: { argb: 'FF666666' } }),
  ];
}

function rowsText(form: UpdateForm): string {
  return `${form.rows.length} ${form.rows.length === 1 ? 'row' : 'rows'}`;
}

// Narrow enough to print on a portrait page at full size, whatever the program does with "fit to width".
export const INSTRUCTIONS_WIDTH = 72;

export function instructionHeight(line: InstructionLine): number {
  // Larger and bold type fits fewer characters on a line, and each line is taller.
  const scale = (line.font.size ?? 11) / 11 * (line.font.bold ? 1.1 : 1);
  return Math.ceil(Math.max(1, linesIn(line.text, Math.floor(INSTRUCTIONS_WIDTH / scale))) * LINE_POINTS * Math.max(1, scale));
}

export function headerHeight(form: UpdateForm): number {
  return Math.max(...form.columns.map((c) => linesIn(c.header, c.width))) * LINE_POINTS;
}

export function rowHeight(form: UpdateForm, row: FormRow): number {
  return Math.min(400, Math.max(...form.columns.filter((c) => c.key !== 'record').map((c) => linesIn(cellText(row, c.key), c.width))) * LINE_POINTS + 4);
}

/** The row of the update sheet that names the columns; the row above it says what the form is, when it is due, and to whom it goes back. */
export const HEADER_ROW = 2;

const BORDER = { top: { style: 'thin' as const, color: { argb: 'FF9A9A9A' } }, left: { style: 'thin' as const, color: { argb: 'FF9A9A9A' } }, bottom: { style: 'thin' as const, color: { argb: 'FF9A9A9A' } }, right: { style: 'thin' as const, color: { argb: 'FF9A9A9A' } } };

/** "Due May 15, 2020, back to the Office of Accountability and Planning · Spring SAM 2019-20: East Hartford Middle School". */
export function titleLine(form: UpdateForm): string {
  return `Due ${form.cycle.dueText}${form.returnTo ? `, back to ${form.returnTo}` : ''} · ${form.cycle.name}: ${form.title}`;
}

/** The title row's height: as many lines as the title takes across the printed columns, in 12 pt bold. */
export function titleHeight(form: UpdateForm): number {
  const width = form.columns.slice(0, printedColumns(form)).reduce((n, c) => n + c.width, 0);
  return Math.max(24, linesIn(titleLine(form), Math.floor(width / 1.2)) * 17 + 6);
}

/** How many columns, from the left, a printed form shows: the title, the columns to fill and the last rating. */
export function printedColumns(form: UpdateForm): number {
  const last = form.columns.findIndex((c) => c.key === 'previous_rating' || c.key === 'last_value');
  return last === -1 ? form.columns.length : last + 1;
}

export function footerText(form: UpdateForm): string {
  return `&L${form.cycle.name}: ${form.title.replace(/&/g, '&&')}&RPage &P of &N`;
}

/** The book as exceljs lays it out: the shape every book of its kind is stamped from (see stamp.ts). */
export async function formWorkbook(book: FormBook, excel: Promise<typeof import('exceljs')> = loadExcelJS()): Promise<Uint8Array> {
  const ExcelJS = await excel;
  const form = book.forms[0]!;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'plan (plan-as-code)';
  workbook.title = `${form.cycle.name}: ${form.title}`;
  workbook.subject = form.plan.title;
  // The form's date, not the clock's: the same plan and day make the same bytes.
  workbook.created = workbook.modified = new Date(`${form.madeOn}T00:00:00Z`);

  const info = workbook.addWorksheet(INSTRUCTIONS_SHEET, { properties: { tabColor: { argb: HEADER } } });
  info.getColumn(1).width = INSTRUCTIONS_WIDTH;
  instructionLines(book).forEach((line, i) => {
    const cell = info.getCell(i + 1, 1);
    cell.value = line.text;
    cell.font = line.font;
    cell.alignment = { wrapText: true, vertical: 'top' };
    info.getRow(i + 1).height = instructionHeight(line);
  });
  // On one page: it is read once, before the sheets, and a few lines over would print a page of their own.
  info.pageSetup = { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 };
  await info.protect('', { selectLockedCells: true, selectUnlockedCells: true });

  const names = sheetNamesOf(book);
  for (const [i, each] of book.forms.entries()) await addUpdateSheet(workbook, each, names[i]!);

  // Every form of a book offers the plan's one scale.
  const choices = workbook.addWorksheet(CHOICES_SHEET, { state: 'veryHidden' });
  form.choices.forEach((c, i) => {
    choices.getCell(i + 1, 1).value = c.text;
  });
  const record = workbook.addWorksheet(FORM_SHEET, { state: 'veryHidden' });
  book.meta.forEach((line, i) => {
    record.getCell(i + 1, 1).value = line;
  });
  // It opens on the first sheet to fill.
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  const buffer = await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as never);
  // exceljs dates each part with the clock: the same plan and day make the same bytes only once they are fixed.
  return withFixedTimes(new Uint8Array(buffer as ArrayBuffer));
}

/** A form's sheet: the title row, the header, a row per action, what to fill in yellow, the rest locked. */
async function addUpdateSheet(workbook: Workbook, form: UpdateForm, sheetName: string): Promise<void> {
  // The due date and who to return it to above the headers; the action's title stays in view beside
  // the columns to fill, which come right after it.
  const sheet: Worksheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW, activeCell: `B${HEADER_ROW + 1}` }] });
  sheet.columns = form.columns.map((c) => ({ key: c.key, width: c.width }));
  const top = sheet.getCell(1, 1);
  top.value = titleLine(form);
  top.font = { bold: true, size: 12, color: { argb: 'FF9C1C1C' } };
  // Across the printed columns, wrapping: a long school name is not cut at the page's edge.
  top.alignment = { vertical: 'middle', wrapText: true };
  sheet.mergeCells(1, 1, 1, printedColumns(form));
  sheet.getRow(1).height = titleHeight(form);
  const header = sheet.getRow(HEADER_ROW);
  header.values = form.columns.map((c) => c.header);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER } };
    cell.border = BORDER;
  });
  header.height = headerHeight(form);
  for (const row of form.rows) sheet.addRow(form.columns.map((c) => cellText(row, c.key) || null)).height = rowHeight(form, row);
  const last = form.rows.length + HEADER_ROW;
  // Printed, the columns to fill and the last rating, in type large enough to read (fit to the page's width).
  sheet.pageSetup = {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    printArea: `A1:${columnLetter(printedColumns(form) - 1)}${last}`,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: footerText(form) };
  form.columns.forEach((column, index) => {
    const col = sheet.getColumn(index + 1);
    if (column.key === 'record') col.hidden = true;
    for (let r = HEADER_ROW + 1; r <= last; r++) {
      const cell = sheet.getCell(r, index + 1);
      cell.alignment = { wrapText: true, vertical: 'top' };
      cell.border = BORDER;
      if (column.fill) {
        cell.protection = { locked: false };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL_YELLOW } };
      } else {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: GREY } };
      }
    }
  });
  const ratingIndex = form.columns.findIndex((c) => c.key === 'rating');
  const valueIndex = form.columns.findIndex((c) => c.key === 'value');
  if (valueIndex !== -1 && form.rows.length) {
    // A measure's value: a number; the spreadsheet says so as it is typed, plan apply checks it again.
    const v = columnLetter(valueIndex);
    (sheet as unknown as { dataValidations: RangeValidations }).dataValidations.add(`${v}${HEADER_ROW + 1}:${v}${last}`, {
      type: 'decimal',
      operator: 'between',
      allowBlank: true,
      formulae: [-1e15, 1e15],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: 'Not a number',
      error: 'Type the value as a number in the measure\'s unit (for a percentage, 95 or 95%).',
    });
  }
  const letter = columnLetter(ratingIndex);
  if (ratingIndex !== -1 && form.rows.length) {
    (sheet as unknown as { dataValidations: RangeValidations }).dataValidations.add(`${letter}${HEADER_ROW + 1}:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`${CHOICES_SHEET}!$A$1:$A$${form.choices.length}`],
      showInputMessage: true,
      promptTitle: 'Rating',
      prompt: 'Choose a rating from the list.',
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: 'Not a rating',
      error: 'Choose one of the ratings in the list; nothing else can be read back into the plan.',
    });
  }
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

/**
 * exceljs as its authors bundle it without polyfills: one file, loaded in a quarter of the time
 * its hundreds of modules take (plan collect loads it on every worker thread that makes a form's
 * first layout). The bundle writes the same bytes; test/collect-apply.test.ts compares them.
 * It sets no globals and changes no built-in prototypes (it is the build without polyfills).
 */
export async function loadExcelJS(): Promise<typeof import('exceljs')> {
  const { createRequire } = await import('node:module');
  return createRequire(import.meta.url)('exceljs/dist/exceljs.bare.min.js') as typeof import('exceljs');
}
