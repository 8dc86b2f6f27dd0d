// Rules over one action plan file: a school's (schools/<id>.yaml) or an office's (offices/<id>.yaml).
import { withArticle } from '../plan/terminology.js';
import type { DataPath } from '../diagnostics.js';
import { activeIn, appliesTo, expectsOf, hasReported } from '../plan/calendar.js';
import { isRealDate } from '../dates.js';
import type { PlanContext, RequiredCycle } from './context.js';
import { asArray, asRecord, idOf, stringOf } from './data.js';
import type { Findings } from './findings.js';
import { runRules, type ActionPlanFile, type ActionPlanRule, type RuleOptions } from './rule.js';
import { alignableIds, checkCycleRatings, checkDate, checkGoal, checkReference } from './shared-rules.js';
import { closestMatch } from './suggest.js';
import { COMPLIANCE_RULES } from './compliance-rules.js';

export type ActionPlanKind = 'school' | 'office';

function checkOwnerAndName({ data, kind, stem }: ActionPlanFile, ctx: PlanContext, f: Findings): void {
  const t = ctx.terms;
  const ownerId = stringOf(data[kind]);
  if (ownerId === undefined) return;
  const planTerm = planTermOf(kind, ctx);
  if (ctx.known) {
    checkReference(
      f,
      kind === 'school' ? 'UNKNOWN_SCHOOL' : 'UNKNOWN_OFFICE',
      ownerId,
      [kind],
      kind === 'school' ? ctx.schools : ctx.offices,
      (id) => `This ${planTerm} belongs to ${t[kind].singular.toLowerCase()} "${id}", which plan.yaml does not list`,
      `${kind === 'school' ? 'schools' : 'offices'} in plan.yaml`,
    );
  }
  // A file for one school year may carry the year: ehms-2024-25.yaml.
  const year = stringOf(data.school_year);
  if (ownerId !== stem && !(year && stem === `${ownerId}-${year}`)) {
    f.add(
      'FILE_NAME_MISMATCH',
      [kind],
      `This ${planTerm} is for ${t[kind].singular.toLowerCase()} "${ownerId}" but its file is named "${stem}"`,
      `Rename the file to ${year ? `${ownerId}-${year}.yaml (or ${ownerId}.yaml)` : `${ownerId}.yaml`}, so that each ${t[kind].singular.toLowerCase()}'s plan is easy to find.`,
    );
  }
}

function planTermOf(kind: ActionPlanKind, ctx: PlanContext): string {
  return kind === 'school' ? ctx.terms.school_action_plan.singular : ctx.terms.district_action_plan.singular;
}

function planNameOf({ data, kind }: ActionPlanFile, ctx: PlanContext): string {
  const ownerId = stringOf(data[kind]);
  return ownerId ? `The ${planTermOf(kind, ctx)} of "${ownerId}"` : `This ${planTermOf(kind, ctx)}`;
}

function checkSelectedStrategies({ data }: ActionPlanFile, ctx: PlanContext, f: Findings): void {
  if (!ctx.known) return;
  const strategyIds = Object.keys(ctx.aligned);
  asArray(data.selected_strategies).forEach((id, i) =>
    checkReference(
      f,
      'UNKNOWN_STRATEGY',
      id,
      ['selected_strategies', i],
      strategyIds,
      (s) => `The school selected ${ctx.terms.strategy.singular.toLowerCase()} "${s}", which plan.yaml does not define`,
      `the ${ctx.terms.strategy.plural.toLowerCase()} in plan.yaml`,
    ),
  );
}

function teamIds(data: Record<string, unknown>): string[] {
  return asArray(data.team).map(idOf).filter((id): id is string => id !== undefined);
}

function checkTeam({ data }: ActionPlanFile, _ctx: PlanContext, f: Findings): void {
  const team = new Map<string, number>();
  asArray(data.team).forEach((member, i) => {
    const id = idOf(member);
    if (id === undefined) return;
    const first = team.get(id);
    if (first !== undefined) {
      f.addRepeat('DUPLICATE_ID', ['team', i, 'id'], ['team', first, 'id'], `Team member id "${id}" is used twice in this school's team`, 'Give each team member their own id.');
    } else team.set(id, i);
  });
}

