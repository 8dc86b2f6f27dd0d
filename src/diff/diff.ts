// The semantic diff of two versions of a plan: what a change means for the plan, not which lines of
// YAML moved. Items are matched by id; an item whose id changed but whose content did not is a
// rename; an action moved to another strategy is a re-alignment; ratings are compared per cycle,
// with the rollup's effect on strategies, theories, schools, offices and the whole plan.
import { ownerOf, type ActionData, type ActionPlanData, type HolisticEntry, type PlanData, type PlanModel } from '../plan/model.js';
import { computeRollup, itemNodes, type Figure, type Rollup } from '../rollup/rollup.js';
import { itemKind, type ItemKind as TreeKind, type PlanTree } from '../plan/tree.js';
import type { SideState } from './sides.js';
import { sameData } from '../same-data.js';

const VALID: SideState = { state: 'valid' };

/** Items of the plan's tree are `theory`, `strategy` and `level2`, `level3` (see plan/tree.ts itemKind). */
export type ItemKind = TreeKind | 'action' | 'goal' | 'cycle' | 'school' | 'office' | 'network' | 'partner' | 'person' | 'action-plan' | 'plan';

export interface FieldChange {
  /** Dotted path inside the item, e.g. "metric.target.value". */
  path: string;
  old: unknown;
  new: unknown;
}

export interface ItemChange {
  kind: ItemKind;
  op: 'added' | 'removed' | 'changed' | 'renamed';
  id: string;
  title: string;
  /** The file the item lives in (on the head side; the base side for a removal). */
  file: string;
  fields: FieldChange[];
  /** For a rename: the old id. */
  from?: string;
  /** For an action whose strategy changed. */
  realigned?: { from: string; to: string; fromTheory: string; toTheory: string };
  /** For an item moved under another parent (with its sub-items): the old and new parent. */
  moved?: { from: string; to: string };
  /** For a measure whose baseline, target or milestones changed with no new note under its changes: say why. */
  unexplained?: true;
}

/** Whether a field change moves what a measure is judged against: its baseline, target, milestones or direction. */
export function movesTarget(path: string): boolean {
  return path.startsWith('metric.target') || path.startsWith('metric.baseline') || path.startsWith('metric.milestones') || path === 'metric.direction';
}

/** How many notes of why a measure changed it has. */
function notesOf(data: Record<string, unknown>): number {
  return Array.isArray(data.changes) ? data.changes.length : 0;
}

export interface RatingChange {
  kind: 'action' | TreeKind | 'school' | 'office';
  id: string;
  title: string;
  cycle: string;
  old: number | null;
  new: number | null;
  /** The evidence (or rationale) changed, with or without the rating. */
  textChanged: boolean;
  /** The evidence (or rationale) written with the new rating: what a reviewer weighs it by. */
  evidence?: string;
  holistic: boolean;
  file: string;
}

export interface RollupEffect {
  cycle: string;
  kind: 'plan' | TreeKind | 'school' | 'office';
  id: string;
  title: string;
  old: number | null;
  new: number | null;
  /** The values the levels were rounded from (null where none was computed): a reviewer sees 2.44 → 2.50 though the level held. */
  oldValue: number | null;
  newValue: number | null;
}

export interface PlanDiff {
  base: string;
  head: string;
  /** How far each side could be read: a valid plan, no plan (added or removed), or a plan with errors. */
  sides: { base: SideState; head: SideState };
  changes: ItemChange[];
  ratings: RatingChange[];
  effects: RollupEffect[];
  summary: { added: number; removed: number; changed: number; renamed: number; realigned: number; ratings: number; goalTargets: number; targetsWithoutReason: number };
  /** An annual revision: the school year new objectives were set for, and the strategies added for it and retired before it. */
  annual?: { year: string; added: string[]; retired: string[] };
}

export function isEmptyDiff(diff: PlanDiff): boolean {
  return diff.changes.length === 0 && diff.ratings.length === 0;
}

type Item = { id: string; title: string; file: string; data: Record<string, unknown> };

function byId(items: Item[]): Map<string, Item> {
  return new Map(items.map((i) => [i.id, i]));
}

function omit(data: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!keys.includes(k)) copy[k] = v;
  return copy;
}

