// The plan in memory: the parsed documents of every file, indexed once for rollup and reports.
// Built from a plan loaded with keepData and without errors, so the data has the schemas' shape.
import type { FileResult } from './files.js';
import { DEFAULT_SCALE, type RatingScale, type ScaleLevel } from './scale.js';
import type { Terminology } from './terminology.js';

export interface ProgressEntry {
  rating: number | null;
  evidence?: string;
  next_steps?: string;
  reported_by?: string;
}

export interface HolisticEntry {
  rating: number | null;
  rationale: string;
  rated_by?: string;
}

export type CycleMap<T> = Record<string, T>;

export interface ActionData {
  id: string;
  title: string;
  description?: string;
  strategy: string;
  owner?: string;
  supporting?: string[];
  timeline?: { start: string; end: string };
  success_criteria?: Array<string | { measure: string; target: number | string }>;
  weight?: number;
  progress?: CycleMap<ProgressEntry>;
}

export interface MetricPoint {
  value: number;
  school_year?: string;
  cycle?: string;
  note?: string;
}

export interface GoalData {
  id: string;
  title: string;
  description?: string;
  serves?: string[];
  metric?: {
    name: string;
    unit?: string;
    direction: 'increase' | 'decrease';
    baseline: MetricPoint;
    target: MetricPoint;
    /** Interim targets, oldest first. */
    milestones?: MetricPoint[];
    actuals?: MetricPoint[];
    source?: string;
  };
}

export interface StrategyData {
  id: string;
  text: string;
  title?: string;
  group?: string;
  items?: string[];
  office?: string;
  /** The school years it is active; every year when absent. */
  school_years?: string[];
  expects_actions?: boolean;
  measures?: GoalData[];
  holistic?: CycleMap<HolisticEntry>;
}

export interface TheoryData {
  id: string;
  number?: number;
  title: string;
  statement?: string;
  strategies?: StrategyData[];
  school_years?: string[];
  expects_actions?: boolean;
  measures?: GoalData[];
  holistic?: CycleMap<HolisticEntry>;
}

export type CycleKind = 'sam' | 'midyear' | 'eoy' | 'ninety-day' | 'other';

export interface CycleData {
  id: string;
  name: string;
  kind: CycleKind;
  school_year?: string;
  start?: string;
  end?: string;
  due: string;
  meeting?: string;
  summary?: string;
  applies_to?: Array<'district' | 'schools'>;
}

export interface PlanData {
  version: 1;
  district: { id: string; name: string; short_name?: string; address?: string; website?: string; logo?: string; timezone?: string };
  plan: {
    id: string;
    title: string;
    subtitle?: string;
    period: { start: string; end: string };
    description?: string;
    vision?: string;
    mission?: string;
    core_beliefs?: string[];
    context?: Array<{ title: string; text?: string; items?: string[] }>;
    owners?: string[];
    templates?: string;
    /** false: the plan has no actions yet. */
    expects_actions?: boolean;
  };
  terminology?: unknown;
  /** As written: a level's colour may be left out (buildModel fills in the default's). */
  rating_scale?: { name?: string; levels: Array<Omit<ScaleLevel, 'color'> & { color?: string }> };
  rollup?: { method?: string; thresholds?: Array<{ rating: number; min: number }>; min_coverage?: number };
  cycles?: CycleData[];
  theories: TheoryData[];
  goals?: GoalData[];
  people?: Array<{ id: string; name: string; title?: string; handle?: string; email?: string }>;
  offices?: Array<{ id: string; name: string; directive?: string; lead?: string; description?: string }>;
  schools?: Array<{ id: string; name: string; grades?: string; network?: string; tier?: string; leader?: string; description?: string }>;
  networks?: Array<{ id: string; name: string; description?: string; partners?: string[]; resources?: string[]; focus?: string[] }>;
  partners?: Array<{ id: string; name: string; role?: string }>;
  autonomy?: unknown;
}

export interface ActionPlanData {
  school?: string;
  office?: string;
  school_year?: string;
  summary?: string;
  selected_strategies?: string[];
  team?: Array<{ id: string; name: string; role?: string; handle?: string }>;
  goals?: GoalData[];
  holistic?: CycleMap<HolisticEntry>;
  actions: ActionData[];
}

/** An action with where it belongs. */
export interface PlacedAction {
  action: ActionData;
  file: string;
  /** The school or office whose action plan holds it. */
  owner: { kind: 'school' | 'office'; id: string };
  theory: string;
  /** The school years the action's strategy is active (its own, else its theory's); null for every year. */
  activeYears: string[] | null;
}

