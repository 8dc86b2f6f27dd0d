// The rollup engine against figures worked out by hand on test/fixtures/rollup.
//
// Ratings:          fall  winter  midyear   strategy  school  weight
//   a1                3     2               s1        a
//   a2                2     2               s1        a
//   a3                1     -               s2        a
//   a4                3     3               s3        a       3
//   b1                1     3               s1        b
//   b2                2     -               s3        b
//   o1 (office)                   3         s2
//   o2 (office)                   1         s3
// t1 = {s1, s2}, t2 = {s3}. School b has a holistic winter rating of 1. Default bands: above 2.5 is 3,
// above 1.5 is 2, else 1 (a value exactly on a midpoint rounds down). Upper levels take their
// children's unbanded values (or a holistic rating). A figure needs at least half of what reports
// below it rated. SAM cycles are reported by schools, the Mid-Year by offices.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../src/load/load-plan.js';
import { MemorySource } from '../src/load/source.js';
import { buildModel, type PlanModel } from '../src/plan/model.js';
import { computeRollup, RollupError, type Rollup } from '../src/rollup/rollup.js';
import { FIXTURES, applyEdits, readTree } from './helpers.js';

const base = readTree(join(FIXTURES, 'rollup'));

async function modelOf(edits: Parameters<typeof applyEdits>[1] = []): Promise<PlanModel> {
  const loaded = await loadPlan(new MemorySource('rollup', applyEdits(base, edits)), { keepData: true, threads: 0 });
  expect(loaded.errorCount).toBe(0);
  return buildModel(loaded);
}

const withMethod = (method: string, extra = '') => [
  { file: 'plan.yaml', find: 'cycles:\n', replace: `rollup:\n  method: ${method}\n${extra}cycles:\n` },
];

const strategy = (r: Rollup, id: string) => r.items.flatMap((t) => t.children).find((s) => s.id === id)!.figure;
const theory = (r: Rollup, id: string) => r.items.find((t) => t.id === id)!.figure;
const school = (r: Rollup, id: string) => r.schools.find((s) => s.id === id)!.figure;

describe('mean, banded (the default)', () => {
  it('rolls the winter SAM up from actions to the whole plan', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-03-01' });
    // s1: (2 + 2 + 3) / 3 = 2.33 -> 2
    expect(strategy(r, 's1')).toMatchObject({ rating: 2, computed: { value: 7 / 3, rating: 2 }, coverage: { rated: 3, total: 3 } });
    // s2: a3 unrated, so no value at all (not a zero)
    expect(strategy(r, 's2')).toMatchObject({ rating: null, computed: null, coverage: { rated: 0, total: 1 }, missing: ['a3'] });
    // s3: a4 = 3; b2 unrated
    expect(strategy(r, 's3')).toMatchObject({ rating: 3, coverage: { rated: 1, total: 2 }, missing: ['b2'] });
    // t1: s1 gives its unbanded 2.33, s2 nothing -> 2.33 -> 2; one of two strategies rated (enough: half)
    expect(theory(r, 't1').computed!.value).toBeCloseTo(7 / 3, 10);
    expect(theory(r, 't1')).toMatchObject({ rating: 2, coverage: { rated: 1, total: 2 }, actions: { rated: 3, total: 4 }, missing: ['a3'] });
    expect(theory(r, 't2')).toMatchObject({ rating: 3, actions: { rated: 1, total: 2 } });
    // plan: (2.33 + 3) / 2 = 2.67 -> 3 (banding t1 to 2 first would have given 2.5)
    expect(r.plan).toMatchObject({ rating: 3, computed: { rating: 3 }, actions: { rated: 4, total: 6 } });
    expect(r.plan.computed!.value).toBeCloseTo(8 / 3, 10);
    expect(r.plan.missing.sort()).toEqual(['a3', 'b2']);
  });

  it('rolls schools, offices and networks up', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-03-01' });
    // a: (2 + 2 + 3) / 3 -> 2, a3 unrated
    expect(school(r, 'a')).toMatchObject({ rating: 2, coverage: { rated: 3, total: 4 } });
    // the network: a gives 2.33, b its holistic 1 -> 1.67 -> 2
    expect(r.networks[0]!.figure).toMatchObject({ rating: 2, computed: { rating: 2 } });
    expect(r.networks[0]!.figure.computed!.value).toBeCloseTo(5 / 3, 10);
    // offices do not report in a SAM cycle
    expect(r.offices[0]!.figure).toMatchObject({ rating: null, actions: { rated: 0, total: 0 } });
  });

  it('rolls the Mid-Year up from the district action plans only', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'midyear', asOf: '2020-03-01' });
    expect(strategy(r, 's2').rating).toBe(3);
    expect(strategy(r, 's3').rating).toBe(1);
    // s1 has no action that reports in the Mid-Year: it is left out of t1, not counted as unrated
    expect(strategy(r, 's1')).toMatchObject({ rating: null, coverage: { rated: 0, total: 0 } });
    expect(theory(r, 't1')).toMatchObject({ rating: 3, coverage: { rated: 1, total: 1 } });
    expect(r.plan).toMatchObject({ rating: 2, computed: { value: 2, rating: 2 } });
    expect(r.offices[0]!.figure).toMatchObject({ rating: 2, computed: { value: 2 } });
    expect(school(r, 'a').actions.total).toBe(0);
  });
});

