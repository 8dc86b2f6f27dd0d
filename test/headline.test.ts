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
  expect(result.stderr).toBe('');
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
    expect(summary).toMatch(/<p class="goal-counts"><strong>Goals:<\/strong> \d+ off track/);
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
    expect(page).toContain('<svg class="chart trend"');
  });
});