function stable(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  return `{${Object.keys(value as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** Leaf-by-leaf differences of two values; lists are compared whole. */
export function fieldChanges(a: unknown, b: unknown, path = ''): FieldChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const out: FieldChange[] = [];
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) out.push(...fieldChanges(a[key], b[key], path ? `${path}.${key}` : key));
    return out;
  }
  return stable(a) === stable(b) ? [] : [{ path, old: a ?? null, new: b ?? null }];
}

/**
 * A goal's milestones or values, one change per date: one added, removed, or moved to another value
 * ("metric.milestones 2024-25: 48 → 50", "metric.actuals 2022-23: (none) → 14.1"), rather than the
 * whole list before and after.
 */
export function milestoneChanges(before: unknown, after: unknown, field = 'metric.milestones'): FieldChange[] {
  const byDate = (list: unknown) => {
    const map = new Map<string, number | null>();
    for (const item of Array.isArray(list) ? list : []) {
      const point = (item ?? {}) as { value?: unknown; school_year?: unknown; cycle?: unknown };
      const parts = [point.school_year, point.cycle].filter((x): x is string => typeof x === 'string');
      let when = parts.length ? parts.join(', ') : '(no date)';
      // Two values of one date (a correction listed beside the first) stay two.
      for (let n = 2; map.has(when); n++) when = `${parts.join(', ') || '(no date)'} #${n}`;
      map.set(when, typeof point.value === 'number' ? point.value : null);
    }
    return map;
  };
  const a = byDate(before);
  const b = byDate(after);
  const out: FieldChange[] = [];
  for (const when of [...new Set([...a.keys(), ...b.keys()])]) {
    const old = a.has(when) ? a.get(when)! : null;
    const now = b.has(when) ? b.get(when)! : null;
    if (old !== now || a.has(when) !== b.has(when)) out.push({ path: `${field} ${when}`, old, new: now });
  }
  return out;
}

interface Side {
  plan: PlanData;
  tree: PlanTree;
  /**
   * Action plan files whose data is the very same on both sides (a file the change left alone is
   * parsed once and shared): nothing in them changed, so they are not compared item by item.
   */
  unchanged: ReadonlySet<string>;
  actionPlans: Array<{ file: string; kind: 'school' | 'office'; data: ActionPlanData }>;
}

const TITLE = (d: Record<string, unknown>, fallback: string) =>
  String(d.title ?? d.name ?? (typeof d.text === 'string' ? (d.text as string).slice(0, 80) : undefined) ?? fallback);

// Fields compared elsewhere: nested items and ratings.
const TREE_SKIP = ['strategies', 'children', 'holistic', 'measures'];
const SKIP: Partial<Record<string, string[]>> = {
  action: ['progress'],
  'action-plan': ['actions', 'holistic', 'goals'],
};
const skipOf = (kind: ItemKind) => SKIP[kind] ?? (isTreeKind(kind) ? TREE_SKIP : []);
/** Whether a kind is a level of the plan's tree (theory, strategy, level2, ...). */
export const isTreeKind = (kind: string): kind is TreeKind => kind === 'theory' || kind === 'strategy' || /^level\d$/.test(kind);
/** The field that names an item's parent: `theory` for a strategy of the two-level shape, as it always was. */
const parentField = (tree: PlanTree) => (tree.scheme.declared ? 'parent' : 'theory');

function itemsOf(side: Side): Map<ItemKind, Item[]> {
  const items = new Map<ItemKind, Item[]>();
  const add = (kind: ItemKind, file: string, data: Record<string, unknown>, id = String(data.id)) =>
    (items.get(kind) ?? items.set(kind, []).get(kind)!).push({ id, title: TITLE(data, id), file, data });
  const plan = side.plan as unknown as Record<string, unknown>;
  // Each item carries its parent, so that an item moved to another parent (a sub-tree moved) shows.
  const parentKey = parentField(side.tree);
  for (const item of side.tree.items) {
    const data = item.data as unknown as Record<string, unknown>;
    add(itemKind(side.tree, item.depth), 'plan.yaml', item.parent ? { ...data, [parentKey]: item.parent.id } : data);
    // An item's measures are goals of it: compared as goals, milestone by milestone.
    for (const goal of item.data.measures ?? []) add('goal', 'plan.yaml', { ...(goal as unknown as Record<string, unknown>), measure_of: item.id });
  }
  const lists: Array<[ItemKind, string]> = [
    ['goal', 'goals'],
    ['cycle', 'cycles'],
    ['school', 'schools'],
    ['office', 'offices'],
    ['network', 'networks'],
    ['partner', 'partners'],
    ['person', 'people'],
  ];
  for (const [kind, key] of lists) for (const item of (plan[key] as Record<string, unknown>[] | undefined) ?? []) add(kind, 'plan.yaml', item);
  for (const p of side.actionPlans) {
    if (side.unchanged.has(p.file)) continue;
    const owner = ownerOf(p) ?? p.file;
    add('action-plan', p.file, p.data as unknown as Record<string, unknown>, `${p.kind}:${owner}`);
    for (const a of p.data.actions ?? []) add('action', p.file, a as unknown as Record<string, unknown>);
    for (const g of p.data.goals ?? []) add('goal', p.file, g as unknown as Record<string, unknown>);
  }
  return items;
}

