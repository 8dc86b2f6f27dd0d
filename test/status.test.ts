// plan status as a user runs it, and the sample plans' figures against numbers worked out by hand.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, FIXTURES, materialize, readTree } from './helpers.js';
import { runCli } from './run-cli.js';

const rollupPlan = join(FIXTURES, 'rollup');

describe('plan status formats', () => {
  it('text: a dashboard with meters, labels, coverage, trend and what needs attention', async () => {
    // A wide terminal: every column and note at full length.
    const result = await runCli(['status', rollupPlan, '--cycle', 'winter', '--as-of', '2020-03-01'], { env: { COLUMNS: '200' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Rollup Test Plan');
    expect(lines[1]).toContain('Winter SAM (due 2020-02-15) · compared with Fall SAM');
    expect(result.stdout).toMatch(/Whole plan: Rollup Test Plan +●●● On track +2\.67 +↑ up +4\/6 +rollup/);
    expect(result.stdout).toMatch(/Theory of Action: Learning +●●○ Progressing +2\.33 +↑ up +3\/4/);
    expect(result.stdout).toContain('Overdue ratings (2), by plan and owner');
    // Overdue ratings by name, with the cycle and its due date, under their owner's name.
    expect(result.stdout).toMatch(/School A\n {4}Principal:\n {6}A three\. \(a3; Winter SAM, due February 15, 2020\)/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('text by school shows the holistic rating beside the computed one', async () => {
    const result = await runCli(['status', rollupPlan, '--cycle', 'winter', '--by', 'school', '--depth', 'top', '--as-of', '2020-03-01'], { env: { COLUMNS: '200' } });
    expect(result.stdout).toMatch(/School B +●○○ Needs urgent attention +3\.00 +→ same +1\/2 +holistic, computed 3\.0 +⚑ differs by a level or more/);
  });

  it('json: the rollup as data', async () => {
    const result = await runCli(['status', rollupPlan, '--cycle', 'winter', '--format', 'json', '--as-of', '2020-03-01']);
    const output = JSON.parse(result.stdout);
    // Version 2: the plan's tree is rollup.items (each with children), at any depth, not theories[].strategies[].
    expect(output.version).toBe(2);
    expect(output.rollup.plan).toMatchObject({ rating: 3, actions: { rated: 4, total: 6 } });
    expect(output.rollup.items[0]).toMatchObject({ depth: 0, level: 'Theory of Action' });
    expect(output.rollup.items[0].children[0]).toMatchObject({ depth: 1, level: 'Strategy' });
    expect(output.rows[0]).toMatchObject({ kind: 'plan', rating: 3 });
  });

  it('csv: one row per item of the view, quoted as RFC 4180', async () => {
    const result = await runCli(['status', rollupPlan, '--cycle', 'winter', '--format', 'csv', '--by', 'network', '--as-of', '2020-03-01']);
    const rows = result.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('kind,depth,id,parent,title,rating,label,computed,holistic,divergent,rated,total,trend,previous,reporting,held');
    // The plan: t1 gives 2.33 and t2 3 -> 2.67 -> 3; in the fall t1 (2, 1) = 1.5 and t2 2.5 -> 2, so up
    expect(rows[1]).toBe('plan,0,rollup,,Rollup Test Plan,3,On track,2.667,,false,4,6,up,2,true,');
    // North: A gives 2.33, B its holistic 1 -> 1.67 -> 2; in the fall A 2.25 and B 1.5 -> 1.875 -> 2, so the same
    expect(rows).toContain('network,1,n,,North,2,Progressing,1.667,,false,4,6,same,2,true,');
    // School B: held at 1; in the fall (1 + 2) / 2 = 1.5, a tie, rounds down to 1: the same
    expect(rows).toContain('school,2,b,n,School B,1,Needs urgent attention,3,1,true,1,2,same,1,true,');
  });

  it('markdown: a table for a pull request or a wiki', async () => {
    const result = await runCli(['status', rollupPlan, '--cycle', 'winter', '--format', 'markdown', '--as-of', '2020-03-01']);
    expect(result.stdout).toContain('## Rollup Test Plan: Winter SAM');
    expect(result.stdout).toContain('| **Whole plan: Rollup Test Plan** | 3 On track | 2.67 | ↑ | 4/6 |  |');
  });

  it('rejects an unknown cycle or school with exit 2, naming the valid ids', async () => {
    const cycle = await runCli(['status', rollupPlan, '--cycle', 'summer']);
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toContain('unknown reporting cycle "summer"');
    expect(cycle.stderr).toContain('Valid ids: fall, midyear, winter, spring');
    const school = await runCli(['status', rollupPlan, '--school', 'c']);
    expect(school.code).toBe(2);
    expect(school.stderr).toContain('Valid ids: a, b');
  });

  it('says of a plan just adopted, with no reporting cycles yet, how to add them, in status, todo and --by funding alike', async () => {
    for (const args of [['status'], ['status', '--by', 'funding'], ['todo']]) {
      const result = await runCli([...args, join(FIXTURES, 'no-actions')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('the plan defines no reporting cycles, so nothing in it is rated yet');
      expect(result.stderr).toContain('Add its reporting cycles to plan.yaml under cycles:');
      expect(result.stderr).not.toMatch(/\bat \S+:\d+/);
    }
  });

  it('refuses a plan with errors, exit 1, pointing at plan validate', async () => {
    const result = await runCli(['status', join(FIXTURES, 'bad-input', 'duplicate-key')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('plan validate');
  });
});

describe('plan validate --require-ratings', () => {
  it('fails with each missing rating at its action, and passes once rated', async () => {
    const missing = await runCli(['validate', rollupPlan, '--require-ratings', 'winter', '--format', 'json']);
    expect(missing.code).toBe(1);
    const errors = JSON.parse(missing.stdout).diagnostics.filter((d: { code: string }) => d.code === 'RATING_MISSING');
    expect(errors.map((d: { planFile: string; line: number }) => `${d.planFile}:${d.line}`)).toEqual(['schools/a.yaml:7', 'schools/b.yaml:8']);
    expect((await runCli(['validate', rollupPlan, '--require-ratings', 'fall'])).code).toBe(0);
  });
});

describe('the sample plans, rolled up by hand', () => {
  it('EH2020 Mid-Year 2019-20: theories 2, 2, 2, 2 and the plan 2', async () => {
    const result = await runCli(['status', 'plans/eh2020', '--cycle', '2020-midyear', '--format', 'json', '--as-of', '2020-02-10']);
    const { rollup } = JSON.parse(result.stdout);
    // toa1: six strategies at 2 (toa1-assessment held at 2 against a computed 3) -> 2.0
    // toa2: 3, 2, 1, 2, 3, 3, 2, 3, 2 -> 21 / 9 = 2.33 -> 2;  toa3: 2, 2, 3 -> 2.33 -> 2
    // toa4: 3, 1, 3, 2, 3, 3 -> 15 / 6 = 2.5, exactly between two levels -> 2 (a tie never rounds up)
    // plan, from the unbanded values: (2 + 2.33 + 2.33 + 2.5) / 4 = 55 / 24 = 2.29 -> 2
    expect(rollup.items.map((t: { figure: { computed: { value: number } } }) => t.figure.computed.value)).toEqual([2, 21 / 9, 7 / 3, 2.5]);
    expect(rollup.items.map((t: { figure: { rating: number } }) => t.figure.rating)).toEqual([2, 2, 2, 2]);
    expect(rollup.plan.rating).toBe(2);
    expect(rollup.plan.computed.value).toBeCloseTo(55 / 24, 10);
    expect(rollup.plan.actions).toEqual({ rated: 24, total: 24 });
    const assessment = rollup.items[0].children.find((s: { id: string }) => s.id === 'toa1-assessment').figure;
    expect(assessment).toMatchObject({ rating: 2, computed: { value: 3 }, divergent: true });
    expect(rollup.previousCycle.id).toBe('2019-eoy');
  });

  it('EH2020 Winter SAM: East Hartford Middle School held at 1 against a computed 2.17', async () => {
    const result = await runCli(['status', 'plans/eh2020', '--cycle', '2020-winter-sam', '--format', 'json', '--by', 'school']);
    const { rollup } = JSON.parse(result.stdout);
    const ehms = rollup.schools.find((s: { id: string }) => s.id === 'ehms').figure;
    // 3, 2, 2, 2, 1, 3 -> 13 / 6 = 2.17 -> 2; the school team rated the plan 1
    expect(ehms).toMatchObject({ rating: 1, computed: { value: 13 / 6, rating: 2 }, divergent: true, trend: 'down' });
    // Hockanum: 3, 3, 3, 2 -> 2.75 -> 3 (and held at 3)
    expect(rollup.schools.find((s: { id: string }) => s.id === 'hockanum').figure).toMatchObject({ rating: 3, computed: { value: 2.75 } });
  });

  it('HPS 2018 End-of-Year 2018-19: every strategic action running then is rated', async () => {
    const result = await runCli(['status', 'plans/hps2018', '--cycle', '2019-eoy', '--format', 'json', '--as-of', '2019-07-01']);
    const { rollup } = JSON.parse(result.stdout);
    // 29 actions; fc-model-data starts in July 2019, after the cycle
    expect(rollup.plan.actions).toEqual({ rated: 28, total: 28 });
  });
});

describe('an honest headline in status and reports', () => {
  it('HPS 2018 Mid-Year 2019-20: the plan is Progressing, as its 27 action ratings (mean 2.30) say', async () => {
    const result = await runCli(['status', 'plans/hps2018', '--cycle', '2020-midyear', '--format', 'json', '--as-of', '2020-02-10']);
    const { rollup } = JSON.parse(result.stdout);
    // Priorities from their strategies' unrounded values: (2.4 + 2) / 2 = 2.2; (2.5 + 2.33 + 2.5) / 3 = 2.44;
    // 2.11; (2.67 + 2) / 2 = 2.33, all Progressing. Banding each priority first (2, 3, 2, 3) and then
    // the plan (2.5, rounded up) made it On track before.
    const values = rollup.items.map((t: { figure: { computed: { value: number } } }) => t.figure.computed.value);
    [2.2, 22 / 9, 19 / 9, 7 / 3].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 10));
    expect(rollup.items.map((t: { figure: { rating: number } }) => t.figure.rating)).toEqual([2, 2, 2, 2]);
    expect(rollup.plan.rating).toBe(2);
    expect(rollup.plan.computed.value).toBeCloseTo((2.2 + 22 / 9 + 19 / 9 + 7 / 3) / 4, 10);
  });

  it('says "not enough ratings" where too little below a figure is rated', async () => {
    const dir = materialize(applyEdits(readTree(rollupPlan), [{ file: 'plan.yaml', find: 'cycles:\n', replace: 'rollup:\n  min_coverage: 0.6\ncycles:\n' }]));
    const text = await runCli(['status', dir, '--cycle', 'winter', '--as-of', '2020-03-01'], { env: { COLUMNS: '160' } });
    expect(text.stdout).toMatch(/Whole plan: Rollup Test Plan +○○○ not enough ratings +4\/6 +0 of 2 rated/);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('Each figure is the mean of what lies directly below it, rounded (down at a tie), never above the level most of it reaches; shown once 60% of it is rated.');
    const markdown = await runCli(['status', dir, '--cycle', 'winter', '--format', 'markdown', '--as-of', '2020-03-01']);
    expect(markdown.stdout).toContain('| **Whole plan: Rollup Test Plan** | not enough ratings (0 of 2) |');
    const out = mkdtempSync(join(tmpdir(), 'plan-not-enough-'));
    expect((await runCli(['report', dir, '--cycle', 'winter', '--format', 'html', '--out', out, '--as-of', '2020-03-01'])).code).toBe(0);
    const html = readFileSync(join(out, 'rollup-board-winter.html'), 'utf8');
    expect(html).toContain('Not enough ratings (0 of 2)');
  });
});
