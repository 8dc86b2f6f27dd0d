// The rollup engine: for one reporting cycle, a rating for every action, strategy, theory, school
// plan, office, network and the whole plan, with coverage, holistic overrides beside the computed
// value, and the trend from the previous cycle of the same kind. Plain data in, plain data out:
// the terminal dashboard and the reports read the same result.
import { itemMeasures, ownerOf, type CycleData, type HolisticEntry, type PlacedAction, type PlanModel } from '../plan/model.js';
import { band, majorityLevel, rollupConfig, type RollupCap, type RollupConfig, type RollupMethod } from './bands.js';
import { activeIn, appliesTo, expects, hasReported, latestRatedCycle, NO_CYCLES, planInYear, previousCycle, schoolActions, schoolPlans } from '../plan/calendar.js';
import { goalProgress, type GoalProgress } from './goals.js';
import { itemKind, type ItemKind, type TreeItem } from '../plan/tree.js';

export type Trend = 'up' | 'down' | 'same' | 'new';

export interface Figure {
  /** The rating shown: the holistic rating where a person set one, else the computed level. */
  rating: number | null;
  /**
   * What the children give: the raw value (a mean, median, minimum) and its level; `held` when the
   * majority rule (rollup.cap) kept the level below the value's band.
   */
  computed: { value: number; rating: number; held: Held | null } | null;
  holistic: { rating: number | null; rationale: string; ratedBy?: string } | null;
  /** The holistic rating and the computed value differ by a full level or more. */
  divergent: boolean;
  /** Whether anything reports here in this cycle: an action or item below that reports, or a holistic rating. */
  reporting: boolean;
  /**
   * Whether enough of what reports below is rated for a computed figure (rollup.min_coverage, default
   * half); when not, `computed` is null and the figure reads "not enough ratings (rated of total)".
   */
  enoughRatings: boolean;
  /** Direct children rated, of those that report in this cycle. */
  coverage: { rated: number; total: number };
  /** Actions rated, of those below that report in this cycle. */
  actions: { rated: number; total: number };
  /**
   * Items rated as a whole by people (no actions carry them out: expects_actions: false), of those
   * below the cycle expects a rating for: a plan rated item by item counts its coverage here.
   */
  items: { rated: number; total: number };
  /** Ids of the actions below that report in this cycle but have no rating. */
  missing: string[];
  /** Actions below rated at each level of the scale, lowest level first. */
  distribution: number[];
  /** Direct children (items, or actions at the level actions align to) shown at each level of the scale, lowest level first. */
  spread: number[];
  previous: number | null;
  trend: Trend;
}

/** The majority rule at work: the value's band, and how few below reach it. */
export interface Held {
  /** The level the value alone bands to. */
  band: number;
  /** How many of the rated children below are at `band` or above, of how many. */
  reaching: number;
  of: number;
}

export interface ActionFigure {
  id: string;
  title: string;
  /** The item it aligns to (a strategy, or an item of the level the plan aligns actions to). */
  strategy: string;
  /** The top item above it (a theory of action, or an item of the plan's top level). */
  theory: string;
  owner: string | null;
  plan: { kind: 'school' | 'office'; id: string };
  file: string;
  weight: number;
  /** Whether the action is due to report in this cycle (its plan reports then and it is running). */
  expected: boolean;
  /** Whether it reports in this cycle: it is expected to, or was rated anyway. */
  reporting: boolean;
  rating: number | null;
  evidence: string | null;
  previous: number | null;
  trend: Trend;
}

/** An item of the plan's tree with its figure: a theory, a strategy, or an item of a declared level. */
export interface ItemNode {
  id: string;
  /** The depth of its level: 0 for the top. */
  depth: number;
  /** Its level's name in the district's words. */
  level: string;
  number?: number;
  /** Its title, else its text; for a group the plan gives no heading, its level and number (or id). */
  title: string;
  /** A group with no heading of its own: reports show its items without inventing one. */
  untitled?: boolean;
  text?: string;
  group?: string;
  /** Who answers for it (an id of a person or an office), where the plan names one. */
  owner?: string;
  figure: Figure;
  /** Its sub-items, down to the level actions align to. */
  children: ItemNode[];
  /** At the level actions align to: the actions that carry it out. */
  actions: string[];
}

export interface UnitNode {
  id: string;
  name: string;
  figure: Figure;
  /** Actions (schools, offices) or schools (networks) below. */
  children: string[];
}

export interface OverdueItem {
  action: string;
  title: string;
  owner: string | null;
  plan: { kind: 'school' | 'office'; id: string };
  file: string;
  cycle: string;
  due: string;
}