export interface PlanModel {
  plan: PlanData;
  terms: Terminology;
  scale: RatingScale;
  /** Cycles sorted by due date. */
  cycles: CycleData[];
  actionPlans: Array<{ file: string; kind: 'school' | 'office'; data: ActionPlanData }>;
  actions: PlacedAction[];
  /** Strategy id -> its theory and its data. */
  strategies: Map<string, { theory: TheoryData; strategy: StrategyData }>;
}

/** What the model is built from: a loaded plan's files (with their data) and its terminology. */
export interface ModelSource {
  files: ReadonlyArray<Pick<FileResult, 'file' | 'kind' | 'data'>>;
  context: { terms: Terminology };
}

export function buildModel(loaded: ModelSource): PlanModel {
  const planFile = loaded.files.find((f) => f.kind === 'plan');
  if (!planFile?.data) throw new Error('buildModel needs a plan loaded with keepData and without errors');
  const plan = planFile.data as unknown as PlanData;
  const strategies = new Map<string, { theory: TheoryData; strategy: StrategyData }>();
  for (const theory of plan.theories) for (const strategy of theory.strategies ?? []) strategies.set(strategy.id, { theory, strategy });
  const actionPlans: PlanModel['actionPlans'] = [];
  const actions: PlacedAction[] = [];
  for (const file of loaded.files) {
    if (file.kind === 'plan' || !file.data) continue;
    const data = file.data as unknown as ActionPlanData;
    const kind = file.kind;
    actionPlans.push({ file: file.file, kind, data });
    const owner = { kind, id: ownerOf({ kind, data }) ?? '' };
    for (const action of data.actions ?? []) {
      const found = strategies.get(action.strategy);
      actions.push({ action, file: file.file, owner, theory: found?.theory.id ?? '', activeYears: found ? activeYearsOf(found.theory, found.strategy) : null });
    }
  }
  const scale: RatingScale = plan.rating_scale
    ? { name: plan.rating_scale.name ?? DEFAULT_SCALE.name, levels: plan.rating_scale.levels.map((l, i) => ({ ...l, color: l.color ?? DEFAULT_SCALE.levels[Math.min(i, 2)]!.color })) }
    : DEFAULT_SCALE;
  const cycles = [...(plan.cycles ?? [])].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  return { plan, terms: loaded.context.terms, scale, cycles, actionPlans, actions, strategies };
}

/** The school years a strategy is active: its own, else its theory's; null when every year. */
export function activeYearsOf(theory: Pick<TheoryData, 'school_years'>, strategy?: Pick<StrategyData, 'school_years'>): string[] | null {
  return strategy?.school_years ?? theory.school_years ?? null;
}

/** The measures the plan's theories and strategies carry, each with the item it measures, in the plan's order. */
export function itemMeasures(plan: PlanData): Array<{ item: { kind: 'theory' | 'strategy'; id: string; name: string }; goal: GoalData }> {
  const out: ReturnType<typeof itemMeasures> = [];
  for (const theory of plan.theories) {
    for (const goal of theory.measures ?? []) out.push({ item: { kind: 'theory', id: theory.id, name: theory.title }, goal });
    for (const strategy of theory.strategies ?? []) {
      for (const goal of strategy.measures ?? []) out.push({ item: { kind: 'strategy', id: strategy.id, name: strategy.title ?? strategy.text }, goal });
    }
  }
  return out;
}

/** The school or office an action plan belongs to. */
export function ownerOf(plan: { kind: 'school' | 'office'; data: Pick<ActionPlanData, 'school' | 'office'> }): string | undefined {
  return plan.kind === 'school' ? plan.data.school : plan.data.office;
}

export function levelOf(scale: RatingScale, rating: number | null | undefined): ScaleLevel | undefined {
  if (rating === null || rating === undefined) return undefined;
  return scale.levels.find((l) => l.value === rating);
}

/** The items an action aligns under, from the top level down, with the names people know them by. */
export function levelPath(model: PlanModel, strategyId: string): Array<{ level: 'theory' | 'strategy'; id: string; name: string }> {
  const found = model.strategies.get(strategyId);
  if (!found) return [];
  const { theory, strategy } = found;
  return [
    { level: 'theory', id: theory.id, name: theory.number !== undefined ? `${theory.number}. ${theory.title}` : theory.title },
    { level: 'strategy', id: strategy.id, name: strategy.title ?? strategy.text },
  ];
}