function compareItems(kind: ItemKind, base: Item[], head: Item[], strategyTheory: (side: 'base' | 'head', id: string) => string): ItemChange[] {
  const b = byId(base);
  const h = byId(head);
  const skip = skipOf(kind);
  const removed = base.filter((i) => !h.has(i.id));
  const added = head.filter((i) => !b.has(i.id));
  const out: ItemChange[] = [];
  // Same content under a new id is a rename, not a removal and an addition.
  const content = (i: Item) => stable(omit(i.data, ['id', ...(kind === 'action' ? [] : skip)]));
  const removedByContent = new Map<string, Item[]>();
  for (const r of removed) {
    const key = content(r);
    const list = removedByContent.get(key);
    if (list) list.push(r);
    else removedByContent.set(key, [r]);
  }
  const renamedFrom = new Set<string>();
  for (const a of added) {
    const match = removedByContent.get(content(a))?.find((r) => !renamedFrom.has(r.id));
    if (match) {
      renamedFrom.add(match.id);
      out.push({ kind, op: 'renamed', id: a.id, from: match.id, title: a.title, file: a.file, fields: [] });
    } else out.push({ kind, op: 'added', id: a.id, title: a.title, file: a.file, fields: [] });
  }
  for (const r of removed) if (!renamedFrom.has(r.id)) out.push({ kind, op: 'removed', id: r.id, title: r.title, file: r.file, fields: [] });
  for (const item of head) {
    const before = b.get(item.id);
    // A file both sides share unchanged is the very same object: nothing to compare. In a file
    // that changed, most items did not: a plain equality test passes them before any field is listed.
    if (!before || before.data === item.data || sameData(before.data, item.data)) continue;
    const fields = fieldChanges(omit(before.data, skip), omit(item.data, skip)).flatMap((f) => (kind === 'goal' && (f.path === 'metric.milestones' || f.path === 'metric.actuals') ? milestoneChanges(f.old, f.new, f.path) : [f]));
    if (before.file !== item.file) fields.push({ path: '(file)', old: before.file, new: item.file });
    if (!fields.length) continue;
    const change: ItemChange = { kind, op: 'changed', id: item.id, title: item.title, file: item.file, fields };
    if (kind === 'goal' && fields.some((f) => movesTarget(f.path)) && notesOf(item.data) <= notesOf(before.data)) change.unexplained = true;
    if (kind === 'action') {
      const from = before.data.strategy as string;
      const to = item.data.strategy as string;
      if (from !== to) change.realigned = { from, to, fromTheory: strategyTheory('base', from), toTheory: strategyTheory('head', to) };
    } else if (isTreeKind(kind)) {
      const parent = fields.find((f) => f.path === 'parent' || f.path === 'theory');
      if (parent && typeof parent.old === 'string' && typeof parent.new === 'string') change.moved = { from: parent.old, to: parent.new };
    }
    out.push(change);
  }
  return out;
}

/**
 * The actions whose progress a change touched, by file, where the caller knows them (plan apply):
 * each is at the same place in its file on both sides, and nothing else of the files changed.
 */
export type TouchedActions = ReadonlyMap<string, ReadonlySet<string>>;

