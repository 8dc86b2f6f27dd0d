// A plan over time: milestones (a goal is judged against the path through its interim targets, each met,
// missed or to come as of the cycle), annual objectives (school_years), and annual revisions in a diff.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/plan/model.js';
import { computeRollup } from '../src/rollup/rollup.js';
import { loadPlan as loadPlanFrom } from '../src/load/load-plan.js';
import { MemorySource } from '../src/load/source.js';
import { join } from 'node:path';
import { applyEdits, baseFiles, FIXTURES, materialize, readTree } from './helpers.js';
import { runCli } from './run-cli.js';

const TARGET = 'target: {value: 60, school_year: 2020-21}';

async function goalWith(milestones: string, cycle = 'midyear') {
  const files = applyEdits(baseFiles(), [{ file: 'plan.yaml', find: TARGET, replace: `milestones: ${milestones}\n      ${TARGET}` }]);
  const loaded = await loadPlan(files);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return computeRollup(buildModel(loaded), { cycle, asOf: '2020-03-01' }).goals[0]!;
}

async function loadPlan(files: Record<string, string>) {
  return loadPlanFrom(new MemorySource('test-plan', files), { threads: 0, keepData: true });
}

describe('milestones', () => {
  it('without milestones, a goal is judged on a straight line to its target', async () => {
    const goal = computeRollup(buildModel(await loadPlan(baseFiles())), { cycle: 'midyear', asOf: '2020-03-01' }).goals[0];
    // 45 at Mid-Year (February 2020), on a line from 40 (June 2019) to 60 (June 2021): about 45.9 expected
    expect(goal).toMatchObject({ status: 'off-track', milestones: [], next: { value: 60 } });
  });

  it('a gentler first milestone puts the same value on track, and counts as met once reached by its date', async () => {
    const goal = await goalWith('[{value: 44, school_year: 2019-20}]');
    expect(goal.status).toBe('on-track');
    expect(goal.expected).toBeCloseTo(40 + 4 * (216 / 366), 1);
    expect(goal.milestones).toEqual([{ point: { value: 44, school_year: '2019-20' }, status: 'met' }]);
    expect(goal.next).toEqual({ value: 60, school_year: '2020-21' });
  });

  it('a milestone due by the cycle and not reached is missed; one later is to come and is next', async () => {
    const goal = await goalWith('[{value: 50, cycle: midyear}, {value: 55, school_year: 2019-20}]');
    expect(goal.milestones.map((m) => m.status)).toEqual(['missed', 'upcoming']);
    expect(goal.next).toEqual({ value: 55, school_year: '2019-20' });
    expect(goal.status).toBe('off-track');
  });

  it('a milestone passed with no value measured by its date says "no data", not "missed" (issue 24)', async () => {
    // The goal's only value is measured at Mid-Year, after the Fall milestone.
    const goal = await goalWith('[{value: 42, cycle: fall}, {value: 50, cycle: midyear}]');
    expect(goal.milestones.map((m) => m.status)).toEqual(['no-data', 'missed']);
    const dir = materialize(applyEdits(baseFiles(), [{ file: 'plan.yaml', find: TARGET, replace: `milestones: [{value: 42, cycle: fall}]\n      ${TARGET}` }]));
    const status = await runCli(['status', dir, '--cycle', 'midyear', '--as-of', '2020-03-01']);
    expect(status.stdout).toContain('milestones: 42% by Fall SAM no data');
  });

  it('status and the board report show them', async () => {
    const dir = materialize(applyEdits(baseFiles(), [{ file: 'plan.yaml', find: TARGET, replace: `milestones: [{value: 44, school_year: 2019-20}]\n      ${TARGET}` }]));
    const status = await runCli(['status', dir, '--cycle', 'midyear', '--as-of', '2020-03-01']);
    expect(status.stdout).toContain('milestones: 44% by 2019-20 met');
    const report = await runCli(['report', dir, '--type', 'board', '--cycle', 'midyear', '--format', 'html', '--out', `${dir}/out`, '--as-of', '2020-03-01']);
    expect(report.code).toBe(0);
    const { readdirSync, readFileSync } = await import('node:fs');
    const html = readFileSync(`${dir}/out/${readdirSync(`${dir}/out`)[0]}`, 'utf8');
    expect(html).toContain('Milestones: 44% by 2019-20: met');
    expect(html).toMatch(/<polygon points="[^"]*" fill="#2b4c7e" stroke="#2b4c7e"/);
  });

  it('plan diff lists milestones added, removed and moved, one line per date', async () => {
    const withMilestones = (list: string) => materialize(applyEdits(baseFiles(), [{ file: 'plan.yaml', find: TARGET, replace: `milestones: ${list}\n      ${TARGET}` }]));
    const a = withMilestones('[{value: 43, cycle: fall}, {value: 44, school_year: 2019-20}]');
    const b = withMilestones('[{value: 46, school_year: 2019-20}]');
    const diff = await runCli(['diff', a, b, '--plan', b]);
    expect(diff.stdout).not.toContain('error');
    expect(diff.stdout).toContain('1 goal target changed');
    expect(diff.stdout).toContain('milestone 2019-20: 44 → 46');
    expect(diff.stdout).toContain('- milestone 43 (fall)');
  });
});

