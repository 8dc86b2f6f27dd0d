// What an update form holds, whatever file it is written to: for one reporting cycle and one group
// of owners (a school, an office, a person), a row per action that reports in the cycle, with what the
// person filling it needs to see, the columns they fill, and the record that ties each row back to
// the plan. The workbook and CSV writers lay this out; `plan apply` reads it back.
import { formatDay } from '../dates.js';
import { addTo } from '../group-by.js';
import { ownerNames } from '../labels.js';
import { expects, appliesTo, itemOwner, itemsRatedByPeople, measuresAsked, unitMeasuresAsked, valueIndex } from '../plan/calendar.js';
import { levelPath, type ActionData, type CycleData, type GoalData, type HolisticEntry, type ItemData, type MetricPoint, type PlacedAction, type PlanModel, type ProgressEntry } from '../plan/model.js';
import type { TreeItem } from '../plan/tree.js';
import { actionFingerprint, entryFingerprint, seal } from './fingerprint.js';

/** The form's record as plan collect writes it now: with its addressee (the files it may change) and how it is sealed. */
export const FORM_FORMAT = 'plan-as-code update form 2';
/** Forms made before forms named their addressee: applied only where no form key is set. */
export const FORM_FORMAT_1 = 'plan-as-code update form 1';
export const COLLECT_BYS = ['plan', 'school', 'office', 'owner'] as const;
export type CollectBy = (typeof COLLECT_BYS)[number];

export interface CollectScope {
  /** One form per action plan (schools and offices), per school, per office, or per owner. */
  by: CollectBy;
  school?: string;
  office?: string;
  owner?: string;
}

/** The columns a person fills; every other column is for reference and locked. */
export const FILL_KEYS = ['rating', 'evidence', 'next_steps', 'reported_by'] as const;
export type FillKey = (typeof FILL_KEYS)[number];

export type ColumnKey = 'id' | 'unit' | `level${number}` | 'title' | 'owner' | 'timeline' | 'criteria' | 'previous_rating' | 'previous_evidence' | FillKey | 'value' | 'note' | 'target' | 'last_value' | 'record';

export interface FormColumn {
  key: ColumnKey;
  header: string;
  /** Characters, for spreadsheet column widths. */
  width: number;
  fill: boolean;
}

export interface FormRow {
  file: string;
  id: string;
  /** The school or office whose action plan holds the action. */
  unit: string;
  /** The names of the items the action serves, from the top level down (theory, strategy). */
  path: string[];
  title: string;
  owner: string;
  timeline: string;
  criteria: string;
  previous: { rating: string; evidence: string } | null;
  /** What the plan already holds for this cycle, so that a form made twice shows it. */
  current: { rating: string; evidence: string; next_steps: string; reported_by: string };
  /** file, fingerprints and seal, in one cell: see recordOf. */
  record: string;
  /** For a measure's row: its aim and its last value, for reference (its value and note are `current`'s rating and evidence). */
  measure?: { target: string; last: string };
}

export interface UpdateForm {
  /** The file name without its extension. */
  name: string;
  /** Whose form this is, as a person reads it: "East Hartford Middle School". */
  title: string;
  plan: { id: string; title: string; district: string };
  cycle: { id: string; name: string; due: string; dueText: string };
  /** The district's words for the things on the form. */
  words: { action: string; actions: string; cycle: string };
  /** What its rows are: actions to rate, items rated as a whole, or measures to give a value. */
  kind?: 'actions' | 'items' | 'measures';
  columns: FormColumn[];
  /** The rating choices, as the drop-down offers them, best first, then "not rated". */
  choices: Array<{ text: string; value: number | null; description?: string }>;
  rows: FormRow[];
  /** The form's own record: plan, cycle and when it was made, sealed. */
  meta: string[];
  madeOn: string;
  /** Who to send the form back to, when the plan names its owners. */
  returnTo: string | null;
  /**
   * Who the form goes to: "school:ehms", "office:hr", "owner:<id>". A spreadsheet holds every form
   * of one addressee as its sheets (see book.ts), so a principal gets one workbook, not one per kind.
   */
  addressee: string;
}

