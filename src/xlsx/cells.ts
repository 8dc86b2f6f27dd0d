// The cells of a workbook's sheets, read straight from the SpreadsheetML parts (ECMA-376): the
// workbook's sheet list, the shared strings, and each sheet's rows. plan apply needs the values of a
// few columns of two sheets, and reads thousands of forms in a run; a spreadsheet library's full
// model (styles, themes, validations, every cell an object) costs several times more per workbook
// than all of this, and the zip guard has already unpacked the parts. The parts are XML of a fixed
// vocabulary, read by a small scanner in one pass (names may carry a namespace prefix, text may use
// entities or CDATA), in time linear in their size whatever their shape. Numbers keep the format
// their cell shows them in (a percentage, a date), so that they are read as the person typed them.
// Formulas are reported as formulas, never evaluated.

export type RawCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; format?: NumberFormat }
  | { kind: 'bool'; value: boolean }
  | { kind: 'formula'; formula: string }
  | { kind: 'error'; error: string };

export interface RawSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Rows by 1-based number; each row's cells by 0-based column. */
  rows: Map<number, Map<number, RawCell>>;
  /** How many rows the sheet has, counted up to the limit it was read with (and one more). */
  rowCount: number;
}

export class WorkbookShapeError extends Error {}

const P = '(?:[A-Za-z_][\\w.-]*:)?';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A part's XML as one byte a character (Latin-1): the markup is ASCII, and the bytes of a character
 * beyond it (0x80 and up in UTF-8) never read as markup, so the patterns below find the same elements.
 * Scanning one-byte text is far cheaper than decoding a sheet's every word, most of which plan does
 * not read; the few values it keeps are decoded from UTF-8 on their own (see fromUtf8).
 */
function xmlOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

const BEYOND_ASCII = /[\u0080-\u00ff]/;

/** A value found in xmlOf's text, as the UTF-8 it was written in. */
function fromUtf8(latin1: string): string {
  return BEYOND_ASCII.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

/** An element's text or an attribute's value: its characters, then its entities and CDATA. */
function unescapeXml(raw: string): string {
  let text = fromUtf8(raw);
  if (text.includes('<![CDATA[')) text = text.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, cdata: string) => cdata.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

const attributePatterns = new Map<string, RegExp>();

function attribute(attrs: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`(?:^|\\s)${P}${name}\\s*=\\s*("([^"]*)"|'([^']*)')`)));
  const m = pattern.exec(attrs);
  return m ? unescapeXml(m[2] ?? m[3] ?? '') : undefined;
}

/** Column 9 (0-based) -> "J": the letters a spreadsheet shows. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** "J12" -> column 9 (0-based). */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

/**
 * The XML's elements, found left to right in one pass: each '<' is looked at once, and every search
 * starts where the last one ended, so a sheet is read in time linear in its size whatever its shape
 * (a row never closed, a cell left open, text that never ends). Patterns that look ahead for a
 * closing tag cost the square of the size on such a sheet.
 */
class Scanner {
  pos = 0;
  constructor(readonly xml: string) {}