function ratingChanges(base: Side, head: Side, touched?: TouchedActions): RatingChange[] {
  const out: RatingChange[] = [];
  type Entries = Record<string, { rating?: number | null; evidence?: string; rationale?: string }> | undefined;
  const compare = (kind: RatingChange['kind'], id: string, title: string, file: string, holistic: boolean, a: Entries, b: Entries) => {
    const one = (cycle: string) => {
      const x = a?.[cycle];
      const y = b?.[cycle];
      const old = typeof x?.rating === 'number' ? x.rating : null;
      const now = typeof y?.rating === 'number' ? y.rating : null;
      const textChanged = (x?.evidence ?? x?.rationale ?? '') !== (y?.evidence ?? y?.rationale ?? '');
      const evidence = y?.evidence ?? y?.rationale;
      if (old !== now || textChanged) out.push({ kind, id, title, cycle, old, new: now, textChanged, holistic, file, ...(evidence ? { evidence } : {}) });
    };
    // The cycles of both sides, the first side's in order and then the second's new ones: fifty
    // thousand actions re-rated at once make the lists built to say so worth doing without.
    if (a) for (const cycle of Object.keys(a)) one(cycle);
    if (b) for (const cycle of Object.keys(b)) if (!a || !Object.hasOwn(a, cycle)) one(cycle);
  };
  const actions = (side: Side) => {
    const map = new Map<string, { action: ActionData; file: string }>();
    for (const p of side.actionPlans) if (!side.unchanged.has(p.file)) for (const a of p.data.actions ?? []) map.set(a.id, { action: a, file: p.file });
    return map;
  };
  if (touched) {
    // Fifty thousand actions re-rated at once: each is found at its place, without a map of every
    // action, and compared cycle by cycle straight away (only its progress can have changed).
    const baseFiles = new Map(base.actionPlans.map((p) => [p.file, p.data.actions ?? []]));
    for (const p of head.actionPlans) {
      const ids = touched.get(p.file);
      const before = baseFiles.get(p.file);
      if (!ids || !before) continue;
      (p.data.actions ?? []).forEach((action, i) => {
        if (ids.has(action.id) && before[i]) compare('action', action.id, action.title, p.file, false, before[i]!.progress, action.progress);
      });
    }
  } else {
    const ba = actions(base);
    for (const [id, { action, file }] of actions(head)) {
      const before = ba.get(id)?.action;
      if (before && before !== action && !sameData(before.progress, action.progress)) compare('action', id, action.title, file, false, before.progress, action.progress);
    }
  }
  // Lowest level first, as the strategies came before the theories.
  for (const item of [...head.tree.items].sort((a, b) => b.depth - a.depth)) {
    const before = base.tree.byId.get(item.id);
    if (before) compare(itemKind(head.tree, item.depth), item.id, item.data.title ?? item.data.text ?? item.id, 'plan.yaml', true, holisticMap(before.data.holistic), holisticMap(item.data.holistic));
  }
  const plans = (side: Side) => new Map(side.actionPlans.map((p) => [`${p.kind}:${ownerOf(p)}:${p.data.school_year ?? ''}`, p]));
  const bp = plans(base);
  for (const [key, p] of plans(head)) {
    const before = bp.get(key);
    if (before) compare(p.kind, key.slice(key.indexOf(':') + 1), key.slice(key.indexOf(':') + 1), p.file, true, holisticMap(before.data.holistic), holisticMap(p.data.holistic));
  }
  return out;
}

function holisticMap(map: Record<string, HolisticEntry> | undefined) {
  return map as Record<string, { rating?: number | null; rationale?: string }> | undefined;
}

/**
 * The rollup's figures that a change of ratings moved, cycle by cycle: each figure whose level
 * changed, and the whole plan in every cycle in `rerated` whatever happened to it, so that "no
 * effect" is said, not left to be guessed from silence.
 */
