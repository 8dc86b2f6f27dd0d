// The reporting calendar: which cycle came before, which action plans report in a cycle, and
// which cycle a status shows by default.
import type { CycleData, CycleKind, GoalData, PlacedAction, PlanModel } from './model.js';
import type { TreeItem } from './tree.js';

// Board reports (Mid-Year, End-of-Year) are one series: February is compared with the June before.
const FAMILY: Record<CycleKind, string> = { sam: 'sam', midyear: 'board', eoy: 'board', 'ninety-day': 'ninety-day', other: 'other' };

/** A plan with no reporting cycles yet (a plan just adopted): what a command that rates says, and what to do. */
export const NO_CYCLES = {
  message: 'the plan defines no reporting cycles, so nothing in it is rated yet',
  hint: 'Add its reporting cycles to plan.yaml under cycles:, each with an id, a name, a kind (sam, midyear, eoy, ninety-day or other) and a due date. Meanwhile plan report and plan site publish the plan as adopted.',
};

export function previousCycle(model: PlanModel, cycle: CycleData): CycleData | null {
  const index = model.cycles.indexOf(cycle);
  for (let i = index - 1; i >= 0; i--) if (FAMILY[model.cycles[i]!.kind] === FAMILY[cycle.kind]) return model.cycles[i]!;
  return null;
}

/** A progress entry answers for its cycle when it has a rating, or says (with evidence) why there is none. */
export function hasReported(entry: { rating?: unknown; evidence?: unknown } | undefined): boolean {
  if (!entry) return false;
  return typeof entry.rating === 'number' || (typeof entry.evidence === 'string' && entry.evidence.trim() !== '');
}

export function appliesTo(cycle: Pick<CycleData, 'kind' | 'applies_to'>): { district: boolean; schools: boolean } {
  const scope = cycle.applies_to ?? (cycle.kind === 'sam' ? ['schools'] : cycle.kind === 'midyear' || cycle.kind === 'eoy' ? ['district'] : ['district', 'schools']);
  return { district: scope.includes('district'), schools: scope.includes('schools') };
}

