// The cells of a workbook's sheets, read straight from the SpreadsheetML parts (ECMA-376): the
// workbook's sheet list, the shared strings, and each sheet's rows. plan apply needs the values of a
// few columns of two sheets, and reads thousands of forms in a run; a spreadsheet library's full
// model (styles, themes, validations, every cell an object) costs several times more per workbook
// than all of this, and the zip guard has already unpacked the parts. The parts are machine-written
// XML of a fixed vocabulary, so elements are found by pattern: names may carry a namespace prefix,
// text may use entities or CDATA. Formulas are reported as formulas, never evaluated.

export type RawCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
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

const PHONETIC = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g');
const TEXT_RUN = new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, 'g');

/** The text of every <t> inside `xml`, joined, leaving out phonetic runs (<rPh>). */
function textOf(xml: string): string {
  const body = xml.includes('rPh') ? xml.replace(PHONETIC, '') : xml;
  let out = '';
  TEXT_RUN.lastIndex = 0;
  for (let m = TEXT_RUN.exec(body); m; m = TEXT_RUN.exec(body)) out += unescapeXml(m[1]!);
  return out;
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

/** The shared strings, each read when a cell asks for it: most belong to columns plan does not read. */
function sharedStrings(xml: string | undefined): (index: number) => string | undefined {
  if (!xml) return () => undefined;
  const bodies: string[] = [];
  const si = new RegExp(`<${P}si(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${P}si>)`, 'g');
  for (let m = si.exec(xml); m; m = si.exec(xml)) bodies.push(m[1] ?? '');
  const read = new Map<number, string>();
  return (index) => {
    const body = bodies[index];
    if (body === undefined) return undefined;
    let text = read.get(index);
    if (text === undefined) read.set(index, (text = textOf(body)));
    return text;
  };
}

/** Which columns of a sheet to read, given its name and its first row; null for all. */
export type ColumnChoice = (sheet: string, header: ReadonlyMap<number, RawCell>) => ReadonlySet<number> | null;

function readSheet(xml: string, strings: (index: number) => string | undefined, maxRows: number, choose: (header: ReadonlyMap<number, RawCell>) => ReadonlySet<number> | null): Pick<RawSheet, 'rows' | 'rowCount'> {
  let wanted: ReadonlySet<number> | null = null;
  const rows = new Map<number, Map<number, RawCell>>();
  let rowCount = 0;
  let rowNumber = 0;
  const rowPattern = new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g');
  const cellPattern = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
  const valuePattern = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`);
  const formulaPattern = new RegExp(`<${P}f\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}f>)`);
  for (let m = rowPattern.exec(xml); m; m = rowPattern.exec(xml)) {
    rowCount++;
    if (rowCount > maxRows) break;
    const r = attribute(m[1]!, 'r');
    rowNumber = r ? Number(r) : rowNumber + 1;
    if (!m[2]) continue;
    const row = new Map<number, RawCell>();
    let column = -1;
    cellPattern.lastIndex = 0;
    for (let c = cellPattern.exec(m[2]); c; c = cellPattern.exec(m[2])) {
      const attrs = c[1]!;
      // The cell reference, as every writer puts it (r="J12"); a general attribute match otherwise.
      const quick = attrs.startsWith(' r="') ? attrs.slice(4, attrs.indexOf('"', 4)) : attribute(attrs, 'r');
      column = quick ? columnOf(quick) : column + 1;
      const inner = c[2];
      if (!inner || (wanted && !wanted.has(column))) continue;
      const formula = formulaPattern.exec(inner);
      const cell = formula
        ? ({ kind: 'formula', formula: `=${unescapeXml(formula[2] ?? '')}` } as const)
        : cellOf(attribute(attrs, 't') ?? 'n', inner, valuePattern, strings);
      if (cell) row.set(column, cell);
    }
    if (row.size) rows.set(rowNumber, row);
    // The first row says which columns the rest are read for.
    if (rowCount === 1) wanted = choose(row);
  }
  return { rows, rowCount };
}

function cellOf(type: string, inner: string, valuePattern: RegExp, strings: (index: number) => string | undefined): RawCell | null {
  if (type === 'inlineStr') return { kind: 'text', text: textOf(inner) };
  const v = valuePattern.exec(inner);
  const value = v ? unescapeXml(v[1]!) : '';
  switch (type) {
    case 's': {
      const text = strings(Number(value));
      return text === undefined ? null : { kind: 'text', text };
    }
    case 'str':
      return { kind: 'text', text: value };
    case 'b':
      return { kind: 'bool', value: value === '1' };
    case 'e':
      return { kind: 'error', error: value };
    default:
      return value === '' ? null : { kind: 'number', value: Number(value) };
  }
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
  // Pushed one by one rather than mapped: a list made by map changes its shape once V8 optimizes the
  // mapping, and every reader of the list is then optimized again.
  const read: RawSheet[] = [];
  for (const { name, state, part } of sheets) {
    const xml = text(part);
    if (xml === undefined) throw new WorkbookShapeError(`its sheet "${name}" is missing`);
    const { rows, rowCount } = readSheet(xml, strings, maxRows, (header) => choose(name, header));
    read.push({ name, state, rows, rowCount });
  }
  return read;
}