function checkActions(file: ActionPlanFile, ctx: PlanContext, f: Findings): void {
  const { data, kind } = file;
  const selected = asArray(data.selected_strategies).filter((s): s is string => typeof s === 'string');
  const owners = [...new Set(teamIds(data)), ...ctx.people, ...ctx.offices];
  const strategyIds = Object.keys(ctx.aligned);
  const named = asArray(data.team).flatMap((m) => {
    const id = idOf(m);
    const name = stringOf(asRecord(m)?.name);
    return id && name ? [{ id, name }] : [];
  });
  asArray(data.actions).forEach((action, i) => checkAction(f, action, ['actions', i], ctx, { kind, selected, owners, named, strategyIds }));
}

/** The rules over one action plan file, in the order they report. */
export const ACTION_PLAN_RULES: readonly ActionPlanRule[] = [
  {
    name: 'action-plan-owner',
    description: "The file names a school or office the plan lists, and is named after it.",
    codes: ['UNKNOWN_SCHOOL', 'UNKNOWN_OFFICE', 'FILE_NAME_MISMATCH'],
    check: checkOwnerAndName,
  },
  { name: 'selected-strategies', description: "A school's selected strategies exist.", codes: ['UNKNOWN_STRATEGY'], check: checkSelectedStrategies },
  { name: 'team', description: "A school's team members have their own ids.", codes: ['DUPLICATE_ID'], check: checkTeam },
  {
    name: 'action-plan-holistic',
    description: 'Holistic ratings of the whole action plan are on the scale, in known cycles.',
    codes: ['UNKNOWN_CYCLE', 'RATING_OFF_SCALE'],
    check: (file, ctx, f) => checkCycleRatings(f, file.data.holistic, ['holistic'], ctx, planNameOf(file, ctx)),
  },
  {
    name: 'action-plan-goals',
    description: "The file's goals serve real theories or strategies, with targets in the goal's direction.",
    codes: ['UNKNOWN_ALIGNMENT', 'METRIC_NO_BASELINE', 'GOAL_TARGET_DIRECTION', 'UNKNOWN_CYCLE', 'MILESTONE_UNDATED', 'MILESTONE_ORDER', 'MILESTONE_OUTSIDE_PERIOD', 'MILESTONE_DIRECTION'],
    check: ({ data }, ctx, f) => {
      const alignable = alignableIds(ctx);
      asArray(data.goals).forEach((goal, i) => checkGoal(f, goal, ['goals', i], ctx, alignable));
    },
  },
  {
    name: 'actions',
    description: 'Each action is aligned to a (selected) strategy, owned by someone the plan knows, describable and measurable, with real dates and ratings on the scale.',
    codes: [
      'UNKNOWN_STRATEGY',
      'STRATEGY_NOT_SELECTED',
      'ACTION_WITHOUT_OWNER',
      'UNKNOWN_OWNER',
      'ACTION_WITHOUT_TIMELINE',
      'INVALID_DATE',
      'DATES_REVERSED',
      'TIMELINE_OUTSIDE_PERIOD',
      'ACTION_OUTSIDE_ACTIVE_YEARS',
      'ACTION_WITHOUT_SUCCESS_CRITERIA',
      'SUCCESS_CRITERIA_NOT_MEASURABLE',
      'UNKNOWN_CYCLE',
      'RATING_OFF_SCALE',
      'RATING_OUTSIDE_REPORTING',
    ],
    check: checkActions,
  },
  {
    name: 'required-ratings',
    description: 'With --require-ratings CYCLE: every action that reports in the cycle has a rating for it.',
    codes: ['RATING_MISSING'],
    option: 'requireRatings',
    check: (file, ctx, f, options) => {
      const cycle = ctx.cycleData[options.requireRatings!];
      if (cycle) checkRequiredRatings(f, file.data, file.kind, cycle, ctx);
    },
  },
  ...COMPLIANCE_RULES,
];

