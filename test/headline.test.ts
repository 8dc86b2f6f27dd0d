// A board report's content and the other outputs around the headline: urgent attention is what is
// rated lowest, each item once; lists are short; overdue ratings are the report's cycle's; owners
// are named; the diff shows the evidence with a rating; terminals of 16 and 256 colours get the
// basic colour of each level.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paintFor } from '../src/cli/colors.js';
import { basicColor } from '../src/color.js';
import { DEFAULT_SCALE } from '../src/plan/scale.js';
import { applyEdits, FIXTURES, materialize, readTree } from './helpers.js';
import { runCli } from './run-cli.js';

const rollupFiles = readTree(join(FIXTURES, 'rollup'));

async function html(plan: string, args: string[]): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'plan-headline-'));
  const result = await runCli(['report', plan, '--format', 'html', '--out', out, ...args]);
  // A cycle with no summary is warned of; anything else on stderr is a fault.
  expect(result.stderr.replace(/^plan report: warning: .* has no summary in plan\.yaml.*\n/m, '')).toBe('');
  return readFileSync(join(out, result.stdout.trim().split('/').pop()!), 'utf8');
}

const section = (page: string, heading: string) => page.slice(page.indexOf(`<h3>${heading}</h3>`), page.indexOf('</div>', page.indexOf(`<h3>${heading}</h3>`)));

describe('the board report', () => {
  it('lists under "Needs urgent attention" only what is rated lowest, each once, at most five', async () => {
    const page = await html('plans/eh2020', ['--cycle', '2020-midyear', '--as-of', '2020-02-10']);
    const urgent = section(page, 'Needs urgent attention');
    expect(urgent).not.toContain('In progress');
    const items = [...urgent.matchAll(/<li>/g)].length;
    expect(items).toBeGreaterThan(0);
    expect(items).toBeLessThanOrEqual(5);
    const titles = [...urgent.matchAll(/<\/span> ([^<]+)<\/li>/g)].map((m) => m[1]);
    expect(new Set(titles).size).toBe(titles.length);
    const wentWell = section(page, 'What went well');
    expect([...wentWell.matchAll(/<li>/g)].length).toBeLessThanOrEqual(5);
  });

  it('lists the overdue ratings of its own cycle only', async () => {
    const page = await html('plans/hps2018', ['--cycle', '2020-midyear', '--as-of', '2020-02-10']);
    const overdue = page.includes('<h2>Overdue ratings</h2>') ? page.slice(page.indexOf('<h2>Overdue ratings</h2>')) : '';
    expect(overdue).not.toContain('End-of-Year Progress Report 2018-19');
  });

  it('names owners who are members of a school team', async () => {
    const page = await html('plans/eh2020', ['--type', 'school', '--school', 'oconnell', '--as-of', '2020-02-10']);
    // schools/oconnell.yaml: owner: climate-team, a member of the school's team
    expect(page).toContain('School Climate Team');
    expect(page).not.toMatch(/>climate-team[ <]/);
  });
});

describe('the diff of a rating', () => {
  it('shows the evidence written with it, and no empty summary table', async () => {
    const base = materialize(rollupFiles);
    const head = materialize(
      applyEdits(rollupFiles, [
        {
          file: 'schools/a.yaml',
          find: '{id: a2, title: A two., strategy: s1, owner: principal, progress: {fall: {rating: 2}, winter: {rating: 2}}}',
          replace: '{id: a2, title: A two., strategy: s1, owner: principal, progress: {fall: {rating: 2}, winter: {rating: 3, evidence: All 6 data teams met twice; @jsmith confirmed.}}}',
        },
      ]),
    );
    const markdown = (await runCli(['diff', base, head, '--plan', head, '--format', 'markdown'])).stdout;
    expect(markdown).not.toContain('| | Added | Removed |');
    expect(markdown).toContain('| `a2` | Winter SAM | 2 Progressing | 3 On track | All 6 data teams met twice; @\u2060jsmith confirmed. |');
    const text = (await runCli(['diff', base, head, '--plan', head])).stdout;
    expect(text).toMatch(/Action Step a2, Winter SAM: 2 Progressing → 3 On track\n +All 6 data teams met twice; @jsmith confirmed\./);
    // A re-rating that moves no level still says so, with the values that did move (issue 24).
    expect(text).toMatch(/Effect on the rollup\n  Winter SAM\n    = Whole plan: 3 On track, 2\.\d\d → 2\.\d\d, level unchanged/);
    expect(markdown).toMatch(/\*\*Effect on the rollup:\*\*\n- Winter SAM: Whole plan 3 On track, 2\.\d\d → 2\.\d\d, level unchanged/);
  });
});