  /** The next tag: its local name (prefix dropped), whether it closes or closes itself, and its attributes. Null at the end. */
  next(): { name: string; closing: boolean; empty: boolean; attrs: string; start: number; end: number } | null {
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt === -1) {
        this.pos = xml.length;
        return null;
      }
      const c = xml.charCodeAt(lt + 1);
      if (c === 63 /* ? */ || c === 33 /* ! */) {
        // A declaration, a comment or CDATA: skipped whole.
        const close = xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<![CDATA[', lt) ? ']]>' : '>';
        const end = xml.indexOf(close, lt + 2);
        this.pos = end === -1 ? xml.length : end + close.length;
        continue;
      }
      const gt = xml.indexOf('>', lt + 1);
      if (gt === -1) {
        this.pos = xml.length;
        return null;
      }
      this.pos = gt + 1;
      const closing = c === 47; /* / */
      let i = closing ? lt + 2 : lt + 1;
      const nameStart = i;
      while (i < gt) {
        const ch = xml.charCodeAt(i);
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 47) break;
        i++;
      }
      const qualified = xml.slice(nameStart, i);
      const colon = qualified.indexOf(':');
      const empty = xml.charCodeAt(gt - 1) === 47;
      return { name: colon === -1 ? qualified : qualified.slice(colon + 1), closing, empty, attrs: xml.slice(i, empty ? gt - 1 : gt), start: lt, end: gt + 1 };
    }
  }

  /** The raw text from here to the next tag that is not CDATA (CDATA kept as written, for unescapeXml). */
  text(): string {
    const xml = this.xml;
    let out = '';
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt === -1) {
        out += xml.slice(this.pos);
        this.pos = xml.length;
        return out;
      }
      if (!xml.startsWith('<![CDATA[', lt)) {
        out += xml.slice(this.pos, lt);
        this.pos = lt;
        return out;
      }
      const end = xml.indexOf(']]>', lt + 9);
      const stop = end === -1 ? xml.length : end + 3;
      out += xml.slice(this.pos, stop);
      this.pos = stop;
    }
  }
}

/** The text of the <t> elements from the scanner's place to the end of `until` (an element's name), phonetic runs (<rPh>) left out. */
function runsUntil(scan: Scanner, until: string): string {
  let out = '';
  let phonetic = 0;
  for (let tag = scan.next(); tag; tag = scan.next()) {
    if (tag.name === until && tag.closing) break;
    if (tag.name === 'rPh' && !tag.empty) phonetic += tag.closing ? -1 : 1;
    else if (tag.name === 't' && !tag.closing && !tag.empty) {
      const text = scan.text();
      if (phonetic <= 0) out += unescapeXml(text);
    } else if (tag.name === until && !tag.closing && !tag.empty) break; // the next one began: this one was never closed
  }
  return out;
}

/** The shared strings, each read when a cell asks for it: most belong to columns plan does not read. */
function sharedStrings(xml: string | undefined): (index: number) => string | undefined {
  if (!xml) return () => undefined;
  // Where each <si> starts, found in one pass; its text is read on first use.
  const starts: number[] = [];
  const scan = new Scanner(xml);
  for (let tag = scan.next(); tag; tag = scan.next()) {
    if (tag.name === 'si' && !tag.closing) starts.push(tag.empty ? -1 : tag.end);
  }
  const read = new Map<number, string>();
  return (index) => {
    const start = starts[index];
    if (start === undefined) return undefined;
    if (start === -1) return '';
    let text = read.get(index);
    if (text === undefined) {
      const at = new Scanner(xml);
      at.pos = start;
      read.set(index, (text = runsUntil(at, 'si')));
    }
    return text;
  };
}

/**
 * Which columns of a sheet to read, given its name and one of its first rows (and that row's
 * number): null for all; undefined when that row does not decide it, and the next row is asked.
 */
export type ColumnChoice = (sheet: string, header: ReadonlyMap<number, RawCell>, row: number) => ReadonlySet<number> | null | undefined;