export interface AttentionItem {
  kind: 'action' | ItemKind | 'school' | 'office' | 'goal';
  id: string;
  title: string;
  rating: number | null;
  /** Rated lowest, declined, a holistic rating a level from the computed one; or a measure that missed its target or is off track. */
  reason: 'lowest' | 'declined' | 'divergent' | 'missed' | 'off-track';
  /** What the same failure also brought down below it, not listed again. */
  under: Array<{ kind: 'action' | ItemKind | 'school' | 'office'; id: string; title: string }>;
  /** For a measure of an item of the plan: the item. */
  of?: { level: string; id: string; name: string };
}

export interface Rollup {
  cycle: CycleData;
  previousCycle: CycleData | null;
  method: RollupMethod;
  /** Whether a figure is held to the level at least half below it reach (rollup.cap). */
  cap: RollupCap;
  /** The share of what reports below a figure that must be rated for it to be shown. */
  minCoverage: number;
  /**
   * What the plan rates at its foot in this cycle: its actions, or, in a plan rated item by item
   * (no actions report, items expect_actions: false), the items people rate as a whole. The words
   * "action steps rated" or "items rated" follow it.
   */
  foot: 'actions' | 'items';
  asOf: string;
  scope: { school?: string; theory?: string };
  plan: Figure;
  /** The plan's levels down to the one actions align to, top first, in the district's words. */
  levels: Array<{ singular: string; plural: string }>;
  /** The top items, each with its sub-items down to the level actions align to. */
  items: ItemNode[];
  actions: ActionFigure[];
  schools: UnitNode[];
  offices: UnitNode[];
  networks: UnitNode[];
  goals: GoalProgress[];
  overdue: OverdueItem[];
  attention: AttentionItem[];
}

export interface RollupOptions {
  /** The cycle id; default: the latest cycle with ratings. */
  cycle?: string;
  /** Today, as YYYY-MM-DD: what is overdue depends on it. */
  asOf: string;
  school?: string;
  theory?: string;
  /** Compare with the previous cycle of the same kind (default true); off, trends read "new". */
  trend?: boolean;
  /** The figures only (default false): no actions, goals, overdue ratings or attention list, and no lists of what is below a figure; for a caller that compares figures. */
  figuresOnly?: boolean;
  /**
   * Cycles already rolled up for the same plan and scope (see cycleMemo): a series of rollups, each
   * compared with the cycle before it, rolls each cycle up once rather than twice.
   */
  memo?: CycleMemo;
}

/** Each cycle's figures for one plan and scope, by cycle id: what every rollup of the series shares. */
export type CycleMemo = Map<string, unknown>;

export function cycleMemo(): CycleMemo {
  return new Map();
}

