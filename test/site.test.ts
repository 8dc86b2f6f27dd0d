// The plan's public website (plan site, issue 27): every page there, in every language, linked to
// the others by paths that resolve, each in its language with the others named as alternates;
// plan text escaped; nothing loaded from elsewhere; every page accessible at a phone's width and a
// laptop's, in real Chromium.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdits, axeViolations, chromiumPath, eh2020WithHistory, materialize, readTree, ROOT } from './helpers.js';
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
  // EH2020 kept in git, with a year in which a target moved: the site has its plan updates page.
  const planDir = eh2020WithHistory();
  beforeAll(async () => {
    made = await runCli(['site', planDir, '--out', out, '--as-of', '2020-06-20', '--base-url', 'https://plan.example.org/eh2020']);
  }, 120_000);

  it('writes a home page, a page per theory, measure and school, an index of schools, the plan updates and how to read it, in English at the root and Spanish under es/', () => {
    expect(made.stderr).toMatch(/plan site: 30 pages in 2 languages \(en, es\)/);
    expect(made.code).toBe(0);
    const pages = pagesIn(out);
    for (const lang of ['', 'es/']) {
      for (const page of ['index.html', 'how-to-read.html', 'updates.html', 'schools/index.html', 'schools/ehms.html', 'items/toa1.html', 'items/toa4.html', 'measures/chronic-absence.html']) expect(pages, `${lang}${page}`).toContain(`${lang}${page}`);
    }
    expect(pages).toHaveLength(30);
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
    // The target as it stands, and the change from the plan's history with the reason given in the same commit.
    expect(measure).toMatch(/<th scope="row">2019-20<\/th><td>11%<\/td>/);
    expect(measure).toMatch(/<td class="nowrap">January 15, 2020<\/td><td>Target 2019-20: 10% → 11%<\/td><td[^>]*>The state now counts a student absent for half a school day as absent\.<\/td>/);
    const updates = readFileSync(join(out, 'updates.html'), 'utf8');
    expect(updates).toMatch(/<h2[^>]*>The state now counts a student absent for half a school day as absent\.<\/h2>/);
    expect(updates).toContain('from August 1, 2019 to January 15, 2020 (one revision of the plan)');
    // A measure by student group: each group judged against its own target (or the measure's), named in the page's language.
    const reading = readFileSync(join(out, 'measures', 'grade3-reading.html'), 'utf8');
    expect(reading).toContain('<caption>By student group</caption>');
    expect(reading).toMatch(/<th scope="row">English learners<\/th><td>22%<\/td><td>46%<\/td><td>45%<\/td><td><strong class="goal-status met">Target met<\/strong><\/td>/);
    expect(reading).toMatch(/<th scope="row">Students with disabilities<\/th><td>18%<\/td><td>25%<\/td><td>40%<\/td><td><strong class="goal-status missed">Target missed<\/strong>/);
    // No target of its own: the measure's (60%).
    expect(reading).toMatch(/<th scope="row">Economically disadvantaged students<\/th><td>35%<\/td><td>50%<\/td><td>60%<\/td>/);
    const lectura = readFileSync(join(out, 'es', 'measures', 'grade3-reading.html'), 'utf8');
    expect(lectura).toMatch(/<th scope="row">Estudiantes de inglés<\/th><td>22%<\/td><td>46%<\/td><td>45%<\/td><td><strong class="goal-status met">Meta cumplida<\/strong>/);
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

  it.skipIf(!chromiumPath())('passes axe-core (WCAG 2.1 AA and best practice) at 375 and 1280 px, in English and Spanish, and prints within the page', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const found: string[] = [];
    try {
      for (const page of ['index.html', 'items/toa2.html', 'measures/chronic-absence.html', 'schools/index.html', 'schools/ehms.html', 'how-to-read.html', 'updates.html'].flatMap((p) => [p, `es/${p}`])) {
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
        // Printed on letter paper (7.5 in of text, 720 px): the navigation left out, nothing past the right margin.
        const tab = await browser.newPage();
        await tab.setViewport({ width: 720, height: 960 });
        await tab.emulateMediaType('print');
        await tab.goto(`file://${join(out, page)}`);
        const printed = await tab.evaluate(() => {
          const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { right: number; width: number }; textContent: string | null }> } }).document;
          const navShown = Array.from(doc.querySelectorAll('.site-header nav:not(.languages)')).some((n) => n.getBoundingClientRect().width > 0);
          const past = Array.from(doc.querySelectorAll('main *')).filter((e) => e.getBoundingClientRect().right > doc.documentElement.clientWidth + 1).map((e) => (e.textContent ?? '').slice(0, 40));
          return { navShown, past };
        });
        if (printed.navShown) found.push(`${page} [print] shows the navigation`);
        found.push(...printed.past.slice(0, 3).map((text) => `${page} [print] past the right margin: ${text}`));
        await tab.close();
      }
    } finally {
      await browser.close();
    }
    expect(found).toEqual([]);
  }, 300_000);
});