describe('annual objectives (school_years)', () => {
  it('a strategy set for another school year does not count in a cycle of this one, and its actions are not expected', async () => {
    const files = applyEdits(baseFiles(), [
      { file: 'plan.yaml', find: '      - {id: teach, text: Teach well., office: central}', replace: '      - {id: teach, text: Teach well., office: central, school_years: [2020-21]}' },
    ]);
    const loaded = await loadPlanFrom(new MemorySource('test-plan', files), { threads: 0, keepData: true });
    expect(loaded.diagnostics.map((d) => d.code)).toContain('ACTION_OUTSIDE_ACTIVE_YEARS');
    const model = buildModel(loaded);
    const rollup = computeRollup(model, { cycle: 'midyear', asOf: '2020-03-01' });
    expect(rollup.items.flatMap((t) => t.children.map((s) => s.id))).not.toContain('teach');
    expect(rollup.actions.map((a) => a.id)).not.toContain('central-1');
    const all = computeRollup(buildModel(await loadPlanFrom(new MemorySource('test-plan', baseFiles()), { threads: 0, keepData: true })), { cycle: 'midyear', asOf: '2020-03-01' });
    expect(all.actions.map((a) => a.id)).toContain('central-1');
  });
});

describe('trends across a school-year boundary', () => {
  it('compare with the previous cycle\'s own rollup, of last year\'s objectives, not "new" for everything', async () => {
    const files = applyEdits(baseFiles(), [
      {
        file: 'plan.yaml',
        find: '  - {id: midyear, name: Mid-Year, kind: midyear, due: 2020-02-01, meeting: 2020-02-11}',
        replace: '  - {id: midyear, name: Mid-Year, kind: midyear, due: 2020-02-01, meeting: 2020-02-11}\n  - {id: fall2020, name: Fall SAM 2020-21, kind: sam, start: 2020-09-01, end: 2020-11-15, due: 2020-11-22}',
      },
      {
        file: 'plan.yaml',
        find: '      - {id: teach, text: Teach well., office: central}',
        replace: '      - {id: teach, text: Teach well., office: central, school_years: [2019-20]}\n      - {id: teach-2021, text: "2020-21 objective: teach better.", office: central, school_years: [2020-21]}',
      },
      { file: 'offices/central.yaml', find: '      fall: {rating: 2, evidence: Half done.}', replace: '      fall: {rating: 2, evidence: Half done.}\n      midyear: {rating: 3, evidence: Ahead.}' },
      {
        file: 'offices/central.yaml',
        find: '      midyear: {rating: 3, evidence: Ahead.}',
        replace:
          '      midyear: {rating: 3, evidence: Ahead.}\n  - id: central-2\n    title: Coach teachers again.\n    strategy: teach-2021\n    owner: chief\n    timeline: {start: 2020-09-01, end: 2021-06-12}\n    success_criteria:\n      - {measure: Teachers coached, target: 40}\n    progress:\n      fall2020: {rating: 2, evidence: Started.}',
      },
    ]);
    const loaded = await loadPlanFrom(new MemorySource('test-plan', files), { threads: 0, keepData: true });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const model = buildModel(loaded);
    const fall = computeRollup(model, { cycle: 'fall2020', asOf: '2020-12-01' });
    // A SAM cycle compares with the SAM cycle before it: last school year's fall.
    expect(fall.previousCycle?.id).toBe('fall');
    const before = computeRollup(model, { cycle: 'fall', asOf: '2019-12-01' });
    expect(before.plan.rating).not.toBeNull();
    // The whole plan and the top item before were what that cycle's own report said they were.
    expect(fall.plan.previous).toBe(before.plan.rating);
    expect(fall.plan.trend).not.toBe('new');
    expect(fall.items[0]!.figure.previous).toBe(before.items[0]!.figure.rating);
    // This year's objective was not rated before it began: it, and its action, are new.
    const teach2021 = fall.items[0]!.children.find((c) => c.id === 'teach-2021')!;
    expect(teach2021.figure.trend).toBe('new');
    expect(fall.actions.find((a) => a.id === 'central-2')!.trend).toBe('new');
  });
});