function readSheet(
  xml: string,
  strings: (index: number) => string | undefined,
  formats: NumberFormats,
  maxRows: number,
  choose: (header: ReadonlyMap<number, RawCell>, row: number) => ReadonlySet<number> | null | undefined,
): Pick<RawSheet, 'rows' | 'rowCount'> {
  let wanted: ReadonlySet<number> | null = null;
  let decided = false;
  const rows = new Map<number, Map<number, RawCell>>();
  let rowCount = 0;
  let rowNumber = 0;
  let row: Map<number, RawCell> | null = null;
  let column = -1;
  const scan = new Scanner(xml);
  // The first rows say which columns the rest are read for: the first that decides it.
  const decide = (cells: ReadonlyMap<number, RawCell>) => {
    if (decided) return;
    const choice = choose(cells, rowNumber);
    if (choice !== undefined) {
      wanted = choice;
      decided = true;
    }
  };
  const endRow = () => {
    if (!row) return;
    if (row.size) rows.set(rowNumber, row);
    decide(row);
    row = null;
  };
  for (let tag = scan.next(); tag; tag = scan.next()) {
    if (tag.name === 'row') {
      if (tag.closing) {
        endRow();
        continue;
      }
      endRow();
      rowCount++;
      if (rowCount > maxRows) break;
      const r = attribute(tag.attrs, 'r');
      rowNumber = r ? Number(r) : rowNumber + 1;
      column = -1;
      if (!tag.empty) row = new Map();
      else decide(new Map());
      continue;
    }
    if (tag.name !== 'c' || tag.closing || !row) continue;
    const attrs = tag.attrs;
    // The cell reference, as every writer puts it (r="J12"); a general attribute match otherwise.
    const quick = attrs.startsWith(' r="') ? attrs.slice(4, attrs.indexOf('"', 4)) : attribute(attrs, 'r');
    column = quick ? columnOf(quick) : column + 1;
    if (tag.empty || (wanted && !(wanted as ReadonlySet<number>).has(column))) continue;
    const cell = readCell(scan, attribute(attrs, 't') ?? 'n', formats.of(attribute(attrs, 's')), strings);
    if (cell) row.set(column, cell);
  }
  endRow();
  return { rows, rowCount };
}

/** A cell's content, from just after its opening tag to its end: a formula, an inline string, or a value of its type. */
function readCell(scan: Scanner, type: string, format: NumberFormat, strings: (index: number) => string | undefined): RawCell | null {
  let value: string | null = null;
  let formula: string | null = null;
  let inline: string | null = null;
  for (let tag = scan.next(); tag; tag = scan.next()) {
    if (tag.name === 'c' || tag.name === 'row') {
      // The cell's end, or (a cell left open) the next cell or row: given back to the sheet's loop.
      if (!tag.closing) scan.pos = tag.start;
      else if (tag.name === 'row') scan.pos = tag.start;
      break;
    }
    if (tag.closing || tag.empty) {
      if (tag.name === 'f' && tag.empty && !tag.closing) formula = formula ?? '';
      continue;
    }
    if (tag.name === 'v') value = unescapeXml(scan.text());
    else if (tag.name === 'f') formula = unescapeXml(scan.text());
    else if (tag.name === 'is') inline = runsUntil(scan, 'is');
  }
  if (formula !== null) return { kind: 'formula', formula: `=${formula}` };
  if (type === 'inlineStr') return { kind: 'text', text: inline ?? '' };
  const text = value ?? '';
  switch (type) {
    case 's': {
      const shared = strings(Number(text));
      return shared === undefined ? null : { kind: 'text', text: shared };
    }
    case 'str':
      return { kind: 'text', text };
    case 'b':
      return { kind: 'bool', value: text === '1' };
    case 'e':
      return { kind: 'error', error: text };
    default:
      if (text === '') return null;
      return format === 'general' ? { kind: 'number', value: Number(text) } : { kind: 'number', value: Number(text), format };
  }
}

/** How a number is shown: as typed in a cell formatted as a percentage, a date, a time, or plainly. */
export type NumberFormat = 'general' | 'percent' | 'date' | 'datetime' | 'time';

interface NumberFormats {
  of(style: string | undefined): NumberFormat;
}

/**
 * The number format of each cell style (xl/styles.xml): built-in ids 9-10 are percentages, 14-17 and
 * 22 dates, 18-21 and 45-47 times; a workbook's own formats are read from their codes.
 */
function numberFormats(xml: string | undefined): NumberFormats {
  if (!xml) return { of: () => 'general' };
  const custom = new Map<number, NumberFormat>();
  const styles: NumberFormat[] = [];
  const scan = new Scanner(xml);
  let inCellXfs = false;
  for (let tag = scan.next(); tag; tag = scan.next()) {
    if (tag.name === 'numFmt' && !tag.closing) {
      custom.set(Number(attribute(tag.attrs, 'numFmtId')), formatOfCode(attribute(tag.attrs, 'formatCode') ?? ''));
    } else if (tag.name === 'cellXfs') inCellXfs = !tag.closing && !tag.empty;
    else if (tag.name === 'xf' && !tag.closing && inCellXfs) {
      const id = Number(attribute(tag.attrs, 'numFmtId') ?? 0);
      styles.push(custom.get(id) ?? builtinFormat(id));
    }
  }
  return { of: (style) => (style === undefined ? 'general' : (styles[Number(style)] ?? 'general')) };
}