/** The school year a cycle belongs to: its own, or the one its due date falls in (July to June). */
export function schoolYearOf(cycle: Pick<CycleData, 'school_year' | 'due'>): string {
  if (cycle.school_year) return cycle.school_year;
  const year = Number(cycle.due.slice(0, 4));
  const start = Number(cycle.due.slice(5, 7)) >= 7 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Whether an item with these active school years (null: every year) counts in a cycle. */
export function activeIn(activeYears: readonly string[] | null | undefined, cycle: Pick<CycleData, 'school_year' | 'due'>): boolean {
  return !activeYears || activeYears.includes(schoolYearOf(cycle));
}

/**
 * Whether an action is expected to report in a cycle: its plan reports then, it is running, and the
 * objective it carries out is active in the cycle's school year.
 */
export function expects(cycle: CycleData, placed: PlacedAction, scope = appliesTo(cycle)): boolean {
  return activeIn(placed.activeYears, cycle) && expectsOf(cycle, placed.owner.kind, placed.action.timeline, scope);
}

export function expectsOf(
  cycle: Pick<CycleData, 'kind' | 'applies_to' | 'start' | 'end' | 'due' | 'school_year'>,
  planKind: 'school' | 'office',
  timeline: { start?: unknown; end?: unknown } | undefined,
  scope = appliesTo(cycle),
): boolean {
  if (planKind === 'school' ? !scope.schools : !scope.district) return false;
  if (!timeline || typeof timeline.start !== 'string' || typeof timeline.end !== 'string') return true;
  const cycleEnd = cycle.end ?? cycle.due;
  if (timeline.start > cycleEnd) return false;
  // Without a start date, a cycle covers its school year (from July 1).
  const cycleStart = cycle.start ?? (cycle.school_year ? `${cycle.school_year.slice(0, 4)}-07-01` : undefined);
  if (cycleStart && timeline.end < cycleStart) return false;
  return true;
}

/**
 * The latest cycle (by due date) in which anything was rated: among `actions` (one school's, say),
 * and, unless `schoolOnly` names a school, the district's holistic ratings too.
 */
export function latestRatedCycle(
  model: PlanModel,
  actions: PlacedAction[] = model.actions,
  schoolOnly?: string,
  accept: (cycle: CycleData) => boolean = () => true,
): CycleData | null {
  const rated = new Set<string>();
  for (const { action } of actions) {
    for (const [cycle, entry] of Object.entries(action.progress ?? {})) if (entry?.rating !== null && entry?.rating !== undefined) rated.add(cycle);
  }
  if (schoolOnly === undefined) {
    for (const item of model.tree.items) for (const c of Object.keys(item.data.holistic ?? {})) rated.add(c);
  }
  // A school's own plans are found by its id, not by a pass over the district's thousands.
  for (const plan of schoolOnly === undefined ? model.actionPlans : schoolPlans(model, schoolOnly)) {
    for (const c of Object.keys(plan.data.holistic ?? {})) rated.add(c);
  }
  for (let i = model.cycles.length - 1; i >= 0; i--) if (rated.has(model.cycles[i]!.id) && accept(model.cycles[i]!)) return model.cycles[i]!;
  return null;
}

export type ReportType = 'board' | 'midyear' | 'eoy' | 'school';
export const REPORT_TYPES: readonly ReportType[] = ['board', 'midyear', 'eoy', 'school'];

/** Whether a report of a type can be made for a cycle: Mid-Year and End-of-Year for their own, school reports for school cycles. */
export function reportCovers(type: ReportType, cycle: CycleData): boolean {
  return type === 'midyear' ? cycle.kind === 'midyear' : type === 'eoy' ? cycle.kind === 'eoy' : type === 'school' ? appliesTo(cycle).schools : appliesTo(cycle).district;
}

/** The cycle a report shows when none is named: the latest of its kind with ratings, else the latest of its kind. */
export function defaultReportCycle(model: PlanModel, type: ReportType, school: string | undefined): CycleData | undefined {
  const wanted = (c: CycleData) => reportCovers(type, c);
  const actions = school ? schoolActions(model, school) : model.actions;
  return latestRatedCycle(model, actions, school, wanted) ?? model.cycles.filter(wanted).at(-1);
}

/** The cycles of the same kind as `cycle`, up to it, oldest first: at most `max`. */
export function cycleSeries(model: PlanModel, cycle: CycleData, max = 6): CycleData[] {
  const chain: CycleData[] = [cycle];
  const seen = new Set([cycle.id]);
  let before = previousCycle(model, cycle);
  while (before && !seen.has(before.id) && chain.length < max) {
    chain.unshift(before);
    seen.add(before.id);
    before = previousCycle(model, before);
  }
  return chain;
}

/**
 * The latest school cycle due by a district cycle: what a board report shows of the schools. In a
 * plan with no school cycles whose schools were rated in the district's own (RATING_OUTSIDE_REPORTING
 * warns of it), the report's cycle itself, so that the board still sees its schools.
 */
export function schoolCycleFor(model: PlanModel, cycle: CycleData): CycleData | undefined {
  const schoolCycle = [...model.cycles].reverse().find((c) => c.due <= cycle.due && appliesTo(c).schools);
  if (schoolCycle || model.cycles.some((c) => appliesTo(c).schools)) return schoolCycle;
  const rated = model.actions.some((p) => p.owner.kind === 'school' && typeof p.action.progress?.[cycle.id]?.rating === 'number');
  return rated ? cycle : undefined;
}

/**
 * Whether an action plan file speaks for a cycle: it is its owner's only file (the plan of every
 * year), or one of several kept one per school year and the cycle's.
 */
export function planInYear(plan: { byYear?: boolean; data: { school_year?: string } }, cycle: Pick<CycleData, 'school_year' | 'due'>): boolean {
  return !plan.byYear || plan.data.school_year === schoolYearOf(cycle);
}

/**
 * The items people rate as a whole in a cycle: at the level actions align to, carried out by no
 * action (expects_actions: false), active in the cycle's school year, in a cycle that reports on the
 * district. Status counts them, todo owes them, collect asks for them. `carried`: the items the
 * plan's actions carry out, when the model holds only some of its files.
 */
export function itemsRatedByPeople(model: Pick<PlanModel, 'tree' | 'actions'>, cycle: CycleData, carried: ReadonlySet<string> = new Set(model.actions.map((p) => p.action.strategy))): TreeItem[] {
  if (!appliesTo(cycle).district) return [];
  return model.tree.items.filter((item) => item.depth === model.tree.align && !item.expectsActions && !carried.has(item.id) && activeIn(item.activeYears, cycle));
}

/** Who answers for an item: its own owner, else the nearest item above it that names one. */
export function itemOwner(item: TreeItem): string | undefined {
  for (let i = item.lineage.length - 1; i >= 0; i--) {
    const owner = item.lineage[i]!.data.owner;
    if (owner) return owner;
  }
  return undefined;
}

/** The plan's measures a district cycle asks a value of: its goals, and the measures of its items active in the cycle. */
export function measuresAsked(model: Pick<PlanModel, 'plan' | 'tree'>, cycle: CycleData): Array<{ goal: GoalData; item: TreeItem | null }> {
  if (!appliesTo(cycle).district) return [];
  return [
    ...(model.plan.goals ?? []).filter((g) => g.metric).map((goal) => ({ goal, item: null })),
    ...model.tree.items.filter((item) => activeIn(item.activeYears, cycle)).flatMap((item) => (item.data.measures ?? []).filter((g) => g.metric).map((goal) => ({ goal, item }))),
  ];
}


/**
 * The measures of schools' and offices' own action plans a cycle asks a value of: a school's in the
 * cycles that report on schools, an office's in the district's, each from the file that speaks for
 * the cycle's year.
 */
export function unitMeasuresAsked(model: Pick<PlanModel, 'actionPlans'>, cycle: CycleData): Array<{ plan: PlanModel['actionPlans'][number]; goals: GoalData[] }> {
  const scope = appliesTo(cycle);
  return model.actionPlans
    .filter((plan) => (plan.kind === 'school' ? scope.schools : scope.district) && planInYear(plan, cycle))
    .map((plan) => ({ plan, goals: (plan.data.goals ?? []).filter((g) => g.metric) }))
    .filter((unit) => unit.goals.length > 0);
}

/** An action's latest rating by a day (a cycle's due date; every cycle when none), with the cycle it was given in. */
export function latestRating(model: Pick<PlanModel, 'cycles'>, progress: PlacedAction['action']['progress'], dueBy?: string): { rating: number; cycle: CycleData } | null {
  for (let i = model.cycles.length - 1; i >= 0; i--) {
    const cycle = model.cycles[i]!;
    if (dueBy !== undefined && cycle.due > dueBy) continue;
    const rating = progress?.[cycle.id]?.rating;
    if (typeof rating === 'number') return { rating, cycle };
  }
  return null;
}

/** Every measure plan.yaml holds: its goals, then its items' measures (key results), in the plan's order. */
export function planMeasures(model: Pick<PlanModel, 'plan' | 'tree'>): GoalData[] {
  return [...(model.plan.goals ?? []), ...model.tree.items.flatMap((item) => item.data.measures ?? [])];
}

/** Where a measure's value for a cycle is among its actuals: the cycle's own, else its school year's (written without a cycle). */
export function valueIndex(goal: GoalData, cycle: Pick<CycleData, 'id' | 'school_year'>): number | null {
  const actuals = goal.metric?.actuals ?? [];
  let at = actuals.findIndex((a) => a.cycle === cycle.id);
  if (at === -1) at = actuals.findIndex((a) => !a.cycle && a.school_year !== undefined && a.school_year === cycle.school_year);
  return at === -1 ? null : at;
}

// A plan's actions by school, made once per model: a school's report, rollup and default cycle read
// its own actions, not every action of the district (a website makes a page for each of thousands).
const bySchoolOf = new WeakMap<object, Map<string, PlanModel['actions']>>();

/** The actions of a school's action plans, in the plan's order. */
export function schoolActions(model: Pick<PlanModel, 'actions'>, school: string): PlanModel['actions'] {
  let bySchool = bySchoolOf.get(model);
  if (!bySchool) {
    bySchool = new Map();
    for (const a of model.actions) if (a.owner.kind === 'school') (bySchool.get(a.owner.id) ?? bySchool.set(a.owner.id, []).get(a.owner.id)!).push(a);
    bySchoolOf.set(model, bySchool);
  }
  return bySchool.get(school) ?? [];
}

const plansBySchoolOf = new WeakMap<object, Map<string, PlanModel['actionPlans']>>();

/** A school's action plans (one, or one per school year), found once per model. */
export function schoolPlans(model: Pick<PlanModel, 'actionPlans'>, school: string): PlanModel['actionPlans'] {
  let bySchool = plansBySchoolOf.get(model);
  if (!bySchool) {
    bySchool = new Map();
    for (const p of model.actionPlans) if (p.kind === 'school' && p.data.school) (bySchool.get(p.data.school) ?? bySchool.set(p.data.school, []).get(p.data.school)!).push(p);
    plansBySchoolOf.set(model, bySchool);
  }
  return bySchool.get(school) ?? [];
}
