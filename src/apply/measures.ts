// Measures' values (a goal's or key result's actuals) as plan apply handles them, wherever the
// measure is written: in plan.yaml (its goals, its items' measures) or in a school's or office's
// action plan (its goals). A value for a cycle is an entry like a rating: matched, set in the data,
// and spliced into the text (splice-holistic.ts).
import { goalPrint, pointAsEntry } from '../collect/form.js';
import { schoolYearOf, valueIndex } from '../plan/calendar.js';
import type { ActionData, CycleData, GoalData, ProgressEntry } from '../plan/model.js';
import { groupBy } from '../group-by.js';
import type { MeasureEdit } from './splice-holistic.js';

/** Measures as the rows' matching sees actions: their words, and each cycle's value as progress. */
export function measuresAsActions(goals: readonly GoalData[], cycles: readonly CycleData[]): ActionData[] {
  return goals.map((goal) => {
    const progress: Record<string, ProgressEntry> = {};
    for (const cycle of cycles) {
      const at = valueIndex(goal, cycle);
      if (at !== null) progress[cycle.id] = pointAsEntry(goal.metric!.actuals![at])!;
    }
    return { ...goalPrint(goal), progress };
  });
}

/** A measure's row filled for a cycle, as the edit that sets its value: in place of the cycle's (or its school year's) value, else added. */
export function measureEdit(goal: GoalData, cycle: CycleData, entry: ProgressEntry): MeasureEdit {
  const point = { value: entry.rating as number, school_year: schoolYearOf(cycle), cycle: cycle.id, ...(entry.evidence !== undefined ? { note: entry.evidence } : {}) };
  return { goal: goal.id, point, replace: valueIndex(goal, cycle) };
}

/** What a measure holds for a cycle, as an entry. */
export function measureEntry(goal: GoalData | undefined, cycle: CycleData | undefined): ProgressEntry | undefined {
  if (!goal || !cycle) return undefined;
  const at = valueIndex(goal, cycle);
  return at === null ? undefined : pointAsEntry(goal.metric!.actuals![at]);
}

/** plan.yaml's data with each measure edit's value set in its metric's actuals. */
export function withMeasures(data: Record<string, unknown>, edits: readonly MeasureEdit[]): Record<string, unknown> {
  if (!edits.length) return data;
  const byGoal = groupBy(edits, (e) => e.goal);
  const setIn = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((goal) => {
          const record = goal as Record<string, unknown>;
          const set = record && typeof record === 'object' ? byGoal.get(record.id as string) : undefined;
          if (!set) return goal;
          const metric = { ...(record.metric as Record<string, unknown>) };
          const actuals = [...((metric.actuals as unknown[]) ?? [])];
          for (const e of set) if (e.replace !== null) actuals[e.replace] = e.point;
          for (const e of set) if (e.replace === null) actuals.push(e.point);
          metric.actuals = actuals;
          return { ...record, metric };
        })
      : list;
  const out = withItems(data, (item) => (item.measures !== undefined ? { ...item, measures: setIn(item.measures) } : item));
  if (data.goals !== undefined) out.goals = setIn(data.goals);
  return out;
}

/**
 * plan.yaml's data with each of its tree's items (under outline/children or theories/strategies)
 * passed through `change`, new objects only along the way: what the data is meant to be after an edit.
 */
export function withItems(data: Record<string, unknown>, change: (item: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  const visit = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((node) => {
          if (!node || typeof node !== 'object') return node;
          const next = change({ ...(node as Record<string, unknown>) });
          if (next.children !== undefined) next.children = visit(next.children);
          if (next.strategies !== undefined) next.strategies = visit(next.strategies);
          return next;
        })
      : list;
  const out: Record<string, unknown> = { ...data };
  if (data.outline !== undefined) out.outline = visit(data.outline);
  if (data.theories !== undefined) out.theories = visit(data.theories);
  return out;
}