export class RollupError extends Error {
  constructor(
    message: string,
    readonly valid: string[],
    /** What to do, where a list of valid ids would not help. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The actions of the view, grouped once by index and shared by both cycles' rollups. */
interface ActionIndex {
  placed: PlacedAction[];
  byItem: Map<string, number[]>;
  bySchool: Map<string, number[]>;
  byOffice: Map<string, number[]>;
}

interface CycleResult {
  /** Per action (by index): its rating in the cycle, NaN for none. */
  ratings: Float64Array;
  expected: Uint8Array;
  figures: Map<string, Figure>;
}

function indexActions(placed: PlacedAction[]): ActionIndex {
  const index: ActionIndex = { placed, byItem: new Map(), bySchool: new Map(), byOffice: new Map() };
  placed.forEach((p, i) => {
    push(index.byItem, p.action.strategy, i);
    push(p.owner.kind === 'school' ? index.bySchool : index.byOffice, p.owner.id, i);
  });
  return index;
}

export function computeRollup(model: PlanModel, options: RollupOptions): Rollup {
  const scope = resolveScope(model, options);
  const inScope = (scope.school ? schoolActions(model, scope.school) : model.actions).filter((a) => !scope.theory || a.top === scope.theory);
  const cycle = resolveCycle(model, options.cycle, inScope, scope.school);
  // Objectives set for other school years do not count in this cycle.
  const placed = inScope.filter((a) => activeIn(a.activeYears, cycle));
  const previous = options.trend === false ? null : previousCycle(model, cycle);
  const config = rollupConfig(model.scale, model.plan.rollup);
  const index = indexActions(placed);
  // A cycle's figures depend on the plan, the scope and the actions active in it: within one memo (one plan, one scope) on the cycle alone.
  const memo = options.memo as Map<string, CycleResult> | undefined;
  const rolled = (actions: ActionIndex, of: CycleData): CycleResult => {
    const known = memo?.get(of.id);
    if (known) return known;
    const result = rollupCycle(model, actions, of, config, scope);
    memo?.set(of.id, result);
    return result;
  };
  const current = rolled(index, cycle);
  // The previous cycle's figures are that cycle's own rollup, of what was active then: across a
  // school-year boundary, last year's objectives, not this year's rated in a cycle before they began.
  const placedBefore = previous ? inScope.filter((a) => activeIn(a.activeYears, previous)) : [];
  const sameActions = placedBefore.length === placed.length && placedBefore.every((p, i) => p === placed[i]);
  const before = previous ? rolled(sameActions ? index : indexActions(placedBefore), previous) : null;
  const positionBefore = sameActions ? null : new Map(placedBefore.map((p, i) => [p, i]));

  // A cycle's figures are made with no trend ("new"): one compared with a rating before is a copy
  // that says so, and the rest are shared (readers copy figures, never change them).
  const withTrend = (key: string): Figure => {
    const figure = current.figures.get(key)!;
    const prior = before?.figures.get(key)?.rating ?? null;
    return prior === null ? figure : { ...figure, previous: prior, trend: trendOf(figure.rating, prior) };
  };

  const actions: ActionFigure[] = options.figuresOnly ? [] : placed.map((p, i) => {
    const rating = ratingAt(current.ratings, i);
    const at = positionBefore ? positionBefore.get(p) : i;
    const prior = before && at !== undefined ? ratingAt(before.ratings, at) : null;
    return {
      id: p.action.id,
      title: p.action.title,
      strategy: p.action.strategy,
      theory: p.top,
      owner: p.action.owner ?? null,
      plan: p.owner,
      file: p.file,
      weight: p.action.weight ?? 1,
      expected: current.expected[i] === 1,
      reporting: current.expected[i] === 1 || rating !== null,
      rating,
      evidence: p.action.progress?.[cycle.id]?.evidence ?? null,
      previous: prior,
      trend: trendOf(rating, prior),
    };
  });
  const ids = (indices: number[] | undefined) => (options.figuresOnly ? [] : (indices ?? []).map((i) => placed[i]!.action.id));

  const schoolTops = scope.school ? new Set(placed.map((p) => p.top)) : null;
  const node = (item: TreeItem): ItemNode => {
    const { data } = item;
    const made: ItemNode = {
      id: item.id,
      depth: item.depth,
      level: item.level.singular,
      title: data.title ?? data.text ?? untitledName(item),
      figure: withTrend(`item:${item.id}`),
      children: item.depth < model.tree.align ? item.children.filter((c) => activeIn(c.activeYears, cycle)).map(node) : [],
      actions: item.depth === model.tree.align ? ids(index.byItem.get(item.id)) : [],
    };
    // Only the fields the plan gives: a node of every school's rollup is made thousands of times.
    if (data.number !== undefined) made.number = data.number;
    if (data.title === undefined && data.text === undefined) made.untitled = true;
    if (data.text !== undefined) made.text = data.text;
    if (data.group) made.group = data.group;
    if (data.owner) made.owner = data.owner;
    return made;
  };
  const items = topItems(model, scope, cycle)
    .filter((t) => !schoolTops || schoolTops.has(t.id))
    .map(node);

  // A school's own rollup lists that school alone: not a pass over the district's thousands.
  const schools: UnitNode[] = (scope.school ? [schoolsById(model).get(scope.school)!] : (model.plan.schools ?? []))
    .filter((s) => index.bySchool.has(s.id))
    .map((s) => ({ id: s.id, name: s.name, figure: withTrend(`school:${s.id}`), children: ids(index.bySchool.get(s.id)) }));
  const offices: UnitNode[] = (model.plan.offices ?? [])
    .filter((o) => index.byOffice.has(o.id))
    .map((o) => ({ id: o.id, name: o.name, figure: withTrend(`office:${o.id}`), children: ids(index.byOffice.get(o.id)) }));
  const networkOf = new Map((model.plan.networks ?? []).length ? (model.plan.schools ?? []).map((s) => [s.id, s.network]) : []);
  // Every network is listed, reporting or not: a network whose schools keep no action plans here is
  // still part of the plan.
  const networks: UnitNode[] = (model.plan.networks ?? []).map((n) => ({
    id: n.id,
    name: n.name,
    figure: withTrend(`network:${n.id}`),
    children: schools.filter((s) => networkOf.get(s.id) === n.id).map((s) => s.id),
  }));

  const rollup: Rollup = {
    cycle,
    previousCycle: previous,
    method: config.method,
    cap: config.cap,
    minCoverage: config.minCoverage,
    foot: current.figures.get('plan')!.actions.total === 0 && current.figures.get('plan')!.items.total > 0 ? 'items' : 'actions',
    asOf: options.asOf,
    scope,
    plan: withTrend('plan'),
    levels: model.tree.levels.slice(0, model.tree.align + 1).map((l) => ({ singular: l.singular, plural: l.plural })),
    items,
    actions,
    schools,
    offices,
    networks,
    goals: options.figuresOnly ? [] : goalsOf(model, cycle, scope),
    overdue: options.figuresOnly ? [] : overdueItems(model, placed, cycle, options.asOf),
    attention: [],
  };
  if (!options.figuresOnly) rollup.attention = attentionItems(model, rollup, config);
  return rollup;
}

function resolveCycle(model: PlanModel, id: string | undefined, placed: PlacedAction[], school: string | undefined): CycleData {
  const valid = model.cycles.map((c) => c.id);
  if (id === undefined) {
    const latest = latestRatedCycle(model, placed, school) ?? model.cycles[model.cycles.length - 1];
    if (!latest) throw new RollupError(NO_CYCLES.message, valid, NO_CYCLES.hint);
    return latest;
  }
  const cycle = model.cycles.find((c) => c.id === id);
  if (!cycle) throw new RollupError(`unknown ${model.terms.cycle.singular.toLowerCase()} "${id}"`, valid);
  return cycle;
}

// The plan's schools by id, once per plan.yaml (models of some of its files share it): a website
// rolls up each of thousands. The first of an id, as a search would find it.
const schoolsByIdOf = new WeakMap<object, Map<string, NonNullable<PlanModel['plan']['schools']>[number]>>();

function schoolsById(model: PlanModel): Map<string, NonNullable<PlanModel['plan']['schools']>[number]> {
  let byId = schoolsByIdOf.get(model.plan);
  if (!byId) schoolsByIdOf.set(model.plan, (byId = new Map([...(model.plan.schools ?? [])].reverse().map((s) => [s.id, s]))));
  return byId;
}

function resolveScope(model: PlanModel, options: RollupOptions): { school?: string; theory?: string } {
  if (options.school !== undefined && !schoolsById(model).has(options.school)) {
    throw new RollupError(`unknown ${model.terms.school.singular.toLowerCase()} "${options.school}"`, (model.plan.schools ?? []).map((s) => s.id));
  }
  const tops = model.tree.roots.map((t) => t.id);
  if (options.theory !== undefined && !tops.includes(options.theory)) {
    throw new RollupError(`unknown ${model.tree.levels[0]!.singular.toLowerCase()} "${options.theory}"`, tops);
  }
  return { ...(options.school !== undefined ? { school: options.school } : {}), ...(options.theory !== undefined ? { theory: options.theory } : {}) };
}

// Each school's and office's own holistic rating for a cycle, by "school:id": made once per model and
// cycle, not for every school's rollup (a website rolls up each of thousands).
const holisticByUnitOf = new WeakMap<PlanModel, Map<string, Map<string, HolisticEntry | undefined>>>();

function holisticByUnit(model: PlanModel, cycle: CycleData): Map<string, HolisticEntry | undefined> {
  let byCycle = holisticByUnitOf.get(model);
  if (!byCycle) holisticByUnitOf.set(model, (byCycle = new Map()));
  let found = byCycle.get(cycle.id);
  if (!found) byCycle.set(cycle.id, (found = new Map(model.actionPlans.filter((p) => planInYear(p, cycle)).map((p) => [`${p.kind}:${ownerOf(p)}`, p.data.holistic?.[cycle.id]]))));
  return found;
}

function rollupCycle(
  model: PlanModel,
  index: ActionIndex,
  cycle: CycleData,
  config: RollupConfig,
  scope: { school?: string; theory?: string },
): CycleResult {
  const applies = appliesTo(cycle);
  const { placed } = index;
  const ratings = new Float64Array(placed.length);
  const expected = new Uint8Array(placed.length);
  // Expected decides what is missing; a rating given outside the expected cycles still counts.
  const counted = new Uint8Array(placed.length);
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i]!;
    const rating = p.action.progress?.[cycle.id]?.rating;
    ratings[i] = typeof rating === 'number' ? rating : NaN;
    expected[i] = expects(cycle, p, applies) ? 1 : 0;
    counted[i] = expected[i] === 1 || typeof rating === 'number' ? 1 : 0;
  }
  const figures = new Map<string, Figure>();

