// The plan in memory: the parsed documents of every file, indexed once for rollup and reports.
// Built from a plan loaded with keepData and without errors, so the data has the schemas' shape.
import type { FileResult } from './files.js';
import { DEFAULT_SCALE, type RatingScale, type ScaleLevel } from './scale.js';
import type { Terminology } from './terminology.js';
import { alignedItem, buildTree, type PlanTree, type TreeItem } from './tree.js';
import type { ChangeNote, CycleMap, GoalData, HolisticEntry, ItemData, ProgressEntry } from './plan-data.js';

export type { ChangeNote, CycleMap, GoalData, HolisticEntry, ItemData, MetricPoint, ProgressEntry } from './plan-data.js';

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
  /** The evidence behind the intervention, by ESSA tier. */
  evidence?: EvidenceData;
  /** What pays for it: a source, an amount and a school year per line. */
  funding?: FundingLineData[];
}

export interface EvidenceData {
  tier: number;
  citation?: string;
  logic_model?: string;
}

export interface FundingLineData {
  source: string;
  amount?: number;
  school_year?: string;
  code?: string;
  note?: string;
}

/** A strategy as the two-level shape writes it (`theories[].strategies[]`). */
export type StrategyData = Omit<ItemData, 'children' | 'number' | 'statement'> & { text: string };

/** A theory as the two-level shape writes it: the top item. */
export type TheoryData = Omit<ItemData, 'text' | 'group' | 'items' | 'office' | 'children'> & { title: string; strategies?: StrategyData[] };

/** The plan's words in one language, for reports in that language. */
export interface PlanTranslation {
  terminology?: unknown;
  rating_scale?: { name?: string; levels?: Array<{ label: string; description?: string }> };
  plan?: { title?: string; subtitle?: string; description?: string; vision?: string; mission?: string };
  /** Items' and goals' words, by id. */
  items?: Record<string, ItemTranslation>;
  /** The declared levels' names, top first. */
  levels?: Array<{ name: string; plural?: string }>;
  /** The cycles' names and messages, by id. */
  cycles?: Record<string, { name?: string; summary?: string }>;
  /** The offices' names, by id. */
  offices?: Record<string, { name?: string }>;
  /** The plan's context sections, in order. */
  context?: Array<{ title?: string; text?: string; items?: string[] } | null>;
}

export interface ItemTranslation {
  title?: string;
  text?: string;
  statement?: string;
  description?: string;
  /** A measure's name (metric.name). */
  metric?: string;
  items?: string[];
  /** A measure's student groups' names, in order. */
  groups?: string[];
}

/** A level of the plan as plan.yaml declares it. */
export interface LevelData {
  name: string;
  plural?: string;
  theory_of_action?: boolean;
  expects_actions?: boolean;
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
    /** The language the plan is written in (BCP 47); its reports default to it. */
    language?: string;
    /** Why a top-level item or a plan-wide measure was added or removed. */
    changes?: ChangeNote[];
  };
  terminology?: unknown;
  /** The plan's words in other languages, by BCP 47 tag. */
  translations?: Record<string, PlanTranslation>;
  /** As written: a level's colour may be left out (buildModel fills in the default's). */
  rating_scale?: { name?: string; levels: Array<Omit<ScaleLevel, 'color'> & { color?: string }> };
  rollup?: { method?: string; thresholds?: Array<{ rating: number; min: number }>; min_coverage?: number; cap?: string };
  cycles?: CycleData[];
  /** The two-level shape: theories, each with strategies. Absent when `levels` are declared. */
  theories?: TheoryData[];
  /** The plan's levels between the plan and its actions, top first (one to four). */
  levels?: LevelData[];
  /** The name of the level actions align to; default the lowest. */
  actions_align_to?: string;
  /** With `levels`: the top items, each with its `children`. */
  outline?: ItemData[];
  goals?: GoalData[];
  people?: Array<{ id: string; name: string; title?: string; handle?: string; email?: string }>;
  offices?: Array<{ id: string; name: string; directive?: string; lead?: string; members?: string[]; description?: string }>;
  schools?: Array<{ id: string; name: string; grades?: string; network?: string; tier?: string; leader?: string; description?: string }>;
  networks?: Array<{ id: string; name: string; description?: string; partners?: string[]; resources?: string[]; focus?: string[] }>;
  partners?: Array<{ id: string; name: string; role?: string }>;
  autonomy?: unknown;
  funding_sources?: Array<{ id: string; name: string; evidence_tiers?: number[] }>;
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
  /** The compliance profile the plan must meet, and the parts compliance asks of it (schema: school-plan). */
  profile?: string;
  identification?: { status: 'csi' | 'tsi' | 'atsi'; reason?: string; year?: string; student_groups?: string[]; told?: string };
  needs_assessment?: { date?: string; data_sources?: string[]; findings?: Array<{ id: string; text: string }> };
  root_causes?: Array<{ id: string; text: string; findings?: string[]; addressed_by?: string[] }>;
  resource_inequities?: Array<{ text: string; response?: string; addressed_by?: string[] }>;
  stakeholders?: Array<{ date: string; who: string; what?: string }>;
  approvals?: Array<{ by: 'school' | 'district' | 'state'; name?: string; date: string }>;
}

