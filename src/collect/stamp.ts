// Writing many update forms fast. exceljs lays out the first form of each shape (its columns, its
// instructions, its choices) as a whole workbook; every form of that shape is then made from that
// package with its own rows written into the sheets' XML, its title set, and its shared strings
// left empty (cells carry their text inline). A district's 2000 schools cost a few milliseconds of
// exceljs and a fraction of a millisecond a school, instead of exceljs's ten or so a workbook; and
// no form carries another's text, since every part that holds text is written anew.
import { writeReserved } from '../write-file.js';
import { checkZip } from '../xlsx/zip-read.js';
import { columnLetter, sheetParts } from '../xlsx/cells.js';
import { deflatedPart, writeZip, type ZipPart } from '../xlsx/zip-write.js';
import { bookOf, type FormBook } from './book.js';
import { cellText, type UpdateForm } from './form.js';
import { CHOICES_SHEET, FORM_SHEET, footerText, formWorkbook, HEADER_ROW, headerHeight, instructionHeight, instructionLines, INSTRUCTIONS_SHEET, printedColumns, rowHeight, sheetNamesOf, titleHeight, titleLine } from './xlsx.js';

const WORKBOOK_PART = 'xl/workbook.xml';

interface Shell {
  part: string;
  before: string;
  after: string;
  /** The style index of each cell of the template, by row and column letter. */
  styles: Map<number, Map<string, string>>;
}

interface Shape {
  parts: ZipPart[];
  strings: string;
  /** The workbook part, written anew for each book: it holds the print areas, which end at each form's last row. */
  workbook: string;
  instructions: Shell;
  /** Each form's sheet, in the book's order. */
  updates: Shell[];
  choices: Shell;
  record: Shell;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

// Most cells hold plain words: those are written as they are.
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function shellOf(part: string, xml: string): Shell {
  const open = xml.indexOf('<sheetData');
  const selfClosed = xml.startsWith('<sheetData/>', open);
  const close = selfClosed ? open + '<sheetData/>'.length : xml.indexOf('</sheetData>') + '</sheetData>'.length;
  if (open === -1 || close < open) throw new Error(`the template's ${part} has no sheet data`);
  const styles = new Map<number, Map<string, string>>();
  const cell = /<c r="([A-Z]+)(\d+)"([^>]*)/g;
  const body = xml.slice(open, close);
  for (let m = cell.exec(body); m; m = cell.exec(body)) {
    const s = /\bs="(\d+)"/.exec(m[3]!)?.[1];
    if (!s) continue;
    const row = Number(m[2]);
    if (!styles.has(row)) styles.set(row, new Map());
    styles.get(row)!.set(m[1]!, s);
  }
  return { part, before: xml.slice(0, open), after: xml.slice(close), styles };
}

function cell(ref: string, style: string | undefined, text: string): string {
  const s = style ? ` s="${style}"` : '';
  return text === '' ? `<c r="${ref}"${s}/>` : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

/** A row; `grows`: its height is where it starts, and a spreadsheet makes it taller as text is typed. */
function row(r: number, height: number | null, cells: string, grows = false): string {
  return `<row r="${r}"${height === null ? '' : ` ht="${height}"${grows ? '' : ' customHeight="1"'}`}>${cells}</row>`;
}

function sheetXml(shell: Shell, rows: string[], edit: (before: string, after: string) => [string, string] = (b, a) => [b, a]): Uint8Array {
  const [before, after] = edit(shell.before, shell.after);
  return encoder.encode(`${before}<sheetData>${rows.join('')}</sheetData>${after}`);
}

/** What makes two books the same shape: everything the template's layout depends on. */
function shapeKey(book: FormBook): string {
  const names = sheetNamesOf(book);
  return JSON.stringify([book.forms.map((form, i) => [form.columns.map((c) => [c.key, c.width, c.fill]), names[i], form.rows.length > 0]), book.forms[0]!.choices.length, instructionLines(book).length]);
}

export class FormWriter {
  private readonly shapes = new Map<string, Promise<Shape>>();

  /** A book's workbook; a form alone is a book of one sheet. */
  async write(what: FormBook | UpdateForm): Promise<Uint8Array> {
    const book = 'forms' in what ? what : bookOf([what]);
    const key = shapeKey(book);
    let shape = this.shapes.get(key);
    if (!shape) this.shapes.set(key, (shape = this.template(book)));
    return stamp(await shape, book);
  }

  private async template(book: FormBook): Promise<Shape> {
    const bytes = await formWorkbook(book);
    const parts = new Map(checkZip(bytes, { entryBytes: 64 * 1024 * 1024, totalBytes: 256 * 1024 * 1024, entries: 1000 }, () => true).map((e) => [e.name, e.data!]));
    const { sheets, strings } = sheetParts(parts);
    const shell = (name: string) => {
      const sheet = sheets.find((s) => s.name === name);
      if (!sheet) throw new Error(`the template has no sheet ${name}`);
      return shellOf(sheet.part, decoder.decode(parts.get(sheet.part)));
    };
    const shape = {
      strings,
      instructions: shell(INSTRUCTIONS_SHEET),
      updates: sheetNamesOf(book).map(shell),
      choices: shell(CHOICES_SHEET),
      record: shell(FORM_SHEET),
    };
    const written = new Set([strings, WORKBOOK_PART, 'docProps/core.xml', shape.instructions.part, ...shape.updates.map((u) => u.part), shape.choices.part, shape.record.part]);
    return {
      ...shape,
      workbook: decoder.decode(parts.get(WORKBOOK_PART)),
      parts: [...parts].filter(([name]) => !name.endsWith('/')).map(([name, data]) => (written.has(name) ? { name, data } : deflatedPart(name, data))),
    };
  }
}

/** A form's sheet, its rows written into the template's. */
function updateSheet(shell: Shell, form: UpdateForm): Uint8Array {
  const letters = form.columns.map((_, i) => columnLetter(i));
  const topStyle = shell.styles.get(1)?.get('A');
  const headerStyles = shell.styles.get(HEADER_ROW);
  const dataStyles = shell.styles.get(HEADER_ROW + 1);
  const first = HEADER_ROW + 1;
  const last = form.rows.length + HEADER_ROW;
  const rows = [
    row(1, titleHeight(form), cell('A1', topStyle, titleLine(form))),
    row(HEADER_ROW, headerHeight(form), form.columns.map((c, i) => cell(`${letters[i]}${HEADER_ROW}`, headerStyles?.get(letters[i]!), c.header)).join('')),
    ...form.rows.map((r, k) => row(k + first, rowHeight(form, r), form.columns.map((c, i) => cell(`${letters[i]}${k + first}`, dataStyles?.get(letters[i]!), cellText(r, c.key))).join(''), true)),
  ];
  // The column the template's validation covers: the ratings' list, or a measure's number.
  const rating = letters[form.columns.findIndex((c) => c.key === 'rating' || c.key === 'value')]!;
  return sheetXml(shell, rows, (before, after) => [
    before.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:${letters.at(-1)}${last}"/>`),
    after.replace(/sqref="[A-Z]+\d+:[A-Z]+\d+"/, `sqref="${rating}${first}:${rating}${last}"`).replace(/<oddFooter>[\s\S]*?<\/oddFooter>/, `<oddFooter>${escapeXml(footerText(form))}</oddFooter>`),
  ]);
}

/** The workbook part with each form's print area ending at its last row (a sheet's is found by its number among the sheets). */
function workbookPart(shape: Shape, book: FormBook): string {
  const names = sheetNamesOf(book);
  return shape.workbook.replace(/(<definedName name="_xlnm\.Print_Area" localSheetId="(\d+)"[^>]*>)[^<]*(<\/definedName>)/g, (whole, open: string, id: string, close: string) => {
    // The instructions are sheet 0; the forms' sheets follow it.
    const form = book.forms[Number(id) - 1];
    if (!form) return whole;
    const last = columnLetter(printedColumns(form) - 1);
    return `${open}${escapeXml(`'${names[Number(id) - 1]!.replace(/'/g, "''")}'!$A$1:$${last}$${form.rows.length + HEADER_ROW}`)}${close}`;
  });
}