describe('every method, on School A in the fall (3, 2, 1, 3; a4 weighs 3)', () => {
  it.each([
    ['mean', 2.25, 2],
    // 2.5 lies exactly between 2 and 3: a tie rounds down
    ['median', 2.5, 2],
    ['minimum', 1, 1],
    ['weighted', 15 / 6, 2],
  ] as const)('%s', async (method, value, rating) => {
    const r = computeRollup(await modelOf(withMethod(method)), { cycle: 'fall', asOf: '2020-03-01' });
    expect(r.method).toBe(method);
    expect(school(r, 'a').computed!.value).toBeCloseTo(value, 10);
    expect(school(r, 'a').rating).toBe(rating);
  });

  it('minimum gives the worst rating at every level', async () => {
    const r = computeRollup(await modelOf(withMethod('minimum')), { cycle: 'winter', asOf: '2020-03-01' });
    expect(strategy(r, 's1').rating).toBe(2);
    expect(r.plan.rating).toBe(2);
  });

  it('bands by the thresholds the plan sets', async () => {
    const thresholds = '  thresholds:\n    - {rating: 3, min: 2.8}\n    - {rating: 2, min: 1.8}\n';
    const r = computeRollup(await modelOf(withMethod('mean', thresholds)), { cycle: 'winter', asOf: '2020-03-01' });
    // plan: 2.67 is below 2.8 -> 2
    expect(r.plan).toMatchObject({ rating: 2, computed: { rating: 2 } });
    expect(r.plan.computed!.value).toBeCloseTo(8 / 3, 10);
  });
});

describe('holistic ratings', () => {
  it('show the person\'s rating, keep the computed one beside it, and flag a gap of a full level', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-03-01' });
    expect(school(r, 'b')).toMatchObject({
      rating: 1,
      computed: { value: 3, rating: 3 },
      holistic: { rating: 1, rationale: 'Attendance has collapsed; the plan as a whole needs urgent attention.' },
      divergent: true,
    });
    expect(r.attention).toContainEqual({ kind: 'school', id: 'b', title: 'School B', rating: 1, reason: 'divergent', under: [] });
  });

  it('flag a gap of exactly one level, and no less', async () => {
    const oneLevel = [{ file: 'schools/b.yaml', find: 'winter: {rating: 1,', replace: 'winter: {rating: 2,' }];
    expect(school(computeRollup(await modelOf(oneLevel), { cycle: 'winter', asOf: '2020-03-01' }), 'b')).toMatchObject({ rating: 2, divergent: true });
    // a: computed (2 + 2 + 3) / 3 = 2.33; a holistic 2 is a third of a level away
    const close = [{ file: 'schools/a.yaml', find: 'team:', replace: 'holistic:\n  winter: {rating: 2, rationale: As computed.}\nteam:' }];
    expect(school(computeRollup(await modelOf(close), { cycle: 'winter', asOf: '2020-03-01' }), 'a')).toMatchObject({ rating: 2, divergent: false });
  });
});

describe('trend against the previous cycle of the same kind', () => {
  it('compares the winter SAM with the fall SAM, not with the Mid-Year between them', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-03-01' });
    expect(r.previousCycle!.id).toBe('fall');
    // b fall: (1 + 2) / 2 = 1.5, a tie -> 1; winter shown 1 -> same
    expect(school(r, 'b')).toMatchObject({ previous: 1, trend: 'same' });
    // s1 fall: (3 + 2 + 1) / 3 = 2 -> same
    expect(strategy(r, 's1')).toMatchObject({ previous: 2, trend: 'same' });
    const b1 = r.actions.find((a) => a.id === 'b1')!;
    expect(b1).toMatchObject({ rating: 3, previous: 1, trend: 'up' });
    expect(r.actions.find((a) => a.id === 'a1')).toMatchObject({ trend: 'down' });
  });

  it('calls a figure new when there is nothing to compare with', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'midyear', asOf: '2020-03-01' });
    expect(r.previousCycle).toBeNull();
    expect(r.plan.trend).toBe('new');
  });
});

