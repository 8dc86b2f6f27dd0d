// Reports as HTML, checked by structure (parsed, not string-matched): escaping, terminology, every
// theory and strategy present, and the numbers the rollup engine gave.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, serializeOuter, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../src/load/load-plan.js';
import { DirectorySource, MemorySource } from '../src/load/source.js';
import { buildModel, type PlanModel } from '../src/plan/model.js';
import { computeRollup } from '../src/rollup/rollup.js';
import { renderMarkdown, renderWithMarkdownIt } from '../src/report/markdown.js';
import { renderReport } from '../src/report/render-html.js';
import { loadTemplates } from '../src/report/templates.js';
import { applyEdits, FIXTURES, readTree, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function walk(node: Node, visit: (el: Element) => void): void {
  if ('tagName' in node) visit(node as Element);
  for (const child of ('childNodes' in node ? node.childNodes : []) as Node[]) walk(child, visit);
  if ((node as Element).tagName === 'template') walk((node as DefaultTreeAdapterMap['template']).content, visit);
}

function elements(html: string): Element[] {
  const all: Element[] = [];
  walk(parse(html) as unknown as Node, (el) => all.push(el));
  return all;
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const hasClass = (el: Element, name: string) => (attr(el, 'class') ?? '').split(/\s+/).includes(name);
function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return ('childNodes' in node ? (node.childNodes as Node[]) : []).map(text).join('');
}

async function model(dir: string): Promise<PlanModel> {
  const loaded = await loadPlan(new DirectorySource(dir), { keepData: true, threads: 0 });
  return buildModel(loaded);
}

describe('the EH2020 board report', async () => {
  const planDir = join(ROOT, 'plans', 'eh2020');
  const m = await model(planDir);
  const report = renderReport(m, planDir, { type: 'board', cycle: '2020-midyear', asOf: '2020-02-10' }, loadTemplates([]));
  const els = elements(report.html);
  const rollup = computeRollup(m, { cycle: '2020-midyear', asOf: '2020-02-10' });

  it('is named by plan, type and cycle, and titled for the PDF metadata', () => {
    expect(report.baseName).toBe('eh2020-board-2020-midyear');
    expect(text(els.find((e) => e.tagName === 'title')!)).toBe('EH2020 District Improvement Plan: Board Report, Mid-Year Report 2019-20');
  });

  it('runs no script and loads nothing from outside', () => {
    expect(els.filter((e) => e.tagName === 'script')).toEqual([]);
    expect(attr(els.find((e) => attr(e, 'http-equiv') === 'Content-Security-Policy')!, 'content')).toContain("default-src 'none'");
    for (const e of els) {
      const src = attr(e, 'src');
      if (src) expect(src.startsWith('data:')).toBe(true);
      for (const a of e.attrs) expect(a.name.startsWith('on')).toBe(false);
    }
  });

  it('has every theory and strategy, in the district\'s terms', () => {
    for (const theory of m.plan.theories!) {
      const article = els.find((e) => e.tagName === 'article' && attr(e, 'id') === theory.id);
      expect(article, theory.id).toBeDefined();
      expect(text(article!)).toContain(`Theory of Action ${theory.number}: ${theory.title}`);
      for (const s of theory.strategies ?? []) expect(els.some((e) => e.tagName === 'tr' && attr(e, 'id') === s.id), s.id).toBe(true);
    }
    expect(els.some((e) => e.tagName === 'h2' && text(e) === 'Theories of Action')).toBe(true);
    expect(els.some((e) => e.tagName === 'th' && text(e) === 'High Leverage District Strategy')).toBe(true);
  });

  it('shows the numbers of the rollup engine', () => {
    const whole = els.find((e) => hasClass(e, 'whole'))!;
    expect(attr(whole, 'data-rating')).toBe(String(rollup.plan.rating));
    expect(text(whole)).toContain('24 of 24 Action Steps rated');
    for (const theory of rollup.items) {
      const article = els.find((e) => e.tagName === 'article' && attr(e, 'id') === theory.id)!;
      const badge = elements(serialize(article)).find((e) => attr(e, 'data-rating') !== undefined)!;
      expect(attr(badge, 'data-rating')).toBe(String(theory.figure.rating));
      for (const s of theory.children) {
        const row = els.find((e) => e.tagName === 'tr' && attr(e, 'id') === s.id)!;
        const rowBadge = elements(serialize(row)).find((e) => hasClass(e, 'rating'))!;
        expect(attr(rowBadge, 'data-rating'), s.id).toBe(String(s.figure.rating));
        expect(text(row)).toContain(`${s.figure.actions.rated} of ${s.figure.actions.total}`);
      }
    }
  });

  it('draws the charts as inline SVG (distribution, goals; the trend only where something moved) and the schools-by-theory grid as a coloured table', () => {
    const charts = els.filter((e) => e.tagName === 'svg' && hasClass(e, 'chart'));
    const kinds = new Set(charts.map((e) => (attr(e, 'class') ?? '').split(' ').filter((c) => c !== 'chart' && !c.startsWith('chart-'))[0]));
    // Each drawn twice, for paper and for a phone, in the same kinds.
    expect(charts.filter((e) => hasClass(e, 'chart-narrow')).length).toBe(charts.filter((e) => hasClass(e, 'chart-wide')).length);
    // Every rating shown is where it was at the End-of-Year 2018-19: a sentence says so, no flat lines.
    expect([...kinds].sort()).toEqual(['distribution', 'goal', 'legend']);
    expect(text(els.find((e) => e.tagName === 'body')!)).toContain('No rating shown here changed across End-of-Year Report 2018-19, Mid-Year Report 2019-20.');
    // The schools-by-theory grid is a table: a header per theory, a row per school, every cell's level as text.
    const grid = els.find((e) => e.tagName === 'table' && hasClass(e, 'grid-table'))!;
    expect(text(grid)).toContain('Hockanum Elementary School (Early Childhood Learning Center)');
    expect(text(grid)).toContain('1. Transform Student Learning');
    expect(text(grid)).toMatch(/2In progress/);
    expect(charts.filter((e) => hasClass(e, 'goal') && hasClass(e, 'chart-wide'))).toHaveLength(4);
  });
});

function serialize(el: Element): string {
  return serializeOuter(el);
}

describe('plan text is escaped', () => {
  const base = readTree(join(FIXTURES, 'rollup'));
  const hostile = applyEdits(base, [
    { file: 'schools/a.yaml', find: 'title: A one.', replace: 'title: "<script>alert(1)</script> & <b>bold</b>"' },
    { file: 'schools/a.yaml', find: 'fall: {rating: 3}, winter: {rating: 2}', replace: "fall: {rating: 3}, winter: {rating: 2, evidence: '<img src=x onerror=alert(2)> [click](javascript:alert(3)) **real** [ok](https://example.org)'}" },
    { file: 'plan.yaml', find: 'title: Learning', replace: 'title: "Learning</h3><script>x()</script>"' },
  ]);

  it('in titles, evidence and headings: no element comes from the plan', async () => {
    const loaded = await loadPlan(new MemorySource('hostile', hostile), { keepData: true, threads: 0 });
    expect(loaded.errorCount).toBe(0);
    const m = buildModel(loaded);
    const report = renderReport(m, '/nonexistent', { type: 'school', school: 'a', cycle: 'winter', asOf: '2020-03-01' }, loadTemplates([]));
    const els = elements(report.html);
    expect(els.filter((e) => e.tagName === 'script' || e.tagName === 'img' || e.tagName === 'b')).toEqual([]);
    const body = text(els.find((e) => e.tagName === 'body')!);
    expect(body).toContain('<script>alert(1)</script> & <b>bold</b>');
    expect(body).toContain('<img src=x onerror=alert(2)>');
    expect(body).toContain('Learning</h3><script>x()</script>');
    const links = els.filter((e) => e.tagName === 'a').map((e) => attr(e, 'href'));
    expect(links).toEqual(['https://example.org']);
    expect(els.some((e) => e.tagName === 'strong' && text(e) === 'real')).toBe(true);
  });
});

describe('narrative Markdown (markdown-it, no HTML, safe links only)', () => {
  it('renders paragraphs, lists, emphasis and links, and no HTML from the plan', () => {
    expect(renderMarkdown('One *two* **three**\n\n- a\n- [b](https://x.org/?q=1&r=2)\n\n1. first\n2. second')).toBe(
      '<p>One <em>two</em> <strong>three</strong></p>\n<ul>\n<li>a</li>\n<li><a href="https://x.org/?q=1&amp;r=2">b</a></li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>',
    );
    expect(renderMarkdown('<b onclick="x">hi</b>')).toBe('<p>&lt;b onclick=&quot;x&quot;&gt;hi&lt;/b&gt;</p>');
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>');
    expect(renderMarkdown('[x](" onmouseover="alert(1))')).not.toContain('<a');
    expect(renderMarkdown('[x](data:text/html,hi) [y](file:///etc/passwd)')).not.toContain('<a');
    expect(renderMarkdown('[mail](mailto:office@ehps.org)')).toBe('<p><a href="mailto:office@ehps.org">mail</a></p>');
  });

  it('renders plain lines without loading markdown-it, exactly as markdown-it would', () => {
    const texts = new Set<string>(['A "quoted" word; 98% screened.', "O'Connell's team met 4 times", '2019. A year', '- a', '1) one', 'x  ', ' x', 'a=b', 'Tabs\tand % signs']);
    const collect = (value: unknown): void => {
      if (typeof value === 'string') texts.add(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const plan of ['eh2020', 'hps2018', 'hps2011']) collect(readTree(join(ROOT, 'plans', plan)));
    for (const text of texts) for (const line of text.split('\n')) expect(renderMarkdown(line), line).toBe(renderWithMarkdownIt(line));
  });

  it('the cases the hand-written subset broke', () => {
    // an intro line followed by a list
    expect(renderMarkdown('We did three things:\n- one\n- two')).toBe('<p>We did three things:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    // emphasis inside strong
    expect(renderMarkdown('**a *b* c**')).toBe('<p><strong>a <em>b</em> c</strong></p>');
    // a URL with parentheses
    expect(renderMarkdown('See [the page](https://en.wikipedia.org/wiki/Tier_(education)) now')).toBe('<p>See <a href="https://en.wikipedia.org/wiki/Tier_(education)">the page</a> now</p>');
    // backslash escapes
    expect(renderMarkdown('not \\*emphasis\\*')).toBe('<p>not *emphasis*</p>');
    // nested lists
    expect(renderMarkdown('- a\n  - a1\n  - a2\n- b')).toBe('<ul>\n<li>a\n<ul>\n<li>a1</li>\n<li>a2</li>\n</ul>\n</li>\n<li>b</li>\n</ul>');
    // no headings (they would break the report's outline) and no images (a report fetches nothing)
    expect(renderMarkdown('# Heading')).toBe('<p># Heading</p>');
    expect(renderMarkdown('![chart](https://example.org/x.png)')).not.toContain('<img');
  });
});

describe('templates a district overrides', () => {
  it('replace one partial and add a theme without copying the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-templates-'));
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'cover.hbs'), '<section class="cover"><h1>{{district.name}} presents {{typeLabel}}</h1></section>');
    writeFileSync(join(dir, 'theme.css'), ':root { --accent: #7a1f5c; }');
    writeFileSync(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    const planDir = join(ROOT, 'plans', 'eh2020');
    const report = renderReport(await model(planDir), planDir, { type: 'board', cycle: '2020-midyear', asOf: '2020-02-10' }, loadTemplates([dir]));
    const els = elements(report.html);
    expect(text(els.find((e) => e.tagName === 'h1')!)).toBe('East Hartford Public Schools presents Board Report');
    expect(text(els.find((e) => e.tagName === 'style')!)).toContain('--accent: #7a1f5c');
    expect(els.some((e) => e.tagName === 'article' && attr(e, 'id') === 'toa1')).toBe(true);
    // the overriding cover prints no logo; the default one would
    const withLogo = renderReport(await model(planDir), planDir, { type: 'board', cycle: '2020-midyear', asOf: '2020-02-10' }, loadTemplates([]));
    expect(withLogo.html).not.toContain('data:image/svg+xml');
  });
});