export const RECORD_HEADER = 'Form record (do not edit)';
export const META_HEADER = 'Form (do not edit)';

export const NOT_RATED = 'Not rated (say why in Evidence)';

/** The drop-down text for a rating value: "3 – On track". */
export function choiceText(value: number, label: string): string {
  return `${value} – ${label}`;
}

export function choicesOf(model: PlanModel): UpdateForm['choices'] {
  const levels = [...model.scale.levels].sort((a, b) => b.value - a.value);
  return [
    ...levels.map((l) => ({ text: choiceText(l.value, l.label), value: l.value, ...(l.description ? { description: l.description } : {}) })),
    { text: NOT_RATED, value: null, description: 'The work could not be rated this cycle; Evidence says why.' },
  ];
}

/** The record a row carries: which file and action it is for, how both stood, and a seal over it all. */
export function recordOf(planId: string, cycleId: string, file: string, id: string, action: ActionData, entry: ProgressEntry | undefined, key?: string): string {
  const fields = [file, actionFingerprint(action), entryFingerprint(entry)];
  return [...fields, seal([planId, cycleId, id, ...fields], key)].join('|');
}

/**
 * The form's own record: what it is for (plan, cycle), when it was made, who it was sent for (the
 * action plan files its rows may change), and whether it is sealed with the district's key.
 */
export function formMeta(planId: string, cycleId: string, cycleName: string, due: string, madeOn: string, files: readonly string[], key?: string): string[] {
  const lines = [FORM_FORMAT, planId, cycleId, cycleName, due, madeOn, key ? 'keyed' : 'open', encodeFiles(files)];
  return [...lines, seal(lines, key)];
}

/** The files a form was sent for, in one field: each encoded, so that no separator of the record's can occur in it. */
export function encodeFiles(files: readonly string[]): string {
  return files.map(encodeURIComponent).join(',');
}

export function decodeFiles(field: string): string[] {
  return field.split(',').filter(Boolean).map(decodeURIComponent);
}

/**
 * The form's columns, what to fill first: the action's title (frozen on screen), then the columns to
 * fill, then what the plan holds for reference (last cycle's rating and evidence, the criteria, the
 * timeline, the owner, where it sits in the plan, its id), and the row's record, hidden, last. A
 * principal sees where to type without scrolling; plan apply finds each column by its header.
 */
function columnsFor(model: PlanModel, depth: number, unitHeader: string | null, titleHeader = model.terms.action.singular): FormColumn[] {
  const levelTerms = model.tree.levels.map((l) => l.singular);
  const columns: FormColumn[] = [
    { key: 'title', header: titleHeader, width: 36, fill: false },
    { key: 'rating', header: 'Rating', width: 24, fill: true },
    { key: 'evidence', header: 'Evidence', width: 48, fill: true },
    { key: 'next_steps', header: 'Next steps', width: 32, fill: true },
    { key: 'reported_by', header: 'Reported by', width: 16, fill: true },
    { key: 'previous_rating', header: 'Last rating', width: 20, fill: false },
    { key: 'previous_evidence', header: 'Last evidence', width: 36, fill: false },
    { key: 'criteria', header: 'Success criteria', width: 36, fill: false },
    { key: 'timeline', header: 'Timeline', width: 18, fill: false },
    { key: 'owner', header: 'Owner', width: 18, fill: false },
  ];
  if (unitHeader) columns.push({ key: 'unit', header: unitHeader, width: 22, fill: false });
  for (let i = 0; i < depth; i++) columns.push({ key: `level${i}`, header: levelTerms[i] ?? `Level ${i + 1}`, width: 24, fill: false });
  columns.push({ key: 'id', header: 'ID', width: 18, fill: false }, { key: 'record', header: RECORD_HEADER, width: 12, fill: false });
  return columns;
}