describe('colours on any terminal', () => {
  it('maps each default level to red, yellow and green', () => {
    expect(DEFAULT_SCALE.levels.map((l) => basicColor(l.color))).toEqual(['red', 'yellow', 'green']);
    expect(basicColor('#777777')).toBeNull();
  });

  it('draws scale colours from the basic 16 at 16 and 256 colours, as themselves in truecolor', async () => {
    const stream = { write: () => true, isTTY: true };
    const [red, yellow, green] = DEFAULT_SCALE.levels.map((l) => l.color) as [string, string, string];
    for (const TERM of ['xterm', 'xterm-256color']) {
      const paint = await paintFor(stream, { TERM }, undefined);
      expect(paint.hex(red, 'x')).toBe('\u001b[31mx\u001b[39m');
      expect(paint.hex(yellow, 'x')).toBe('\u001b[33mx\u001b[39m');
      expect(paint.hex(green, 'x')).toBe('\u001b[32mx\u001b[39m');
    }
    const truecolor = await paintFor(stream, { TERM: 'xterm-256color', COLORTERM: 'truecolor' }, undefined);
    expect(truecolor.hex(red, 'x')).toBe('\u001b[38;2;161;29;29mx\u001b[39m');
  });
});

describe('the first page', () => {
  it("carries the cycle's message and the goals, and the cover shows the report's dates, not the day it was printed", async () => {
    const page = await html('plans/eh2020', ['--cycle', '2020-midyear', '--as-of', '2020-02-10']);
    const summary = page.slice(page.indexOf('<section class="summary">'));
    expect(summary.indexOf('<div class="message"><p>Halfway through 2019-20')).toBeGreaterThan(0);
    expect(summary).toMatch(/<p class="goal-counts"><strong>Goals:<\/strong> \d+ of \d+ off track/);
    const cover = page.slice(page.indexOf('<header class="cover">'), page.indexOf('</header>'));
    expect(cover).toContain('<dt>Presented</dt><dd>February 11, 2020</dd>');
    expect(cover).not.toContain('Prepared');
    // The day it was printed, and what from, go in the colophon.
    expect(page).toMatch(/<p class="colophon">Prepared February 10, 2020( from revision [0-9a-f]{7,} of [A-Z][a-z]+ \d{1,2}, \d{4}(, with uncommitted changes)?)?\.<\/p>/);
  });
});