describe('an annual revision in plan diff', () => {
  it('reads as one: the objectives added for the new school year and those retired', async () => {
    const a = materialize(baseFiles());
    const b = materialize(
      applyEdits(baseFiles(), [
        {
          file: 'plan.yaml',
          find: '      - {id: teach, text: Teach well., office: central}',
          replace: '      - {id: teach, text: Teach well., office: central, school_years: [2019-20]}\n      - {id: teach-2021, text: "2020-21 objective: teach better.", office: central, school_years: [2020-21], expects_actions: false}',
        },
      ]),
    );
    const text = await runCli(['diff', a, b, '--plan', b]);
    expect(text.stdout).toContain('For 2020-21: 1 strategy added, 1 retired (+teach-2021, -teach).');
    const json = JSON.parse((await runCli(['diff', a, b, '--plan', b, '--format', 'json'])).stdout);
    expect(json.annual).toEqual({ year: '2020-21', added: ['teach-2021'], retired: ['teach'] });
  });
});

describe('measures on theories and strategies', () => {
  const MEASURE =
    "      - id: teach\n        text: Teach well.\n        office: central\n        measures:\n          - id: observed\n            title: Lessons observed at standard\n            metric: {name: Lessons at standard, unit: percent, direction: increase, baseline: {value: 50, school_year: 2018-19}, milestones: [{value: 60, school_year: 2019-20}], target: {value: 70, school_year: 2020-21}, actuals: [{value: 62, cycle: midyear}]}";

  it('are checked like goals, and shown in status and reports with the item they measure', async () => {
    const dir = materialize(applyEdits(baseFiles(), [{ file: 'plan.yaml', find: '      - {id: teach, text: Teach well., office: central}', replace: MEASURE }]));
    expect((await runCli(['validate', dir])).code).toBe(0);
    const status = await runCli(['status', dir, '--cycle', 'midyear', '--as-of', '2020-03-01']);
    expect(status.stdout).toContain('Lessons observed at standard [measure of strategy teach]');
    expect(status.stdout).toContain('milestones: 60% by 2019-20 met');
    const report = await runCli(['report', dir, '--type', 'board', '--cycle', 'midyear', '--format', 'html', '--out', `${dir}/out`, '--as-of', '2020-03-01']);
    expect(report.code).toBe(0);
    const { readdirSync, readFileSync } = await import('node:fs');
    expect(readFileSync(`${dir}/out/${readdirSync(`${dir}/out`)[0]}`, 'utf8')).toContain('Measure of Strategy Teach well.');
    // A measure's id is an id of the plan like any other
    const clash = materialize(applyEdits(baseFiles(), [{ file: 'plan.yaml', find: '      - {id: teach, text: Teach well., office: central}', replace: MEASURE.replace('id: observed', 'id: reading') }]));
    const validate = await runCli(['validate', clash]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('DUPLICATE_ID');
  });
});

describe('a plan without actions or cycles yet', () => {

  it('validates cleanly and reports as a plan overview: statements, strategies, goals and milestones, no rating tables', async () => {
    const dir = materialize(readTree(join(FIXTURES, 'no-actions')));
    const validate = await runCli(['validate', dir]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).not.toContain('warning');
    const report = await runCli(['report', dir, '--format', 'html', '--out', `${dir}/out`, '--as-of', '2026-11-23']);
    expect(report.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(`${dir}/out/test-overview.html`, 'utf8');
    expect(html).toContain('<h1>Plan overview</h1>');
    expect(html).toContain('If we teach well, then students learn.');
    expect(html).toContain('Screen three times a year');
    expect(html).toContain('Milestones: 48% by 2027-28: to come');
    expect(html).not.toContain('class="strategies"');
    expect(html).not.toContain('class="tile-rating');
    expect(html).not.toContain('class="summary"');
    // A cycle the plan does not have is refused, as plan status refuses it (exit 2), not ignored.
    const unknown = await runCli(['report', dir, '--cycle', 'nope', '--format', 'html', '--out', `${dir}/out2`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown reporting cycle "nope"');
    // A school report of a plan with no school plans says so, not "Schools with action plans: ." (issue 24).
    const school = await runCli(['report', dir, '--type', 'school', '--format', 'html', '--out', `${dir}/out3`]);
    expect(school.code).toBe(2);
    expect(school.stderr).toContain('No school of this plan has an action plan yet');
    expect(school.stderr).not.toContain('Schools with action plans: .');
  });
});