function criteriaText(action: ActionData): string {
  return (action.success_criteria ?? []).map((c) => `• ${typeof c === 'string' ? c : `${c.measure}: ${c.target}`}`).join('\n');
}

function ratingText(model: PlanModel, rating: number | null): string {
  if (rating === null) return NOT_RATED;
  const level = model.scale.levels.find((l) => l.value === rating);
  return level ? choiceText(level.value, level.label) : String(rating);
}

/** The latest cycle before `cycle` in which the action has an entry. */
function previousEntry(model: PlanModel, action: ActionData, cycle: CycleData): { cycle: CycleData; entry: ProgressEntry } | null {
  const index = model.cycles.indexOf(cycle);
  for (let i = index - 1; i >= 0; i--) {
    const c = model.cycles[i]!;
    const entry = action.progress?.[c.id];
    if (entry) return { cycle: c, entry };
  }
  return null;
}

/** Team member ids belong to their action plan ("principal" is each school's own); people and offices are plan-wide. */
function ownerKey(placed: PlacedAction, teams: Map<string, Set<string>>): string {
  const id = placed.action.owner;
  if (!id) return `${placed.owner.id}-unassigned`;
  return teams.get(placed.file)?.has(id) ? `${placed.owner.id}-${id}` : id;
}

function groupKey(scope: CollectScope, placed: PlacedAction, owner: () => string): string | null {
  switch (scope.by) {
    case 'school':
      return placed.owner.kind === 'school' ? `school:${placed.owner.id}` : null;
    case 'office':
      return placed.owner.kind === 'office' ? `office:${placed.owner.id}` : null;
    case 'owner':
      return `owner:${owner()}`;
    default:
      return `${placed.owner.kind}:${placed.owner.id}`;
  }
}

function inScope(scope: CollectScope, placed: PlacedAction): boolean {
  if (scope.school !== undefined && !(placed.owner.kind === 'school' && placed.owner.id === scope.school)) return false;
  if (scope.office !== undefined && !(placed.owner.kind === 'office' && placed.owner.id === scope.office)) return false;
  if (scope.owner !== undefined && placed.action.owner !== scope.owner) return false;
  return true;
}

/**
 * Every form for a cycle, one per group, in the plan's order; groups with nothing to report are left
 * out. `onForm`, when given, hears of each form as soon as it is made, while the rest are being made.
 */
