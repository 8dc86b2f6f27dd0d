import { describe, expect, it } from 'vitest';
import { decodeSource } from '../src/load/decode.js';
import { closestMatch, editDistance } from '../src/rules/suggest.js';
import { pluralize, resolveTerminology } from '../src/plan/terminology.js';

describe('decodeSource', () => {
  it('strips a UTF-8 byte order mark', () => {
    expect(decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: 'a' });
  });
  it('places an invalid byte at its line and character column', () => {
    const bytes = new Uint8Array([...Buffer.from('a: 1\nb: é\u00e9'), 0xe9, 0x0a]);
    const result = decodeSource(bytes);
    expect(result).toMatchObject({ ok: false, code: 'NOT_UTF8', position: { line: 1, column: 5 } });
  });
  it('rejects overlong encodings and surrogates', () => {
    expect(decodeSource(new Uint8Array([0xc0, 0xaf])).ok).toBe(false);
    expect(decodeSource(new Uint8Array([0xed, 0xa0, 0x80])).ok).toBe(false);
  });
});

describe('suggestions', () => {
  it('finds the nearest id within a third of its length', () => {
    expect(closestMatch('toa1-assesment', ['toa1-assessment', 'toa1-curriculum'])).toBe('toa1-assessment');
    expect(closestMatch('TEACH', ['teach'])).toBe('teach');
    expect(closestMatch('xyz', ['teach', 'assess'])).toBeUndefined();
  });
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('owenr', 'owner')).toBe(1);
  });
});

describe('terminology', () => {
  it('pluralizes the head noun of a label', () => {
    expect(resolveTerminology({ theory: 'Theory of Action' }).theory.plural).toBe('Theories of Action');
    expect(resolveTerminology({ strategy: 'High Leverage District Strategy' }).strategy.plural).toBe('High Leverage District Strategies');
    expect(pluralize('Major Goal')).toBe('Major Goals');
    expect(pluralize('Priority')).toBe('Priorities');
  });
  it('keeps defaults for what the plan does not name', () => {
    expect(resolveTerminology({ action: { singular: 'Strategic Action' } }).theory.singular).toBe('Theory of Action');
  });
});

