// Reads a filled update form, a workbook or a CSV, into rows of cells, refusing what is not one:
// another kind of file, a damaged or oversized workbook, a CSV not in UTF-8. Each problem names the
// file, sheet, row and column. What the cells mean for the plan is decided in match-rows.ts.
import { readRegularFile, RefusedFileError } from '../confine.js';
import { basename, extname } from 'node:path';
import { decodeSource } from '../load/decode.js';
import { delimiterOf } from '../format/csv.js';
import { META_HEADER, RECORD_HEADER, type ColumnKey } from '../collect/form.js';
import { FORM_SHEET } from '../collect/xlsx.js';
import { columnLetter, readSheets, WorkbookShapeError, type RawCell, type RawSheet } from '../xlsx/cells.js';
import { checkZip, FORM_ZIP_LIMITS, ZipProblem } from '../xlsx/zip-read.js';

/** An update form has a row per action; far more rows than any plan's school has is not one. */
export const MAX_FORM_ROWS = 20_000;

export interface FormProblem {
  file: string;
  sheet?: string;
  /** 1-based, as a spreadsheet numbers rows. */
  row?: number;
  /** The column's letter and header: "J (Rating)". */
  column?: string;
  message: string;
  hint: string;
}

export type CellValue =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; /** As the cell shows it, where its format says more than the number: "95%", "2020-05-12". */ shown?: string }
  | { kind: 'formula'; formula: string }
  | { kind: 'error'; error: string };

export interface FilledRow {
  row: number;
  cells: Partial<Record<ColumnKey, CellValue>>;
}

export interface FilledForm {
  file: string;
  sheet: string;
  /** The form's sealed record (see formMeta), or null when it is missing. */
  meta: string[] | null;
  /** Where each column the reader knows is: its letter and header. */
  columns: Partial<Record<ColumnKey, string>>;
  rows: FilledRow[];
}

/** A form's file read: a sheet of rows per form it holds (a workbook may hold several, one per kind of update), or why it is not a form. */
export type ReadOutcome = { ok: true; forms: FilledForm[] } | { ok: false; problems: FormProblem[] };

const HEADERS: Record<string, ColumnKey | 'meta'> = {
  id: 'id',
  rating: 'rating',
  evidence: 'evidence',
  'next steps': 'next_steps',
  'reported by': 'reported_by',
  value: 'value',
  note: 'note',
  [RECORD_HEADER.toLowerCase()]: 'record',
  [META_HEADER.toLowerCase()]: 'meta',
};

const NOT_A_FORM_HINT = 'Apply the .xlsx or .csv files that plan collect wrote, filled in; make new ones with plan collect --cycle <id>.';

export async function readFilledForm(path: string, label = path): Promise<ReadOutcome> {
  return readFilledFormNow(path, label);
}

/**
 * A form's bytes, read under the rule of confine.ts: a regular file (a named pipe or a device is
 * refused before it is opened for reading, so nothing blocks or reads for ever), no larger than the
 * form limit. A form is named by the person running plan apply, so a link to it is followed.
 */