function rollupEffects(base: PlanModel, head: PlanModel, cycles: string[], rerated: ReadonlySet<string> = new Set(cycles)): RollupEffect[] {
  const out: RollupEffect[] = [];
  for (const cycle of cycles) {
    if (!base.cycles.some((c) => c.id === cycle) || !head.cycles.some((c) => c.id === cycle)) continue;
    const before = computeRollup(base, { cycle, asOf: '9999-12-31', trend: false, figuresOnly: true });
    const after = computeRollup(head, { cycle, asOf: '9999-12-31', trend: false, figuresOnly: true });
    const figures = (r: Rollup) => {
      const map = new Map<string, { kind: RollupEffect['kind']; id: string; title: string; f: Figure }>();
      map.set('plan', { kind: 'plan', id: 'plan', title: 'Whole plan', f: r.plan });
      for (const node of itemNodes(r.items)) {
        const kind = itemKind(head.tree, node.depth);
        map.set(`${kind}:${node.id}`, { kind, id: node.id, title: node.title, f: node.figure });
      }
      for (const s of r.schools) map.set(`school:${s.id}`, { kind: 'school', id: s.id, title: s.name, f: s.figure });
      for (const o of r.offices) map.set(`office:${o.id}`, { kind: 'office', id: o.id, title: o.name, f: o.figure });
      return map;
    };
    const b = figures(before);
    for (const [key, now] of figures(after)) {
      const was = b.get(key)?.f;
      const old = was?.rating ?? null;
      if (old !== now.f.rating || (key === 'plan' && rerated.has(cycle))) {
        out.push({ cycle, kind: now.kind, id: now.id, title: now.title, old, new: now.f.rating, oldValue: was?.computed?.value ?? null, newValue: now.f.computed?.value ?? null });
      }
    }
  }
  return out;
}

/** The kinds in the order a diff lists them: the plan's levels top first, then the rest. */
export function kindOrder(tree: PlanTree): ItemKind[] {
  const levels = tree.levels.map((_, depth) => itemKind(tree, depth));
  return ['plan', 'cycle', ...levels, 'goal', 'action-plan', 'action', 'school', 'office', 'network', 'partner', 'person'];
}

/**
 * What a change did to the plan's items, field by field: added, removed, renamed, changed, moved
 * and re-aligned, with no ratings compared or rolled up (the history of targets asks this of every
 * revision).
 */
export function itemChanges(base: PlanModel, head: PlanModel, states: PlanDiff['sides'] = { base: VALID, head: VALID }, pair = sides(base, head)): ItemChange[] {
  const theoryOf = (which: 'base' | 'head', strategy: string) => (which === 'base' ? base : head).tree.byId.get(strategy)?.lineage[0]!.id ?? '';
  const b = itemsOf(pair.base);
  const h = itemsOf(pair.head);
  const changes: ItemChange[] = [];
  const planFields = fieldChanges(
    omit(base.plan as unknown as Record<string, unknown>, PLAN_ITEM_KEYS),
    omit(head.plan as unknown as Record<string, unknown>, PLAN_ITEM_KEYS),
  );
  // A plan added or removed is listed item by item; its identity fields are not "changes".
  const bothPlans = states.base.state !== 'absent' && states.head.state !== 'absent';
  if (planFields.length && bothPlans) changes.push({ kind: 'plan', op: 'changed', id: head.plan.plan.id, title: head.plan.plan.title, file: 'plan.yaml', fields: planFields });
  const order = kindOrder(head.tree.items.length || !base.tree.items.length ? head.tree : base.tree);
  // A kind only one side has (a plan that gained a level) is still compared.
  for (const kind of [...order, ...kindOrder(base.tree).filter((k) => !order.includes(k))]) {
    if (kind === 'plan') continue;
    changes.push(...compareItems(kind, b.get(kind) ?? [], h.get(kind) ?? [], theoryOf));
  }
  return changes;
}

