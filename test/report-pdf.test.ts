// PDFs, when a Chromium is found (CI always has one): page count, text, metadata, paper size,
// escaping, batches, and a render that hangs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, FIXTURES, materialize, readTree, chromiumPath } from './helpers.js';
import { runCli } from './run-cli.js';


function hasPoppler(): boolean {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const chromium = chromiumPath();
const info = (pdf: string): Record<string, string> =>
  Object.fromEntries(
    execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

describe.skipIf(!chromium || !hasPoppler())('PDF reports', () => {
  it('the EH2020 board report: pages, metadata, tagged, Letter, and the key figures in its text', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-pdf-'));
    const result = await runCli(['report', 'plans/eh2020', '--type', 'board', '--cycle', '2020-midyear', '--out', out, '--as-of', '2020-02-10']);
    expect(result.code).toBe(0);
    expect(readdirSync(out)).toEqual(['eh2020-board-2020-midyear.pdf']);
    const pdf = join(out, 'eh2020-board-2020-midyear.pdf');
    const meta = info(pdf);
    expect(Number(meta.Pages)).toBeGreaterThanOrEqual(8);
    expect(meta.Title).toBe('EH2020 District Improvement Plan: Board Report, Mid-Year Report 2019-20');
    expect(meta.Tagged).toBe('yes');
    expect(meta['Page size']).toMatch(/^612 x 792 pts/);
    const text = textOf(pdf);
    expect(text).toContain('24 of 24 Action Steps rated');
    expect(text).toContain('Transform Student Learning');
    expect(text).toContain('Responsibly Invest District Resources');
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain('East Hartford Public Schools · Board Report · Mid-Year Report 2019-20');
    // Page 1 is no cover alone: under the title block, the district's message and the whole plan's figure.
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' });
    expect(first).toContain('Mid-Year Report 2019-20');
    expect(first).toContain('Summary');
    expect(first).toContain('Halfway through 2019-20 every Theory of Action is in progress.');
    expect(first).toMatch(/2\.29 of 3/);
  });

  it('prints on A4 when asked', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-pdf-'));
    await runCli(['report', 'plans/hps2011', '--type', 'eoy', '--paper', 'a4', '--out', out]);
    expect(info(join(out, readdirSync(out)[0]!))['Page size']).toMatch(/^595(\.\d+)? x 841(\.\d+)? pts/);
  });

  it('keeps plan text as text in the PDF too', async () => {
    const hostile = applyEdits(readTree(join(FIXTURES, 'rollup')), [
      { file: 'schools/a.yaml', find: 'title: A one.', replace: 'title: "<script>alert(1)</script> stays text"' },
    ]);
    const out = mkdtempSync(join(tmpdir(), 'plan-pdf-'));
    const result = await runCli(['report', materialize(hostile), '--type', 'school', '--school', 'a', '--cycle', 'winter', '--out', out]);
    expect(result.code).toBe(0);
    expect(textOf(join(out, 'rollup-school-winter-a.pdf'))).toContain('<script>alert(1)</script> stays text');
  });

  it('renders every school in one run, leaving only whole files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-pdf-'));
    const result = await runCli(['report', 'plans/eh2020', '--type', 'school', '--all-schools', '--cycle', '2020-winter-sam', '--out', out]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'eh2020-school-2020-winter-sam-ehms.pdf',
      'eh2020-school-2020-winter-sam-hockanum.pdf',
      'eh2020-school-2020-winter-sam-oconnell.pdf',
    ]);
    for (const file of readdirSync(out)) expect(Number(info(join(out, file)).Pages)).toBeGreaterThan(2);
  });

  it('fetches nothing: a template pointing at a server gets no request through', async () => {
    const { createServer } = await import('node:http');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    let requests = 0;
    const server = createServer((_, res) => {
      requests++;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const templates = mkdtempSync(join(tmpdir(), 'plan-templates-'));
      mkdirSync(join(templates, 'partials'));
      writeFileSync(join(templates, 'partials', 'cover.hbs'), `<section class="cover"><h1>Cover</h1><img src="http://127.0.0.1:${port}/logo.png"><iframe src="http://127.0.0.1:${port}/frame"></iframe></section>`);
      writeFileSync(join(templates, 'theme.css'), `@import url(http://127.0.0.1:${port}/theme.css); body { background: url(http://127.0.0.1:${port}/bg.png); }`);
      const out = mkdtempSync(join(tmpdir(), 'plan-pdf-'));
      const result = await runCli(['report', 'plans/hps2011', '--templates', templates, '--out', out]);
      expect(result.code).toBe(0);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('stops a render that takes too long, with a clear error', async () => {
    const { PdfPrinter, RenderTimeoutError } = await import('../src/report/pdf.js');
    const printer = await PdfPrinter.launch(chromium!, { timeoutMs: 1, pages: 1 });
    try {
      const big = `<html><body>${'<p>row</p>'.repeat(20000)}</body></html>`;
      await expect(printer.print({ html: big, paper: 'letter' })).rejects.toBeInstanceOf(RenderTimeoutError);
    } finally {
      await printer.close();
    }
  });
});