export function readFilledFormNow(path: string, label = path): Promise<ReadOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, 'form', label, { follow: true }).bytes;
  } catch (error) {
    if (error instanceof RefusedFileError) return Promise.resolve(notAForm(label, error.reason === 'too-large' ? `is too large for an update form (${error.detail})` : `is not a file (it is ${error.detail})`));
    const code = (error as NodeJS.ErrnoException).code;
    return Promise.resolve(notAForm(label, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is not a file (it is a folder)' : 'could not be read'));
  }
  return readFormBytes(bytes, path, label);
}

function notAForm(label: string, message: string): ReadOutcome {
  return { ok: false, problems: [{ file: label, message, hint: NOT_A_FORM_HINT }] };
}

function readFormBytes(bytes: Uint8Array, path: string, label: string): Promise<ReadOutcome> {
  const fail = (message: string, hint: string): Promise<ReadOutcome> => Promise.resolve({ ok: false, problems: [{ file: label, message, hint }] });
  if (bytes.length === 0) return fail('is empty', NOT_A_FORM_HINT);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return Promise.resolve(readWorkbook(bytes, label));
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return fail('is an Excel 97-2003 workbook (.xls) or a password-protected one, which plan cannot read', 'Open it in Excel or LibreOffice, remove any password, and save it as an Excel Workbook (.xlsx).');
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return fail('is not a workbook: it does not start as an .xlsx file does (it may be damaged, or renamed)', NOT_A_FORM_HINT);
  return readCsv(bytes, label);
}

// ---- workbooks

/** The parts of a workbook plan reads: the sheet list, the sheets and their shared strings. */
function partsToRead(name: string): boolean {
  return name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' || /^xl\/(worksheets\/[^/]+|sharedStrings|styles)\.xml$/.test(name);
}

function readWorkbook(bytes: Uint8Array, file: string): ReadOutcome {
  const fail = (message: string, hint: string, sheet?: string): ReadOutcome => ({ ok: false, problems: [{ file, ...(sheet ? { sheet } : {}), message, hint }] });
  const parts = new Map<string, Uint8Array>();
  try {
    for (const entry of checkZip(bytes, FORM_ZIP_LIMITS, partsToRead)) parts.set(entry.name, entry.data ?? new Uint8Array());
  } catch (error) {
    if (error instanceof ZipProblem) return fail(error.message, error.hint);
    throw error;
  }
  if (parts.has('mimetype') && parts.has('content.xml')) {
    return fail('is an OpenDocument spreadsheet (.ods), not an Excel workbook', 'In LibreOffice: File > Save As > Excel 2007-365 (.xlsx), then apply the .xlsx.');
  }
  if (!parts.has('xl/workbook.xml')) return fail('is a zip archive but not an Excel workbook', NOT_A_FORM_HINT);
  let sheets: RawSheet[];
  try {
    sheets = readSheets(parts, MAX_FORM_ROWS + HEADER_ROWS, columnsToRead);
  } catch (error) {
    if (error instanceof WorkbookShapeError) return fail(`is a damaged workbook: ${error.message}`, 'Open it in Excel or LibreOffice and save it again as .xlsx.');
    throw error;
  }
  // Every sheet with the record column is a form to read: a school's actions, its measures.
  const found = sheets.flatMap((s) => {
    const at = headerRowOf(s);
    return at === undefined ? [] : [{ sheet: s, at }];
  });
  if (!found.length) return fail(`has no sheet with the column "${RECORD_HEADER}", so it is not an update form made by plan collect (or that column was deleted)`, NOT_A_FORM_HINT);
  const tooLong = found.find(({ sheet }) => sheet.rowCount > MAX_FORM_ROWS + HEADER_ROWS);
  if (tooLong) return fail(`the sheet has more than ${MAX_FORM_ROWS} rows; an update form has one row per action`, 'Rows were pasted far below the form. Delete them, or make a new form with plan collect.', tooLong.sheet.name);
  const metaSheet = sheets.find((s) => s.name === FORM_SHEET);
  const meta = metaSheet ? metaOf(metaSheet) : null;
  return {
    ok: true,
    forms: found.map(({ sheet, at }) => {
      const { columns, index } = columnsOf(sheet.rows.get(at)!);
      return { file, sheet: sheet.name, meta, columns, rows: filledRows(sheet, index, at) };
    }),
  };
}

/**
 * Forms name their columns in a header row: the first row in forms made before the sheet had a title
 * row above it (the due date, who to return it to), the second now. Either is read.
 */
const HEADER_ROWS = 2;

/** The row of a sheet that holds the form's headers (the one with the record column), if any. */
function headerRowOf(sheet: RawSheet): number | undefined {
  for (let r = 1; r <= HEADER_ROWS; r++) if (hasRecordColumn(sheet.rows.get(r))) return r;
  return undefined;
}

const RECORD_KEY = RECORD_HEADER.toLowerCase();

/** Whether a header row has the form's record column. */
function hasRecordColumn(header: ReadonlyMap<number, RawCell> | undefined): boolean {
  if (header) for (const cell of header.values()) if (textOf(cell).trim().toLowerCase() === RECORD_KEY) return true;
  return false;
}

/**
 * Of each sheet, only the columns plan reads: the form's record, and the update sheet's known
 * columns, once its header row is found among the first rows (undefined: not yet, read on).
 */
function columnsToRead(name: string, header: ReadonlyMap<number, RawCell>, row: number): ReadonlySet<number> | null | undefined {
  if (name === FORM_SHEET) return null;
  if (!hasRecordColumn(header)) return row < HEADER_ROWS ? undefined : new Set<number>();
  const known = new Set<number>();
  for (const [c, cell] of header) if (HEADERS[textOf(cell).trim().toLowerCase()] !== undefined) known.add(c);
  return known;
}

/** Where each column the reader knows is, by its header: the first of each, left to right. */
function columnsOf(header: ReadonlyMap<number, RawCell>): { columns: FilledForm['columns']; index: Map<ColumnKey, number> } {
  const columns: Partial<Record<ColumnKey, string>> = {};
  const index = new Map<ColumnKey, number>();
  for (const c of [...header.keys()].sort((a, b) => a - b)) {
    const text = textOf(header.get(c)).trim();
    const key = HEADERS[text.toLowerCase()];
    if (key && key !== 'meta' && !index.has(key)) {
      index.set(key, c);
      columns[key] = `${columnLetter(c)} (${text})`;
    }
  }
  return { columns, index };
}

/** The form's sealed record: the first column of its hidden sheet, row by row. */
function metaOf(sheet: RawSheet): string[] {
  return [...sheet.rows.keys()].sort((a, b) => a - b).map((r) => textOf(sheet.rows.get(r)!.get(0)));
}

/** Every row below the header, with the cells of the known columns. */
function filledRows(sheet: RawSheet, index: ReadonlyMap<ColumnKey, number>, headerRow: number): FilledRow[] {
  const rows: FilledRow[] = [];
  for (const r of [...sheet.rows.keys()].sort((a, b) => a - b)) {
    if (r <= headerRow) continue;
    const row = sheet.rows.get(r)!;
    const cells: FilledRow['cells'] = {};
    for (const [key, c] of index) cells[key] = cellValue(row.get(c));
    rows.push({ row: r, cells });
  }
  return rows;
}

/** The text a cell shows, for headers and the record (never a formula's text). */
function textOf(cell: RawCell | undefined): string {
  return cell?.kind === 'text' ? cell.text : cell?.kind === 'number' ? String(cell.value) : '';
}

function cellValue(cell: RawCell | undefined): CellValue {
  if (!cell) return { kind: 'blank' };
  switch (cell.kind) {
    case 'text':
      return cell.text.trim() === '' ? { kind: 'blank' } : cell;
    case 'bool':
      return { kind: 'text', text: cell.value ? 'TRUE' : 'FALSE' };
    case 'number': {
      const shown = cell.format ? shownAs(cell.value, cell.format) : undefined;
      return shown === undefined ? { kind: 'number', value: cell.value } : { kind: 'number', value: cell.value, shown };
    }
    default:
      return cell;
  }
}

/**
 * A number as its cell shows it: 0.95 formatted as a percentage is "95%", the serial number 43963
 * formatted as a date is "2020-05-12" (days since 1899-12-30, as Excel and LibreOffice count them).
 */
export function shownAs(value: number, format: NonNullable<Extract<RawCell, { kind: 'number' }>['format']>): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (format === 'percent') return `${Number((value * 100).toPrecision(12))}%`;
  if (format === 'general') return undefined;
  const ms = Math.round((value - 25569) * 86_400_000);
  const iso = new Date(ms).toISOString();
  if (format === 'date') return iso.slice(0, 10);
  if (format === 'time') return iso.slice(11, 16);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

// ---- CSV

async function readCsv(bytes: Uint8Array, file: string): Promise<ReadOutcome> {
  const fail = (message: string, hint: string, where: Partial<FormProblem> = {}): ReadOutcome => ({ ok: false, problems: [{ file, ...where, message, hint }] });
  const decoded = decodeSource(bytes);
  if (!decoded.ok) {
    if (decoded.code === 'BINARY_FILE') return fail('is neither a workbook (.xlsx) nor a CSV file', NOT_A_FORM_HINT);
    if (decoded.code === 'EMPTY_FILE') return fail('is empty', NOT_A_FORM_HINT);
    const where = decoded.position ? { row: decoded.position.line + 1 } : {};
    return fail(
      `${decoded.message.replace('the file', 'the CSV')}${decoded.position ? ` (at line ${decoded.position.line + 1}, character ${decoded.position.column + 1})` : ''}`,
      'Save it as UTF-8: in Excel, File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice, tick "Edit filter settings" and choose Unicode (UTF-8).',
      where,
    );
  }
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(decoded.text, { delimiter: delimiterOf(decoded.text), relax_column_count: true, skip_empty_lines: true, to: MAX_FORM_ROWS + 2 }) as string[][];
  } catch (error) {
    const e = error as Error & { lines?: number };
    return fail(`is not a well-formed CSV: ${e.message.replace(/^Invalid [^:]*: /, '')}`, 'Check that every quote is closed, or save the sheet again as CSV.', e.lines ? { row: e.lines } : {});
  }
  if (records.length > MAX_FORM_ROWS + 1) return fail(`has more than ${MAX_FORM_ROWS} rows; an update form has one row per action`, 'Rows were pasted far below the form. Delete them, or make a new form with plan collect.');
  const header = records[0] ?? [];
  const index = new Map<ColumnKey | 'meta', number>();
  const columns: Partial<Record<ColumnKey, string>> = {};
  header.forEach((h, c) => {
    const key = HEADERS[h.trim().toLowerCase()];
    if (key && !index.has(key)) {
      index.set(key, c);
      if (key !== 'meta') columns[key] = `${columnLetter(c)} (${h.trim()})`;
    }
  });
  if (!index.has('record')) return fail(`has no column "${RECORD_HEADER}" in its first row, so it is not an update form made by plan collect (or that column was deleted)`, NOT_A_FORM_HINT);
  const metaAt = index.get('meta');
  let meta: string[] | null = null;
  const rows: FilledRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    if (record.every((cell) => cell.trim() === '')) continue;
    if (metaAt !== undefined && meta === null && record[metaAt]) meta = record[metaAt]!.split('|');
    const cells: FilledRow['cells'] = {};
    for (const [key, c] of index) if (key !== 'meta') cells[key] = csvCellValue(record[c] ?? '');
    rows.push({ row: r + 1, cells });
  }
  return { ok: true, forms: [{ file, sheet: basename(file), meta, columns, rows }] };
}


function csvCellValue(text: string): CellValue {
  if (text.trim() === '') return { kind: 'blank' };
  // plan collect writes a leading apostrophe before text a spreadsheet would take for a formula.
  return { kind: 'text', text: /^'[=+\-@]/.test(text) ? text.slice(1) : text };
}