describe('plan site, reproducible and for every plan', () => {
  it('builds the same bytes from the same commit (the day it is made given, as --as-of)', async () => {
    const planDir = eh2020WithHistory();
    const [a, b] = [join(mkdtempSync(join(tmpdir(), 'plan-site-a-')), 'site'), join(mkdtempSync(join(tmpdir(), 'plan-site-b-')), 'site')];
    for (const out of [a, b]) expect((await runCli(['site', planDir, '--out', out, '--as-of', '2020-06-20', '--base-url', 'https://plan.example.org/'])).code).toBe(0);
    const files = readdirSync(a, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(a, f)).isFile()).sort();
    expect(files.length).toBeGreaterThan(30);
    expect(readdirSync(b, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(b, f)).isFile()).sort()).toEqual(files);
    const differ = files.filter((f) => !readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
    expect(differ).toEqual([]);
  }, 120_000);

  it("makes the same site with the schools' pages made and written on worker threads as in one thread, in every language", async () => {
    const planDir = eh2020WithHistory();
    const [one, threads] = [join(mkdtempSync(join(tmpdir(), 'plan-site-one-')), 'site'), join(mkdtempSync(join(tmpdir(), 'plan-site-threads-')), 'site')];
    const made = await Promise.all([
      runCli(['site', planDir, '--out', one, '--as-of', '2020-06-20', '--base-url', 'https://plan.example.org/', '--threads', '0']),
      runCli(['site', planDir, '--out', threads, '--as-of', '2020-06-20', '--base-url', 'https://plan.example.org/', '--threads', '2']),
    ]);
    expect(made.map((m) => m.code)).toEqual([0, 0]);
    // The same summary line: the pages, their languages and their size, whoever wrote them.
    // (Each names its own folder, as a path relative to where it runs.)
    expect(made[1]!.stderr).toBe(made[0]!.stderr.split(basename(dirname(one))).join(basename(dirname(threads))));
    const files = readdirSync(one, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(one, f)).isFile()).sort();
    expect(files.filter((f) => f.startsWith('es/schools/') && f !== 'es/schools/index.html').length).toBeGreaterThan(2);
    // Nothing else in the folders the threads wrote into: their temporary files were all renamed or removed.
    expect(readdirSync(threads, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(threads, f)).isFile()).sort()).toEqual(files);
    expect(files.filter((f) => !readFileSync(join(one, f)).equals(readFileSync(join(threads, f))))).toEqual([]);
  }, 120_000);

  it('publishes a plan with no reporting cycles yet as the plan itself, its measures and how to read them', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'plan-site-overview-')), 'site');
    const made = await runCli(['site', 'test/fixtures/no-actions', '--out', out, '--as-of', '2026-12-01']);
    expect(made.stderr).not.toContain('no reporting cycles');
    expect(made.code).toBe(0);
    const pages = pagesIn(out);
    for (const page of ['index.html', 'how-to-read.html', 'measures/reading.html']) expect(pages).toContain(page);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain('The plan as adopted: no progress has been reported on it yet. Page made December 1, 2026.');
    expect(home).toContain('If we teach well, then students learn.');
    expect(home).toContain('<a href="measures/reading.html">More students read on grade level.</a>');
    expect(home).not.toContain('schools/index.html');
  });
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
  const note = '    title: Increase the share of grade 3 students reading at or above benchmark.\n';
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
