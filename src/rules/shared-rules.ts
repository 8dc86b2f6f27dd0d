// Checks that plan.yaml and the action plan files have in common: references, dates, ratings per
// cycle, goals.
import { withArticle } from '../plan/terminology.js';
import type { DataPath } from '../diagnostics.js';
import type { RuleCode } from './codes.js';
import type { PlanContext } from './context.js';
import { isDateString, isRealDate } from '../dates.js';
import { asArray, asRecord, stringOf } from './data.js';
import type { Findings } from './findings.js';
import { closestMatch } from './suggest.js';

/** Reports `value` at `path` when it is a string that is not among `known`. */
export function checkReference(
  f: Findings,
  code: RuleCode,
  value: unknown,
  path: DataPath,
  known: readonly string[] | ReadonlySet<string>,
  describe: (id: string) => string,
  listName: string,
  target: 'value' | 'key' = 'value',
): void {
  if (typeof value !== 'string') return;
  const has = Array.isArray(known) ? known.includes(value) : (known as ReadonlySet<string>).has(value);
  if (has) return;
  const match = closestMatch(value, known);
  const hint = match
    ? `Did you mean "${match}"?`
    : known instanceof Set || (known as readonly string[]).length
      ? `Use one of the ids listed in ${listName}, or add "${value}" there.`
      : `Add "${value}" to ${listName}.`;
  f.add(code, path, describe(value), hint, target);
}

export function checkDate(f: Findings, value: unknown, path: DataPath, what: string): value is string {
  if (!isDateString(value)) return false;
  if (!isRealDate(value)) {
    f.add('INVALID_DATE', path, `${what} "${value}" is not a real calendar date`, 'Correct the day or month (YYYY-MM-DD).');
    return false;
  }
  return true;
}

export function scaleText(ctx: PlanContext): string {
  return [...new Set(ctx.scaleValues)].join(', ');
}

function checkRating(f: Findings, rating: unknown, path: DataPath, ctx: PlanContext, owner: string, cycle: string): void {
  if (typeof rating === 'string' && ctx.known) {
    // The level's label where its number belongs: "rating: On track" is 3 on a 1-2-3 scale.
    const wanted = rating.trim().toLowerCase();
    const level = ctx.scaleLabels.map((l) => /^(\S+) \((.*)\)$/.exec(l)).find((m) => m && m[2]!.trim().toLowerCase() === wanted);
    if (level) {
      f.add(
        'RATING_OFF_SCALE',
        path,
        `${owner} is rated "${rating}" for ${ctx.terms.cycle.singular.toLowerCase()} "${cycle}": a rating is written as its number on the scale`,
        `${level[2]} is ${level[1]} on the plan's scale: write rating: ${level[1]}.`,
      );
    }
    return;
  }
  if (typeof rating !== 'number' || !ctx.known) return;
  if (ctx.scaleValues.includes(rating)) return;
  f.add(
    'RATING_OFF_SCALE',
    path,
    `${owner} is rated ${rating} for ${ctx.terms.cycle.singular.toLowerCase()} "${cycle}", which is not on the rating scale (${scaleText(ctx)})`,
    `Use ${[...new Set(ctx.scaleLabels)].join(', ')}, or null if it was not rated.`,
  );
}

/** `progress` (actions) or `holistic` (strategies, theories, school and office plans): keyed by cycle id. */
export function checkCycleRatings(
  f: Findings,
  map: unknown,
  path: DataPath,
  ctx: PlanContext,
  owner: string,
): void {
  const record = asRecord(map);
  if (!record) return;
  const cycleTerm = ctx.terms.cycle.singular.toLowerCase();
  for (const [cycleId, entry] of Object.entries(record)) {
    const entryPath = [...path, cycleId];
    if (ctx.known) {
      checkReference(
        f,
        'UNKNOWN_CYCLE',
        cycleId,
        entryPath,
        ctx.cycles,
        (id) => `${owner} reports progress for ${cycleTerm} "${id}", which plan.yaml does not define`,
        'cycles in plan.yaml',
        'key',
      );
    }
    checkRating(f, asRecord(entry)?.rating, [...entryPath, 'rating'], ctx, owner, cycleId);
  }
}

export function checkGoal(f: Findings, goal: unknown, path: DataPath, ctx: PlanContext, alignable: ReadonlySet<string>): void {
  const record = asRecord(goal);
  if (!record) return;
  const name = `${ctx.terms.goal.singular} "${stringOf(record.id) ?? stringOf(record.title) ?? '?'}"`;
  // With plan.yaml unreadable no id is known: its own error is the one cause to report.
  if (ctx.known) asArray(record.serves).forEach((target, i) =>
    checkReference(
      f,
      'UNKNOWN_ALIGNMENT',
      target,
      [...path, 'serves', i],
      alignable,
      (id) => `${name} serves "${id}", which is ${levelsInWords(ctx)} of the plan`,
      `the ids of the plan's ${ctx.levels.map((l) => l.plural.toLowerCase()).join(' and ')}`,
    ),
  );
  const metric = asRecord(record.metric);
  if (!metric) return;
  const baseline = asRecord(metric.baseline)?.value;
  const target = asRecord(metric.target)?.value;
  const direction = metric.direction;
  if (metric.baseline === undefined && (direction === 'increase' || direction === 'decrease')) {
    f.add(
      'METRIC_NO_BASELINE',
      [...path, 'metric'],
      `${name} is to ${direction} "${stringOf(metric.name) ?? 'its metric'}" but has no baseline to measure progress from`,
      `Add the value it started from, e.g. baseline: {value: 41, school_year: 2023-24}; or, for a level to hold rather than a distance to cover, set direction to ${direction === 'increase' ? 'at_least' : 'at_most'}.`,
    );
  }
  if (typeof baseline === 'number' && typeof target === 'number') {
    const wrong =
      (direction === 'increase' && target <= baseline) || (direction === 'decrease' && target >= baseline);
    if (wrong) {
      f.add(
        'GOAL_TARGET_DIRECTION',
        [...path, 'metric', 'target', 'value'],
        `${name} is to ${direction} "${stringOf(metric.name) ?? 'its metric'}", but its target (${target}) is ${
          target === baseline ? 'equal to' : direction === 'increase' ? 'below' : 'above'
        } its baseline (${baseline})`,
        `Correct the target, or set direction to "${direction === 'increase' ? 'decrease' : 'increase'}".`,
      );
    }
  }
  checkMilestones(f, metric, [...path, 'metric'], ctx, name);
  for (const [i, point] of asArray(metric.actuals).entries()) {
    if (!ctx.known) break;
    checkReference(
      f,
      'UNKNOWN_CYCLE',
      asRecord(point)?.cycle,
      [...path, 'metric', 'actuals', i, 'cycle'],
      ctx.cycles,
      (id) => `${name} has a value for ${ctx.terms.cycle.singular.toLowerCase()} "${id}", which plan.yaml does not define`,
      'cycles in plan.yaml',
    );
  }
}

