// Checks that plan.yaml and the action plan files have in common: references, dates, ratings per
// cycle, goals.
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
      (id) =>
        `${name} serves "${id}", which is neither a ${ctx.terms.theory.singular.toLowerCase()} nor a ${ctx.terms.strategy.singular.toLowerCase()} of the plan`,
      `theories in plan.yaml`,
    ),
  );
  const metric = asRecord(record.metric);
  if (!metric) return;
  const baseline = asRecord(metric.baseline)?.value;
  const target = asRecord(metric.target)?.value;
  const direction = metric.direction;
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

export function alignableIds(ctx: PlanContext): Set<string> {
  return new Set([...ctx.theories, ...Object.keys(ctx.strategies)]);
}