  const values: number[] = [];
  const weights: number[] = [];
  const levelIndex = new Map(config.levels.map((v, i) => [v, i]));
  // Most items of a school's view have none of its actions: they share one figure of nothing (figures are copied, never changed, by their readers).
  let nothing: ReturnType<typeof fromActions> | null = null;
  const fromActions = (indices: number[] | undefined, holistic: HolisticEntry | undefined): ReturnType<typeof fromSome> => {
    if (!indices?.length && holistic === undefined) return (nothing ??= fromSome(undefined, undefined));
    return fromSome(indices, holistic);
  };
  const fromSome = (indices: number[] | undefined, holistic: HolisticEntry | undefined) => {
    values.length = 0;
    weights.length = 0;
    const missing: string[] = [];
    const distribution = new Array<number>(config.levels.length).fill(0);
    for (const i of indices ?? []) {
      if (!counted[i]) continue;
      const rating = ratings[i]!;
      if (Number.isNaN(rating)) missing.push(placed[i]!.action.id);
      else {
        values.push(rating);
        weights.push(placed[i]!.action.weight ?? 1);
        const level = levelIndex.get(rating);
        if (level !== undefined) distribution[level]! += 1;
      }
    }
    const total = values.length + missing.length;
    return figure(values, weights, values, total, holistic, config, { rated: values.length, total }, missing, config.method, distribution, distribution, { rated: 0, total: 0 });
  };
  // An item no action carries out is rated as a whole, by people: in a cycle that reports on the
  // district's work it is expected, and without a rating it is unrated, not absent.
  const byPeople = (holistic: HolisticEntry | undefined) => {
    const rating = holistic && holistic.rating !== null ? holistic.rating : null;
    const none = new Array<number>(config.levels.length).fill(0);
    // Its own rating is what a plan rated item by item counts at its foot, as others count actions.
    const distribution = config.levels.map((level) => (level === rating ? 1 : 0));
    const f = figure(rating === null ? [] : [rating], null, rating === null ? [] : [rating], 1, holistic, config, { rated: 0, total: 0 }, [], config.method, distribution, none, { rated: rating === null ? 0 : 1, total: 1 });
    return { ...f, computed: null, divergent: false, reporting: true, enoughRatings: true };
  };
  // Above strategies, children count equally: weights belong to actions.
  const fromFigures = (keys: string[], holistic: HolisticEntry | undefined) => {
    const subs = keys.map((k) => figures.get(k)!).filter((f) => f.reporting);
    // Each child gives its unbanded value (or the holistic rating a person set): a figure is banded
    // once, for display, so rounding at one level never lifts the next.
    const rated = subs.map(contribution).filter((v): v is number => v !== null);
    const actionsRated = subs.reduce((n, f) => n + f.actions.rated, 0);
    const actionsTotal = subs.reduce((n, f) => n + f.actions.total, 0);
    const method = config.method === 'weighted' ? 'mean' : config.method;
    const distribution = config.levels.map((_, i) => subs.reduce((n, f) => n + f.distribution[i]!, 0));
    const shown = subs.map((f) => f.rating).filter((v): v is number => v !== null);
    const spread = config.levels.map((level) => shown.filter((v) => v === level).length);
    const items = { rated: subs.reduce((n, f) => n + f.items.rated, 0), total: subs.reduce((n, f) => n + f.items.total, 0) };
    return figure(rated, null, shown, subs.length, holistic, config, { rated: actionsRated, total: actionsTotal }, subs.flatMap((f) => f.missing), method, distribution, spread, items);
  };