/** The day a metric point is due by: the end (June 30) of its school year, or its cycle's due date. */
function dueDay(point: Record<string, unknown> | undefined, ctx: PlanContext): string | undefined {
  const year = stringOf(point?.school_year);
  if (year && /^\d{4}-\d{2}$/.test(year)) return `${Number(year.slice(0, 4)) + 1}-06-30`;
  const cycle = stringOf(point?.cycle);
  return cycle ? ctx.cycleData[cycle]?.due : undefined;
}

function whenOf(point: Record<string, unknown> | undefined): string {
  return stringOf(point?.school_year) ?? stringOf(point?.cycle) ?? 'no date';
}

function checkMilestones(f: Findings, metric: Record<string, unknown>, path: DataPath, ctx: PlanContext, name: string): void {
  const milestones = asArray(metric.milestones);
  if (!milestones.length) return;
  const direction = metric.direction;
  const baseline = asRecord(metric.baseline);
  const target = asRecord(metric.target);
  const against = (from: unknown, to: unknown) =>
    typeof from === 'number' && typeof to === 'number' && ((direction === 'increase' && to < from) || (direction === 'decrease' && to > from));
  let previous = { label: 'its baseline', value: baseline?.value, due: dueDay(baseline, ctx), when: whenOf(baseline) };
  for (const [i, item] of milestones.entries()) {
    const milestone = asRecord(item);
    if (!milestone) continue;
    const here = [...path, 'milestones', i];
    const label = `milestone ${i + 1} (${typeof milestone.value === 'number' ? milestone.value : '?'} by ${whenOf(milestone)})`;
    if (milestone.school_year === undefined && milestone.cycle === undefined) {
      f.add('MILESTONE_UNDATED', here, `${name} has a ${label.replace(' by no date', '')} with no date it is due by`, 'Add the school year it is due by, e.g. school_year: 2024-25 (or the cycle, e.g. cycle: 2025-eoy).');
      continue;
    }
    const due = dueDay(milestone, ctx);
    const at = [...here, milestone.school_year !== undefined ? 'school_year' : 'cycle'];
    if (due && ctx.period && (due < ctx.period.start || due > ctx.period.end)) {
      f.add('MILESTONE_OUTSIDE_PERIOD', at, `${name}'s ${label} falls outside the plan period (${ctx.period.start} to ${ctx.period.end})`, 'Move the milestone into the plan period, or extend plan.period.');
    }
    if (due && previous.due && due <= previous.due) {
      f.add('MILESTONE_ORDER', at, `${name}'s ${label} is not after ${previous.label} (${previous.when})`, 'List milestones oldest first, each due after the one before it and after the baseline.');
    } else if (against(previous.value, milestone.value)) {
      f.add('MILESTONE_DIRECTION', [...here, 'value'], `${name} is to ${direction} "${stringOf(metric.name) ?? 'its metric'}", but its ${label} is ${direction === 'increase' ? 'below' : 'above'} ${previous.label} (${String(previous.value)})`, 'Check the value: milestones usually move step by step from the baseline towards the target.');
    }
    previous = { label, value: milestone.value, due, when: whenOf(milestone) };
  }
  const targetDue = dueDay(target, ctx);
  const lastIndex = milestones.length - 1;
  const last = asRecord(milestones[lastIndex]);
  if (last && targetDue && previous.due && previous.due >= targetDue) {
    f.add('MILESTONE_ORDER', [...path, 'milestones', lastIndex], `${name}'s ${previous.label} is not before its target (${whenOf(target)})`, 'A milestone is an interim target: due before the final target. Move it, or make it the target.');
  } else if (last && against(last.value, target?.value)) {
    f.add('MILESTONE_DIRECTION', [...path, 'milestones', lastIndex, 'value'], `${name}'s ${previous.label} is beyond its target (${String(target?.value)})`, 'Check the value, or the target.');
  }
}

/** What a goal may serve: any item of the plan. */
export function alignableIds(ctx: PlanContext): Set<string> {
  return new Set(Object.keys(ctx.items));
}

/** "neither a theory of action nor a strategy", "not a priority, goal or strategy". */
function levelsInWords(ctx: PlanContext): string {
  const names = ctx.levels.map((l) => withArticle(l.singular.toLowerCase()));
  if (names.length === 1) return `not ${names[0]}`;
  if (names.length === 2) return `neither ${names[0]} nor ${names[1]}`;
  return `not ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