describe('plan report as a process', () => {
  it('writes predictable HTML files into --out and nothing else', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-out-'));
    const result = await runCli(['report', 'plans/eh2020', '--type', 'school', '--all-schools', '--format', 'html', '--out', out, '--cycle', '2020-winter-sam']);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'eh2020-school-2020-winter-sam-ehms.html',
      'eh2020-school-2020-winter-sam-hockanum.html',
      'eh2020-school-2020-winter-sam-oconnell.html',
    ]);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(readFileSync(join(out, 'eh2020-school-2020-winter-sam-ehms.html'), 'utf8')).toContain('East Hartford Middle School');
  });

  it('explains what it needs, with exit 2', async () => {
    const noSchool = await runCli(['report', 'plans/eh2020', '--type', 'school', '--format', 'html', '--out', mkdtempSync(join(tmpdir(), 'o-'))]);
    expect(noSchool.code).toBe(2);
    expect(noSchool.stderr).toContain('Schools with action plans: hockanum, oconnell, ehms');
    const badCycle = await runCli(['report', 'plans/eh2020', '--cycle', '2031-eoy', '--format', 'html', '--out', mkdtempSync(join(tmpdir(), 'o-'))]);
    expect(badCycle.code).toBe(2);
    expect(badCycle.stderr).toContain('Valid ids:');
    const noBrowser = await runCli(['report', 'plans/eh2020', '--browser', '/nonexistent/chrome', '--out', mkdtempSync(join(tmpdir(), 'o-'))]);
    expect(noBrowser.code).toBe(2);
    expect(noBrowser.stderr).toContain('apt-get install chromium');
    expect(existsSync('/nonexistent/chrome')).toBe(false);
  });
});

