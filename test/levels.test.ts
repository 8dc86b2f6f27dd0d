// The plan's levels as data: a plan may declare one to four levels in its own words, with its items
// nested under outline: and children:. Validate, rollup, status, reports and the diff follow them;
// theories and strategies stay the default.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/plan/model.js';
import { computeRollup, itemNodes } from '../src/rollup/rollup.js';
import { loadPlan } from '../src/load/load-plan.js';
import { MemorySource } from '../src/load/source.js';
import { diffPlans } from '../src/diff/diff.js';
import { formatDiffText } from '../src/format/diff.js';
import { NO_PAINT } from '../src/format/paint.js';
import { buildReportView } from '../src/report/view-model.js';
import { renderReport } from '../src/report/render-html.js';
import { loadTemplates } from '../src/report/templates.js';
import { join } from 'node:path';
import { DirectorySource } from '../src/load/source.js';
import { materialize, readTree, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const PLAN = `version: 1
district: {id: d, name: Four Level District}
plan: {id: fl, title: Four Levels, period: {start: 2023-07-01, end: 2026-06-30}}
levels:
  - {name: Pillar}
  - {name: Priority, plural: Priorities}
  - {name: Objective}
  - {name: Strategy, plural: Strategies}
cycles:
  - {id: mid, name: Mid-Year 2023-24, kind: midyear, school_year: 2023-24, due: 2024-01-31}
offices:
  - {id: central, name: Central Office}
outline:
  - id: learn
    number: 1
    title: Learning
    children:
      - id: learn-read
        title: Reading
        children:
          - id: learn-read-k2
            title: Early reading
            holistic:
              mid: {rating: 3, rationale: Every K-2 classroom screened twice.}
            children:
              - {id: phonics, text: Teach systematic phonics.}
              - {id: screening, text: Screen every K-2 reader.}
          - id: learn-read-3-5
            title: Upper elementary reading
            children:
              - {id: novels, text: Read whole novels in grades 3-5.}
  - id: thrive
    number: 2
    title: Thriving
    children:
      - id: thrive-attend
        title: Attendance
        children:
          - id: thrive-attend-chronic
            title: Chronic absence
            children:
              - {id: mentors, text: Pair every chronically absent student with a mentor.}
`;

const action = (id: string, strategy: string, rating: number) =>
  `  - {id: ${id}, title: Do ${id}., strategy: ${strategy}, owner: central, timeline: {start: 2023-07-01, end: 2024-06-30}, success_criteria: [100% of schools], progress: {mid: {rating: ${rating}}}}`;

const OFFICE = `office: central
actions:
${action('a-phonics', 'phonics', 1)}
${action('a-screening', 'screening', 2)}
${action('a-novels', 'novels', 3)}
${action('a-mentors', 'mentors', 2)}
`;

const files = (plan = PLAN, office = OFFICE) => ({ 'plan.yaml': plan, 'offices/central.yaml': office });

async function modelOf(f: Record<string, string> = files()) {
  const loaded = await loadPlan(new MemorySource('four', f), { threads: 0, keepData: true });
  expect(loaded.diagnostics.map((d) => `${d.file}:${(d.range?.start.line ?? -1) + 1} ${d.code} ${d.message}`)).toEqual([]);
  return buildModel(loaded);
}

describe('a plan in four levels of its own', () => {
  it('validates cleanly, and knows its levels and where actions align', async () => {
    const model = await modelOf();
    expect(model.tree.levels.map((l) => l.singular)).toEqual(['Pillar', 'Priority', 'Objective', 'Strategy']);
    expect(model.tree.align).toBe(3);
    expect(model.tree.byId.get('phonics')!.lineage.map((i) => i.id)).toEqual(['learn', 'learn-read', 'learn-read-k2', 'phonics']);
    expect(model.actions.find((a) => a.action.id === 'a-mentors')!.top).toBe('thrive');
    // Messages and reports say "Pillar" and "Strategy" where the default says theory and strategy.
    expect(model.terms.theory.singular).toBe('Pillar');
    expect(model.terms.strategy.plural).toBe('Strategies');
  });

  it('rolls up through every level, unrounded, with a holistic rating at a level between', async () => {
    const rollup = computeRollup(await modelOf(), { cycle: 'mid', asOf: '2024-02-10' });
    const figure = (id: string) => itemNodes(rollup.items).find((n) => n.id === id)!.figure;
    expect(figure('phonics').rating).toBe(1);
    // Early reading's computed mean is 1.5; the holistic 3 a person set is what its parent counts.
    expect(figure('learn-read-k2')).toMatchObject({ rating: 3, computed: { value: 1.5 }, divergent: true });
    expect(figure('learn-read').computed!.value).toBe(3);
    expect(figure('learn').computed!.value).toBe(3);
    expect(figure('thrive').computed!.value).toBe(2);
    expect(rollup.plan.computed!.value).toBe(2.5);
    expect(rollup.levels.map((l) => l.singular)).toEqual(['Pillar', 'Priority', 'Objective', 'Strategy']);
    expect(rollup.attention).toContainEqual(expect.objectContaining({ kind: 'level3', id: 'learn-read-k2', reason: 'divergent' }));
  });

  it('status: --depth takes a level\'s name, rows say each level, JSON has the tree', async () => {
    const dir = materialize(files());
    const text = await runCli(['status', dir, '--depth', 'priority', '--as-of', '2024-02-10', '--no-color'], { env: { COLUMNS: '120' } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Pillar 1: Learning');
    // The tree, after the headline and what needs attention.
    const dashboard = text.stdout.slice(text.stdout.indexOf('Whole plan:'), text.stdout.indexOf('The number beside a level'));
    expect(dashboard).toContain('Reading');
    expect(dashboard).not.toContain('Early reading');
    const json = JSON.parse((await runCli(['status', dir, '--format', 'json', '--as-of', '2024-02-10'])).stdout);
    expect(json.version).toBe(2);
    expect(json.rows.map((r: { kind: string }) => r.kind).slice(0, 6)).toEqual(['plan', 'theory', 'level2', 'level3', 'strategy', 'action']);
    expect(json.rollup.items[0].children[0].children[0].children.map((n: { id: string }) => n.id)).toEqual(['phonics', 'screening']);
    const bad = await runCli(['status', dir, '--depth', 'goal']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Use one of: top, pillar, priority, objective, strategy, action.');
  });

  it('report: a section per item of the levels between, headed by its level, and a table of strategies', async () => {
    const model = await modelOf();
    const view = buildReportView(model, { type: 'midyear', cycle: 'mid', asOf: '2024-02-10' });
    const learning = view.theories[0]!;
    expect(learning.label).toBe('Pillar 1');
    expect(learning.sections.map((s) => [s.label, s.title, s.headingLevel, s.rows.map((r) => r.id)])).toEqual([
      ['Priority', 'Reading', 4, []],
      ['Objective', 'Early reading', 5, ['phonics', 'screening']],
      ['Objective', 'Upper elementary reading', 5, ['novels']],
    ]);
    const { html } = renderReport(model, '/nonexistent', { type: 'midyear', cycle: 'mid', asOf: '2024-02-10' }, loadTemplates([]));
    expect(html).toMatch(/<h2>Pillars<\/h2>/);
    expect(html).toMatch(/<h4 class="level-heading">Priority: <span>Reading/);
    expect(html).toMatch(/<h5 class="level-heading">Objective: <span>Early reading/);
    expect(html).toMatch(/<th>Strategy<\/th>/);
  });

  it('diff: an objective moved to another priority is one change, moved with what is under it', async () => {
    const base = await modelOf();
    const moved = PLAN.replace(
      `          - id: learn-read-3-5
            title: Upper elementary reading
            children:
              - {id: novels, text: Read whole novels in grades 3-5.}
`,
      '',
    ).replace(
      `              - {id: mentors, text: Pair every chronically absent student with a mentor.}
`,
      `              - {id: mentors, text: Pair every chronically absent student with a mentor.}
          - id: learn-read-3-5
            title: Upper elementary reading
            children:
              - {id: novels, text: Read whole novels in grades 3-5.}
`,
    );
    const head = await modelOf(files(moved));
    const diff = diffPlans(base, head, { base: 'base', head: 'head' });
    expect(diff.changes).toEqual([expect.objectContaining({ kind: 'level3', op: 'changed', id: 'learn-read-3-5', moved: { from: 'learn-read', to: 'thrive-attend' } })]);
    const text = formatDiffText(head, diff, NO_PAINT);
    expect(text).toContain('Objectives');
    expect(text).toContain('moved: from priority learn-read Reading to priority thrive-attend Attendance, with everything under it');
    // The move changes the rollup: Thriving now averages mentors (2) and novels (3).
    const thrive = computeRollup(head, { cycle: 'mid', asOf: '2024-02-10' }).items.find((i) => i.id === 'thrive')!;
    expect(thrive.figure.computed!.value).toBe(2.5);
  });

  it('one level, and actions aligned above the lowest: both roll up', async () => {
    const one = `version: 1
district: {id: d, name: One Level District}
plan: {id: one, title: One Level, period: {start: 2023-07-01, end: 2026-06-30}}
levels: [{name: Focus Area}]
cycles: [{id: mid, name: Mid-Year, kind: midyear, due: 2024-01-31}]
offices: [{id: central, name: Central Office}]
outline:
  - {id: phonics, title: Phonics}
  - {id: screening, title: Screening}
  - {id: novels, title: Novels}
  - {id: mentors, title: Mentors}
`;
    const rollup = computeRollup(await modelOf(files(one)), { cycle: 'mid', asOf: '2024-02-10' });
    expect(rollup.items.map((i) => [i.id, i.figure.rating, i.actions])).toEqual([
      ['phonics', 1, ['a-phonics']],
      ['screening', 2, ['a-screening']],
      ['novels', 3, ['a-novels']],
      ['mentors', 2, ['a-mentors']],
    ]);
    expect(rollup.plan.computed!.value).toBe(2);

    const aboveLowest = PLAN.replace('levels:\n', 'actions_align_to: Objective\nlevels:\n');
    const office = OFFICE.replace('strategy: phonics', 'strategy: learn-read-k2').replace('strategy: screening', 'strategy: learn-read-k2').replace('strategy: novels', 'strategy: learn-read-3-5').replace('strategy: mentors', 'strategy: thrive-attend-chronic');
    const model = await modelOf(files(aboveLowest, office));
    const r = computeRollup(model, { cycle: 'mid', asOf: '2024-02-10' });
    // The strategies under an objective describe it; the objective's figure comes from its actions.
    const k2 = itemNodes(r.items).find((n) => n.id === 'learn-read-k2')!;
    expect(k2.children).toEqual([]);
    expect(k2.actions).toEqual(['a-phonics', 'a-screening']);
    const view = buildReportView(model, { type: 'midyear', cycle: 'mid', asOf: '2024-02-10' });
    const row = view.theories[0]!.sections.flatMap((s) => s.rows).find((x) => x.id === 'learn-read-k2')!;
    expect(row.below).toEqual([{ label: 'Strategies', texts: ['Teach systematic phonics.', 'Screen every K-2 reader.'] }]);
  });
});

describe('the fourth sample, Gwinnett County\'s Blueprint, in its own levels', () => {
  const SAMPLE = join(ROOT, 'plans', 'gcps2022');

  it('status: strategic priorities, goals and their indicators, judged against the next yearly target', async () => {
    const result = await runCli(['status', SAMPLE, '--cycle', '2024-january', '--depth', 'goal', '--as-of', '2024-02-10', '--no-color'], { env: { COLUMNS: '120' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Strategic Priority 1: Empathy');
    expect(result.stdout).toContain('Cultural Competence');
    // Status leads with the headline and what needs attention, each by its name.
    expect(result.stdout.indexOf('Needs attention')).toBeLessThan(result.stdout.indexOf('Strategic Priority 1: Empathy'));
    expect(result.stdout).toContain('Our Blueprint for the Future: Progressing, 2.13 of 3');
    expect(result.stdout).toContain('Needs urgent attention: Opportunity & Access (goal 2.B)');
    expect(result.stdout).toMatch(/Cultural Proficiency - Staff Survey \[measure of goal 1\.A\]/);
    expect(result.stdout).toContain('milestones: 74.3% by 2022-23 met, 75.3% by 2023-24 to come');
  });

  it('report: goals with their indicators beside their rating and their objectives listed under them', async () => {
    const model = buildModel(await loadPlan(new DirectorySource(SAMPLE), { threads: 0, keepData: true }));
    const view = buildReportView(model, { type: 'midyear', cycle: '2024-january', asOf: '2024-02-10' });
    const empathy = view.theories.find((t) => t.id === 'empathy')!;
    expect(empathy.sections).toHaveLength(1);
    const competence = empathy.sections[0]!.rows.find((r) => r.id === '1.A')!;
    expect(competence.below[0]!.label).toBe('Objectives');
    expect(competence.below[0]!.texts).toHaveLength(4);
    // Its indicators beside its rating, judged against the next yearly target.
    expect(competence.measures).toEqual([
      'Cultural Proficiency - Staff Survey: 74.6% (2022-23), next 75.3% by 2023-24 · on track',
      'Sense of Belonging - Student Survey: 71.9% (2022-23), next 72.6% by 2023-24 · on track',
    ]);
  });

  it('diff: a goal moved to another priority, an objective added, a yearly target changed', async () => {
    const files = readTree(SAMPLE);
    const block = '      - {id: 3.C, title: Educational Return on Investment (ROI), text: Measure and report what programmes return for students to guide budget decisions., office: finance}\n';
    const plan = files['plan.yaml']!;
    expect(plan).toContain(block);
    files['plan.yaml'] = plan
      .replace(block, '')
      .replace(/(      - \{id: 4\.A, [^\n]*\n)/, `$1${block}`)
      .replace('                - {value: 77.3, school_year: 2024-25}', '                - {value: 76.8, school_year: 2024-25}')
      .replace('            text: Represent cultural diversity in curriculum materials and in course offerings.\n', '            text: Represent cultural diversity in curriculum materials and in course offerings.\n          - {id: 1.A.5, text: Keep a shared library of resources on cultural competence.}\n');
    const head = materialize(files);
    const result = await runCli(['diff', SAMPLE, head, '--plan', head, '--no-color']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 added, 0 removed, 2 changed');
    expect(result.stdout).toContain('moved: from strategic priority effectiveness 3. Effectiveness to strategic priority excellence 4. Excellence, with everything under it');
    expect(result.stdout).toMatch(/Objectives\n {2}\+ 1\.A\.5/);
    expect(result.stdout).toContain('milestone 2024-25: 77.3 → 76.8');
  });
});