export function checkActionPlanFile(file: ActionPlanFile, ctx: PlanContext, f: Findings, options: RuleOptions = {}): void {
  runRules(ACTION_PLAN_RULES, f, options, (rule, into) => rule.check(file, ctx, into, options));
}

// --require-ratings: a cycle's updates as a merge condition.
function checkRequiredRatings(f: Findings, data: Record<string, unknown>, kind: ActionPlanKind, cycle: RequiredCycle, ctx: PlanContext): void {
  const scope = appliesTo(cycle);
  asArray(data.actions).forEach((action, i) => {
    const record = asRecord(action);
    if (!record || !expectsOf(cycle, kind, asRecord(record.timeline), scope)) return;
    const strategy = stringOf(record.strategy);
    if (typeof cycle.due === 'string' && !activeIn(strategy ? ctx.activeYears[strategy] : null, cycle)) return;
    const entry = asRecord(asRecord(record.progress)?.[cycle.id]);
    if (hasReported(entry)) return;
    const name = `${ctx.terms.action.singular} "${stringOf(record.id) ?? i + 1}"`;
    f.add(
      'RATING_MISSING',
      entry ? ['actions', i, 'progress', cycle.id] : ['actions', i],
      `${name} has no rating for ${cycle.name} (due ${cycle.due})`,
      `Add progress: ${cycle.id}: {rating: ..., evidence: ...}; if it cannot be rated, give rating: null with the reason as evidence.`,
    );
  });
}

interface ActionScope {
  kind: ActionPlanKind;
  selected: string[];
  owners: string[];
  /** The file's team members with their names. */
  named: Array<{ id: string; name: string }>;
  strategyIds: string[];
}

function checkAction(f: Findings, action: unknown, path: DataPath, ctx: PlanContext, scope: ActionScope): void {
  const record = asRecord(action);
  if (!record) return;
  const t = ctx.terms;
  const name = `${t.action.singular} "${stringOf(record.id) ?? stringOf(record.title) ?? Number(path[1]) + 1}"`;
  const strategyTerm = t.strategy.singular.toLowerCase();

  const strategy = stringOf(record.strategy);
  if (strategy !== undefined && ctx.known) {
    if (!(strategy in ctx.aligned)) {
      const otherLevel = strategy in ctx.items ? ctx.levels[ctx.items[strategy]!] : undefined;
      const match = otherLevel ? undefined : closestMatch(strategy, scope.selected.length ? scope.selected : scope.strategyIds);
      f.add(
        'UNKNOWN_STRATEGY',
        [...path, 'strategy'],
        otherLevel
          ? `${name} is aligned to "${strategy}", which is ${withArticle(otherLevel.singular.toLowerCase())}, not ${withArticle(strategyTerm)}`
          : `${name} is aligned to ${strategyTerm} "${strategy}", which plan.yaml does not define`,
        match
          ? `Did you mean "${match}"?`
          : `Align each ${t.action.singular.toLowerCase()} to exactly one ${strategyTerm} id from plan.yaml${otherLevel ? `: ${t.action.plural.toLowerCase()} align to ${t.strategy.plural.toLowerCase()}, the plan's ${ordinal(ctx.align)} level` : ''}.`,
      );
    } else if (scope.kind === 'school' && scope.selected.length && !scope.selected.includes(strategy)) {
      f.add(
        'STRATEGY_NOT_SELECTED',
        [...path, 'strategy'],
        `${name} carries out ${strategyTerm} "${strategy}", which this school has not selected`,
        `Add "${strategy}" to selected_strategies, or align the ${t.action.singular.toLowerCase()} to a selected ${strategyTerm}.`,
      );
    }
  }

  if (record.owner === undefined) {
    f.add('ACTION_WITHOUT_OWNER', path, `${name} has no owner`, 'Name who is accountable for it in owner: (a person, office or team member id).');
  } else if (ctx.known) {
    const listed = scope.kind === 'school' ? "this school's team or people/offices in plan.yaml" : 'people or offices in plan.yaml';
    const named = typeof record.owner === 'string' && !ID_SHAPE.test(record.owner) ? ownerByName(ctx, scope, record.owner) : undefined;
    if (typeof record.owner === 'string' && !ID_SHAPE.test(record.owner)) {
      // A name where an id belongs: one message, with the id to write when the plan knows the person.
      const example = record.owner.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'owner';
      f.add(
        'UNKNOWN_OWNER',
        [...path, 'owner'],
        `${name} is owned by "${record.owner}", a name where the id of a person, office or team member belongs`,
        named
          ? `Write the id: owner: ${named.id} (${named.name}).`
          : `Add them to ${listed} with an id, e.g. {id: ${example}, name: ${record.owner}}, and write owner: ${example}.`,
      );
    } else checkReference(f, 'UNKNOWN_OWNER', record.owner, [...path, 'owner'], scope.owners, (id) => `${name} is owned by "${id}", who is not a person, office or team member of the plan`, listed);
  }
  asArray(record.supporting).forEach((who, i) =>
    ctx.known &&
    checkReference(f, 'UNKNOWN_OWNER', who, [...path, 'supporting', i], scope.owners, (id) => `${name} is supported by "${id}", who is not a person, office or team member of the plan`, 'people or offices in plan.yaml'),
  );

  checkTimeline(f, record.timeline, path, ctx, name);
  checkActiveYears(f, record, path, ctx, name);
  checkSuccessCriteria(f, record.success_criteria, path, name);
  checkCycleRatings(f, record.progress, [...path, 'progress'], ctx, name);
  checkReportingCycles(f, record.progress, [...path, 'progress'], ctx, name, scope.kind);
}