describe('charts that finish their sentences', () => {
  it('wrap long labels instead of cutting them, and read every goal left to right from baseline to target', async () => {
    const page = await html('plans/eh2020', ['--cycle', '2020-midyear', '--as-of', '2020-02-10']);
    const charts = [...page.matchAll(/<svg class="chart[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(charts.join('')).not.toContain('…');
    expect(charts.join('')).toMatch(/<tspan[^>]*>4\. Responsibly Invest District<\/tspan><tspan[^>]*>Resources<\/tspan>/);
    // Chronic absence is to decrease, from 14.8% to 10%: the baseline is still on the left.
    const absence = charts.find((c) => c.includes('baseline 14.8%'))!;
    const xOf = (label: string) => Number(new RegExp(`<text x="([\\d.]+)"[^>]*>${label}`).exec(absence)![1]);
    expect(xOf('baseline 14.8%')).toBeLessThan(xOf('target 10%'));
    expect(absence).toContain('now 11.9%');
  });
});

describe('the chart across cycles', () => {
  it('is drawn where a rating moved between cycles', async () => {
    const page = await html('plans/eh2020', ['--type', 'eoy', '--cycle', '2020-eoy', '--as-of', '2020-06-20']);
    expect(page).toContain('<svg class="chart chart-wide trend"');
  });
});

describe('a headline a reader can check from the page (issue 24)', () => {
  // EH2020, End-of-Year 2019-20: the Theories of Action give 2.5, 2.44, 3 and 2.33; their mean, 2.57,
  // rounds to On track, while three of the four read In progress.
  it('holds the whole plan at the level most of its Theories of Action reach, and says why, with values and spread', async () => {
    const page = await html('plans/eh2020', ['--cycle', '2020-eoy', '--as-of', '2020-06-10']);
    const start = page.indexOf('<div class="tile whole"');
    const whole = page.slice(start, page.indexOf('<div class="tile"', start));
    expect(whole).toMatch(/data-rating="2"/);
    expect(whole).toContain('<strong>2.57 of 3</strong>');
    expect(whole).toContain('Theories of Action: 1 On track, 3 In progress');
    expect(whole).toContain('Action Steps: 14 On track, 9 In progress, 1 Not yet on track');
    expect(whole).toContain('Held at In progress: 2.57 would round to On track, but only 1 of 4 Theories of Action reach it.');
    // Each tile shows the value its level was rounded from.
    expect(page).toContain('2.5 of 3 · 6 of 6 rated');
    expect(page).toContain('2.44 of 3 · 9 of 9 rated');
    // The rule that applied is stated with the method.
    expect(page.replace(/\s+/g, ' ')).toContain('but never above the level that at least half of what lies directly below it reach');
  });

  it('lets a plan keep the banded value with rollup.cap: none, and says nothing of holding', async () => {
    const files = readTree('plans/eh2020');
    const dir = materialize(applyEdits(files, [{ file: 'plan.yaml', find: '\ncycles:\n', replace: '\nrollup:\n  cap: none\n\ncycles:\n' }]));
    const json = JSON.parse((await runCli(['status', dir, '--cycle', '2020-eoy', '--format', 'json'])).stdout);
    expect(json.rollup.plan.rating).toBe(3);
    expect(json.rollup.plan.computed.held).toBeNull();
    const page = await html(dir, ['--cycle', '2020-eoy', '--as-of', '2020-06-10']);
    expect(page).not.toContain('Held at');
    expect(page).not.toContain('never above the level');
  });

  it('gives the same figure, value and reason in status text, Markdown, CSV and JSON', async () => {
    const args = ['status', 'plans/eh2020', '--cycle', '2020-eoy', '--as-of', '2020-06-10'];
    const text = (await runCli(args, { env: { COLUMNS: '120' } })).stdout;
    expect(text).toMatch(/Whole plan(: .*)? +●●○ In progress +2\.57 /);
    expect(text.replace(/\s+/g, ' ')).toContain('EH2020 District Improvement Plan: In progress, 2.57 of 3 (held at In progress: 2.57 would round to On track, but only 1 of 4 Theories of Action reach it) Theories of Action: 1 On track, 3 In progress Action Steps: 14 On track, 9 In progress, 1 Not yet on track');
    const markdown = (await runCli([...args, '--format', 'markdown'])).stdout;
    expect(markdown).toContain('**Whole plan: In progress**, 2.57 of 3 (held at In progress');
    expect(markdown).toMatch(/\| \*\*Whole plan: EH2020 District Improvement Plan\*\* \| 2 In progress \| 2\.57 \| → \| 24\/24 \| held: 1 of 4 reach On track \|/);
    const csv = (await runCli([...args, '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[1]).toMatch(/^plan,0,.*,2,In progress,2\.569.*,3$/);
    const json = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
    expect(json.rollup.plan.computed).toMatchObject({ rating: 2, held: { band: 3, reaching: 1, of: 4 } });
    expect(json.rollup.plan.spread).toEqual([0, 3, 1]);
  });
});

describe('plan status leads with what matters (issue 26)', () => {
  it('at 80 columns: the whole plan by its full name and figure, then what needs attention by name, then the tree', async () => {
    const text = (await runCli(['status', 'plans/eh2020', '--cycle', '2020-eoy', '--as-of', '2020-06-20'])).stdout;
    const lines = text.split('\n');
    expect(lines[4]).toBe('EH2020 District Improvement Plan: In progress, 2.57 of 3 (held at In progress:');
    expect(text.indexOf('Needs attention')).toBeLessThan(text.indexOf('Theory of Action 1:'));
    expect(text).toContain('  ▼ Not yet on track: Time as a resource (high leverage district strategy\n    toa4-time)');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });
});

describe('a cycle with no message for the Board (issue 26)', () => {
  it('is warned of when a district report is made, and the report is written all the same', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-summary-'));
    const eoy = await runCli(['report', 'plans/eh2020', '--cycle', '2020-eoy', '--format', 'html', '--out', out]);
    expect(eoy.code).toBe(0);
    expect(eoy.stderr).toBe('plan report: warning: End-of-Year Report 2019-20 has no summary in plan.yaml, so the report\'s first page has no message from the district. Add one to the cycle "2020-eoy": summary: "..."\n');
    const midyear = await runCli(['report', 'plans/eh2020', '--cycle', '2020-midyear', '--format', 'html', '--out', out]);
    expect(midyear.stderr).toBe('');
    const school = await runCli(['report', 'plans/eh2020', '--type', 'school', '--school', 'ehms', '--format', 'html', '--out', out]);
    expect(school.stderr).toBe('');
  });
});