export function diffPlans(base: PlanModel, head: PlanModel, labels: { base: string; head: string }, states: PlanDiff['sides'] = { base: VALID, head: VALID }): PlanDiff {
  const pair = sides(base, head);
  const changes = itemChanges(base, head, states, pair);
  const ratings = ratingChanges(pair.base, pair.head);
  const cycles = [...new Set(ratings.filter((r) => r.old !== r.new).map((r) => r.cycle))];
  // Changes of structure move ratings as well: an action added, removed or re-aligned, a weight or
  // a timeline, a cycle, the method. Then every cycle is rolled up; otherwise only those re-rated.
  const structural = changes.some(
    (c) =>
      ((['action', 'cycle', 'action-plan'].includes(c.kind) || isTreeKind(c.kind)) && c.op !== 'changed') ||
      c.realigned ||
      c.moved ||
      (c.kind === 'action' && c.fields.some((f) => f.path.startsWith('weight') || f.path.startsWith('timeline'))) ||
      (c.kind === 'cycle' && c.op === 'changed') ||
      (c.kind === 'action-plan' && c.fields.some((f) => f.path.startsWith('school') || f.path.startsWith('office'))) ||
      (c.kind === 'plan' && c.fields.some((f) => /^(rollup|rating_scale|levels|actions_align_to)\b/.test(f.path))),
  );
  const effectCycles = structural ? head.cycles.map((c) => c.id) : cycles;
  const effects = rollupEffects(base, head, effectCycles, new Set(cycles));
  const count = (op: ItemChange['op']) => changes.filter((c) => c.op === op).length;
  const annual = annualRevision(base, head);
  return {
    ...(annual ? { annual } : {}),
    base: labels.base,
    head: labels.head,
    sides: states,
    changes,
    ratings,
    effects,
    summary: {
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      renamed: count('renamed'),
      realigned: changes.filter((c) => c.realigned).length,
      ratings: ratings.filter((r) => r.old !== r.new).length,
      goalTargets: changes.filter((c) => c.kind === 'goal' && c.fields.some((f) => movesTarget(f.path))).length,
      targetsWithoutReason: changes.filter((c) => c.unexplained).length,
    },
  };
}

/**
 * A year's revision of the plan, read as one: the latest school year a strategy was newly set for,
 * the strategies added for it (new, or newly active in it), and those retired (active every year or
 * in that year before, and now limited to earlier years). Null when no strategy was set for a year.
 */
export function annualRevision(base: PlanModel, head: PlanModel): PlanDiff['annual'] | null {
  const yearsOf = (model: PlanModel) => {
    const map = new Map<string, string[] | null>();
    for (const item of model.tree.aligned) map.set(item.id, item.activeYears);
    return map;
  };
  const before = yearsOf(base);
  const after = yearsOf(head);
  const newlySet: string[] = [];
  for (const [id, years] of after) {
    if (!years) continue;
    const old = before.get(id);
    for (const y of years) if (old === undefined || (old !== null && !old.includes(y))) newlySet.push(y);
  }
  if (!newlySet.length) return null;
  const year = newlySet.sort().at(-1)!;
  const added = [...after].filter(([id, years]) => years?.includes(year) && !(before.get(id) === null || before.get(id)?.includes(year))).map(([id]) => id);
  const retired = [...after]
    .filter(([id, years]) => years && !years.includes(year) && before.has(id) && (before.get(id) === null || before.get(id)!.includes(year) || before.get(id)!.some((y) => y > years.at(-1)!)))
    .map(([id]) => id);
  return { year, added, retired };
}

/**
 * The diff of a change that touches ratings and evidence only (plan apply's): the rating changes and
 * their effect on the rollup, without comparing the plan's items field by field.
 */
export function diffRatings(base: PlanModel, head: PlanModel, labels: { base: string; head: string }, touched?: TouchedActions): PlanDiff {
  const pair = sides(base, head);
  const ratings = ratingChanges(pair.base, pair.head, touched);
  const cycles = [...new Set(ratings.filter((r) => r.old !== r.new).map((r) => r.cycle))];
  return {
    base: labels.base,
    head: labels.head,
    sides: { base: VALID, head: VALID },
    changes: [],
    ratings,
    effects: rollupEffects(base, head, cycles),
    summary: { added: 0, removed: 0, changed: 0, renamed: 0, realigned: 0, ratings: ratings.filter((r) => r.old !== r.new).length, goalTargets: 0, targetsWithoutReason: 0 },
  };
}

function sides(base: PlanModel, head: PlanModel): { base: Side; head: Side } {
  const headData = new Map(head.actionPlans.map((p) => [p.file, p.data]));
  const unchanged = new Set(base.actionPlans.filter((p) => headData.get(p.file) === p.data).map((p) => p.file));
  return {
    base: { plan: base.plan, tree: base.tree, actionPlans: base.actionPlans, unchanged },
    head: { plan: head.plan, tree: head.tree, actionPlans: head.actionPlans, unchanged },
  };
}

// plan.yaml's keys that hold items compared one by one, not as fields of the plan.
const PLAN_ITEM_KEYS = ['version', 'theories', 'outline', 'goals', 'cycles', 'schools', 'offices', 'networks', 'partners', 'people'];
