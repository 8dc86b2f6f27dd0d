// The plan's public website (plan site, issue 27): every page there, in every language, linked to
// the others by paths that resolve, each in its language with the others named as alternates;
// plan text escaped; nothing loaded from elsewhere; every page accessible at a phone's width and a
// laptop's, in real Chromium.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdits, axeViolations, chromiumPath, materialize, readTree, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

function pagesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.split('\\').join('/'))
    .sort();
}

const hrefs = (html: string) => [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

/** The largest page a phone downloads: its HTML with the stylesheet inline, before nothing else (there is nothing else). */
const PAGE_BUDGET = 150 * 1024;

describe('plan site', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'plan-site-')), 'site');
  let made: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    made = await runCli(['site', 'plans/eh2020', '--out', out, '--as-of', '2020-06-20', '--base-url', 'https://plan.example.org/eh2020']);
  }, 120_000);

  it('writes a home page, a page per theory, measure and school, an index of schools and how to read it, in English at the root and Spanish under es/', () => {
    expect(made.stderr).toMatch(/plan site: 28 pages in 2 languages \(en, es\)/);
    expect(made.code).toBe(0);
    const pages = pagesIn(out);
    for (const lang of ['', 'es/']) {
      for (const page of ['index.html', 'how-to-read.html', 'schools/index.html', 'schools/ehms.html', 'items/toa1.html', 'items/toa4.html', 'measures/chronic-absence.html']) expect(pages, `${lang}${page}`).toContain(`${lang}${page}`);
    }
    expect(pages).toHaveLength(28);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain('<html lang="en">');
    // The latest reported cycle, when its data is from, and the whole plan's status.
    expect(home).toContain('Ratings from the End-of-Year Report 2019-20 (due June 5, 2020); page made June 20, 2020.');
    expect(home).toContain('2.57 of 3');
    const es = readFileSync(join(out, 'es', 'index.html'), 'utf8');
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Transformar el aprendizaje estudiantil');
    expect(es).not.toContain('Transform Student Learning');
  });

  it('links every page to pages that exist, names each language version as an alternate, and lists every page in the sitemap', () => {
    const broken: string[] = [];
    for (const page of pagesIn(out)) {
      const html = readFileSync(join(out, page), 'utf8');
      for (const href of hrefs(html)) {
        if (href.startsWith('#')) continue;
        if (/^https?:/.test(href)) {
          // Only the site's own address, in its alternates.
          if (!href.startsWith('https://plan.example.org/eh2020/')) broken.push(`${page}: ${href} leaves the site`);
          const target = join(out, href.slice('https://plan.example.org/eh2020/'.length));
          if (!existsSync(target)) broken.push(`${page}: ${href}`);
          continue;
        }
        const target = resolve(dirname(join(out, page)), href.split('#')[0]!);
        if (!target.startsWith(out) || !existsSync(target) || !statSync(target).isFile()) broken.push(`${page}: ${href}`);
      }
      // Each language's version of the page, and the default.
      for (const lang of ['en', 'es', 'x-default']) expect(html, `${page} hreflang ${lang}`).toMatch(new RegExp(`<link rel="alternate" hreflang="${lang}" href="https://plan\\.example\\.org/eh2020/`));
      expect(html).not.toMatch(/<script|\ssrc="https?:/);
      expect(html).toContain("default-src 'none'");
      expect(Buffer.byteLength(html), page).toBeLessThanOrEqual(PAGE_BUDGET);
    }
    expect(broken).toEqual([]);
    const sitemap = readFileSync(join(out, 'sitemap.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs.map((l) => l.replace('https://plan.example.org/eh2020/', '')).sort()).toEqual(pagesIn(out));
  });

  it('shows a measure with its target and value for every year, and a school with its own action plan', () => {
    const measure = readFileSync(join(out, 'measures', 'chronic-absence.html'), 'utf8');
    expect(measure).toContain('<caption>Targets and values by year</caption>');
    expect(measure).toMatch(/<th scope="row">2016-17<\/th><td><\/td><td>14\.8%<\/td>/);
    expect(measure).toMatch(/<th scope="row">2019-20<\/th><td>10%<\/td>/);
    const school = readFileSync(join(out, 'schools', 'ehms.html'), 'utf8');
    expect(school).toContain('East Hartford Middle School');
    expect(school).toContain('Run 6-week mathematics data cycles in every grade-level team.');
    const index = readFileSync(join(out, 'schools', 'index.html'), 'utf8');
    for (const name of ['East Hartford Middle School', 'Hockanum Elementary School']) expect(index).toContain(name);
  });

  it("escapes the plan's text, and refuses an address that is not one", async () => {
    const files = readTree(join(ROOT, 'plans', 'eh2020'));
    const dir = materialize(applyEdits(files, [{ file: 'plan.yaml', find: 'title: Transform Student Learning', replace: 'title: "Transform <script>alert(1)</script> Learning"' }]));
    const site = join(dir, '..', 'site');
    const result = await runCli(['site', dir, '--out', site, '--as-of', '2020-06-20', '--lang', 'en']);
    expect(result.code).toBe(0);
    const html = readFileSync(join(site, 'items', 'toa1.html'), 'utf8');
    expect(html).toContain('Transform &lt;script&gt;alert(1)&lt;/script&gt; Learning');
    expect(html).not.toContain('<script>alert');
    const bad = await runCli(['site', dir, '--out', site, '--base-url', 'not an address']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base-url "not an address" is not a web address');
  });

  it.skipIf(!chromiumPath())('passes axe-core (WCAG 2.1 AA and best practice) at 375 and 1280 px, in English and Spanish', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const found: string[] = [];
    try {
      for (const page of ['index.html', 'items/toa2.html', 'measures/chronic-absence.html', 'schools/index.html', 'schools/ehms.html', 'how-to-read.html'].flatMap((p) => [p, `es/${p}`])) {
        for (const width of [375, 1280]) {
          const tab = await browser.newPage();
          await tab.setViewport({ width, height: 900 });
          await tab.setBypassCSP(true);
          await tab.goto(`file://${join(out, page)}`);
          await tab.addScriptTag({ content: axe });
          const violations = await axeViolations(tab);
          const wide = await tab.evaluate(() => {
            const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
            return root.scrollWidth > root.clientWidth + 1;
          });
          found.push(...violations.map((v) => `${page} [${width} px] ${v}`), ...(wide ? [`${page} [${width} px] wider than the screen`] : []));
          await tab.close();
        }
      }
    } finally {
      await browser.close();
    }
    expect(found).toEqual([]);
  }, 300_000);
});

describe('plan site for a plan with declared levels (GCPS)', () => {
  it('builds, with a page per pillar and per key performance indicator', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'plan-site-gcps-')), 'site');
    const made = await runCli(['site', 'plans/gcps2022', '--out', out, '--as-of', '2024-02-01']);
    expect(made.code).toBe(0);
    const pages = pagesIn(out);
    expect(pages).toContain('index.html');
    expect(pages.filter((p) => p.startsWith('items/')).length).toBeGreaterThanOrEqual(3);
    expect(pages.filter((p) => p.startsWith('measures/')).length).toBeGreaterThanOrEqual(2);
    expect(relative(out, join(out, 'index.html'))).toBe('index.html');
  });
});