export function buildUpdateForms(model: PlanModel, cycle: CycleData, scope: CollectScope, madeOn: string, onForm?: (form: UpdateForm) => void, sealKey?: string, items = true): UpdateForm[] {
  const planId = model.plan.plan.id;
  const applies = appliesTo(cycle);
  const owner = ownerNames(model);
  const { names } = unitsOf(model.plan);
  const unitName = (p: PlacedAction) => names.get(`${p.owner.kind}:${p.owner.id}`) ?? p.owner.id;
  const teams = new Map(model.actionPlans.map((p) => [p.file, new Set((p.data.team ?? []).map((m) => m.id))]));
  const groups = new Map<string, PlacedAction[]>();
  for (const placed of model.actions) {
    if (!expects(cycle, placed, applies) || !inScope(scope, placed)) continue;
    const key = groupKey(scope, placed, () => ownerKey(placed, teams));
    if (key === null) continue;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(placed);
  }
  // A column for each level from the top down to the one actions align to.
  const depth = model.tree.align + 1;
  const owners = returnToOf(model);
  const forms: UpdateForm[] = [];
  // Forms in the order plan.yaml lists its schools and offices; rows in the order of their files.
  const rank = formOrder(model);
  const rankOf = (list: PlacedAction[]) => rank(list[0]!.owner);
  const ordered = [...groups].sort((a, b) => rankOf(a[1]) - rankOf(b[1]));
  // The plan's own forms first (items rated as a whole, then measures), as collect writes them file by file.
  for (const form of items ? [...itemForms(model, cycle, scope, madeOn, owners || null, sealKey), ...measureForms(model, cycle, scope, madeOn, owners || null, sealKey)] : []) {
    forms.push(form);
    onForm?.(form);
  }
  for (const [key, placedActions] of ordered) {
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const mixed = new Set(placedActions.map((p) => p.file)).size > 1;
    const first = placedActions[0]!;
    const member = kind === 'owner' && first.action.owner !== undefined && teams.get(first.file)?.has(first.action.owner);
    const title =
      kind !== 'owner' ? unitName(first) : !first.action.owner ? `${unitName(first)}: no owner named` : member ? `${owner(first.file, first.action.owner)}, ${unitName(first)}` : owner(first.file, first.action.owner);
    const rows = placedActions.map((placed): FormRow => {
      const a = placed.action;
      const entry = a.progress?.[cycle.id];
      const previous = previousEntry(model, a, cycle);
      return {
        file: placed.file,
        id: a.id,
        unit: unitName(placed),
        path: levelPath(model, a.strategy).map((item) => item.name),
        title: a.title,
        owner: a.owner ? owner(placed.file, a.owner) : '',
        // Dates as a principal writes them: "August 26, 2019 – June 12, 2020".
        timeline: a.timeline ? `${formatDay(a.timeline.start)} – ${formatDay(a.timeline.end)}` : '',
        criteria: criteriaText(a),
        previous: previous ? { rating: `${ratingText(model, previous.entry.rating)} (${previous.cycle.name})`, evidence: previous.entry.evidence ?? '' } : null,
        current: {
          rating: entry ? ratingText(model, entry.rating) : '',
          evidence: entry?.evidence ?? '',
          next_steps: entry?.next_steps ?? '',
          reported_by: entry?.reported_by ?? '',
        },
        record: recordOf(planId, cycle.id, placed.file, a.id, a, entry, sealKey),
      };
    });
    forms.push({
      name: `${planId}-${cycle.id}-${kind === 'owner' ? 'owner-' : ''}${id}`,
      title,
      plan: { id: planId, title: model.plan.plan.title, district: model.plan.district.name },
      cycle: { id: cycle.id, name: cycle.name, due: cycle.due, dueText: formatDay(cycle.due) },
      words: { action: model.terms.action.singular, actions: model.terms.action.plural, cycle: model.terms.cycle.singular },
      columns: columnsFor(model, depth, mixed || kind === 'owner' ? 'Plan' : null),
      choices: choicesOf(model),
      rows,
      meta: formMeta(planId, cycle.id, cycle.name, cycle.due, madeOn, [...new Set(placedActions.map((p) => p.file))], sealKey),
      madeOn,
      returnTo: owners || null,
      addressee: key,
    });
    onForm?.(forms[forms.length - 1]!);
  }
  // Schools' and offices' own measures: a form each, after their actions'.
  for (const form of unitMeasureForms(model, cycle, scope, madeOn, owners || null, sealKey)) {
    forms.push(form);
    onForm?.(form);
  }
  return forms;
}

/** Who forms go back to: the plan's owners, with their e-mail where the plan gives it. */
export function returnToOf(model: PlanModel): string {
  return (model.plan.plan.owners ?? [])
    .map((id) => {
      const person = model.plan.people?.find((p) => p.id === id);
      return person ? `${person.name}${person.email ? ` (${person.email})` : ''}` : id;
    })
    .join(' or ');
}

/** The file that holds the plan's items, whose holistic ratings item forms update. */
export const PLAN_YAML = 'plan.yaml';

/** An item's own words and place, without what changes cycle to cycle: what its row's fingerprint is taken of. */
export function itemPrint(item: TreeItem): ActionData {
  const { holistic: _holistic, children: _children, measures: _measures, ...rest } = item.data as ItemData & Record<string, unknown>;
  return rest as unknown as ActionData;
}

