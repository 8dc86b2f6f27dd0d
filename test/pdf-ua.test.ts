// The PDFs plan prints pass a PDF/UA-1 structure check (test/pdf-ua-check.ts) in every report type and
// in both shipped languages; the checker itself fails a PDF that is not accessible.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { markArtifacts } from '../src/report/pdf-ua.js';
import { checkPdfUa } from './pdf-ua-check.js';
import { FIXTURES, materialize, readTree, chromiumPath } from './helpers.js';
import { runCli } from './run-cli.js';


describe('the PDF/UA checker', () => {
  it('fails an untagged PDF, naming what is missing', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Board Report', { font: await doc.embedFont(StandardFonts.Helvetica), x: 50, y: 700 });
    const report = await checkPdfUa(await doc.save());
    expect(report.problems).toEqual(
      expect.arrayContaining(['no XMP metadata stream', 'no /Lang in the catalog', 'DisplayDocTitle is not true', 'MarkInfo /Marked is not true', 'no document title', 'page 1: 1 text runs neither tagged nor marked as Artifact', 'no structure tree']),
    );
  });
});

describe('making a PDF accessible', () => {
  async function untagged(useObjectStreams: boolean): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage();
    page.drawText('Board Report', { font: await doc.embedFont(StandardFonts.Helvetica), x: 50, y: 700 });
    return doc.save({ useObjectStreams });
  }

  it('appends its changes to a file with one classic table, and reads any other whole; both come out the same', async () => {
    const { makeAccessible } = await import('../src/report/pdf-ua.js');
    const info = { title: 'Informe a la Junta', lang: 'es', creator: 'plan test' };
    const classic = await untagged(false);
    const appended = await makeAccessible(classic, info);
    // The file's own bytes stay as they were; an update with its own table follows them.
    expect(Buffer.from(appended.subarray(0, classic.length)).equals(Buffer.from(classic))).toBe(true);
    expect(Buffer.from(appended.subarray(classic.length)).toString('latin1')).toMatch(/xref\n[\s\S]*trailer\n<< \/Size \d+ \/Root \d+ 0 R \/Info \d+ 0 R \/Prev \d+ >>\nstartxref\n\d+\n%%EOF\n$/);
    const rewritten = await makeAccessible(await untagged(true), info);
    for (const pdf of [appended, rewritten]) {
      const report = await checkPdfUa(pdf);
      // What this step adds is there; a structure tree is Chromium's to give.
      expect(report.problems.filter((p) => !/structure tree/.test(p))).toEqual([]);
      const read = await PDFDocument.load(pdf, { updateMetadata: false });
      expect(read.getTitle()).toBe('Informe a la Junta');
      expect(read.getCreator()).toBe('plan test');
    }
  });
});

describe('marking untagged content as Artifacts', () => {
  it('wraps text and paths outside marked content, and leaves tagged content, clipping and strings alone', () => {
    const content = [
      '/P <</MCID 0>> BDC BT /F1 12 Tf (Tagged \\(text\\) BT ET) Tj ET EMC',
      'q 0 0 612 792 re W n Q',
      'q 1 0 0 RG 10 10 m 100 10 l S Q',
      'BT /F1 8 Tf (Page 1 of 2) Tj ET',
      'BT /Span <</MCID 1>> BDC (inside) Tj EMC ET',
      '/Im0 Do',
    ].join('\n');
    const marked = markArtifacts(content);
    expect(marked).toBe(
      [
        '/P <</MCID 0>> BDC BT /F1 12 Tf (Tagged \\(text\\) BT ET) Tj ET EMC',
        'q 0 0 612 792 re W n Q',
        'q 1 0 0 RG /Artifact BMC\n10 10 m 100 10 l S\nEMC Q',
        '/Artifact BMC\nBT /F1 8 Tf (Page 1 of 2) Tj ET\nEMC',
        'BT /Span <</MCID 1>> BDC (inside) Tj EMC ET',
        '/Artifact BMC\n/Im0 Do\nEMC',
      ].join('\n'),
    );
    // Nothing outside marked content: nothing changes.
    expect(markArtifacts(marked)).toBe(marked);
  });
});

const chromium = chromiumPath();

describe.skipIf(!chromium)('the printed reports', () => {
  it('pass the PDF/UA checks in every report type, in English and Spanish', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plan-pdfua-'));
    const noActions = materialize(readTree(join(FIXTURES, 'no-actions')));
    for (const lang of ['en', 'es']) {
      const out = join(root, lang);
      const report = async (args: string[]) => expect((await runCli(['report', ...args, '--out', out, '--lang', lang, '--as-of', '2020-06-30'])).code).toBe(0);
      for (const type of ['board', 'midyear', 'eoy']) await report(['plans/eh2020', '--type', type]);
      await report(['plans/eh2020', '--type', 'school', '--all-schools', '--cycle', '2020-winter-sam']);
      await report(['plans/gcps2022', '--type', 'board']);
      await report([noActions]);
    }
    const found: Record<string, string[]> = {};
    let figures = 0;
    for (const lang of ['en', 'es']) {
      for (const file of readdirSync(join(root, lang)).filter((f) => f.endsWith('.pdf'))) {
        const report = await checkPdfUa(readFileSync(join(root, lang, file)));
        figures += report.counts.figures;
        expect(report.counts.textShows).toBeGreaterThan(100);
        if (report.problems.length) found[`${lang}/${file}`] = report.problems;
      }
    }
    // Board, Mid-Year, End-of-Year, three school reports, the fourth sample's board report, an overview.
    for (const lang of ['en', 'es']) expect(readdirSync(join(root, lang)).filter((f) => f.endsWith('.pdf'))).toHaveLength(8);
    expect(figures).toBeGreaterThan(20);
    expect(found).toEqual({});
  }, 240_000);
});