describe('overdue ratings', () => {
  it('lists actions whose cycle is past due and unrated', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-03-01' });
    expect(r.overdue.map((o) => `${o.action}@${o.cycle}`).sort()).toEqual(['a3@winter', 'b2@winter']);
    expect(r.overdue.find((o) => o.action === 'a3')).toMatchObject({ owner: 'principal', plan: { kind: 'school', id: 'a' } });
  });

  it('lists nothing before the due date', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-02-10' });
    expect(r.overdue).toEqual([]);
  });
});

describe('goal progress', () => {
  it('measures the distance covered against the time elapsed', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-03-01' });
    const goal = (id: string) => r.goals.find((g) => g.id === id)!;
    // 40 -> 42 of 60: a tenth of the way; 2019-06-30 to 2019-11-15 of two years: 138 of 731 days = 19%
    expect(goal('g-increase').share).toBeCloseTo(0.1, 10);
    expect(goal('g-increase').elapsed).toBeCloseTo(138 / 731, 2);
    expect(goal('g-increase').status).toBe('off-track');
    // 20 -> 13 of 10: 70% of the way; 2019-06-30 to 2020-02-15 of a year: 230 of 366 days = 63%
    expect(goal('g-decrease').share).toBeCloseTo(0.7, 10);
    expect(goal('g-decrease').elapsed).toBeCloseTo(230 / 366, 2);
    expect(goal('g-decrease').status).toBe('on-track');
    expect(goal('g-met').status).toBe('met');
  });

  it('knows only the values reported by the cycle shown', async () => {
    const r = computeRollup(await modelOf(), { cycle: 'fall', asOf: '2020-03-01' });
    expect(r.goals.find((g) => g.id === 'g-decrease')).toMatchObject({ latest: null, status: 'no-data' });
  });
});

