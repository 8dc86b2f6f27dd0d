// Goal progress: how far a metric has moved from its baseline towards its target, and whether that
// is on pace: against the path from the baseline through each milestone (interim target) to the
// target, straight between them; with no milestones, a straight line to the target.
import type { CycleData, GoalData, MetricPoint, PlanModel } from '../plan/model.js';
import { isThreshold, type MetricDirection } from '../plan/plan-data.js';

/** A milestone as of a cycle: met by its date, missed, still to come, or passed with no value measured by it. */
export type MilestoneStatus = 'met' | 'missed' | 'upcoming' | 'no-data';

/** 'missed': the target's year is over (the cycle is its last report, or later) and it was not reached. */
export type GoalStatus = 'met' | 'on-track' | 'off-track' | 'missed' | 'no-data' | 'no-timeline';

export interface GoalProgress {
  id: string;
  title: string;
  /** 'district', or the id of the school whose goal it is. */
  scope: string;
  /** For a measure of an item of the plan: the item, with its level's name. */
  item?: { level: string; id: string; name: string };
  serves: string[];
  metric: string;
  unit?: string;
  direction: MetricDirection;
  /** For maintain: how far from the target's value still counts as kept. */
  tolerance?: number;
  /** Where the measure started; a threshold (at_least, at_most, maintain) may have none. */
  baseline: MetricPoint | null;
  target: MetricPoint;
  latest: MetricPoint | null;
  /** The values measured by the cycle, oldest first. */
  values: MetricPoint[];
  /** The school year of the latest value when it is older than the cycle's school year: the figure is "as of" then. */
  asOf: string | null;
  /** Share of the distance from baseline to target covered by the latest value (1 = target reached). */
  share: number | null;
  /** Share of the time from baseline to target that had passed at the latest value. */
  elapsed: number | null;
  /** Where the path through the milestones stood at the latest value: what "on pace" means. */
  expected: number | null;
  /** Each milestone, and whether it was met by its date, missed, is still to come, or passed with no value measured by it, as of the cycle. */
  milestones: Array<{ point: MetricPoint; status: MilestoneStatus }>;
  /** The next milestone still to come, or the target. */
  next: MetricPoint;
  status: GoalStatus;
  /** The measure for each group of students the plan gives, judged as the measure is. */
  groups?: Array<{ name: string; progress: GoalProgress }>;
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
  // A point of a school year is passed once the year's last report is made: at the End-of-Year
  // report of 2019-20 a target "by 2019-20" is reached or missed, not still to come, and a value
  // "for 2019-20" is known.
  const lastOfYear = asOfCycle?.school_year !== undefined && !model.cycles.some((c) => c.school_year === asOfCycle.school_year && c.due > asOfCycle.due);
  const yearClosed = (point: MetricPoint): boolean | null =>
    asOfCycle?.school_year !== undefined && point.school_year !== undefined && !point.cycle
      ? asOfCycle.school_year > point.school_year || (asOfCycle.school_year === point.school_year && lastOfYear)
      : null;
  // Values reported after the cycle shown are not yet known at that cycle.
  const known = (metric.actuals ?? []).filter((p) => {
    const closed = yearClosed(p);
    if (closed !== null) return closed;
    const t = momentOf(p, cycles);
    return cutoff === null || t === null || t <= cutoff + 1e-9;
  });
  const latest = known.length ? known[known.length - 1]! : null;
  const threshold = isThreshold(metric.direction);
  const baseline = metric.baseline ?? null;
  const distance = baseline ? metric.target.value - baseline.value : 0;
  const share = !threshold && baseline && latest && distance !== 0 ? (latest.value - baseline.value) / distance : null;
  const t0 = baseline ? momentOf(baseline, cycles) : null;
  const t1 = momentOf(metric.target, cycles);
  const tl = latest ? momentOf(latest, cycles) : null;
  const elapsed = !threshold && t0 !== null && t1 !== null && tl !== null && t1 > t0 ? (tl - t0) / (t1 - t0) : null;
  const tolerance = metric.tolerance ?? 0;
  // Whether a value reaches a goal value: at or past it in the measure's direction; for maintain, within the tolerance.
  const reaches = (value: number, goalValue: number) => {
    switch (metric.direction) {
      case 'increase':
      case 'at_least':
        return value >= goalValue - 1e-9;
      case 'decrease':
      case 'at_most':
        return value <= goalValue + 1e-9;
      default:
        return Math.abs(value - goalValue) <= tolerance + 1e-9;
    }
  };
  // The path: baseline, milestones, target, each at its moment (milestones without one are left out).
  const path: Array<{ t: number; v: number }> = [];
  if (t0 !== null && baseline) path.push({ t: t0, v: baseline.value });
  for (const m of metric.milestones ?? []) {
    const t = momentOf(m, cycles);
    if (t !== null && (path.length === 0 || t > path[path.length - 1]!.t)) path.push({ t, v: m.value });
  }
  if (t1 !== null && (path.length === 0 || t1 > path[path.length - 1]!.t)) path.push({ t: t1, v: metric.target.value });
  const expected = threshold || tl === null || path.length < 2 || t0 === null || t1 === null ? null : along(path, tl);
  const now = cutoff ?? tl;
  const passedAt = (point: MetricPoint, t: number | null) => yearClosed(point) ?? (t !== null && now !== null && now >= t - 1e-9);
  let since = t0 ?? -Infinity;
  const milestones = (metric.milestones ?? []).map((point) => {
    const t = momentOf(point, cycles);
    const from = since;
    if (t !== null) since = t;
    // A distance is met once any value by its date reaches it; a threshold by the value that stood at its date.
    const byThen = known.filter((a) => {
      const ta = momentOf(a, cycles);
      return ta !== null && t !== null && ta <= t + 1e-9;
    });
    const met = threshold ? byThen.length > 0 && reaches(byThen[byThen.length - 1]!.value, point.value) : byThen.some((a) => reaches(a.value, point.value));
    const passed = passedAt(point, t);
    // Passed with nothing measured since the point before it: it cannot be said to be missed, only
    // unmeasured (a year the state test was not given).
    const measured = known.some((a) => {
      const ta = momentOf(a, cycles);
      return ta !== null && t !== null && ta <= t + 1e-9 && ta > from + 1e-9;
    });
    const status: MilestoneStatus = met ? 'met' : !passed ? 'upcoming' : measured ? 'missed' : 'no-data';
    return { point, status };
  });
  const next = milestones.find((m) => m.status === 'upcoming')?.point ?? metric.target;
  let status: GoalStatus;
  if (threshold) {
    // A level to hold: judged against the bar that stands now (the next milestone, or the target).
    const over = passedAt(metric.target, t1);
    if (!latest) status = 'no-data';
    else if (over) status = reaches(latest.value, metric.target.value) ? 'met' : 'missed';
    else status = reaches(latest.value, next.value) ? 'on-track' : 'off-track';
  } else if (!latest || share === null) status = 'no-data';
  else if (share >= 1) status = 'met';
  else if (asOfCycle && passedAt(metric.target, t1)) status = 'missed';
  else if (expected === null) status = 'no-timeline';
  else status = reaches(latest.value, expected) ? 'on-track' : 'off-track';
  return {
    id: goal.id,
    title: goal.title,
    scope,
    serves: goal.serves ?? [],
    metric: metric.name,
    ...(metric.unit ? { unit: metric.unit } : {}),
    direction: metric.direction,
    ...(metric.direction === 'maintain' ? { tolerance } : {}),
    baseline,
    target: metric.target,
    latest,
    values: known,
    asOf: latest?.school_year && asOfCycle?.school_year && latest.school_year < asOfCycle.school_year ? latest.school_year : null,
    share,
    elapsed,
    expected,
    milestones,
    next,
    status,
    ...(metric.groups?.length ? { groups: groupProgress(goal, scope, model, asOfCycle) } : {}),
  };
}

/** Each student group's progress: the measure with the group's baseline, values and milestones, and its own target or the measure's. */
function groupProgress(goal: GoalData, scope: string, model: PlanModel, asOfCycle: CycleData | null): NonNullable<GoalProgress['groups']> {
  const metric = goal.metric!;
  return (metric.groups ?? []).flatMap((group, i) => {
    const { groups: _groups, baseline: _baseline, milestones: _milestones, actuals: _actuals, ...shared } = metric;
    const progress = goalProgress(
      { id: `${goal.id}.groups.${i}`, title: group.name, metric: { ...shared, ...(group.baseline ? { baseline: group.baseline } : {}), target: group.target ?? metric.target, ...(group.milestones ? { milestones: group.milestones } : {}), ...(group.actuals ? { actuals: group.actuals } : {}) } },
      scope,
      model,
      asOfCycle,
    );
    return progress ? [{ name: group.name, progress }] : [];
  });
}

/** The value on a path of points at moment `t`: straight between points, flat beyond the ends. */
function along(path: ReadonlyArray<{ t: number; v: number }>, t: number): number {
  if (t <= path[0]!.t) return path[0]!.v;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    if (t <= b.t) return a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
  }
  return path[path.length - 1]!.v;
}