  // A school's own view judges the school's work, not the district's holistic view of a strategy.
  const useDistrictHolistic = !scope.school;
  // Only what is active in the cycle's school year counts (annual objectives).
  const align = model.tree.align;
  const visit = (item: TreeItem): string => {
    const key = `item:${item.id}`;
    const holistic = useDistrictHolistic ? item.data.holistic?.[cycle.id] : undefined;
    const actions = index.byItem.get(item.id);
    if (item.depth === align && !actions?.length && !item.expectsActions && applies.district && useDistrictHolistic) figures.set(key, byPeople(holistic));
    else if (item.depth === align) figures.set(key, fromActions(actions, holistic));
    else figures.set(key, fromFigures(item.children.filter((c) => activeIn(c.activeYears, cycle)).map(visit), holistic));
    return key;
  };
  figures.set('plan', fromFigures(topItems(model, scope, cycle).map(visit), undefined));

  const holisticOf = holisticByUnit(model, cycle);
  for (const [school, indices] of index.bySchool) figures.set(`school:${school}`, fromActions(indices, holisticOf.get(`school:${school}`)));
  for (const [office, indices] of index.byOffice) figures.set(`office:${office}`, fromActions(indices, holisticOf.get(`office:${office}`)));
  for (const network of model.plan.networks ?? []) {
    const members = (model.plan.schools ?? []).filter((s) => s.network === network.id && figures.has(`school:${s.id}`));
    figures.set(`network:${network.id}`, fromFigures(members.map((s) => `school:${s.id}`), undefined));
  }
  return { ratings, expected, figures };
}