describe('the default rating scale', () => {
  it('prints as three distinct greys and carries text above WCAG AA (4.5:1)', async () => {
    const { DEFAULT_SCALE } = await import('../src/plan/scale.js');
    const { contrastRatio, greyLevel, inkOn, MIN_GREY_DISTANCE } = await import('../src/color.js');
    const greys = DEFAULT_SCALE.levels.map((l) => greyLevel(l.color));
    for (let a = 0; a < greys.length; a++) for (let b = a + 1; b < greys.length; b++) expect(Math.abs(greys[a]! - greys[b]!)).toBeGreaterThanOrEqual(MIN_GREY_DISTANCE);
    for (const level of DEFAULT_SCALE.levels) expect(contrastRatio(level.color, inkOn(level.color))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('CRC-32 of zip parts', () => {
  it('the script version agrees with the check value and with zlib', async () => {
    const { crc32, crc32InScript } = await import('../src/xlsx/zip-write.js');
    expect(crc32InScript(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const data = new Uint8Array(10_007).map((_, i) => (i * 2654435761) >>> 24);
    expect(crc32InScript(data)).toBe(crc32(data));
    expect(crc32InScript(new Uint8Array(0))).toBe(0);
  });
});

describe('lines for a terminal', () => {
  it('are broken at words by their width on screen, and left whole where there is no width (a pipe, a file)', async () => {
    const { loadWrapping, wrapped } = await import('../src/format/wrap.js');
    const rated = '    ehms-stem-electives: 2 In progress → 1 Not yet on track, evidence updated';
    // What measures a line's width is loaded only for output that has one.
    expect(() => wrapped(rated, 40)).toThrow(/loadWrapping/);
    await loadWrapping();
    expect(wrapped(rated, Infinity)).toEqual([rated]);
    expect(wrapped(rated, 200)).toEqual([rated]);
    expect(wrapped(rated, 40)).toEqual(['    ehms-stem-electives: 2 In progress', '      → 1 Not yet on track, evidence', '      updated']);
    // Ideographs take two columns each: twenty of them fill a line of 40.
    const wide = `  ${'計画'.repeat(15)}`;
    expect(wrapped(wide, 80)).toEqual([wide]);
    expect(wrapped(wide, 40).length).toBeGreaterThan(1);
    for (const line of wrapped(wide, 40)) expect(line.length * 2).toBeLessThanOrEqual(40 + 4);
  });
});

describe('workbook cells', () => {
  it('reads text beyond ASCII as written: inline and shared strings, sheet names, entities, CDATA, and bytes that are not UTF-8', async () => {
    const { readSheets } = await import('../src/xlsx/cells.js');
    const utf8 = (text: string) => new TextEncoder().encode(text);
    const parts = new Map<string, Uint8Array>([
      ['xl/workbook.xml', utf8('<workbook><sheets><sheet name="Acciones – Año" sheetId="1" r:id="rId1"/></sheets></workbook>')],
      ['xl/_rels/workbook.xml.rels', utf8('<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>')],
      ['xl/sharedStrings.xml', utf8('<sst><si><t>Evaluación: “bien” 💡</t></si><si><r><t>Señal </t></r><r><t>ñ</t></r></si></sst>')],
      [
        'xl/worksheets/sheet1.xml',
        new Uint8Array([
          ...utf8('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>3 – On track</t></is></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'),
          ...utf8('<row r="2"><c r="A2" t="inlineStr"><is><t>&#x2013;&amp;<![CDATA[<é>]]></t></is></c><c r="B2" t="inlineStr"><is><t>'),
          0xff,
          ...utf8('x</t></is></c><c r="C2" t="str"><v>Ω</v></c></row></sheetData></worksheet>'),
        ]),
      ],
    ]);
    const [sheet] = readSheets(parts, 10);
    expect(sheet!.name).toBe('Acciones – Año');
    const text = (row: number, column: number) => sheet!.rows.get(row)!.get(column);
    expect(text(1, 0)).toEqual({ kind: 'text', text: '3 – On track' });
    expect(text(1, 1)).toEqual({ kind: 'text', text: 'Evaluación: “bien” 💡' });
    expect(text(1, 2)).toEqual({ kind: 'text', text: 'Señal ñ' });
    expect(text(2, 0)).toEqual({ kind: 'text', text: '–&<é>' });
    expect(text(2, 1)).toEqual({ kind: 'text', text: '\uFFFDx' });
    expect(text(2, 2)).toEqual({ kind: 'text', text: 'Ω' });
  });
});

describe('workbook shapes other programs write (issue 25)', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const workbook = (sheet: string, extra: Array<[string, string]> = []) =>
    new Map<string, Uint8Array>([
      ['xl/workbook.xml', utf8('<x:workbook xmlns:x="main"><x:sheets><x:sheet name="Action Steps" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>')],
      ['xl/_rels/workbook.xml.rels', utf8('<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>')],
      ['xl/worksheets/sheet1.xml', utf8(sheet)],
      ...extra.map(([name, xml]) => [name, utf8(xml)] as [string, Uint8Array]),
    ]);

  it('reads numbers as their cells show them: percentages, dates and times by built-in and custom formats, booleans, and prefixed names', async () => {
    const { readSheets } = await import('../src/xlsx/cells.js');
    const { shownAs } = await import('../src/apply/read-form.js');
    const styles = '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="[$-409]d\\ mmmm\\ yyyy;@"/></numFmts><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="20"/></cellXfs></styleSheet>';
    const sheet =
      '<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1" s="1"><x:v>0.95</x:v></x:c><x:c r="B1" s="2"><x:v>43963</x:v></x:c><x:c r="C1" s="3"><x:v>0.125</x:v></x:c>' +
      '<x:c r="D1" s="4"><x:v>43963</x:v></x:c><x:c r="E1" s="5"><x:v>0.5</x:v></x:c><x:c r="F1" t="b"><x:v>1</x:v></x:c><x:c r="G1"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const [read] = readSheets(workbook(sheet, [['xl/styles.xml', styles]]), 10);
    const cell = (c: number) => read!.rows.get(1)!.get(c)!;
    expect(cell(0)).toEqual({ kind: 'number', value: 0.95, format: 'percent' });
    expect(shownAs(0.95, 'percent')).toBe('95%');
    expect(cell(1)).toEqual({ kind: 'number', value: 43963, format: 'date' });
    expect(shownAs(43963, 'date')).toBe('2020-05-12');
    expect(cell(2)).toMatchObject({ format: 'percent' });
    expect(shownAs(0.125, 'percent')).toBe('12.5%');
    expect(cell(3)).toMatchObject({ format: 'date' });
    expect(cell(4)).toMatchObject({ format: 'time' });
    expect(shownAs(0.5, 'time')).toBe('12:00');
    expect(cell(5)).toEqual({ kind: 'bool', value: true });
    expect(cell(6)).toEqual({ kind: 'number', value: 3 });
  });

  it('reads rich-text runs, phonetic runs left out, inline strings, and a sheet as Google Sheets exports it', async () => {
    const { readSheets } = await import('../src/xlsx/cells.js');
    const strings = '<sst count="2"><si><r><rPr><b/></rPr><t xml:space="preserve">Half </t></r><r><t>done</t></r><rPh sb="0" eb="1"><t>ハーフ</t></rPh><phoneticPr fontId="1"/></si><si/></sst>';
    // Google Sheets: no r attributes on rows or cells, cells in order; an empty shared string.
    const sheet = '<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><r><t>In </t></r><r><t>progress</t></r></is></c><c t="s"><v>1</v></c></row><row><c/><c t="str"><v>x</v></c></row></sheetData></worksheet>';
    const [read] = readSheets(workbook(sheet, [['xl/sharedStrings.xml', strings]]), 10);
    expect(read!.rows.get(1)!.get(0)).toEqual({ kind: 'text', text: 'Half done' });
    expect(read!.rows.get(1)!.get(1)).toEqual({ kind: 'text', text: 'In progress' });
    expect(read!.rows.get(1)!.get(2)).toEqual({ kind: 'text', text: '' });
    expect(read!.rows.get(2)!.get(1)).toEqual({ kind: 'text', text: 'x' });
  });

  it('reads a malformed sheet in one pass: rows and cells never closed, text that never ends', async () => {
    const { readSheets } = await import('../src/xlsx/cells.js');
    const open = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>Rating</t></is><row r="2"><c r="A2"><v>7</v><c r="B2" t="inlineStr"><is><t>3 – On track</t></is></c><row r="3"><c r="A3" t="inlineStr"><is><t>never';
    const [read] = readSheets(workbook(open), 10);
    expect(read!.rows.get(1)!.get(0)).toEqual({ kind: 'text', text: 'ID' });
    expect(read!.rows.get(1)!.get(1)).toEqual({ kind: 'text', text: 'Rating' });
    expect(read!.rows.get(2)!.get(0)).toEqual({ kind: 'number', value: 7 });
    expect(read!.rows.get(2)!.get(1)).toEqual({ kind: 'text', text: '3 – On track' });
    expect(read!.rows.get(3)!.get(0)).toEqual({ kind: 'text', text: 'never' });
    // A large sheet of unclosed rows is read, and its size is what it costs: 40,000 rows, 2.4 MB.
    const big = `<worksheet><sheetData>${'<row><c t="inlineStr"><is><t>unclosed row</t></is></c>'.repeat(40_000)}`;
    const [many] = readSheets(workbook(big), 50_000);
    expect(many!.rowCount).toBe(40_000);
  });
});

describe('update form fingerprints', () => {
  // Forms already sent out carry these: a change to how they are made would turn every row of
  // every form in a principal's inbox into a conflict. Key order and YAML style do not count.
  it('are the same as the forms made by earlier versions of plan', async () => {
    const { actionFingerprint, entryFingerprint, seal } = await import('../src/collect/fingerprint.js');
    const action = {
      id: 'ehms-stem-electives',
      title: 'Offer STEM electives — “Ingeniería” for all',
      strategy: 's1-2',
      owner: 'principal',
      timeline: { start: '2019-08-26', end: '2020-06-12' },
      success_criteria: ['80% enrol', 'Two new courses'],
      weight: 2,
      extra: null,
      progress: { '2019-midyear': { rating: 2, evidence: 'Started.' } },
    };
    expect(actionFingerprint(action as never)).toBe('2_Dt_K16yL_W2f7v');
    expect(entryFingerprint(action.progress['2019-midyear'] as never)).toBe('H7OU90oGYVGBnpB-');
    expect(entryFingerprint(undefined)).toBe('-');
    expect(seal(['a', 'b'])).toBe('PxwBOI0TwYj_TARh');
    const { progress: _progress, ...reordered } = Object.fromEntries(Object.entries(action).reverse()) as typeof action;
    expect(actionFingerprint({ ...reordered, progress: { other: { rating: 4 } } } as never)).toBe('2_Dt_K16yL_W2f7v');
  });
});
