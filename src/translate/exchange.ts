// The files a translator works in: XLIFF 2.0 (what translation tools open) and CSV (what a
// spreadsheet opens), written from the plan's translatable strings and read back as key -> text.
// Reading is strict about what matters (the units' ids and their targets) and tolerant of what tools
// add (notes, attributes, other namespaces): a unit plan did not write is reported, not guessed at.
import { SaxesParser } from 'saxes';
import type { TranslatableString } from '../plan/translatable.js';
import { delimiterOf, UTF8_BOM } from '../format/csv.js';

const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An XLIFF 2.0 document: one unit per string, its note saying what the string is, its target where the plan has one. */
export function writeXliff(strings: readonly TranslatableString[], source: { lang: string; file: string }, targetLang: string): string {
  const units = strings.map((s) => {
    const state = s.target !== undefined ? ' state="translated"' : ' state="initial"';
    const target = s.target !== undefined ? `<target>${escapeXml(s.target)}</target>` : '';
    return `    <unit id="${escapeXml(s.key)}">\n      <notes><note category="description">${escapeXml(s.note)}</note></notes>\n      <segment${state}><source>${escapeXml(s.source)}</source>${target}</segment>\n    </unit>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="${XLIFF_NS}" version="2.0" srcLang="${escapeXml(source.lang)}" trgLang="${escapeXml(targetLang)}">\n  <file id="plan" original="${escapeXml(source.file)}">\n${units.join('\n')}\n  </file>\n</xliff>\n`;
}

export interface ReadTranslations {
  /** The target language the file names. */
  lang: string | null;
  /** Each unit's target text, by key; units with no target are left out. */
  targets: Map<string, string>;
}

export class ExchangeFileError extends Error {}

/** The targets of an XLIFF 2.0 (or 1.2) file. Inline markup a tool adds (<pc>, <ph>, <g>) keeps its text. */
export function readXliff(text: string): ReadTranslations {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const targets = new Map<string, string>();
  let lang: string | null = null;
  let unit: string | null = null;
  let inTarget = 0;
  let buffer = '';
  let sawXliff = false;
  parser.on('opentag', (tag) => {
    const local = tag.local;
    if (local === 'xliff') {
      sawXliff = true;
      lang = (tag.attributes.trgLang as { value: string } | undefined)?.value ?? null;
    } else if (local === 'file' && lang === null) lang = (tag.attributes['target-language'] as { value: string } | undefined)?.value ?? null;
    else if (local === 'unit' || local === 'trans-unit') {
      unit = (tag.attributes.id as { value: string } | undefined)?.value ?? null;
      buffer = '';
    } else if (local === 'target' && unit !== null) {
      inTarget++;
    }
  });
  parser.on('text', (t) => {
    if (inTarget) buffer += t;
  });
  parser.on('cdata', (t) => {
    if (inTarget) buffer += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'target' && inTarget) {
      inTarget--;
      // A unit of several segments is written as plan wrote it: one. Their targets are joined.
      if (!inTarget && unit !== null) targets.set(unit, (targets.get(unit) ?? '') + buffer);
      buffer = '';
    } else if (tag.local === 'unit' || tag.local === 'trans-unit') unit = null;
  });
  try {
    parser.write(text).close();
  } catch (error) {
    throw new ExchangeFileError(`is not well-formed XML: ${(error as Error).message}`);
  }
  if (!sawXliff) throw new ExchangeFileError('is not an XLIFF file (it has no <xliff> element)');
  for (const [key, value] of targets) if (!value.trim()) targets.delete(key);
  return { lang, targets };
}

function csvCell(text: string): string {
  // A leading = + - @ would make a spreadsheet take the text for a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = ['Key', 'What it is', 'Text', 'Translation'];

/** A CSV with the BOM Excel needs: key, what the string is, its text, and its translation (to fill). */
export function writeCsv(strings: readonly TranslatableString[], targetLang: string): string {
  const header = [...CSV_HEADER.slice(0, 3), `${CSV_HEADER[3]} (${targetLang})`];
  const rows = [header, ...strings.map((s) => [s.key, s.note, s.source, s.target ?? ''])];
  return `${UTF8_BOM}${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The translations of a CSV written by writeCsv, as a spreadsheet saved it (comma, semicolon or tab). */
export async function readCsv(text: string): Promise<ReadTranslations> {
  const { parse } = await import('csv-parse/sync');
  const body = text.replace(/^\uFEFF/, '');
  let rows: string[][];
  try {
    rows = parse(body, { delimiter: delimiterOf(body), relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new ExchangeFileError(`is not a well-formed CSV: ${(error as Error).message}`);
  }
  const header = rows[0] ?? [];
  if (header[0] !== CSV_HEADER[0] || !header[3]?.startsWith(CSV_HEADER[3]!)) throw new ExchangeFileError(`is not a translation table made by plan translate (its first row should read ${CSV_HEADER.join(', ')})`);
  const lang = /\(([^)]+)\)\s*$/.exec(header[3])?.[1] ?? null;
  const targets = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const [key, , , translation] = row;
    if (!key || !translation?.trim()) continue;
    targets.set(key.trim(), translation.replace(/^'(?=[=+\-@])/, ''));
  }
  return { lang, targets };
}