export interface SchoolTheoryGrid {
  cycle: CycleData;
  /** The plan's top items active in the cycle. */
  theories: Array<{ id: string; title: string; number?: number }>;
  /** Per school: its rating for each top item (its own actions only), in the order of `theories`. */
  schools: Array<{ id: string; name: string; ratings: Array<number | null>; rating: number | null; rated: number; total: number }>;
}

/** Every school's rating per theory in one cycle, from the school's own actions, in one pass. */
export function schoolTheoryGrid(model: PlanModel, cycleId: string): SchoolTheoryGrid {
  const cycle = resolveCycle(model, cycleId, model.actions, undefined);
  const config = rollupConfig(model.scale, model.plan.rollup);
  const bySchool = new Map<string, PlacedAction[]>();
  for (const p of model.actions) if (p.owner.kind === 'school' && activeIn(p.activeYears, cycle)) push(bySchool, p.owner.id, p);
  const theoriesNow = topItems(model, {}, cycle);
  const schools: SchoolTheoryGrid['schools'] = [];
  for (const school of model.plan.schools ?? []) {
    const placed = bySchool.get(school.id);
    if (!placed) continue;
    const result = rollupCycle(model, indexActions(placed), cycle, config, { school: school.id });
    schools.push({
      id: school.id,
      name: school.name,
      ratings: theoriesNow.map((t) => {
        const f = result.figures.get(`item:${t.id}`);
        return f && f.actions.total > 0 ? f.rating : null;
      }),
      rating: result.figures.get(`school:${school.id}`)?.rating ?? null,
      rated: result.figures.get(`school:${school.id}`)?.actions.rated ?? 0,
      total: result.figures.get(`school:${school.id}`)?.actions.total ?? 0,
    });
  }
  return {
    cycle,
    theories: theoriesNow.map((t) => ({ id: t.id, title: t.data.title ?? t.data.text ?? t.id, ...(t.data.number !== undefined ? { number: t.data.number } : {}) })),
    schools,
  };
}

/** What a group with no heading is called where a name is needed (a chart, a status row): "Priority 2", or its level and id. */
function untitledName(item: TreeItem): string {
  return `${item.level.singular} ${item.data.number ?? item.id}`;
}

/** The top items in scope that are active in the cycle's school year. */
function topItems(model: PlanModel, scope: { theory?: string }, cycle: CycleData): TreeItem[] {
  return model.tree.roots.filter((t) => (!scope.theory || t.id === scope.theory) && activeIn(t.activeYears, cycle));
}

/** Every node of a rollup's tree, parents before children. */
export function itemNodes(items: readonly ItemNode[]): ItemNode[] {
  const out: ItemNode[] = [];
  const visit = (node: ItemNode) => {
    out.push(node);
    node.children.forEach(visit);
  };
  items.forEach(visit);
  return out;
}

function ratingAt(ratings: Float64Array, i: number): number | null {
  const rating = ratings[i]!;
  return Number.isNaN(rating) ? null : rating;
}

/** What a child figure gives the figure above it: the holistic rating a person set, else its unbanded value. */
function contribution(f: Figure): number | null {
  if (f.holistic && f.holistic.rating !== null) return f.holistic.rating;
  return f.computed?.value ?? null;
}

/**
 * A figure from the values of the rated children (`values`, with `weights` or none) of `total` that
 * report. Computed only when at least `config.minCoverage` of them are rated: one rating of five does
 * not speak for the five.
 */
