// The rows of a status view (by theory, school, office or network) drawn from one rollup, so that
// every output format shows the same thing.
import type { PlanModel } from '../plan/model.js';
import type { ActionFigure, Figure, Rollup, Trend } from '../rollup/rollup.js';

export const VIEW_BYS = ['theory', 'school', 'office', 'network'] as const;
export type ViewBy = (typeof VIEW_BYS)[number];
export const DEPTHS = ['top', 'strategy', 'action'] as const;
export type Depth = (typeof DEPTHS)[number];

export type RowKind = 'plan' | 'theory' | 'strategy' | 'action' | 'school' | 'office' | 'network';

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

function figureRow(kind: RowKind, depth: number, id: string, label: string, title: string, parent: string | null, f: Figure): Row {
  return {
    kind,
    depth,
    id,
    label,
    title,
    parent,
    rating: f.rating,
    computed: f.computed?.value ?? null,
    holistic: f.holistic?.rating ?? null,
    divergent: f.divergent,
    rated: f.actions.rated,
    total: f.actions.total,
    trend: f.trend,
    previous: f.previous,
    reporting: f.reporting,
    // Nothing rated at all below is plainly "not rated"; some, but too few, is "not enough ratings".
    tooFewRatings: f.enoughRatings || f.rating !== null || f.actions.rated === 0 ? null : f.coverage,
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
  const rows: Row[] = [];
  const actions = new Map(rollup.actions.map((a) => [a.id, a]));
  const actionLabel = t.action.singular;
  const addActions = (ids: string[], level: number, parent: string) => {
    if (depth !== 'action') return;
    for (const id of ids) {
      const a = actions.get(id)!;
      // Actions that neither report nor were rated in this cycle would only add noise.
      if (a.reporting) rows.push(actionRow(a, level, parent, actionLabel));
    }
  };
  const planTitle = rollup.scope.school
    ? (model.plan.schools ?? []).find((s) => s.id === rollup.scope.school)?.name ?? rollup.scope.school
    : model.plan.plan.title;
  if (by === 'theory') {
    const school = rollup.scope.school ? rollup.schools.find((s) => s.id === rollup.scope.school) : undefined;
    const top = school ? school.figure : rollup.plan;
    rows.push(figureRow('plan', 0, rollup.scope.school ?? model.plan.plan.id, school ? t.school_action_plan.singular : 'Whole plan', planTitle, null, top));
    for (const theory of rollup.theories) {
      const label = `${t.theory.singular}${theory.number !== undefined ? ` ${theory.number}` : ''}`;
      rows.push(figureRow('theory', 1, theory.id, label, theory.title, null, theory.figure));
      if (depth === 'top') continue;
      for (const s of theory.strategies) {
        if (rollup.scope.school && !s.actions.length) continue;
        rows.push(figureRow('strategy', 2, s.id, t.strategy.singular, s.title, theory.id, s.figure));
        addActions(s.actions, 3, s.id);
      }
    }
    return { by, depth, rows };
  }
  const units = by === 'school' ? rollup.schools : by === 'office' ? rollup.offices : rollup.networks;
  const label = by === 'school' ? t.school.singular : by === 'office' ? t.office.singular : t.network.singular;
  rows.push(figureRow('plan', 0, model.plan.plan.id, 'Whole plan', planTitle, null, rollup.plan));
  const schools = new Map(rollup.schools.map((s) => [s.id, s]));
  for (const unit of units) {
    rows.push(figureRow(by, 1, unit.id, label, unit.name, null, unit.figure));
    if (depth === 'top') continue;
    if (by === 'network') {
      for (const id of unit.children) {
        const school = schools.get(id)!;
        rows.push(figureRow('school', 2, school.id, t.school.singular, school.name, unit.id, school.figure));
        addActions(school.children, 3, school.id);
      }
    } else addActions(unit.children, 2, unit.id);
  }
  return { by, depth, rows };
}