function builtinFormat(id: number): NumberFormat {
  if (id === 9 || id === 10) return 'percent';
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 'date';
  if (id === 22) return 'datetime';
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return 'time';
  return 'general';
}

/** A format code's kind: "0.0%" a percentage, "yyyy-mm-dd" a date; quoted text and colours set aside. */
function formatOfCode(code: string): NumberFormat {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  if (bare.includes('%')) return 'percent';
  const date = /[yd]/i.test(bare) || /m{3,}/i.test(bare);
  const time = /[hs]/i.test(bare);
  if (date && time) return 'datetime';
  if (date) return 'date';
  if (time) return 'time';
  return 'general';
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const out: string[] = [];
  for (const p of `xl/${target}`.split('/')) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

const tagPatterns = new Map<string, RegExp>();

function tags(xml: string, name: string): string[] {
  let pattern = tagPatterns.get(name);
  if (!pattern) tagPatterns.set(name, (pattern = new RegExp(`<${P}${name}\\b([^>]*?)/?>`, 'g')));
  pattern.lastIndex = 0;
  const out: string[] = [];
  for (let m = pattern.exec(xml); m; m = pattern.exec(xml)) out.push(m[1]!);
  return out;
}

/** The workbook's sheets in order, with the part that holds each, and the shared strings' part. */
export function sheetParts(parts: ReadonlyMap<string, Uint8Array>): { sheets: Array<{ name: string; state: RawSheet['state']; part: string }>; strings: string } {
  const text = (name: string) => {
    const bytes = parts.get(name);
    return bytes ? xmlOf(bytes) : undefined;
  };
  const workbook = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new WorkbookShapeError('it has no sheet list');
  const targets = new Map<string, string>();
  let stringsPart = 'xl/sharedStrings.xml';
  for (const attrs of tags(rels, 'Relationship')) {
    const target = resolveTarget(attribute(attrs, 'Target') ?? '');
    targets.set(attribute(attrs, 'Id') ?? '', target);
    if ((attribute(attrs, 'Type') ?? '').endsWith('/sharedStrings')) stringsPart = target;
  }
  const sheets = tags(workbook, 'sheet').map((attrs) => {
    const given = attribute(attrs, 'state');
    const state: RawSheet['state'] = given === 'hidden' || given === 'veryHidden' ? given : 'visible';
    return { name: attribute(attrs, 'name') ?? '', state, part: targets.get(attribute(attrs, 'id') ?? '') ?? '' };
  });
  return { sheets, strings: stringsPart };
}

/** Every sheet of the workbook, in order, with its cells; `parts` maps a part's name to its bytes. */
export function readSheets(parts: ReadonlyMap<string, Uint8Array>, maxRows: number, choose: ColumnChoice = () => null): RawSheet[] {
  const { sheets, strings: stringsPart } = sheetParts(parts);
  const text = (name: string) => {
    const bytes = parts.get(name);
    return bytes ? xmlOf(bytes) : undefined;
  };
  const strings = sharedStrings(text(stringsPart));
  const formats = numberFormats(text('xl/styles.xml'));
  // Pushed one by one rather than mapped: a list made by map changes its shape once V8 optimizes the
  // mapping, and every reader of the list is then optimized again.
  const read: RawSheet[] = [];
  for (const { name, state, part } of sheets) {
    const xml = text(part);
    if (xml === undefined) throw new WorkbookShapeError(`its sheet "${name}" is missing`);
    const { rows, rowCount } = readSheet(xml, strings, formats, maxRows, (header, row) => choose(name, header, row));
    read.push({ name, state, rows, rowCount });
  }
  return read;
}