/**
 * A rating in a cycle the plan's kind does not report in (a school's, in a Mid-Year report that
 * applies to the district only) is counted by status, but no form asks for it and no report of
 * that cycle shows it: said at its line, with the setting that decides it.
 */
function checkReportingCycles(f: Findings, progress: unknown, path: DataPath, ctx: PlanContext, name: string, kind: ActionPlanKind): void {
  const entries = asRecord(progress);
  // Offices may report in any cycle (a district office rated at a school meeting is read by status
  // and the district's reports alike); a school's rating outside its cycles reaches no school report.
  if (!entries || kind !== 'school') return;
  for (const [id, entry] of Object.entries(entries)) {
    const cycle = ctx.cycleData[id];
    // "Not rated" with its reason is no rating to lose.
    if (!cycle || typeof asRecord(entry)?.rating !== 'number') continue;
    const scope = appliesTo(cycle);
    if (kind === 'school' ? scope.schools : scope.district) continue;
    const who = ctx.terms.school.plural.toLowerCase();
    const applies = cycle.applies_to ? `applies_to: [${cycle.applies_to.join(', ')}]` : `a ${cycle.kind} cycle applies to the district unless applies_to says otherwise`;
    f.add(
      'RATING_OUTSIDE_REPORTING',
      [...path, id],
      `${name} has a rating for ${cycle.name}, a ${ctx.terms.cycle.singular.toLowerCase()} ${who} do not report in (${applies})`,
      `Move the rating to a ${ctx.terms.cycle.singular.toLowerCase()} ${who} report in, or add schools to the applies_to of "${id}" in plan.yaml (applies_to: [district, schools]), so that forms ask for it and reports show it.`,
      'key',
    );
  }
}