function figure(
  values: number[],
  weights: number[] | null,
  shownBelow: number[],
  total: number,
  holistic: HolisticEntry | undefined,
  config: RollupConfig,
  actions: { rated: number; total: number },
  missing: string[],
  method: RollupMethod,
  distribution: number[],
  spread: number[],
  items: Figure['items'],
): Figure {
  const enough = total > 0 && values.length >= total * config.minCoverage - 1e-9;
  const value = enough ? aggregate(values, weights, method) : null;
  const computed = value === null ? null : levelOfValue(value, method === 'minimum', shownBelow, weights, config);
  const held = holistic ? { rating: holistic.rating, rationale: holistic.rationale, ...(holistic.rated_by ? { ratedBy: holistic.rated_by } : {}) } : null;
  const shown = held && held.rating !== null ? held.rating : (computed?.rating ?? null);
  return {
    rating: shown,
    computed,
    holistic: held,
    divergent: !!(held && held.rating !== null && computed && Math.abs(held.rating - computed.value) >= config.levelGap - 1e-9),
    reporting: total > 0 || held !== null,
    enoughRatings: total === 0 || enough,
    coverage: { rated: values.length, total },
    actions,
    missing,
    distribution,
    spread,
    items,
    previous: null,
    trend: 'new',
  };
}

/**
 * The level a computed value shows: its band, held down by the majority rule (rollup.cap) to the
 * level at least half of what is shown below reaches. Means of 2.5, 2.44, 3 and 2.33 give 2.57,
 * which bands to 3; but only one of the four reads 3, so the figure reads 2, and says why.
 */
function levelOfValue(value: number, isLevel: boolean, shownBelow: number[], weights: number[] | null, config: RollupConfig): NonNullable<Figure['computed']> {
  const banded = isLevel ? value : band(value, config);
  const cap = config.cap === 'majority' ? majorityLevel(shownBelow, weights && weights.length === shownBelow.length ? weights : null) : null;
  if (cap === null || banded <= cap) return { value, rating: banded, held: null };
  const reaching = shownBelow.filter((v) => v >= banded).length;
  return { value, rating: cap, held: { band: banded, reaching, of: shownBelow.length } };
}

export function aggregate(values: readonly number[], weights: readonly number[] | null, method: RollupMethod): number | null {
  const n = values.length;
  if (!n) return null;
  switch (method) {
    case 'minimum': {
      let min = Infinity;
      for (let i = 0; i < n; i++) if (values[i]! < min) min = values[i]!;
      return min;
    }
    case 'median': {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = n >> 1;
      return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    }
    case 'weighted': {
      let sum = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const w = weights ? weights[i]! : 1;
        sum += values[i]! * w;
        total += w;
      }
      return total > 0 ? sum / total : null;
    }
    default: {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[i]!;
      return sum / n;
    }
  }
}

function trendOf(now: number | null, before: number | null): Trend {
  if (now === null || before === null) return 'new';
  if (now > before) return 'up';
  if (now < before) return 'down';
  return 'same';
}

function overdueItems(model: PlanModel, placed: PlacedAction[], upTo: CycleData, asOf: string): OverdueItem[] {
  const items: OverdueItem[] = [];
  for (const cycle of model.cycles) {
    if (cycle.due > upTo.due || cycle.due >= asOf) continue;
    const applies = appliesTo(cycle);
    for (const p of placed) {
      // Recorded as not rated, with the reason, is an answer; a bare null is not.
      if (!expects(cycle, p, applies) || hasReported(p.action.progress?.[cycle.id])) continue;
      items.push({ action: p.action.id, title: p.action.title, owner: p.action.owner ?? null, plan: p.owner, file: p.file, cycle: cycle.id, due: cycle.due });
    }
  }
  return items;
}

function goalsOf(model: PlanModel, cycle: CycleData, scope: { school?: string; theory?: string }): GoalProgress[] {
  const serves = (ids: string[]) => {
    if (!scope.theory) return true;
    return ids.some((id) => model.tree.byId.get(id)?.lineage[0]!.id === scope.theory);
  };
  const out: GoalProgress[] = [];
  if (!scope.school) {
    for (const goal of model.plan.goals ?? []) {
      const progress = goalProgress(goal, 'district', model, cycle);
      if (progress && serves(progress.serves)) out.push(progress);
    }
    for (const { item, goal } of itemMeasures(model.tree)) {
      // A key result of an objective set for another school year is not this cycle's.
      if (!activeIn(model.tree.byId.get(item.id)?.activeYears ?? null, cycle)) continue;
      const progress = goalProgress({ ...goal, serves: [item.id] }, 'district', model, cycle);
      if (progress && serves(progress.serves)) out.push({ ...progress, item });
    }
  }
  for (const plan of scope.school ? schoolPlans(model, scope.school) : model.actionPlans) {
    if (plan.kind !== 'school' || (scope.school && plan.data.school !== scope.school) || !planInYear(plan, cycle)) continue;
    for (const goal of plan.data.goals ?? []) {
      const progress = goalProgress(goal, plan.data.school ?? '', model, cycle);
      if (progress && serves(progress.serves)) out.push(progress);
    }
  }
  return out;
}