/** An action with where it belongs. */
export interface PlacedAction {
  action: ActionData;
  file: string;
  /** The school or office whose action plan holds it. */
  owner: { kind: 'school' | 'office'; id: string };
  /** The item it aligns to (undefined only in a plan that failed the rules). */
  item: TreeItem | undefined;
  /** The id of the top item above it ('' when its item is unknown). */
  top: string;
  /** The school years its item is active (its own, else its nearest ancestor's); null for every year. */
  activeYears: string[] | null;
}

export interface PlanModel {
  plan: PlanData;
  terms: Terminology;
  scale: RatingScale;
  /** Cycles sorted by due date. */
  cycles: CycleData[];
  /** Each school's and office's action plan files; byYear when the owner keeps one per school year (each then speaks for its year). */
  actionPlans: Array<{ file: string; kind: 'school' | 'office'; data: ActionPlanData; byYear?: boolean }>;
  actions: PlacedAction[];
  /** The plan's levels and items. */
  tree: PlanTree;
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
  const tree = buildTree(plan as unknown as Record<string, unknown>, loaded.context.terms);
  const scale: RatingScale = plan.rating_scale
    ? { name: plan.rating_scale.name ?? DEFAULT_SCALE.name, levels: plan.rating_scale.levels.map((l, i) => ({ ...l, color: l.color ?? DEFAULT_SCALE.levels[Math.min(i, 2)]!.color })) }
    : DEFAULT_SCALE;
  const cycles = [...(plan.cycles ?? [])].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  return withActionPlans({ plan, terms: loaded.context.terms, scale, cycles, actionPlans: [], actions: [], tree }, loaded.files);
}

// Made once for plan.yaml's data: a worker thread makes thousands of files' forms and updates from it.
const planYamlModels = new WeakMap<Record<string, unknown>, PlanModel>();

/** The model of plan.yaml alone, with no action plans: what forms are read against, and files added to (withActionPlans). */
export function planYamlModel(data: Record<string, unknown>, context: ModelSource['context']): PlanModel {
  let model = planYamlModels.get(data);
  if (!model) planYamlModels.set(data, (model = buildModel({ files: [{ file: 'plan.yaml', kind: 'plan', data }], context })));
  return model;
}

/**
 * The model of the same plan.yaml with these action plan files in place of its own: for work done a
 * file at a time (each school's update form made where its file is read).
 */
export function withActionPlans(model: PlanModel, files: ModelSource['files']): PlanModel {
  const actionPlans: PlanModel['actionPlans'] = [];
  const actions: PlacedAction[] = [];
  // A school or office with several files keeps one per school year: each file then speaks for its
  // year only. A single file speaks for every year, whatever year it names (it was written in one).
  const filesOf = new Map<string, number>();
  for (const file of files) {
    if (file.kind === 'plan' || !file.data) continue;
    const key = `${file.kind}:${ownerOf({ kind: file.kind, data: file.data as unknown as ActionPlanData })}`;
    filesOf.set(key, (filesOf.get(key) ?? 0) + 1);
  }
  for (const file of files) {
    if (file.kind === 'plan' || !file.data) continue;
    const data = file.data as unknown as ActionPlanData;
    const kind = file.kind;
    const byYear = data.school_year !== undefined && (filesOf.get(`${kind}:${ownerOf({ kind, data })}`) ?? 0) > 1;
    actionPlans.push({ file: file.file, kind, data, ...(byYear ? { byYear } : {}) });
    const owner = { kind, id: ownerOf({ kind, data }) ?? '' };
    for (const action of data.actions ?? []) {
      const item = alignedItem(model.tree, action.strategy);
      // A file for one school year (school_year:) carries out its actions in that year only.
      const years = byYear ? (item?.activeYears ?? [data.school_year!]).filter((y) => y === data.school_year) : (item?.activeYears ?? null);
      actions.push({ action, file: file.file, owner, item, top: item?.lineage[0]!.id ?? '', activeYears: years });
    }
  }
  return { ...model, actionPlans, actions };
}

/** The measures the plan's items carry, each with the item it measures, in the plan's order. */
export function itemMeasures(tree: PlanTree): Array<{ item: { level: string; id: string; name: string }; goal: GoalData }> {
  const out: ReturnType<typeof itemMeasures> = [];
  for (const item of tree.items) for (const goal of item.data.measures ?? []) out.push({ item: { level: item.level.singular, id: item.id, name: item.name }, goal });
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

/** The items an action aligns under, from the top level down, with their level's name and the names people know them by. */
export function levelPath(model: PlanModel, itemId: string): Array<{ level: string; id: string; name: string }> {
  const item = alignedItem(model.tree, itemId);
  return item ? item.lineage.map((i) => ({ level: i.level.singular, id: i.id, name: i.name })) : [];
}