describe('scope and defaults', () => {
  it('defaults to the latest cycle with ratings', async () => {
    expect(computeRollup(await modelOf(), { asOf: '2020-03-01' }).cycle.id).toBe('winter');
  });

  it('shows one school alone, with its own figures', async () => {
    const r = computeRollup(await modelOf(), { school: 'a', cycle: 'winter', asOf: '2020-03-01' });
    expect(r.actions.map((a) => a.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(strategy(r, 's1')).toMatchObject({ rating: 2, computed: { value: 2 } });
    expect(r.plan).toMatchObject({ rating: 2, computed: { value: 2.5 } }); // t1 = 2, t2 = 3 -> 2.5, a tie -> 2
    expect(r.goals).toEqual([]);
  });

  it('shows one theory alone', async () => {
    const r = computeRollup(await modelOf(), { theory: 't2', cycle: 'winter', asOf: '2020-03-01' });
    expect(r.items.map((t) => t.id)).toEqual(['t2']);
    expect(r.plan.rating).toBe(3);
    expect(r.goals.map((g) => g.id)).toEqual(['g-decrease', 'g-met']);
  });

  it('rejects an unknown cycle or school, naming the valid ids', async () => {
    const model = await modelOf();
    expect(() => computeRollup(model, { cycle: 'summer', asOf: '2020-03-01' })).toThrow(RollupError);
    try {
      computeRollup(model, { school: 'c', asOf: '2020-03-01' });
    } catch (error) {
      expect((error as RollupError).valid).toEqual(['a', 'b']);
    }
  });
});

describe('which actions report in a cycle', () => {
  it('uses the school year when a cycle has no start date', async () => {
    const { expectsOf } = await import('../src/plan/calendar.js');
    const cycle = { kind: 'midyear' as const, due: '2020-01-31', school_year: '2019-20' };
    expect(expectsOf(cycle, 'office', { start: '2018-07-01', end: '2019-06-30' })).toBe(false);
    expect(expectsOf(cycle, 'office', { start: '2018-07-01', end: '2020-06-30' })).toBe(true);
    expect(expectsOf(cycle, 'office', { start: '2020-02-01', end: '2020-06-30' })).toBe(false);
    expect(expectsOf(cycle, 'school', { start: '2018-07-01', end: '2020-06-30' })).toBe(false);
    expect(expectsOf({ ...cycle, applies_to: ['schools'] }, 'school', undefined)).toBe(true);
  });

  it('lists a network whose schools keep no action plans, as not reporting', async () => {
    const edits = [{ file: 'plan.yaml', find: 'networks:\n  - {id: n, name: North}', replace: 'networks:\n  - {id: n, name: North}\n  - {id: s, name: South}' }];
    const r = computeRollup(await modelOf(edits), { cycle: 'winter', asOf: '2020-03-01' });
    expect(r.networks.map((n) => [n.id, n.figure.rating, n.children])).toEqual([
      ['n', 2, ['a', 'b']],
      ['s', null, []],
    ]);
  });
});

describe('an honest headline', () => {
  it('needs enough of what reports below a figure to be rated (rollup.min_coverage)', async () => {
    const strict = [{ file: 'plan.yaml', find: 'cycles:\n', replace: 'rollup:\n  min_coverage: 0.6\ncycles:\n' }];
    const r = computeRollup(await modelOf(strict), { cycle: 'winter', asOf: '2020-03-01' });
    // s3: a4 rated, b2 not: 1 of 2 is below 60%
    expect(strategy(r, 's3')).toMatchObject({ rating: null, computed: null, enoughRatings: false, coverage: { rated: 1, total: 2 } });
    // t1: s1 rated, s2 not: 1 of 2 strategies
    expect(theory(r, 't1')).toMatchObject({ rating: null, enoughRatings: false, coverage: { rated: 1, total: 2 } });
    // Whole plan: no theory has enough, so no headline at all rather than one from a single action
    expect(r.plan).toMatchObject({ rating: null, computed: null, enoughRatings: false, reporting: true });
    // With the default (half), 1 of 2 is enough
    const lenient = computeRollup(await modelOf(), { cycle: 'winter', asOf: '2020-03-01' });
    expect(strategy(lenient, 's3')).toMatchObject({ rating: 3, enoughRatings: true });
  });

  it('one rated action does not carry a plan whose other parts are unrated', async () => {
    // Winter: only a4 keeps a rating; s1 loses all three of its ratings
    const sparse = [
      { file: 'schools/a.yaml', find: '{id: a1, title: A one., strategy: s1, owner: principal, progress: {fall: {rating: 3}, winter: {rating: 2}}}', replace: '{id: a1, title: A one., strategy: s1, owner: principal, progress: {fall: {rating: 3}}}' },
      { file: 'schools/a.yaml', find: '{id: a2, title: A two., strategy: s1, owner: principal, progress: {fall: {rating: 2}, winter: {rating: 2}}}', replace: '{id: a2, title: A two., strategy: s1, owner: principal, progress: {fall: {rating: 2}}}' },
      { file: 'schools/b.yaml', find: "{id: b1, title: B one., strategy: s1, owner: principal, progress: {fall: {rating: 1}, winter: {rating: 3}}}", replace: "{id: b1, title: B one., strategy: s1, owner: principal, progress: {fall: {rating: 1}}}" },
    ];
    const r = computeRollup(await modelOf(sparse), { cycle: 'winter', asOf: '2020-03-01' });
    // t1: s1 0 of 3, s2 0 of 1: nothing; t2: a4 = 3 of s3 (1 of 2) -> 3
    expect(theory(r, 't1')).toMatchObject({ rating: null, enoughRatings: false });
    expect(theory(r, 't2').rating).toBe(3);
    // The plan: 1 of 2 theories has a value: exactly half, so it is shown, from t2 alone
    expect(r.plan).toMatchObject({ rating: 3, coverage: { rated: 1, total: 2 }, actions: { rated: 1, total: 6 } });
  });

  it('holistic ratings on items without actions roll up like any other value', async () => {
    const holisticOnly = [
      {
        file: 'plan.yaml',
        find: '      - {id: s3, text: Welcome every family.}\n',
        replace:
          '      - {id: s3, text: Welcome every family.}\n  - id: t3\n    title: Community\n    statement: If families trust us, then they engage.\n    strategies:\n      - id: s4\n        text: Listen to families.\n        holistic: {winter: {rating: 3, rationale: Every listening session held.}}\n',
      },
    ];
    const r = computeRollup(await modelOf(holisticOnly), { cycle: 'winter', asOf: '2020-03-01' });
    expect(strategy(r, 's4')).toMatchObject({ rating: 3, reporting: true, actions: { rated: 0, total: 0 } });
    // t3 reports through its strategy's holistic rating: it is not "not reporting"
    expect(theory(r, 't3')).toMatchObject({ rating: 3, reporting: true, computed: { value: 3 }, coverage: { rated: 1, total: 1 } });
    // The plan: (2.33 + 3 + 3) / 3 = 2.78 -> 3
    expect(r.plan.computed!.value).toBeCloseTo(25 / 9, 10);
  });
});