/** A holistic rating as the row of a form shows it: the rationale is its evidence, who rated it its reporter. */
export function holisticAsEntry(entry: HolisticEntry | undefined): ProgressEntry | undefined {
  if (!entry) return undefined;
  return { rating: entry.rating, ...(entry.rationale !== undefined ? { evidence: entry.rationale } : {}), ...(entry.rated_by !== undefined ? { reported_by: entry.rated_by } : {}) };
}

/**
 * Forms for the items people rate as a whole (a plan rated item by item): one per owner, each item
 * under the owner it inherits, else the plan's owners. Asked for by --by plan or --by owner, not by
 * a school's or an office's form.
 */
export function itemForms(model: PlanModel, cycle: CycleData, scope: CollectScope, madeOn: string, returnTo: string | null, sealKey?: string, carried?: ReadonlySet<string>): UpdateForm[] {
  if (scope.school !== undefined || scope.office !== undefined || scope.by === 'school' || scope.by === 'office') return [];
  const planId = model.plan.plan.id;
  const owner = ownerNames(model);
  const fallback = model.plan.plan.owners?.[0] ?? 'planning-office';
  const groups = new Map<string, TreeItem[]>();
  for (const item of itemsRatedByPeople(model, cycle, carried)) {
    const by = itemOwner(item) ?? fallback;
    if (scope.owner !== undefined && by !== scope.owner) continue;
    addTo(groups, by, item);
  }
  const level = model.tree.levels[model.tree.align]!;
  const above = model.tree.align;
  return [...groups].map(([by, items]): UpdateForm => {
    const rows = items.map((item): FormRow => {
      const entry = holisticAsEntry(item.data.holistic?.[cycle.id]);
      const previous = previousHolistic(model, item, cycle);
      return {
        file: PLAN_YAML,
        id: item.id,
        unit: '',
        path: item.lineage.slice(0, -1).map((x) => x.name),
        title: item.data.title ?? item.data.text ?? item.id,
        owner: owner(PLAN_YAML, by),
        timeline: '',
        criteria: (item.data.measures ?? []).map((m) => `• ${m.title}`).join('\n'),
        previous: previous ? { rating: `${ratingText(model, previous.entry.rating)} (${previous.cycle.name})`, evidence: previous.entry.rationale ?? '' } : null,
        current: { rating: entry ? ratingText(model, entry.rating ?? null) : '', evidence: entry?.evidence ?? '', next_steps: '', reported_by: entry?.reported_by ?? '' },
        record: recordOf(planId, cycle.id, PLAN_YAML, item.id, itemPrint(item), entry, sealKey),
      };
    });
    // No next steps: a holistic rating has its rating, its rationale and who set it.
    const columns = columnsFor(model, above, null, level.singular).filter((c) => c.key !== 'next_steps' && c.key !== 'timeline' && c.key !== 'owner');
    return planForm(model, cycle, madeOn, returnTo, sealKey, { name: `${planId}-${cycle.id}-items-${by}`, title: owner(PLAN_YAML, by), words: level, kind: 'items', columns, rows, addressee: `owner:${by}` });
  });
}

/** A measure's value for a cycle, as a form shows it: the value written for this cycle, else for its school year. */
function valueFor(goal: GoalData, cycle: CycleData): MetricPoint | undefined {
  const at = valueIndex(goal, cycle);
  return at === null ? undefined : goal.metric!.actuals![at];
}

/** A measure's value as the row of a form shows it: the value is its rating, the note its evidence. */
export function pointAsEntry(point: MetricPoint | undefined): ProgressEntry | undefined {
  return point ? { rating: point.value, ...(point.note !== undefined ? { evidence: point.note } : {}) } : undefined;
}

