// The rows of a status view (by the plan's levels, school, office or network) drawn from one
// rollup, so that every output format shows the same thing.
import type { PlanModel } from '../plan/model.js';
import type { ActionFigure, Figure, Held, ItemNode, Rollup, Trend } from '../rollup/rollup.js';
import { itemKind, type ItemKind } from '../plan/tree.js';
import { ownerNames } from '../labels.js';

/** `theory` is the plan's own tree, whatever its levels are called. */
export const VIEW_BYS = ['theory', 'school', 'office', 'network'] as const;
export type ViewBy = (typeof VIEW_BYS)[number];
/** Besides these, --depth takes the name of any of the plan's levels. */
export const DEPTHS = ['top', 'strategy', 'action'] as const;
export type Depth = string;

/** Items are `theory` (top level), `strategy` (the level actions align to) and `level2`, `level3` rows between. */
export type RowKind = 'plan' | ItemKind | 'action' | 'school' | 'office' | 'network';

export interface Row {
  kind: RowKind;
  depth: number;
  id: string;
  /** The label of the kind in the plan's terms ("Theory of Action 1", "Action Step"). */
  label: string;
  title: string;
  parent: string | null;
  rating: number | null;
  computed: number | null;
  /** When the majority rule held the level below the value's band: the band and how few below reach it. */
  held: Held | null;
  /** What lies directly below, at each level of the scale (lowest first): items, or actions at the level actions align to. */
  spread: number[];
  /** Actions below at each level of the scale, lowest first. */
  distribution: number[];
  /** Who answers for it, by name, where the plan names an owner (items, actions). */
  owner: string | null;
  /** What `spread` counts, in the plan's words: "Theories of Action", "Action Steps". */
  below: string;
  holistic: number | null;
  divergent: boolean;
  rated: number;
  total: number;
  trend: Trend;
  previous: number | null;
  /** False for an action or unit that does not report in this cycle. */
  reporting: boolean;
  /** When too little below is rated to show a figure: how much is (rollup.min_coverage). */
  tooFewRatings: { rated: number; total: number } | null;
}

export interface StatusView {
  by: ViewBy;
  depth: Depth;
  rows: Row[];
}

/** How deep a view goes: how many of the plan's levels, and whether actions are listed. */
export interface DepthReach {
  levels: number;
  actions: boolean;
}

/** What a --depth means for this plan: top, strategy (the level actions align to), action, or a level's name. Null when it names none. */
export function depthReach(model: Pick<PlanModel, 'tree'>, depth: string): DepthReach | null {
  const tree = model.tree;
  const wanted = depth.trim().toLowerCase().replace(/[-_]+/g, ' ');
  if (wanted === 'action' || wanted === 'actions') return { levels: tree.align + 1, actions: true };
  if (wanted === 'top') return { levels: 1, actions: false };
  if (wanted === 'strategy' || wanted === 'strategies') return { levels: tree.align + 1, actions: false };
  const level = tree.levels.findIndex((l) => l.singular.toLowerCase() === wanted || l.plural.toLowerCase() === wanted);
  if (level >= 0) return { levels: Math.min(level, tree.align) + 1, actions: false };
  return null;
}

/** The depths a plan's views accept, for help and errors. */
export function depthChoices(model: Pick<PlanModel, 'tree'>): string[] {
  const names = model.tree.levels.slice(0, model.tree.align + 1).map((l) => l.singular.toLowerCase().replace(/\s+/g, '-'));
  return [...new Set(['top', ...names, 'strategy', 'action'])];
}

function figureRow(kind: RowKind, depth: number, id: string, label: string, title: string, parent: string | null, f: Figure, below: string): Row {
  return {
    kind,
    depth,
    id,
    label,
    title,
    parent,
    rating: f.rating,
    computed: f.computed?.value ?? null,
    held: f.computed?.held ?? null,
    spread: f.spread,
    distribution: f.distribution,
    owner: null,
    below,
    holistic: f.holistic?.rating ?? null,
    divergent: f.divergent,
    // A figure with no actions below counts the items people rate as a whole instead.
    rated: f.actions.total || !f.items.total ? f.actions.rated : f.items.rated,
    total: f.actions.total || !f.items.total ? f.actions.total : f.items.total,
    trend: f.trend,
    previous: f.previous,
    reporting: f.reporting,
    // Nothing rated at all below is plainly "not rated"; some, but too few, is "not enough ratings".
    tooFewRatings: f.enoughRatings || f.rating !== null || f.actions.rated + f.items.rated === 0 ? null : f.coverage,
  };
}

