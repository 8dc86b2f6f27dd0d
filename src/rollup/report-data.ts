// Everything a report shows that is computed: the rollup of its cycle, the same rollup for the
// earlier cycles of its kind (the trend across cycles), the schools-by-theory grid of the latest
// school cycle (district reports), and what went well. The report's view model only maps this to
// strings; it computes nothing.
import { cycleSeries, defaultReportCycle, schoolCycleFor, type ReportType } from '../plan/calendar.js';
import type { CycleData, PlanModel } from '../plan/model.js';
import type { ItemKind } from '../plan/tree.js';
import { computeRollup, cycleMemo, itemNodes, schoolTheoryGrid, type AttentionItem, type Figure, type OverdueItem, type Rollup, type SchoolTheoryGrid } from './rollup.js';

export interface ReportRequestData {
  type: ReportType;
  cycle?: string;
  school?: string;
  asOf: string;
}

export interface WentWellItem {
  kind: ItemKind | 'school';
  id: string;
  title: string;
  rating: number;
  /** Rose to the top level, or held it; new when there was nothing to compare with. */
  change: 'improved' | 'held' | 'new';
}

export interface ReportData {
  rollup: Rollup;
  /** This cycle and the earlier ones of its kind, oldest first, each rolled up in the same scope. */
  history: Array<{ cycle: CycleData; rollup: Rollup }>;
  /** District reports: the schools by theory in the latest school cycle due by this one. */
  grid: SchoolTheoryGrid | null;
  /** Figures at the top of the scale that held or rose there, improvements first. */
  wentWell: WentWellItem[];
  /** What is rated at the lowest level, each failure once: plan levels first, then schools, offices, actions; then measures missed or off track. */
  urgent: AttentionItem[];
  /** Ratings of this cycle still owed: a report is about its cycle, not every cycle before it. */
  overdue: OverdueItem[];
}

export function reportData(model: PlanModel, request: ReportRequestData): ReportData {
  const cycle = request.cycle ?? defaultReportCycle(model, request.type, request.school)?.id;
  const scope = request.type === 'school' && request.school ? { school: request.school } : {};
  // The trend's cycles are each rolled up once, and compared with the cycle before from the same memo.
  const memo = cycleMemo();
  const rollup = computeRollup(model, { ...(cycle ? { cycle } : {}), ...scope, asOf: request.asOf, memo });
  // The trend reads only the figures of the cycles before: their action lists, goals and attention are not made.
  const history = cycleSeries(model, rollup.cycle).map((c) => ({ cycle: c, rollup: c.id === rollup.cycle.id ? rollup : computeRollup(model, { cycle: c.id, ...scope, asOf: request.asOf, memo, figuresOnly: true }) }));
  let grid: SchoolTheoryGrid | null = null;
  if (request.type !== 'school' && (model.plan.schools ?? []).length) {
    const schoolCycle = schoolCycleFor(model, rollup.cycle);
    if (schoolCycle) grid = schoolTheoryGrid(model, schoolCycle.id);
  }
  // Rated lowest, each failure once (the rollup names it at the highest level it explains), then measures missed or off track.
  const urgent: AttentionItem[] = rollup.attention.filter((item) => item.reason === 'lowest' || item.reason === 'missed' || item.reason === 'off-track');
  const overdue = rollup.overdue.filter((o) => o.cycle === rollup.cycle.id);
  return { rollup, history, grid, wentWell: wentWell(model, rollup), urgent, overdue };
}

function wentWell(model: PlanModel, rollup: Rollup): WentWellItem[] {
  const top = Math.max(...model.scale.levels.map((l) => l.value));
  const candidates: Array<{ kind: WentWellItem['kind']; id: string; title: string; f: Figure }> = [
    ...itemNodes(rollup.items)
      .filter((n) => n.depth === model.tree.align)
      .map((n) => ({ kind: 'strategy' as const, id: n.id, title: n.title, f: n.figure })),
    ...rollup.schools.map((s) => ({ kind: 'school' as const, id: s.id, title: s.name, f: s.figure })),
  ];
  const items = candidates
    .filter((x) => x.f.rating === top && x.f.trend !== 'down')
    .map((x) => ({ kind: x.kind, id: x.id, title: x.title, rating: top, change: x.f.trend === 'up' ? ('improved' as const) : x.f.trend === 'same' ? ('held' as const) : ('new' as const) }));
  // Improvements first: they are what a board wants to celebrate.
  return items.sort((a, b) => (a.change === 'improved' ? 0 : 1) - (b.change === 'improved' ? 0 : 1));
}