/** A measure's own words and aim, without the values reported: what its row's fingerprint is taken of. */
export function goalPrint(goal: GoalData): ActionData {
  const { actuals: _actuals, ...metric } = goal.metric ?? ({} as NonNullable<GoalData['metric']>);
  return { ...(goal as unknown as ActionData), metric } as unknown as ActionData;
}

/**
 * Forms for the values of the plan's measures (its goals, and its items' key results): one per owner
 * (the measured item's owner, inherited, else the plan's owners), a row a measure with its target and
 * last value beside the value to give. Asked for by --by plan or --by owner.
 */
export function measureForms(model: PlanModel, cycle: CycleData, scope: CollectScope, madeOn: string, returnTo: string | null, sealKey?: string): UpdateForm[] {
  if (scope.school !== undefined || scope.office !== undefined || scope.by === 'school' || scope.by === 'office') return [];
  const planId = model.plan.plan.id;
  const owner = ownerNames(model);
  const fallback = model.plan.plan.owners?.[0] ?? 'planning-office';
  const groups = new Map<string, Array<{ goal: GoalData; item: TreeItem | null }>>();
  for (const measured of measuresAsked(model, cycle)) {
    const served = measured.item ?? model.tree.byId.get(measured.goal.serves?.[0] ?? '') ?? null;
    const by = (served ? itemOwner(served) : undefined) ?? fallback;
    if (scope.owner !== undefined && by !== scope.owner) continue;
    addTo(groups, by, measured);
  }
  const term = model.terms.goal;
  return [...groups].map(([by, list]): UpdateForm => {
    const rows = list.map(({ goal, item }) => measureRow(model, cycle, goal, PLAN_YAML, item ? item.lineage.map((x) => x.name) : [], owner(PLAN_YAML, by), sealKey));
    return planForm(model, cycle, madeOn, returnTo, sealKey, { name: `${planId}-${cycle.id}-measures-${by}`, title: owner(PLAN_YAML, by), words: term, kind: 'measures', columns: measureColumns(term.singular), rows, addressee: `owner:${by}` });
  });
}

/**
 * Forms for the values of schools' and offices' own measures (the goals of their action plans): one
 * per action plan, for the school or office that keeps it, in the cycles it reports in. Asked for by
 * --by plan, school or office (a measure has no owner of its own to send it to).
 */
export function unitMeasureForms(model: PlanModel, cycle: CycleData, scope: CollectScope, madeOn: string, returnTo: string | null, sealKey?: string): UpdateForm[] {
  if (scope.by === 'owner') return [];
  const { names } = unitsOf(model.plan);
  const term = model.terms.goal;
  return unitMeasuresAsked(model, cycle)
    .filter(({ plan }) => (scope.school === undefined || (plan.kind === 'school' && plan.data.school === scope.school)) && (scope.office === undefined || (plan.kind === 'office' && plan.data.office === scope.office)))
    .map(({ plan, goals }): UpdateForm => {
      const id = (plan.kind === 'school' ? plan.data.school : plan.data.office) ?? plan.file;
      const title = names.get(`${plan.kind}:${id}`) ?? id;
      const byYear = plan.byYear && plan.data.school_year ? `-${plan.data.school_year}` : '';
      const rows = goals.map((goal) => measureRow(model, cycle, goal, plan.file, [], title, sealKey));
      return planForm(model, cycle, madeOn, returnTo, sealKey, { name: `${model.plan.plan.id}-${cycle.id}-measures-${id}${byYear}`, title, words: term, kind: 'measures', columns: measureColumns(term.singular), rows, file: plan.file, addressee: `${plan.kind}:${id}` });
    });
}