function actionRow(a: ActionFigure, depth: number, parent: string, label: string): Row {
  const reporting = a.reporting;
  return {
    kind: 'action',
    depth,
    id: a.id,
    label,
    title: a.title,
    parent,
    rating: a.rating,
    computed: null,
    held: null,
    spread: [],
    distribution: [],
    owner: null,
    below: '',
    holistic: null,
    divergent: false,
    rated: a.rating !== null ? 1 : 0,
    total: reporting ? 1 : 0,
    trend: a.trend,
    previous: a.previous,
    reporting,
    tooFewRatings: null,
  };
}

export function buildView(model: PlanModel, rollup: Rollup, by: ViewBy, depth: Depth): StatusView {
  const t = model.terms;
  const reach = depthReach(model, depth) ?? { levels: model.tree.align + 1, actions: true };
  const rows: Row[] = [];
  const actions = new Map(rollup.actions.map((a) => [a.id, a]));
  const actionLabel = t.action.singular;
  const addActions = (ids: string[], level: number, parent: string) => {
    if (!reach.actions) return;
    for (const id of ids) {
      const a = actions.get(id)!;
      // Actions that neither report nor were rated in this cycle would only add noise.
      if (a.reporting) rows.push(actionRow(a, level, parent, actionLabel));
    }
  };
  const ownerName = ownerNames(model);
  const planTitle = rollup.scope.school
    ? (model.plan.schools ?? []).find((s) => s.id === rollup.scope.school)?.name ?? rollup.scope.school
    : model.plan.plan.title;
  if (by === 'theory') {
    const school = rollup.scope.school ? rollup.schools.find((s) => s.id === rollup.scope.school) : undefined;
    const top = school ? school.figure : rollup.plan;
    const align = model.tree.align;
    const levelBelow = (depth: number) => (depth < align ? model.tree.levels[depth + 1]!.plural : t.action.plural);
    rows.push(figureRow('plan', 0, rollup.scope.school ?? model.plan.plan.id, school ? t.school_action_plan.singular : 'Whole plan', planTitle, null, top, school ? t.action.plural : model.tree.levels[0]!.plural));
    const visit = (node: ItemNode, parent: string | null) => {
      if (node.depth >= reach.levels) return;
      // One school's view leaves out what the school does not carry out.
      if (rollup.scope.school && node.depth > 0 && !hasActions(node)) return;
      const row = figureRow(itemKind(model.tree, node.depth), node.depth + 1, node.id, `${node.level}${node.number !== undefined ? ` ${node.number}` : ''}`, node.untitled ? '' : node.title, parent, node.figure, levelBelow(node.depth));
      rows.push(node.owner ? { ...row, owner: ownerName('plan.yaml', node.owner) } : row);
      for (const child of node.children) visit(child, node.id);
      if (node.depth === align) addActions(node.actions, node.depth + 2, node.id);
    };
    for (const top of rollup.items) visit(top, null);
    return { by, depth, rows };
  }
  const units = by === 'school' ? rollup.schools : by === 'office' ? rollup.offices : rollup.networks;
  const label = by === 'school' ? t.school.singular : by === 'office' ? t.office.singular : t.network.singular;
  rows.push(figureRow('plan', 0, model.plan.plan.id, 'Whole plan', planTitle, null, rollup.plan, model.tree.levels[0]!.plural));
  const schools = new Map(rollup.schools.map((s) => [s.id, s]));
  for (const unit of units) {
    rows.push(figureRow(by, 1, unit.id, label, unit.name, null, unit.figure, by === 'network' ? t.school.plural : t.action.plural));
    if (reach.levels === 1 && !reach.actions) continue;
    if (by === 'network') {
      for (const id of unit.children) {
        const school = schools.get(id)!;
        rows.push(figureRow('school', 2, school.id, t.school.singular, school.name, unit.id, school.figure, t.action.plural));
        addActions(school.children, 3, school.id);
      }
    } else addActions(unit.children, 2, unit.id);
  }
  return { by, depth, rows };
}

function hasActions(node: ItemNode): boolean {
  return node.actions.length > 0 || node.children.some(hasActions);
}