describe('targets that move, and why (issue 27)', () => {
  const files = readTree(join(ROOT, 'plans', 'eh2020'));
  const moved = applyEdits(files, [{ file: 'plan.yaml', find: 'target: {value: 60, school_year: 2019-20}', replace: 'target: {value: 65, school_year: 2019-20}' }]);
  const note = '        - {value: 52, school_year: 2019-20, cycle: 2020-midyear}\n';
  const explained = applyEdits(moved, [{ file: 'plan.yaml', find: note, replace: `${note}    changes:\n      - {date: 2020-03-02, what: target 60% → 65%, reason: The Board raised the target after the mid-year gains.}\n` }]);

  it('plan diff warns when a target moves with no note of why, in the terminal and on the pull request, and not once a note is added', async () => {
    const base = materialize(files);
    const text = await runCli(['diff', base, materialize(moved), '--plan', base]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 goal target changed (1 without a reason)');
    expect(text.stdout).toContain('warning: its target moved with no note of why: add one under its changes (date and reason)');
    const markdown = await runCli(['diff', base, materialize(moved), '--plan', base, '--format', 'markdown']);
    expect(markdown.stdout).toContain(':warning: its target moved with no note of why');
    const fine = await runCli(['diff', base, materialize(explained), '--plan', base]);
    expect(fine.stdout).toContain('1 goal target changed\n');
    expect(fine.stdout).not.toContain('without a reason');
    expect(fine.stdout).not.toContain('warning:');
  });

  it("lists a measure's notes on its page of the site, in the plan's language", async () => {
    const dir = materialize(explained);
    const out = join(dir, '..', 'site');
    expect((await runCli(['validate', dir])).code).toBe(0);
    expect((await runCli(['site', dir, '--out', out, '--as-of', '2020-06-20'])).code).toBe(0);
    const en = readFileSync(join(out, 'measures', 'grade3-reading.html'), 'utf8');
    expect(en).toContain('<h2>Changes to this measure, and why</h2>');
    expect(en).toContain('<li><strong>March 2, 2020</strong> <span>target 60% → 65%: The Board raised the target after the mid-year gains.</span></li>');
    const es = readFileSync(join(out, 'es', 'measures', 'grade3-reading.html'), 'utf8');
    expect(es).toContain('<li><strong>2 de marzo de 2020</strong> <span lang="en">target 60% → 65%: The Board raised the target after the mid-year gains.</span></li>');
  });
});