/** A measure's row: the value to give, with its target and last value beside it. */
function measureRow(model: PlanModel, cycle: CycleData, goal: GoalData, file: string, path: string[], ownerText: string, sealKey: string | undefined): FormRow {
  const metric = goal.metric!;
  const now = valueFor(goal, cycle);
  const earlier = (metric.actuals ?? []).filter((a) => a !== now && (a.cycle ? (model.cycles.find((c) => c.id === a.cycle)?.due ?? '') < cycle.due : (a.school_year ?? '') < (cycle.school_year ?? '9999')));
  const last = earlier[earlier.length - 1];
  const lastWhen = last?.cycle ? (model.cycles.find((c) => c.id === last.cycle)?.name ?? last.school_year) : last?.school_year;
  return {
    file,
    id: goal.id,
    unit: '',
    path,
    title: `${goal.title}${metric.unit ? ` (${metric.unit})` : ''}`,
    owner: ownerText,
    timeline: '',
    criteria: metric.name,
    previous: null,
    current: { rating: now ? String(now.value) : '', evidence: now?.note ?? '', next_steps: '', reported_by: '' },
    record: recordOf(model.plan.plan.id, cycle.id, file, goal.id, goalPrint(goal), pointAsEntry(now), sealKey),
    measure: {
      target: `${aimText(metric.direction, metric.target.value, metric.unit)}${metric.target.school_year ? ` by ${metric.target.school_year}` : ''}`,
      last: last ? `${last.value}${metric.unit === 'percent' ? '%' : ''}${lastWhen ? ` (${lastWhen})` : ''}` : '',
    },
  };
}

function measureColumns(term: string): FormColumn[] {
  return [
    { key: 'title', header: term, width: 36, fill: false },
    { key: 'value', header: 'Value', width: 14, fill: true },
    { key: 'note', header: 'Note', width: 40, fill: true },
    { key: 'target', header: 'Target', width: 20, fill: false },
    { key: 'last_value', header: 'Last value', width: 16, fill: false },
    { key: 'criteria', header: 'Measured as', width: 36, fill: false },
    { key: 'id', header: 'ID', width: 18, fill: false },
    { key: 'record', header: RECORD_HEADER, width: 12, fill: false },
  ];
}

function aimText(direction: string, value: number, unit: string | undefined): string {
  const v = `${value}${unit === 'percent' ? '%' : unit && unit !== 'count' ? ` ${unit}` : ''}`;
  return direction === 'at_least' ? `at least ${v}` : direction === 'at_most' ? `at most ${v}` : direction === 'maintain' ? `keep at ${v}` : v;
}

/** A form of the plan's own updates (in plan.yaml): what every such form shares, around its rows. */
function planForm(
  model: PlanModel,
  cycle: CycleData,
  madeOn: string,
  returnTo: string | null,
  sealKey: string | undefined,
  form: { name: string; title: string; words: { singular: string; plural: string }; kind: 'items' | 'measures'; columns: FormColumn[]; rows: FormRow[]; file?: string; addressee: string },
): UpdateForm {
  const planId = model.plan.plan.id;
  return {
    name: form.name,
    title: form.title,
    plan: { id: planId, title: model.plan.plan.title, district: model.plan.district.name },
    cycle: { id: cycle.id, name: cycle.name, due: cycle.due, dueText: formatDay(cycle.due) },
    words: { action: form.words.singular, actions: form.words.plural, cycle: model.terms.cycle.singular },
    kind: form.kind,
    columns: form.columns,
    choices: choicesOf(model),
    rows: form.rows,
    meta: formMeta(planId, cycle.id, cycle.name, cycle.due, madeOn, [form.file ?? PLAN_YAML], sealKey),
    madeOn,
    returnTo,
    addressee: form.addressee,
  };
}

/** The latest cycle before `cycle` in which the item has a holistic rating. */
function previousHolistic(model: PlanModel, item: TreeItem, cycle: CycleData): { cycle: CycleData; entry: HolisticEntry } | null {
  const index = model.cycles.indexOf(cycle);
  for (let i = index - 1; i >= 0; i--) {
    const c = model.cycles[i]!;
    const entry = item.data.holistic?.[c.id];
    if (entry) return { cycle: c, entry };
  }
  return null;
}