describe("the plan's context sections", () => {
  it('come last, in an appendix of their own after "About this report", and --no-context leaves them out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-context-'));
    const args = ['report', join(ROOT, 'plans', 'eh2020'), '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--as-of', '2020-02-10'];
    const withContext = await runCli([...args, '--out', join(out, 'with')]);
    const html = readFileSync(withContext.stdout.trim(), 'utf8');
    const about = html.indexOf('<h2>About this report</h2>');
    const appendix = html.indexOf('<h2>Appendix: about the plan</h2>');
    expect(about).toBeGreaterThan(0);
    expect(appendix).toBeGreaterThan(about);
    expect(html.indexOf('<div class="context"')).toBeGreaterThan(appendix);
    const without = await runCli([...args, '--out', join(out, 'without'), '--no-context']);
    const bare = readFileSync(without.stdout.trim(), 'utf8');
    expect(bare).not.toContain('class="context"');
    expect(bare).not.toContain('Appendix: about the plan');
    expect(bare).toContain('<h2>About this report</h2>');
  });
});

describe('labels on a goal bar', () => {
  it('never run together: a label with no clear room beside another is left out, not set against it', async () => {
    const { goalBar, textWidth } = await import('../src/report/charts.js');
    const svg = goalBar({ baseline: 57.6, target: 75, latest: 59, expected: 59.3, milestones: [{ value: 58.6, label: '58.6% 2022-23', status: 'met' }, { value: 60.6, label: '60.6% 2023-24', status: 'upcoming' }, { value: 64.6, label: '64.6% 2024-25', status: 'upcoming' }], unit: 'percent', status: 'on track' }, 'Wellbeing');
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="(\d+)" font-size="(\d+)" text-anchor="middle"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: m[2], size: Number(m[3]), text: m[4]! }));
    expect(labels.some((l) => l.text === 'pace')).toBe(true);
    for (const a of labels) {
      for (const b of labels) {
        if (a === b || a.y !== b.y) continue;
        const room = (textWidth(a.text, a.size) + textWidth(b.text, b.size)) / 2 + 10;
        expect(Math.abs(a.x - b.x), `"${a.text}" and "${b.text}"`).toBeGreaterThanOrEqual(room);
      }
    }
  });
});

