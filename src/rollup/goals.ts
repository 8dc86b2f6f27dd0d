// Goal progress: how far a metric has moved from its baseline towards its target, and whether that
// is on pace for the target year at a straight-line rate.
import type { CycleData, GoalData, MetricPoint, PlanModel } from '../plan/model.js';

export type GoalStatus = 'met' | 'on-track' | 'off-track' | 'no-data' | 'no-timeline';

export interface GoalProgress {
  id: string;
  title: string;
  /** 'district', or the id of the school whose goal it is. */
  scope: string;
  serves: string[];
  metric: string;
  unit?: string;
  direction: 'increase' | 'decrease';
  baseline: MetricPoint;
  target: MetricPoint;
  latest: MetricPoint | null;
  /** Share of the distance from baseline to target covered by the latest value (1 = target reached). */
  share: number | null;
  /** Share of the time from baseline to target that had passed at the latest value. */
  elapsed: number | null;
  status: GoalStatus;
}

const DAY = 24 * 3600 * 1000;

/** A point's moment, in years since 1970: a cycle's due date, or the end (June 30) of its school year. */
function momentOf(point: MetricPoint, cycles: Map<string, CycleData>): number | null {
  const cycle = point.cycle ? cycles.get(point.cycle) : undefined;
  if (cycle) return Date.parse(`${cycle.due}T00:00:00Z`) / DAY / 365.25;
  if (point.school_year) {
    const end = Number(point.school_year.slice(0, 4)) + 1;
    return Date.parse(`${end}-06-30T00:00:00Z`) / DAY / 365.25;
  }
  return null;
}

export function goalProgress(goal: GoalData, scope: string, model: PlanModel, asOfCycle: CycleData | null): GoalProgress | null {
  const metric = goal.metric;
  if (!metric) return null;
  const cycles = new Map(model.cycles.map((c) => [c.id, c]));
  const cutoff = asOfCycle ? momentOf({ value: 0, cycle: asOfCycle.id }, cycles) : null;
  // Values reported after the cycle shown are not yet known at that cycle.
  const known = (metric.actuals ?? []).filter((p) => {
    const t = momentOf(p, cycles);
    return cutoff === null || t === null || t <= cutoff + 1e-9;
  });
  const latest = known.length ? known[known.length - 1]! : null;
  const distance = metric.target.value - metric.baseline.value;
  const share = latest && distance !== 0 ? (latest.value - metric.baseline.value) / distance : null;
  const t0 = momentOf(metric.baseline, cycles);
  const t1 = momentOf(metric.target, cycles);
  const tl = latest ? momentOf(latest, cycles) : null;
  const elapsed = t0 !== null && t1 !== null && tl !== null && t1 > t0 ? (tl - t0) / (t1 - t0) : null;
  let status: GoalStatus;
  if (!latest || share === null) status = 'no-data';
  else if (share >= 1) status = 'met';
  else if (elapsed === null) status = 'no-timeline';
  else status = share >= elapsed - 1e-9 ? 'on-track' : 'off-track';
  return {
    id: goal.id,
    title: goal.title,
    scope,
    serves: goal.serves ?? [],
    metric: metric.name,
    ...(metric.unit ? { unit: metric.unit } : {}),
    direction: metric.direction,
    baseline: metric.baseline,
    target: metric.target,
    latest,
    share,
    elapsed,
    status,
  };
}