/**
 * What needs attention, each failure named once, at the highest level it explains: one action
 * rated lowest makes its strategy, its theory and its school lowest too, and is listed once, under
 * the theory, with the others beneath it. A figure is explained by an entry above it when the
 * ratings that put it there (its actions at the lowest level, or that declined; or its own holistic
 * rating) are all among that entry's. Measures off track or missed come after, each once.
 */
function attentionItems(model: PlanModel, rollup: Rollup, config: RollupConfig): AttentionItem[] {
  const lowest = config.lowest;
  const actionById = new Map(rollup.actions.map((a) => [a.id, a]));
  const causesOf = (f: Figure, actions: string[], reason: 'lowest' | 'declined', self: string): Set<string> => {
    if (f.holistic && f.holistic.rating !== null) return new Set([self]);
    const below = actions.map((id) => actionById.get(id)).filter((a): a is ActionFigure => !!a && a.reporting);
    const causes = below.filter((a) => (reason === 'lowest' ? a.rating === lowest : a.trend === 'down')).map((a) => a.id);
    return new Set(causes.length ? causes : [self]);
  };
  const actionsUnder = (node: ItemNode): string[] => [...node.actions, ...node.children.flatMap(actionsUnder)];
  type Candidate = AttentionItem & { causes: Set<string> };
  const candidates: Candidate[] = [];
  const consider = (kind: AttentionItem['kind'], id: string, title: string, f: Figure, actions: string[]) => {
    const what = { kind, id, title, rating: f.rating, under: [] };
    const self = `${kind}:${id}`;
    if (f.rating === lowest) candidates.push({ ...what, reason: 'lowest', causes: causesOf(f, actions, 'lowest', self) });
    else if (f.trend === 'down') candidates.push({ ...what, reason: 'declined', causes: causesOf(f, actions, 'declined', self) });
    if (f.divergent) candidates.push({ ...what, reason: 'divergent', causes: new Set([`divergent:${self}`]) });
  };
  // Highest first: the plan's levels top down, then schools and offices, then actions.
  const nodes = itemNodes(rollup.items).sort((a, b) => a.depth - b.depth);
  for (const node of nodes) consider(itemKind(model.tree, node.depth), node.id, node.title, node.figure, actionsUnder(node));
  for (const s of rollup.schools) consider('school', s.id, s.name, s.figure, s.children);
  for (const o of rollup.offices) consider('office', o.id, o.name, o.figure, o.children);
  for (const a of rollup.actions) {
    if (!a.reporting) continue;
    const what = { kind: 'action' as const, id: a.id, title: a.title, rating: a.rating, under: [], causes: new Set([a.id]) };
    if (a.rating === lowest) candidates.push({ ...what, reason: 'lowest' });
    else if (a.trend === 'down') candidates.push({ ...what, reason: 'declined' });
  }
  const kept: Candidate[] = [];
  // The entries kept so far, by reason and cause: an entry that covers a candidate holds all its
  // causes, so it is among those that hold its first. Looking there, in the order they were kept,
  // finds the same entry as looking through all of them, without the square of a district's
  // thousands of failing actions.
  const keptByCause = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const [first] = c.causes;
    const covering = (keptByCause.get(`${c.reason}\u0000${first}`) ?? []).find((k) => [...c.causes].every((x) => k.causes.has(x)));
    if (covering && c.kind !== 'goal') covering.under.push({ kind: c.kind, id: c.id, title: c.title });
    else {
      kept.push(c);
      for (const cause of c.causes) {
        const key = `${c.reason}\u0000${cause}`;
        const list = keptByCause.get(key);
        if (list) list.push(c);
        else keptByCause.set(key, [c]);
      }
    }
  }
  const items: AttentionItem[] = kept.map(({ causes: _causes, ...item }) => item);
  for (const status of ['missed', 'off-track'] as const) {
    for (const g of rollup.goals) {
      if (g.status !== status) continue;
      items.push({ kind: 'goal', id: g.id, title: g.title, rating: null, reason: status, under: [], ...(g.item ? { of: { level: g.item.level, id: g.item.id, name: g.item.name } } : {}) });
    }
  }
  return items;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
