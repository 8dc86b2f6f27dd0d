// Every report type of every sample plan, and a plan overview, checked by axe-core in headless
// Chromium against WCAG 2.1 A and AA and axe's best practices, as a screen shows it and as it
// prints: no violation. JavaScript runs here only to run axe; reports themselves never run any.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, FIXTURES, materialize, readTree, chromiumPath } from './helpers.js';
import { runCli } from './run-cli.js';


const chromium = chromiumPath();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!chromium)('accessibility of the HTML reports (axe-core)', () => {
  it('finds no WCAG 2.1 A/AA or best-practice violation in any report type, in English and in Spanish, on screen or in print, reflows at 320 px, and cuts no chart label at its chart edge', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plan-axe-'));
    const noActions = materialize(readTree(join(FIXTURES, 'no-actions')));
    for (const lang of ['en', 'es']) {
      const out = join(root, lang);
      for (const plan of ['eh2020', 'gcps2022', 'hps2018', 'hps2011']) {
        for (const type of ['board', 'midyear', 'eoy']) expect((await runCli(['report', `plans/${plan}`, '--type', type, '--format', 'html', '--out', out, '--lang', lang])).code).toBe(0);
      }
      expect((await runCli(['report', 'plans/eh2020', '--type', 'school', '--all-schools', '--cycle', '2020-winter-sam', '--format', 'html', '--out', out, '--lang', lang])).code).toBe(0);
      expect((await runCli(['report', noActions, '--format', 'html', '--out', out, '--lang', lang])).code).toBe(0);
    }
    const files = ['en', 'es'].flatMap((lang) => readdirSync(join(root, lang)).sort().map((f) => join(lang, f)));
    expect(files.length).toBe(32);
    const out = root;

    const instance = await puppeteer.launch({ executablePath: chromium!, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const found: string[] = [];
    try {
      for (const file of files) {
        for (const media of ['screen', 'print'] as const) {
          const page = await instance.newPage();
          await page.setBypassCSP(true);
          await page.emulateMediaType(media);
          await page.goto(`file://${join(out, file)}`);
          await page.addScriptTag({ content: axeSource });
          const violations = await axeViolations(page);
          found.push(...violations.map((v) => `${file} [${media}] ${v}`));
          // No chart label cut at its chart's edge (an SVG shows nothing outside its box), on paper or at a phone's width.
          for (const width of media === 'print' ? [816] : [375, 1280]) {
            await page.setViewport({ width, height: 800 });
            const clipped = await page.evaluate(() => {
              type Box = { left: number; right: number; top: number; bottom: number };
              type El = { textContent: string | null; getBoundingClientRect(): Box; closest(s: string): El | null; parentElement: El | null };
              const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<El> } }).document;
              const out: string[] = [];
              for (const text of doc.querySelectorAll('svg text')) {
                let svg = text.closest('svg')!;
                // The outermost SVG's box is the one that clips.
                for (let up = svg.parentElement?.closest('svg'); up; up = up.parentElement?.closest('svg') ?? null) svg = up;
                const t = text.getBoundingClientRect();
                const b = svg.getBoundingClientRect();
                if (t.right - t.left === 0) continue;
                if (t.left < b.left - 1 || t.right > b.right + 1 || t.top < b.top - 1 || t.bottom > b.bottom + 1) out.push(`"${(text.textContent ?? '').trim()}" runs ${Math.round(Math.max(b.left - t.left, t.right - b.right, b.top - t.top, t.bottom - b.bottom))} px outside its chart`);
              }
              return out;
            });
            found.push(...clipped.map((c) => `${file} [${media} ${width} px] ${c}`));
            if (width === 375) {
              // On a phone a chart is redrawn for the screen, not shrunk: its text is at least 12 CSS px.
              const small = await page.evaluate(() => {
                type SvgEl = { getBoundingClientRect(): { width: number }; viewBox: { baseVal: { width: number } | null } };
                type TextEl = { textContent: string | null; getBoundingClientRect(): { width: number }; closest(s: string): (SvgEl & TextEl & { getAttribute(n: string): string | null }) | null; getAttribute(n: string): string | null };
                const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<TextEl> } }).document;
                const out: string[] = [];
                for (const text of doc.querySelectorAll('svg.chart text')) {
                  if (!text.getBoundingClientRect().width) continue;
                  const svg = text.closest('svg')!;
                  const box = svg.viewBox.baseVal;
                  const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
                  const size = Number(text.getAttribute('font-size') ?? text.closest('[font-size]')?.getAttribute('font-size') ?? 16) * scale;
                  if (size < 11.95) out.push(`"${(text.textContent ?? '').trim()}" is ${size.toFixed(1)} px`);
                }
                return out;
              });
              found.push(...small.map((c) => `${file} [375 px] chart text ${c}`));
            }
          }
          if (media === 'screen') {
            // Reflow (WCAG 1.4.10): at 320 CSS pixels nothing is wider than the screen.
            await page.setViewport({ width: 320, height: 800 });
            const widths = await page.evaluate(() => {
              const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
              return { scroll: root.scrollWidth, client: root.clientWidth };
            });
            if (widths.scroll > widths.client) found.push(`${file} [320 px] the page is ${widths.scroll} px wide`);
            // On a laptop's screen the cover is a title block, not a printed page: the report starts on the first screen.
            await page.setViewport({ width: 1280, height: 800 });
            const first = await page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { top: number } } | null } }).document.querySelector('.cover ~ * h2, .cover ~ h2')?.getBoundingClientRect().top ?? 0);
            // The top level's tiles fill their row: no empty column beside two or three tiles.
            const gap = await page.evaluate(() => {
              const row = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { right: number }; lastElementChild: { getBoundingClientRect(): { right: number } } | null } | null } }).document.querySelector('.tile-row');
              return row?.lastElementChild ? row.getBoundingClientRect().right - row.lastElementChild.getBoundingClientRect().right : 0;
            });
            if (gap > 2) found.push(`${file} [1280 px] the tiles leave ${Math.round(gap)} px empty at the end of their row`);
            if (first > 560) found.push(`${file} [1280 px] the report's first section starts ${Math.round(first)} px down, below the first screen's upper two thirds`);
          }
          await page.close();
        }
      }
    } finally {
      await instance.close();
    }
    expect(found).toEqual([]);
  }, 300_000);
});