/** Where a school's or office's form comes among the forms: in the order plan.yaml lists them, schools first. */
export function formOrder(model: PlanModel): (unit: { kind: string; id: string }) => number {
  const { rank } = unitsOf(model.plan);
  return (unit) => rank.get(`${unit.kind}:${unit.id}`) ?? Number.MAX_SAFE_INTEGER;
}

// Made once for a plan.yaml: a district's forms are made a file at a time, thousands of them.
const units = new WeakMap<PlanModel['plan'], { names: Map<string, string>; rank: Map<string, number> }>();

/** The schools and offices of plan.yaml by "school:id" and "office:id": their names, and their places in its lists. */
function unitsOf(plan: PlanModel['plan']): { names: Map<string, string>; rank: Map<string, number> } {
  let known = units.get(plan);
  if (!known) {
    const listed = [...(plan.schools ?? []).map((x, i) => [`school:${x.id}`, x.name, i] as const), ...(plan.offices ?? []).map((x, i) => [`office:${x.id}`, x.name, 100_000 + i] as const)];
    units.set(plan, (known = { names: new Map(listed.map(([key, name]) => [key, name])), rank: new Map(listed.map(([key, , at]) => [key, at])) }));
  }
  return known;
}

/** A row's value for a column, as text. */
export function cellText(row: FormRow, key: ColumnKey): string {
  switch (key) {
    case 'id':
      return row.id;
    case 'unit':
      return row.unit;
    case 'title':
      return row.title;
    case 'owner':
      return row.owner;
    case 'timeline':
      return row.timeline;
    case 'criteria':
      return row.criteria;
    case 'previous_rating':
      return row.previous?.rating ?? '';
    case 'previous_evidence':
      return row.previous?.evidence ?? '';
    case 'record':
      return row.record;
    case 'rating':
    case 'evidence':
    case 'next_steps':
    case 'reported_by':
      return row.current[key];
    case 'value':
      return row.current.rating;
    case 'note':
      return row.current.evidence;
    case 'target':
      return row.measure?.target ?? '';
    case 'last_value':
      return row.measure?.last ?? '';
    default:
      return row.path[Number(key.slice('level'.length))] ?? '';
  }
}

/** The instructions, in the district's words, a line each. */
export function instructions(form: UpdateForm, sheetName: string): string[] {
  const { action, actions } = form.words;
  if (form.kind === 'measures') {
    return [
      `On the sheet "${sheetName}", each row is one ${action.toLowerCase()} of the plan, with its target and its last value.`,
      `Fill the yellow columns. Value: the figure for ${form.cycle.name}, as a number in the measure's unit (for a percentage, 95 or 95%). Leave it blank if it is not known yet.`,
      'Note: where the figure comes from, or what it includes.',
      `The grey columns to the right show each ${action.toLowerCase()} as the plan has it, for reference; they are locked.`,
      sendBack(form),
    ];
  }
  return [
    `On the sheet "${sheetName}", each row is one ${action.toLowerCase()} that reports in ${form.cycle.name}.`,
    `Fill the yellow columns, left to right. Rating: choose one from the list; if the ${action.toLowerCase()} cannot be rated this cycle, choose "${NOT_RATED}".`,
    'Evidence: what was done and what the data shows. Next steps: what happens next, above all where the rating calls for urgency. Reported by: your name or role.',
    `Leave a row blank to skip it. The grey columns to the right show the ${actions.toLowerCase()} as the plan has them, for reference; they are locked.`,
    sendBack(form),
  ];
}

/** The last step of every form: save it and send it back, to whom and by when. */
export function sendBack(form: UpdateForm): string {
  return `Save the file as it is (same name, .xlsx) and send it back${form.returnTo ? ` to ${form.returnTo}` : ''} by ${form.cycle.dueText}.`;
}