function checkTimeline(f: Findings, timeline: unknown, path: DataPath, ctx: PlanContext, name: string): void {
  const record = asRecord(timeline);
  if (timeline === undefined) {
    f.add('ACTION_WITHOUT_TIMELINE', path, `${name} has no timeline`, 'Add timeline: with start and end dates, so that progress can be judged against it.');
    return;
  }
  if (!record) return;
  const tPath = [...path, 'timeline'];
  const start = checkDate(f, record.start, [...tPath, 'start'], `The start of ${name}`) ? (record.start as string) : null;
  const end = checkDate(f, record.end, [...tPath, 'end'], `The end of ${name}`) ? (record.end as string) : null;
  if (start && end && end < start) {
    f.add('DATES_REVERSED', [...tPath, 'end'], `${name} ends (${end}) before it starts (${start})`, 'Swap the two dates.');
  }
  const period = ctx.period;
  if (period) {
    for (const [key, value] of [['start', start], ['end', end]] as const) {
      if (value && (value < period.start || value > period.end)) {
        f.add(
          'TIMELINE_OUTSIDE_PERIOD',
          [...tPath, key],
          `The ${key} of ${name} (${value}) is outside the plan period (${period.start} to ${period.end})`,
          'Move the date inside the plan period.',
        );
      }
    }
  }
}

/** An action aligned to an annual objective should run in one of the years the objective is active. */
function checkActiveYears(f: Findings, action: Record<string, unknown>, path: DataPath, ctx: PlanContext, name: string): void {
  const strategy = stringOf(action.strategy);
  const years = strategy ? ctx.activeYears[strategy] : undefined;
  const timeline = asRecord(action.timeline);
  const start = stringOf(timeline?.start);
  const end = stringOf(timeline?.end);
  if (!years || !start || !end || !isRealDate(start) || !isRealDate(end)) return;
  const overlaps = years.some((y) => {
    const first = Number(y.slice(0, 4));
    return start <= `${first + 1}-06-30` && end >= `${first}-07-01`;
  });
  if (!overlaps) {
    f.add(
      'ACTION_OUTSIDE_ACTIVE_YEARS',
      [...path, 'strategy'],
      `${name} runs ${start} to ${end}, but ${ctx.terms.strategy.singular} "${strategy}" is active only in ${years.join(', ')}`,
      `Align it to a ${ctx.terms.strategy.singular.toLowerCase()} active in its years, or move its timeline.`,
    );
  }
}

// A criterion is measurable when it states a number (a count, a percentage, a score) or gives a
// measure and a target separately; "improve reading" is a hope, "80% of grade 3 at benchmark" a criterion.
function isMeasurable(criterion: unknown): boolean {
  if (typeof criterion === 'string') return /\d/.test(criterion);
  const record = asRecord(criterion);
  return !!record && record.measure !== undefined && record.target !== undefined;
}

function checkSuccessCriteria(f: Findings, criteria: unknown, path: DataPath, name: string): void {
  if (criteria === undefined || (Array.isArray(criteria) && criteria.length === 0)) {
    f.add(
      'ACTION_WITHOUT_SUCCESS_CRITERIA',
      criteria === undefined ? path : [...path, 'success_criteria'],
      `${name} has no success criteria`,
      'Add success_criteria: with at least one measure and target, e.g. "80% of students at benchmark by June".',
    );
    return;
  }
  if (Array.isArray(criteria) && !criteria.some(isMeasurable)) {
    f.add(
      'SUCCESS_CRITERIA_NOT_MEASURABLE',
      [...path, 'success_criteria'],
      `${name} has success criteria, but none states a measure with a number`,
      'State at least one criterion with a number (a count, a percentage, a score), or as {measure, target}.',
    );
  }
}

function ordinal(depth: number): string {
  return ['first', 'second', 'third', 'fourth'][depth] ?? `${depth + 1}th`;
}

const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The person, office or team member the plan knows by this name, if any. */
function ownerByName(ctx: PlanContext, scope: ActionScope, name: string): { id: string; name: string } | undefined {
  const wanted = name.trim().toLowerCase();
  return [...scope.named, ...ctx.named].find((x) => x.name.trim().toLowerCase() === wanted && scope.owners.includes(x.id));
}