describe('a rating with no evidence written (HPS 2018, issue 26)', async () => {
  const planDir = join(ROOT, 'plans', 'hps2018');
  const m = await model(planDir);
  const els = elements(renderReport(m, planDir, { type: 'board', cycle: '2020-midyear', asOf: '2020-02-10' }, loadTemplates([])).html);
  const rollup = computeRollup(m, { cycle: '2020-midyear', asOf: '2020-02-10' });

  it("shows beside each strategy's rating what it is made of: its lowest-rated actions, with their ratings, and how many more", () => {
    const rows = els.filter((e) => e.tagName === 'tr' && hasClass(e, 'strategy'));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const id = attr(row, 'id')!;
      const below = rollup.actions.filter((a) => m.actions.find((p) => p.action.id === a.id)?.action.strategy === id && a.reporting);
      const cells: Element[] = [];
      walk(row, (e) => (hasClass(e, 'reasons') ? cells.push(e) : undefined));
      expect(cells, id).toHaveLength(1);
      const items = cells[0]!.childNodes.filter((n): n is Element => 'tagName' in n && n.tagName === 'li');
      const listed = items.filter((li) => !hasClass(li, 'more'));
      // The lowest first: none listed is rated above any not listed, unless all reach the top.
      const ratings = listed.map((li) => {
        const badges: Element[] = [];
        walk(li, (e) => (hasClass(e, 'rating') ? badges.push(e) : undefined));
        return Number(attr(badges[0]!, 'data-rating'));
      });
      expect(ratings, id).toEqual([...ratings].sort((a, b) => a - b));
      expect(listed.length, id).toBeLessThanOrEqual(3);
      const more = items.find((li) => hasClass(li, 'more'));
      if (more) expect(text(more), id).toBe(`and ${below.length - listed.length} more strategic action${below.length - listed.length === 1 ? '' : 's'}`);
      else expect(listed.length, id).toBe(below.length);
    }
  });
});
