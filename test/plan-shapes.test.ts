// Plans shaped unlike the samples, each a fixture of its own (issue 24): rated holistically item by
// item, objectives set anew each school year, measures of every shape over a plan's final year.
// What the status says of each must be true, and must reach the board.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, FIXTURES, materialize, readTree } from './helpers.js';
import { runCli } from './run-cli.js';

const holistic = join(FIXTURES, 'holistic');
const annual = join(FIXTURES, 'annual');
const measures = join(FIXTURES, 'measures');

async function json(plan: string, cycle: string) {
  const result = await runCli(['status', plan, '--cycle', cycle, '--format', 'json', '--as-of', '2025-07-01']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

async function reportHtml(plan: string, args: string[]): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'plan-shapes-'));
  const result = await runCli(['report', plan, '--format', 'html', '--out', out, ...args]);
  expect(result.stderr.replace(/^plan report: warning: .* has no summary in plan\.yaml.*\n/m, '')).toBe('');
  expect(result.code).toBe(0);
  return readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.html'))!), 'utf8');
}

describe('a plan rated holistically, item by item (expects_actions: false)', () => {
  it('counts items a cycle expects and has no rating for as unrated, so min_coverage bites', async () => {
    // End-of-Year: 4 of 12 items rated. Part 1 has 2 of 4 (enough), parts 2 and 3 one each.
    const eoy = await json(holistic, '2025-eoy');
    expect(eoy.rollup.foot).toBe('items');
    expect(eoy.rollup.plan.items).toEqual({ rated: 4, total: 12 });
    expect(eoy.rollup.plan.rating).toBeNull();
    expect(eoy.rollup.plan.coverage).toEqual({ rated: 1, total: 3 });
    expect(eoy.rollup.items.map((p: { figure: { rating: number | null } }) => p.figure.rating)).toEqual([3, null, null]);
    const text = (await runCli(['status', holistic, '--cycle', '2025-eoy', '--as-of', '2025-07-01'], { env: { COLUMNS: '120' } })).stdout;
    expect(text).toMatch(/Whole plan: Riverton Strategic Plan +○○○ not enough ratings +4\/12/);
    expect(text).toMatch(/Safe, welcoming schools +○○○ not rated +0\/1/);
    expect(text.replace(/\s+/g, ' ')).toContain('Coverage is items rated of those the cycle expects a rating for');
    expect(text).not.toMatch(/action step/i);
    expect(text).toMatch(/Not yet rated for End-of-Year Report 2024-25 \(due 2025-06-13, passed\)\n  Items: students-3, students-4, staff-2/);
  });

  it('rolls up when every item is rated, and reaches the board report with its ratings and evidence', async () => {
    const mid = await json(holistic, '2025-midyear');
    expect(mid.rollup.plan.items).toEqual({ rated: 12, total: 12 });
    expect(mid.rollup.plan.rating).toBe(2);
    const page = await reportHtml(holistic, ['--type', 'board', '--cycle', '2025-midyear', '--as-of', '2025-02-01']);
    expect(page).not.toContain('Plan overview');
    expect(page).toContain('12 of 12 Items rated');
    expect(page).toContain('<strong>2.08 of 3</strong>');
    expect(page).toContain('Items: 3 On track, 7 Progressing, 2 Needs urgent attention');
    expect(page).toContain('Mid-year review of principal pipeline.');
    expect(page).toContain('Items by rating, per part');
    expect(page).not.toMatch(/Action Step/);
    // The owners the plan names are shown with their items.
    expect(page).toContain('<p class="owner">Owner: Human Resources</p>');
    expect(page).toContain('<p class="owner">Owner: Dr. Ana Ruiz</p>');
    // Every report type is rated, and an unknown cycle is refused as status refuses it.
    for (const type of ['midyear', 'eoy']) expect(await reportHtml(holistic, ['--type', type, '--as-of', '2025-07-01'])).not.toContain('Plan overview');
    const unknown = await runCli(['report', holistic, '--cycle', 'nope', '--out', mkdtempSync(join(tmpdir(), 'plan-shapes-'))]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown reporting cycle "nope"');
  });

  it('plan todo owes each unrated item to its owner (an item inherits its parent\'s), else the planning office', async () => {
    const todo = (await runCli(['todo', holistic, '--cycle', '2025-eoy', '--as-of', '2025-06-01'])).stdout;
    expect(todo).toContain('8 of 12 items still to update for End-of-Year Report 2024-25');
    expect(todo).toMatch(/Human Resources:\n    staff-2  Coaching for new teachers\n    staff-3  Principal pipeline\n    staff-4  Fair, timely evaluations/);
    expect(todo).toMatch(/Office of Strategy and Planning \(@riverton\/planning\):\n    students-3/);
    const done = (await runCli(['todo', holistic, '--cycle', '2025-midyear', '--as-of', '2025-01-01'])).stdout;
    expect(done).toContain('Every one of the 12 items that report in Mid-Year Report 2024-25 has its update.');
  });

  it('asks an office\'s members to review its plan (codeowners), and checks members and owners are real', async () => {
    const edited = materialize(applyEdits(readTree(holistic), [{ file: 'plan.yaml', find: 'members: [superintendent]', replace: 'members: [superintendant]' }]));
    const result = await runCli(['validate', edited]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('names person "superintendant", who is not listed in people');
    expect(result.stdout).toContain('Did you mean "superintendent"?');
    const owner = materialize(applyEdits(readTree(holistic), [{ file: 'plan.yaml', find: 'owner: hr\n    children', replace: 'owner: human-resources\n    children' }]));
    const bad = await runCli(['validate', owner]);
    expect(bad.stdout).toContain('is owned by "human-resources", who is neither a person in people nor an office in offices');
  });
});

describe('objectives set anew each school year (school_years)', () => {
  it('compares the first cycle of a new year with the last of the year before, rolled up from that year\'s objectives', async () => {
    const before = await json(annual, '2024-eoy');
    const after = await json(annual, '2025-midyear');
    expect(after.rollup.previousCycle.id).toBe('2024-eoy');
    expect(after.rollup.plan.previous).toBe(before.rollup.plan.rating);
    expect(after.rollup.plan.trend).not.toBe('new');
    const top = (r: { rollup: { items: Array<{ id: string; figure: { rating: number; previous: number; trend: string } }> } }, id: string) => r.rollup.items.find((i) => i.id === id)!.figure;
    // Literacy was 3 (its 2023-24 objective) and is 2 (2024-25's): down. Mathematics 2 → 3: up.
    expect(top(after, 'literacy')).toMatchObject({ rating: 2, previous: 3, trend: 'down' });
    expect(top(after, 'math')).toMatchObject({ rating: 3, previous: 2, trend: 'up' });
    // This year's objectives were not rated before they began: they are new.
    expect(after.rollup.items[0].children.map((c: { id: string; figure: { trend: string } }) => [c.id, c.figure.trend])).toEqual([['literacy-2025', 'new']]);
  });

  it('counts only the key results of the objectives active in the cycle', async () => {
    expect((await json(annual, '2024-eoy')).rollup.goals.map((g: { id: string }) => g.id)).toEqual(['trained']);
    expect((await json(annual, '2025-midyear')).rollup.goals.map((g: { id: string }) => g.id)).toEqual(['coached']);
    const page = await reportHtml(annual, ['--type', 'board', '--cycle', '2025-midyear', '--as-of', '2025-02-01']);
    expect(page).toMatch(/<strong>Key Results:<\/strong> 1 of 1 off track/);
  });

  it('keeps one action plan file per school year for an office, each read for its own year', async () => {
    const valid = await runCli(['validate', annual]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).not.toContain('DUPLICATE_SCHOOL_PLAN');
    // 2024-25's file is not last year's: its actions are not expected before their year.
    const before = await json(annual, '2024-eoy');
    expect(before.rollup.actions.map((a: { id: string }) => a.id)).toEqual(['train', 'adopt']);
    const after = await json(annual, '2025-midyear');
    expect(after.rollup.actions.map((a: { id: string; file: string }) => `${a.id} ${a.file}`)).toEqual(['coach offices/academics-2024-25.yaml', 'roll-out offices/academics-2024-25.yaml']);
    // Two files for the same year, or a second file with no year, are still one plan too many.
    const twice = materialize(applyEdits(readTree(annual), [{ file: 'offices/academics-2024-25.yaml', find: 'school_year: 2024-25', replace: 'school_year: 2023-24' }]));
    const result = await runCli(['validate', twice]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('is already the District Action Plan of "academics" for 2023-24');
    expect(result.stdout).toContain('FILE_NAME_MISMATCH');
  });

  it('lets a group the district gives no heading go without one, and shows it without an invented title', async () => {
    const dir = materialize(applyEdits(readTree(annual), [{ file: 'plan.yaml', find: '    number: 2\n    title: Mathematics\n', replace: '    number: 2\n' }]));
    expect((await runCli(['validate', dir])).code).toBe(0);
    const text = (await runCli(['status', dir, '--cycle', '2025-midyear'], { env: { COLUMNS: '120' } })).stdout;
    expect(text).toMatch(/\n  Goal 2 +●●● On track/);
    const page = await reportHtml(dir, ['--type', 'board', '--cycle', '2025-midyear', '--as-of', '2025-02-01']);
    expect(page).toContain('<h3>Goal 2</h3>');
    // A leaf still needs words: only a group, with children, may have no heading.
    const leaf = materialize(applyEdits(readTree(annual), [{ file: 'plan.yaml', find: '        text: Adopt a K-5 mathematics curriculum (2023-24).\n', replace: '' }]));
    const result = await runCli(['validate', leaf]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Objective "math-2024" has neither a title nor a text');
  });

  it('warns when a level is named like the measures, naming terminology.goal', async () => {
    const plain = materialize(applyEdits(readTree(annual), [{ file: 'plan.yaml', find: 'terminology:\n  goal: {singular: Key Result, plural: Key Results}\n', replace: '' }]));
    const result = await runCli(['validate', plain]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The level "Goal" has the name the plan gives its measures ("Goals")');
    expect(result.stdout).toContain('terminology: {goal: {singular: Measure, plural: Measures}}');
    expect(result.stdout).toContain('LEVEL_NAMED_LIKE_MEASURES');
  });
});

describe('measures of every shape, through a plan\'s final year', () => {
  it('reads a target not reached by the last report of its year as missed, and a milestone with nothing measured as no data', async () => {
    const eoy = await json(measures, '2025-eoy');
    const goal = (id: string) => eoy.rollup.goals.find((g: { id: string }) => g.id === id);
    expect(goal('reading')).toMatchObject({ status: 'missed', latest: { value: 49 } });
    expect(goal('reading').milestones.map((m: { status: string }) => m.status)).toEqual(['met', 'no-data']);
    // At mid-year the same target is still to come: off track, not missed.
    const mid = await json(measures, '2025-midyear');
    expect(mid.rollup.goals.find((g: { id: string }) => g.id === 'reading').status).toBe('off-track');
  });

  it('judges levels to hold (at least, at most, maintain) against their bar, with no baseline', async () => {
    const mid = await json(measures, '2025-midyear');
    const status = (r: { rollup: { goals: Array<{ id: string; status: string }> } }, id: string) => r.rollup.goals.find((g) => g.id === id)!.status;
    expect(status(mid, 'fund-balance')).toBe('off-track'); // 7.6% in 2023-24, below 8%
    expect(status(mid, 'class-size')).toBe('on-track'); // 23.5, at most 24
    expect(status(mid, 'attendance')).toBe('on-track'); // 95.4%, within 1 of 95%
    const eoy = await json(measures, '2025-eoy');
    expect(status(eoy, 'fund-balance')).toBe('met'); // 8.4% in 2024-25
    expect(status(eoy, 'class-size')).toBe('missed'); // 25
    const markdown = (await runCli(['status', measures, '--cycle', '2025-eoy', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('| Fund balance of at least 8% |  | 8.4 | at least 8% by 2024-25 |  | Target met |');
    const page = await reportHtml(measures, ['--type', 'board', '--cycle', '2025-eoy', '--as-of', '2025-06-20']);
    expect(page).toMatch(/<svg class="chart chart-wide goal threshold" role="img" aria-label="Fund balance of at least 8%: Target met; at least 8%; 2022-23: 9.1%; 2023-24: 7.6%; 2024-25: 8.4%"/);
  });

  it('puts missed and off-track measures under "Needs urgent attention", each once, and says when a figure is old', async () => {
    const eoy = await json(measures, '2025-eoy');
    const urgent = eoy.rollup.attention.filter((a: { kind: string }) => a.kind === 'goal').map((a: { id: string; reason: string }) => `${a.id}:${a.reason}`);
    expect(urgent).toEqual(['reading:missed', 'class-size:missed']);
    const page = await reportHtml(measures, ['--type', 'board', '--cycle', '2025-eoy', '--as-of', '2025-06-20']);
    const column = page.slice(page.indexOf('<h3>Needs urgent attention</h3>'), page.indexOf('</div>', page.indexOf('<h3>Needs urgent attention</h3>')));
    expect(column).toMatch(/<p class="kind-label">Goals<\/p><ul class="items"><li><span class="rating goal-status"[^>]*><span class="meter" aria-hidden="true"><\/span> Target missed<\/span>\s+Grade 3 reading on grade level <span class="note">\(Priority: 1\. Learning\)<\/span>/);
    // A measure's badge is its status, not a rating: no meter, no rating value.
    expect(column).toContain('<span class="rating goal-status" style="background-color: #a11d1d; color: #ffffff" data-rating=""><span class="meter" aria-hidden="true"></span> Target missed</span>');
    expect(column.match(/Grade 3 reading/g)).toHaveLength(1);
    expect(page).toMatch(/<strong>Goals:<\/strong> 2 of 4 met, 2 of 4 missed/);
    // Staff attendance was last measured in 2023-24.
    expect(page).toContain('latest 95.4% (2023-24), <em class="as-of">not yet updated for 2024-25</em>');
    // A key result of an objective set for 2023-24 is not counted in 2024-25.
    expect(eoy.rollup.goals.map((g: { id: string }) => g.id)).not.toContain('screened-2024');
    expect((await json(measures, '2024-eoy')).rollup.goals.map((g: { id: string }) => g.id)).toContain('screened-2024');
  });

  it('shows a value added to a measure as one line in plan diff', async () => {
    const base = materialize(readTree(measures));
    const head = materialize(applyEdits(readTree(measures), [{ file: 'plan.yaml', find: '            - {value: 95.4, school_year: 2023-24}\n', replace: '            - {value: 95.4, school_year: 2023-24}\n            - {value: 94.1, school_year: 2024-25}\n' }]));
    const text = (await runCli(['diff', base, head, '--plan', head])).stdout;
    expect(text).toContain('+ value 94.1 (2024-25)');
    expect(text).not.toContain('[{"value"');
    const markdown = (await runCli(['diff', base, head, '--plan', head, '--format', 'markdown'])).stdout;
    expect(markdown).toContain('  - + value 94.1 (2024-25)');
  });

  it('asks for a baseline where a measure is to increase or decrease, and suggests at_least where none is meant', async () => {
    const edited = materialize(applyEdits(readTree(measures), [{ file: 'plan.yaml', find: '          direction: at_least\n', replace: '          direction: increase\n' }]));
    const result = await runCli(['validate', edited]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('is to increase "Unassigned fund balance, share of expenditures" but has no baseline to measure progress from');
    expect(result.stdout).toContain('set direction to at_least');
    expect(result.stdout).toContain('METRIC_NO_BASELINE');
  });
});

describe('attention, each failure once', () => {
  it('names one failing action once, at the highest level it explains, with what it brought down beneath it', async () => {
    const r = await json('plans/eh2020', '2020-eoy');
    const lowest = r.rollup.attention.filter((a: { reason: string }) => a.reason === 'lowest');
    expect(lowest.map((a: { kind: string; id: string }) => `${a.kind}:${a.id}`)).toEqual(['strategy:toa4-time']);
    expect(lowest[0].under.map((u: { id: string }) => u.id)).toEqual(['fo-time-study']);
  });
});

describe('one message per mistake, with its fix (issue 24)', () => {
  const base = join(FIXTURES, 'base');
  const validate = async (edits: Array<{ file: string; find: string; replace: string }>) => (await runCli(['validate', materialize(applyEdits(readTree(base), edits))])).stdout;

  it('an owner written as a name: one error, giving the id where the plan knows the person', async () => {
    const unknown = await validate([{ file: 'schools/alpha.yaml', find: '    owner: principal', replace: '    owner: Jane Smith' }]);
    expect(unknown.match(/error/g)).toHaveLength(2); // the line, and the summary's "1 error"
    expect(unknown).toContain('is owned by "Jane Smith", a name where the id of a person, office or team member belongs');
    expect(unknown).toContain('{id: jane-smith, name: Jane Smith}, and write owner: jane-smith.');
    const known = await validate([{ file: 'schools/alpha.yaml', find: '    owner: principal', replace: '    owner: Planning Office' }]);
    expect(known).toContain('Write the id: owner: planner (Planning Office).');
    expect(known).not.toContain('INVALID_VALUE');
  });

  it('a level\'s label where its number belongs says which number', async () => {
    const out = await validate([{ file: 'schools/alpha.yaml', find: '      fall: {rating: 3, evidence: Done.}', replace: '      fall: {rating: On track, evidence: Done.}' }]);
    expect(out).toContain('is rated "On track" for reporting cycle "fall": a rating is written as its number on the scale');
    expect(out).toContain('On track is 3 on the plan\'s scale: write rating: 3.');
    expect(out).not.toContain('WRONG_TYPE');
  });

  it('a sentence cut at a comma inside { } is named as such, not as an unknown property', async () => {
    const out = await validate([{ file: 'schools/alpha.yaml', find: '      fall: {rating: 3, evidence: Done.}', replace: '      fall: {rating: 3, evidence: Done in May, late.}' }]);
    expect(out).toContain('has a property "late." that the plan format does not know');
    expect(out).toContain('This looks like the rest of a sentence cut at a comma');
  });

  it('a school\'s rating in a cycle schools do not report in is a warning at its line, naming applies_to; collect says who is left out', async () => {
    const dir = materialize(applyEdits(readTree(base), [{ file: 'schools/alpha.yaml', find: '      midyear: {rating: null}', replace: '      midyear: {rating: 2, evidence: Rated at mid-year.}' }]));
    const out = (await runCli(['validate', dir])).stdout;
    expect(out).toMatch(/schools\/alpha\.yaml\n {2}\d+:7 +warning +Action Step "alpha-1" has a rating for Mid-Year, a reporting cycle schools do not report in/);
    expect(out).toContain('add schools to the applies_to of "midyear" in plan.yaml');
    const collect = await runCli(['collect', dir, '--cycle', 'midyear', '--out', mkdtempSync(join(tmpdir(), 'plan-shapes-'))]);
    expect(collect.stderr).toContain('Schools do not report in Mid-Year (a midyear cycle applies to the district unless applies_to says otherwise)');
  });

  it('a board report of a plan with no school cycles still shows the schools rated in its own cycle', async () => {
    const dir = materialize(
      applyEdits(readTree(base), [
        { file: 'plan.yaml', find: '{id: fall, name: Fall SAM, kind: sam,', replace: '{id: fall, name: Fall Review, kind: other, applies_to: [district],' },
      ]),
    );
    const page = await reportHtml(dir, ['--type', 'board', '--cycle', 'fall', '--as-of', '2019-12-01']);
    expect(page).toContain('<table class="schools grid-table">');
    expect(page).toContain('<th scope="row" class="school-name">Alpha School</th>');
  });
});

describe('collecting the ratings of a plan rated item by item (issue 25)', () => {
  it('makes a form per owner of the items still to rate, and applies what comes back into plan.yaml in place', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const dir = materialize(readTree(holistic));
    const out = mkdtempSync(join(tmpdir(), 'plan-items-'));
    const made = await runCli(['collect', dir, '--cycle', '2025-eoy', '--out', out, '--as-of', '2025-06-01']);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('3 forms for End-of-Year Report 2024-25, 12 items rated as a whole');
    const forms = made.stdout.trim().split('\n');
    expect(forms.map((f) => f.split('/').pop())).toEqual(['riverton-2025-eoy-items-superintendent.xlsx', 'riverton-2025-eoy-items-planning.xlsx', 'riverton-2025-eoy-items-hr.xlsx']);
    // HR's form: its items by name, under their part, the columns to fill first; no next steps, which a holistic rating has not.
    const hr = forms[2]!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(hr);
    const sheet = workbook.getWorksheet('Items')!;
    const headers = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    expect(headers.slice(1)).toEqual(['Item', 'Rating', 'Evidence', 'Reported by', 'Last rating', 'Last evidence', 'Success criteria', 'Part', 'ID', 'Form record (do not edit)']);
    expect(String(sheet.getCell('A1').value)).toContain('Human Resources');
    const at = (id: string) => {
      for (let r = 3; r <= sheet.rowCount; r++) if (sheet.getCell(r, headers.indexOf('ID')).value === id) return r;
      throw new Error(id);
    };
    sheet.getCell(at('staff-2'), headers.indexOf('Rating')).value = '3 – On track';
    sheet.getCell(at('staff-2'), headers.indexOf('Evidence')).value = 'Every new teacher has a coach: 41 of 41.';
    sheet.getCell(at('staff-2'), headers.indexOf('Reported by')).value = 'Marcus Lee';
    sheet.getCell(at('staff-1'), headers.indexOf('Rating')).value = '2 – Progressing';
    sheet.getCell(at('staff-1'), headers.indexOf('Evidence')).value = 'Offers made; two declined.';
    await workbook.xlsx.writeFile(hr);
    const before = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    const applied = await runCli(['apply', ...forms, '--plan', dir]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Riverton Strategic Plan (plan.yaml): 1 rated, 1 rating changed, 2 with new evidence');
    expect(applied.stdout).toContain('Wrote 1 file: plan.yaml');
    const after = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    // Two lines changed or added, each in the style of its neighbours; every other line as it was.
    const changed = after.split('\n').filter((line) => !before.split('\n').includes(line));
    expect(changed).toEqual([
      // Who rated it stays as the form showed it, unless changed.
      '          2025-eoy: {rating: 2, rationale: Offers made; two declined., rated_by: Leadership Team}',
      "          2025-eoy: {rating: 3, rationale: 'Every new teacher has a coach: 41 of 41.', rated_by: Marcus Lee}",
    ]);
    expect(before.split('\n').filter((line) => !after.split('\n').includes(line))).toEqual(['          2025-eoy: {rating: 3, rationale: "End-of-year review of recruit teachers of colour.", rated_by: Leadership Team}']);
    expect((await runCli(['validate', dir])).code).toBe(0);
    const status = JSON.parse((await runCli(['status', dir, '--cycle', '2025-eoy', '--format', 'json'])).stdout);
    expect(status.rollup.plan.items).toEqual({ rated: 5, total: 12 });
    const todo = (await runCli(['todo', dir, '--cycle', '2025-eoy', '--as-of', '2025-06-01'])).stdout;
    expect(todo).toContain('7 of 12 items still to update');
    expect(todo).not.toContain('staff-2');
  });

  it('adds a holistic map to an item that has none, and reads CSV item forms too', async () => {
    const dir = materialize(applyEdits(readTree(holistic), [{ file: 'plan.yaml', find: '        text: Advanced coursework for all\n        holistic:\n          2025-midyear: {rating: 1, rationale: "Mid-year review of advanced coursework for all.", rated_by: Leadership Team}\n', replace: '        text: Advanced coursework for all\n' }]));
    const out = mkdtempSync(join(tmpdir(), 'plan-items-'));
    const made = await runCli(['collect', dir, '--cycle', '2025-eoy', '--out', out, '--as-of', '2025-06-01', '--format', 'csv']);
    const planning = made.stdout.trim().split('\n').find((f) => f.endsWith('items-planning.csv'))!;
    const { parse } = await import('csv-parse/sync');
    const records = parse(readFileSync(planning, 'utf8').replace(/^\uFEFF/, '')) as string[][];
    const header = records[0]!;
    const row = records.find((r) => r[header.indexOf('ID')] === 'students-4')!;
    row[header.indexOf('Rating')] = '1 – Needs urgent attention';
    row[header.indexOf('Evidence')] = 'No new course opened this year.';
    writeFileSync(planning, `\uFEFF${records.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`);
    const applied = await runCli(['apply', planning, '--plan', dir]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).toContain('        text: Advanced coursework for all\n        holistic:\n          2025-eoy: {rating: 1, rationale: No new course opened this year.}\n');
    expect((await runCli(['validate', dir])).code).toBe(0);
  });
});

describe('collecting the values of measures (issue 25)', () => {
  async function fillValues(path: string, values: Record<string, { value: unknown; note?: string }>) {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    // The sheet of measures, whatever else the workbook holds (an owner's items, a school's actions).
    const sheet = workbook.worksheets.find((w) => w.state === 'visible' && (w.getRow(2).values as unknown[]).includes('Value'))!;
    const headers = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    for (let r = 3; r <= sheet.rowCount; r++) {
      const set = values[String(sheet.getCell(r, headers.indexOf('ID')).value)];
      if (!set) continue;
      sheet.getCell(r, headers.indexOf('Value')).value = set.value as number;
      if (set.note) sheet.getCell(r, headers.indexOf('Note')).value = set.note;
    }
    await workbook.xlsx.writeFile(path);
    return headers;
  }

  it('asks each measure for its value beside its target and last value, and writes it into its actuals in place, in a block list, a flow list or a new one', async () => {
    const dir = materialize(applyEdits(readTree(measures), [{ file: 'plan.yaml', find: '          tolerance: 1\n          target: {value: 95, school_year: 2024-25}\n          actuals:\n            - {value: 95.4, school_year: 2023-24}\n', replace: '          tolerance: 1\n          target: {value: 95, school_year: 2024-25}\n' }]));
    const out = mkdtempSync(join(tmpdir(), 'plan-measures-'));
    const made = await runCli(['collect', dir, '--cycle', '2025-midyear', '--out', out, '--as-of', '2025-01-10']);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('4 goals to give a value');
    // The planning office rates its objectives and gives the goals' values in one workbook.
    expect(made.stdout.trim().split('\n').map((f) => basename(f))).toEqual(['lakeside-2025-midyear-owner-planning-office.xlsx']);
    const form = made.stdout.trim();
    const headers = await fillValues(form, { 'fund-balance': { value: '8.2%', note: 'Audited, December.' }, attendance: { value: 94.6 } });
    expect(headers.slice(1, 6)).toEqual(['Goal', 'Value', 'Note', 'Target', 'Last value']);
    const before = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    const applied = await runCli(['apply', form, '--plan', dir]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const after = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    expect(after.split('\n').filter((l) => !before.split('\n').includes(l))).toEqual([
      "            - {value: 8.2, school_year: 2024-25, cycle: 2025-midyear, note: 'Audited, December.'}",
      '          actuals: [{value: 94.6, school_year: 2024-25, cycle: 2025-midyear}]',
    ]);
    expect((await runCli(['validate', dir])).code).toBe(0);
    const status = JSON.parse((await runCli(['status', dir, '--cycle', '2025-midyear', '--format', 'json'])).stdout);
    expect(status.rollup.goals.find((g: { id: string }) => g.id === 'fund-balance')).toMatchObject({ latest: { value: 8.2 }, status: 'on-track' });
  });

  it('plan todo names the measures with no value yet for the year, at its last district report', async () => {
    const eoy = (await runCli(['todo', measures, '--cycle', '2025-eoy', '--as-of', '2025-06-01'])).stdout;
    expect(eoy).toMatch(/1 goal with no value yet for 2024-25:\n  the planning office \(plan\.owners names no one\):\n    attendance  Keep staff attendance at 95%/);
    // Not at mid-year: a yearly figure is owed by the year's end.
    expect((await runCli(['todo', measures, '--cycle', '2025-midyear', '--as-of', '2025-01-10'])).stdout).not.toContain('no value yet');
    const csv = (await runCli(['todo', measures, '--cycle', '2025-eoy', '--as-of', '2025-06-01', '--format', 'csv'])).stdout;
    expect(csv).toContain('2024-25 values,the planning office (plan.owners names no one),,,attendance,Keep staff attendance at 95%,2025-eoy,2025-06-13');
  });

  it("collects a school's own goals on a form for the school, writes their values into its file (XLSX and CSV), and todo owes them", async () => {
    const dir = materialize(readTree(join(FIXTURES, 'base')));
    // The fall SAM is the year's last cycle for schools: the school owes its goal's value.
    const owed = (await runCli(['todo', dir, '--cycle', 'fall', '--as-of', '2019-11-01'])).stdout;
    expect(owed).toMatch(/1 goal with no value yet for 2019-20:\n  .*:\n    alpha-reading  Alpha students read on grade level\./);
    for (const format of ['xlsx', 'csv'] as const) {
      const copy = materialize(readTree(join(FIXTURES, 'base')));
      const out = mkdtempSync(join(tmpdir(), 'plan-unit-measures-'));
      const made = await runCli(['collect', copy, '--cycle', 'fall', '--school', 'alpha', '--format', format, '--out', out, '--as-of', '2019-11-01']);
      expect(made.code).toBe(0);
      expect(made.stderr).toContain('1 goal to give a value');
      // In a workbook, a sheet beside the school's actions; in CSV, a file of its own.
      const form = made.stdout.trim().split('\n').find((f) => f.endsWith(format === 'xlsx' ? '-fall-alpha.xlsx' : '-fall-measures-alpha.csv'))!;
      expect(form).toBeDefined();
      if (format === 'xlsx') await fillValues(form, { 'alpha-reading': { value: 27, note: 'Fall screener.' } });
      else {
        // The CSV as a person fills it in a text editor: the value and note typed into the row.
        const text = readFileSync(form, 'utf8');
        writeFileSync(form, text.replace(/^(Alpha students read on grade level\.),,/m, '$1,27,Fall screener.'));
      }
      const applied = await runCli(['apply', form, '--plan', copy]);
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('alpha-reading: no value → 27');
      expect(readFileSync(join(copy, 'schools', 'alpha.yaml'), 'utf8')).toContain("      target: {value: 20}\n      actuals: [{value: 27, school_year: 2019-20, cycle: fall, note: Fall screener.}]\nactions:");
      expect((await runCli(['validate', copy])).code).toBe(0);
      expect((await runCli(['todo', copy, '--cycle', 'fall', '--as-of', '2019-11-01'])).stdout).not.toContain('alpha-reading');
    }
  });

  it('adds to a one-line list of values, and refuses what is not a number, at its cell', async () => {
    const dir = materialize(readTree(join(FIXTURES, 'base')));
    const out = mkdtempSync(join(tmpdir(), 'plan-measures-'));
    const made = await runCli(['collect', dir, '--cycle', 'midyear', '--out', out, '--as-of', '2020-01-10']);
    const form = made.stdout.trim().split('\n').find((f) => /-(measures|owner)-[^/]*$/.test(f))!;
    await fillValues(form, { reading: { value: 'about half' } });
    const refused = await runCli(['apply', form, '--plan', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/row 3, column B \(Value\): "about half" is not a number/);
    await fillValues(form, { reading: { value: 47 } });
    const applied = await runCli(['apply', form, '--plan', dir]);
    expect(applied.code).toBe(0);
    // The value for this cycle already there (45) is replaced, in its one-line list.
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).toContain('      actuals: [{value: 47, school_year: 2019-20, cycle: midyear}]');
  });
});