function stamp(shape: Shape, book: FormBook): Uint8Array {
  const form = book.forms[0]!;
  const lines = instructionLines(book);
  const instructions = lines.map((line, i) => row(i + 1, instructionHeight(line), cell(`A${i + 1}`, shape.instructions.styles.get(i + 1)?.get('A'), line.text)));
  const title = `${form.cycle.name}: ${form.title}`;
  const sheets = new Map<string, Uint8Array>([
    [shape.instructions.part, sheetXml(shape.instructions, instructions)],
    ...book.forms.map((each, i) => [shape.updates[i]!.part, updateSheet(shape.updates[i]!, each)] as const),
    [shape.choices.part, sheetXml(shape.choices, form.choices.map((c, i) => row(i + 1, null, cell(`A${i + 1}`, undefined, c.text))))],
    [shape.record.part, sheetXml(shape.record, book.meta.map((line, i) => row(i + 1, null, cell(`A${i + 1}`, undefined, line))))],
  ]);
  return writeZip(
    shape.parts.map((part) => {
      const sheet = sheets.get(part.name);
      if (sheet) return { name: part.name, data: sheet };
      if (part.name === shape.strings) return { name: part.name, data: encoder.encode('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>') };
      if (part.name === WORKBOOK_PART) return { name: part.name, data: encoder.encode(workbookPart(shape, book)) };
      if (part.name === 'docProps/core.xml') return { name: part.name, data: encoder.encode(decoder.decode(part.data).replace(/<dc:title>[\s\S]*?<\/dc:title>/, `<dc:title>${escapeXml(title)}</dc:title>`)) };
      return part;
    }),
  );
}

let shared: FormWriter | undefined;

/** One book (or one form alone), by a writer kept for the thread. */
export function stampForm(what: FormBook | UpdateForm): Promise<Uint8Array> {
  shared ??= new FormWriter();
  return shared.write(what);
}

/**
 * One form stamped and written to `temporary` (a name the caller renames into place): what worker
 * threads run for plan collect. The thread that made the workbook writes it at once; the main thread
 * is busy making forms and would leave an asynchronous write waiting.
 */
export async function stampFormInto(task: { form: FormBook; temporary: string }): Promise<{ error?: string }> {
  const error = writeReserved(task.temporary, await stampForm(task.form));
  return error !== undefined ? { error } : {};
}
