// Rules over plan.yaml: the district level of the plan.
import type { DataPath } from '../diagnostics.js';
import { contrastRatio, greyLevel, MIN_GREY_DISTANCE } from '../color.js';

/** WCAG 2.1 AA's contrast for normal text (1.4.3). */
const MIN_TEXT_CONTRAST = 4.5;
import { isTimeZone } from '../dates.js';
import type { PlanContext } from './context.js';
import { asArray, asRecord, idOf, stringOf } from './data.js';
import type { Findings } from './findings.js';
import { runRules, type PlanRule, type RuleOptions } from './rule.js';
import { closestMatch } from './suggest.js';
import { levelScheme, MAX_LEVELS, visitItems } from '../plan/tree.js';
import { alignableIds, checkCycleRatings, checkDate, checkGoal, checkReference } from './shared-rules.js';

/** A strategy (or any item) resting on tier 4 evidence states its logic model, as an action must. */
function checkItemEvidence(plan: Record<string, unknown>, ctx: PlanContext, f: Findings): void {
  visitItems(plan, levelScheme(plan, ctx.terms), (item) => {
    const evidence = asRecord(item.record.evidence);
    if (evidence?.tier !== 4 || stringOf(evidence.logic_model)) return;
    const level = ctx.levels[item.depth]?.singular ?? 'item';
    f.add('LOGIC_MODEL_MISSING', [...item.path, 'evidence'], `${level} "${item.id ?? '?'}" rests on tier 4 evidence (demonstrates a rationale) with no logic model`, 'Add evidence.logic_model: how the strategy is expected to improve outcomes, and how it is being evaluated (ESSA 8101(21)(A)(ii)).');
  });
}

export const PLAN_RULES: readonly PlanRule[] = [
  { name: 'plan-period', description: 'The plan period is two real dates, in order.', codes: ['INVALID_DATE', 'DATES_REVERSED'], check: (plan, _ctx, f) => checkPeriod(plan, f) },
  { name: 'item-evidence', description: 'A strategy or item resting on tier 4 evidence states its logic model.', codes: ['LOGIC_MODEL_MISSING'], check: (plan, ctx, f) => checkItemEvidence(plan, ctx, f) },
  { name: 'time-zone', description: "The district's time zone is one the calendar knows.", codes: ['INVALID_VALUE'], check: (plan, _ctx, f) => checkTimeZone(plan, f) },
  {
    name: 'rating-scale',
    description: 'Scale levels have distinct values, lowest first, colours that stay apart in grey and take readable text.',
    codes: ['SCALE_DUPLICATE_VALUE', 'SCALE_NOT_ASCENDING', 'SCALE_COLORS_ALIKE_IN_GREY', 'SCALE_COLOR_LOW_CONTRAST'],
    check: (plan, _ctx, f) => checkScale(plan, f),
  },
  {
    name: 'cycles',
    description: 'Reporting cycles have unique ids, real dates in order, inside the plan period.',
    codes: ['DUPLICATE_ID', 'INVALID_DATE', 'DATES_REVERSED', 'CYCLE_OUTSIDE_PERIOD'],
    check: checkCycles,
  },
  {
    name: 'levels',
    description: "The plan's levels are one to four distinct names, its items are written as its levels say and nest no deeper, and actions align to one of them.",
    codes: ['LEVELS_INVALID', 'LEVEL_NAMED_LIKE_MEASURES', 'TREE_SHAPE', 'ITEM_TOO_DEEP', 'ALIGN_LEVEL_UNKNOWN', 'MISSING_PROPERTY'],
    check: checkLevels,
  },
  {
    name: 'theories',
    description: 'Theories of action read "If ..., then ...", items name real offices, holistic ratings are on the scale in known cycles, school years are in the plan period.',
    codes: ['THEORY_NOT_IF_THEN', 'UNKNOWN_OFFICE', 'UNKNOWN_PERSON', 'UNKNOWN_CYCLE', 'RATING_OFF_SCALE', 'SCHOOL_YEAR_OUTSIDE_PERIOD'],
    check: checkTheories,
  },
  { name: 'goals', description: "Goals serve real theories or strategies, and their targets move in the goal's direction.", codes: ['UNKNOWN_ALIGNMENT', 'METRIC_NO_BASELINE', 'GOAL_TARGET_DIRECTION', 'UNKNOWN_CYCLE', 'MILESTONE_UNDATED', 'MILESTONE_ORDER', 'MILESTONE_OUTSIDE_PERIOD', 'MILESTONE_DIRECTION'], check: checkGoals },
  {
    name: 'organisation',
    description: 'People, networks, tiers, partners and autonomy levels referred to exist.',
    codes: ['UNKNOWN_PERSON', 'UNKNOWN_NETWORK', 'UNKNOWN_TIER', 'UNKNOWN_PARTNER', 'UNKNOWN_AUTONOMY_LEVEL'],
    check: checkOrganisation,
  },
];

export function checkPlanFile(plan: Record<string, unknown>, ctx: PlanContext, f: Findings, options: RuleOptions = {}): void {
  runRules(PLAN_RULES, f, options, (rule, into) => rule.check(plan, ctx, into));
}

function checkPeriod(plan: Record<string, unknown>, f: Findings): void {
  const period = asRecord(asRecord(plan.plan)?.period);
  if (!period) return;
  const path = ['plan', 'period'];
  const start = checkDate(f, period.start, [...path, 'start'], 'The plan period start') ? (period.start as string) : null;
  const end = checkDate(f, period.end, [...path, 'end'], 'The plan period end') ? (period.end as string) : null;
  if (start && end && end < start) {
    f.add('DATES_REVERSED', [...path, 'end'], `The plan period ends (${end}) before it starts (${start})`, 'Swap the two dates.');
  }
}

function checkTimeZone(plan: Record<string, unknown>, f: Findings): void {
  const zone = stringOf(asRecord(plan.district)?.timezone);
  if (zone === undefined || isTimeZone(zone)) return;
  const suggestion = closestMatch(zone, Intl.supportedValuesOf('timeZone'));
  f.add('INVALID_VALUE', ['district', 'timezone'], `The district's time zone "${zone}" is not a time zone name`, suggestion ? `Did you mean "${suggestion}"?` : 'Use an IANA name such as America/New_York or America/Chicago.');
}

function checkScale(plan: Record<string, unknown>, f: Findings): void {
  const levels = asArray(asRecord(plan.rating_scale)?.levels);
  const seen = new Set<number>();
  let previous = -Infinity;
  let ascending = true;
  levels.forEach((level, i) => {
    const value = asRecord(level)?.value;
    if (typeof value !== 'number') return;
    if (seen.has(value)) {
      f.add(
        'SCALE_DUPLICATE_VALUE',
        ['rating_scale', 'levels', i, 'value'],
        `Two levels of the rating scale have the value ${value}`,
        'Give each level its own value.',
      );
    }
    seen.add(value);
    if (value < previous) ascending = false;
    previous = value;
  });
  // Board reports are printed, often in black and white: each level must stay its own shade.
  const colored = levels.flatMap((level, i) => {
    const record = asRecord(level);
    return typeof record?.color === 'string' && /^#[0-9A-Fa-f]{6}$/.test(record.color) ? [{ i, color: record.color, label: stringOf(record.label) ?? String(i + 1) }] : [];
  });
  for (let a = 0; a < colored.length; a++) {
    for (let b = a + 1; b < colored.length; b++) {
      const x = colored[a]!;
      const y = colored[b]!;
      const distance = Math.abs(greyLevel(x.color) - greyLevel(y.color));
      if (distance < MIN_GREY_DISTANCE) {
        f.add(
          'SCALE_COLORS_ALIKE_IN_GREY',
          ['rating_scale', 'levels', y.i, 'color'],
          `The colours of "${x.label}" (${x.color}) and "${y.label}" (${y.color}) print as nearly the same grey (${Math.round(greyLevel(x.color) * 100)}% and ${Math.round(greyLevel(y.color) * 100)}%)`,
          'Make one of them lighter or darker, so that a printed board report tells them apart; e.g. #a11d1d, #f6c445 and #5aa55e print at 27%, 77% and 53%.',
        );
      }
    }
  }
  // A rating's label is written on its level's colour: black or white text must read on it (WCAG 1.4.3).
  for (const level of colored) {
    const best = Math.max(contrastRatio(level.color, '#111111'), contrastRatio(level.color, '#ffffff'));
    if (best < MIN_TEXT_CONTRAST) {
      f.add(
        'SCALE_COLOR_LOW_CONTRAST',
        ['rating_scale', 'levels', level.i, 'color'],
        `Text on the colour of "${level.label}" (${level.color}) reads at ${best.toFixed(1)}:1 at best, in black or in white; WCAG 2.1 AA asks for 4.5:1`,
        'Make the colour lighter (for black text) or darker (for white text); e.g. #a11d1d takes white text at 7.6:1, #f6c445 black text at 12:1.',
      );
    }
  }
  if (!ascending) {
    f.add(
      'SCALE_NOT_ASCENDING',
      ['rating_scale', 'levels'],
      'The rating scale levels are not listed lowest first',
      'List the levels from the lowest value to the highest, so that dashboards read the same way everywhere.',
    );
  }
}

function checkCycles(plan: Record<string, unknown>, ctx: PlanContext, f: Findings): void {
  const term = ctx.terms.cycle.singular;
  const seen = new Map<string, number>();
  asArray(plan.cycles).forEach((cycle, i) => {
    const record = asRecord(cycle);
    if (!record) return;
    const path: DataPath = ['cycles', i];
    const id = stringOf(record.id);
    if (id !== undefined) {
      if (seen.has(id)) {
        f.addRepeat('DUPLICATE_ID', [...path, 'id'], ['cycles', seen.get(id)!, 'id'], `${term} id "${id}" is used twice`, 'Give each cycle its own id.');
      } else seen.set(id, i);
    }
    const name = `${term} "${id ?? i + 1}"`;
    const dates: Record<string, string> = {};
    for (const key of ['start', 'end', 'due', 'meeting']) {
      if (checkDate(f, record[key], [...path, key], `The ${key} date of ${name}`)) dates[key] = record[key] as string;
    }
    if (dates.start && dates.end && dates.end < dates.start) {
      f.add('DATES_REVERSED', [...path, 'end'], `${name} ends (${dates.end}) before it starts (${dates.start})`, 'Swap the two dates.');
    }
    if (ctx.period) {
      for (const [key, value] of Object.entries(dates)) {
        if (value < ctx.period.start || value > ctx.period.end) {
          f.add(
            'CYCLE_OUTSIDE_PERIOD',
            [...path, key],
            `The ${key} date of ${name} (${value}) is outside the plan period (${ctx.period.start} to ${ctx.period.end})`,
            'Correct the date, or extend plan.period if the plan runs longer.',
          );
        }
      }
    }
  });
}

function checkLevels(plan: Record<string, unknown>, ctx: PlanContext, f: Findings): void {
  const levels = plan.levels;
  const declared = Array.isArray(levels);
  if (declared) {
    if (levels.length === 0 || levels.length > MAX_LEVELS) {
      f.add(
        'LEVELS_INVALID',
        ['levels'],
        levels.length === 0 ? 'levels is empty: a plan has at least one level between the plan and its actions' : `levels lists ${levels.length} levels; a plan has at most ${MAX_LEVELS}`,
        levels.length === 0
          ? 'Name the levels of the plan, top first (e.g. Priority, Goal, Strategy), or remove levels: to use theories and strategies.'
          : `Keep the ${MAX_LEVELS} levels the plan reports on; write what lies below them as an item's items: list.`,
      );
    }
    const seen = new Map<string, number>();
    levels.forEach((level, i) => {
      const names = [stringOf(asRecord(level)?.name), stringOf(asRecord(level)?.plural)].filter((n): n is string => !!n).map((n) => n.trim().toLowerCase());
      for (const name of new Set(names)) {
        const first = seen.get(name);
        if (first !== undefined && first !== i) {
          f.addRepeat('LEVELS_INVALID', ['levels', i, 'name'], ['levels', first, 'name'], `The level name "${name}" is used twice`, 'Give each level its own name: messages, reports and status --depth tell the levels apart by it.');
        } else seen.set(name, i);
      }
      // A level called "Goal" beside measures also called goals: status would list "Goals" that are
      // measures, and messages name both kinds alike.
      const goal = ctx.terms.goal;
      if (names.includes(goal.singular.toLowerCase()) || names.includes(goal.plural.toLowerCase())) {
        f.add(
          'LEVEL_NAMED_LIKE_MEASURES',
          ['levels', i, 'name'],
          `The level "${stringOf(asRecord(level)?.name) ?? goal.singular}" has the name the plan gives its measures ("${goal.plural}"), so status and reports would call both goals`,
          'Name the measures differently in plan.yaml, e.g. terminology: {goal: {singular: Measure, plural: Measures}} (or Key Result, Indicator); or rename the level.',
        );
      }
    });
    const align = plan.actions_align_to;
    if (typeof align === 'string' && levels.length) {
      const wanted = align.trim().toLowerCase();
      const known = ctx.levels.some((l) => l.singular.toLowerCase() === wanted || l.plural.toLowerCase() === wanted);
      if (!known) {
        const match = closestMatch(align, ctx.levels.map((l) => l.singular));
        f.add(
          'ALIGN_LEVEL_UNKNOWN',
          ['actions_align_to'],
          `actions_align_to is "${align}", which is not one of the plan's levels (${ctx.levels.map((l) => l.singular).join(', ')})`,
          match ? `Did you mean "${match}"?` : `Name one of the levels; without actions_align_to, actions align to the lowest (${ctx.levels[ctx.levels.length - 1]!.singular}).`,
        );
      }
    }
    // An empty list declares nothing: the plan is read as theories and strategies, and says so once.
    if (levels.length === 0) return;
    if (plan.theories !== undefined) {
      f.add('TREE_SHAPE', ['theories'], 'The plan declares its levels, so its items go under outline:, not theories:', 'Rename theories: to outline:, and write each item\'s sub-items under children: (not strategies:).');
    } else if (plan.outline === undefined) {
      f.add('MISSING_PROPERTY', declared && levels.length ? ['levels'] : [], `The plan declares its levels but has no outline: the items of its ${ctx.levels[0]?.plural.toLowerCase() ?? 'top level'}`, 'Add outline: with the top items, each with its children:.');
    }
  } else if (plan.outline !== undefined) {
    f.add('TREE_SHAPE', ['outline'], 'outline: holds the items of declared levels, but the plan declares no levels:', 'Add levels: (e.g. - name: Priority, - name: Goal, - name: Strategy), or write the plan as theories: with strategies:.');
  } else if (plan.theories === undefined) {
    f.add('MISSING_PROPERTY', [], `plan.yaml has no theories: the plan's ${ctx.terms.theory.plural.toLowerCase()}`, 'Add theories: with at least one, or declare levels: and write the items under outline:.');
  }
  if (!declared) return;
  const scheme = levelScheme(plan, ctx.terms);
  visitItems(plan, scheme, (item) => {
    const level = ctx.levels[item.depth];
    // A group the district's page gives no heading is written with its children and no title.
    const group = asArray(item.record.children).length > 0;
    if (level && !group && stringOf(item.record.title) === undefined && stringOf(item.record.text) === undefined) {
      f.add('MISSING_PROPERTY', item.path, `${level.singular} "${item.id ?? Number(item.path[item.path.length - 1]) + 1}" has neither a title nor a text`, `Add title: (a short name for headings) or text: (the ${level.singular.toLowerCase()} as the plan states it). Only a group of items, with children:, may go without a heading.`);
    }
    if (item.depth !== ctx.levels.length) return;
    const parent = item.ancestors[item.ancestors.length - 1]!;
    const deepest = ctx.levels[ctx.levels.length - 1]!;
    f.add(
      'ITEM_TOO_DEEP',
      item.path,
      `"${item.id ?? item.path.join('.')}" is nested under ${deepest.singular.toLowerCase()} "${parent.id ?? '?'}", deeper than the plan's ${ctx.levels.length} level${ctx.levels.length === 1 ? '' : 's'} (${ctx.levels.map((l) => l.singular).join(' > ')})`,
      `Add a level to levels:, or list it as text under the ${deepest.singular.toLowerCase()}'s items:.`,
    );
  });
}

function checkTheories(plan: Record<string, unknown>, ctx: PlanContext, f: Findings): void {
  const scheme = levelScheme(plan, ctx.terms);
  visitItems(plan, scheme, (item) => {
    const level = ctx.levels[item.depth];
    if (!level) return;
    const record = item.record;
    const path = item.path;
    const name = `${level.singular} "${item.id ?? Number(path[path.length - 1]) + 1}"`;
    if (level.theoryOfAction) {
      const statement = stringOf(record.statement);
      if (statement === undefined || !/\bif\b/i.test(statement) || !/\bthen\b/i.test(statement)) {
        f.add(
          'THEORY_NOT_IF_THEN',
          statement === undefined ? path : [...path, 'statement'],
          statement === undefined
            ? `${name} has no statement`
            : `${name} is not framed as an "If ..., then ..." statement`,
          'State the theory as "If <what the district does>, then <the result it expects>."',
        );
      }
    }
    checkReference(
      f,
      'UNKNOWN_OFFICE',
      record.office,
      [...path, 'office'],
      ctx.offices,
      (id) => `${name} is led by ${ctx.terms.office.singular.toLowerCase()} "${id}", which plan.yaml does not list`,
      'offices in plan.yaml',
    );
    checkReference(
      f,
      'UNKNOWN_PERSON',
      record.owner,
      [...path, 'owner'],
      [...ctx.people, ...ctx.offices],
      (id) => `${name} is owned by "${id}", who is neither a person in people nor an office in offices`,
      'people and offices in plan.yaml',
    );
    checkCycleRatings(f, record.holistic, [...path, 'holistic'], ctx, name);
    checkSchoolYears(f, record.school_years, [...path, 'school_years'], ctx, name);
  });
}

/** Each school year an item is active must fall (at least partly) in the plan period. */
function checkSchoolYears(f: Findings, years: unknown, path: DataPath, ctx: PlanContext, name: string): void {
  const period = ctx.period;
  if (!period) return;
  asArray(years).forEach((year, i) => {
    if (typeof year !== 'string' || !/^\d{4}-\d{2}$/.test(year)) return;
    const first = Number(year.slice(0, 4));
    if (`${first + 1}-06-30` < period.start || `${first}-07-01` > period.end) {
      f.add(
        'SCHOOL_YEAR_OUTSIDE_PERIOD',
        [...path, i],
        `${name} is active in ${year}, outside the plan period (${period.start} to ${period.end})`,
        'Correct the school year, or extend plan.period if the plan now runs longer.',
      );
    }
  });
}

function checkGoals(plan: Record<string, unknown>, ctx: PlanContext, f: Findings): void {
  const alignable = alignableIds(ctx);
  asArray(plan.goals).forEach((goal, i) => checkGoal(f, goal, ['goals', i], ctx, alignable));
  // Measures on the plan's items are goals of their item.
  visitItems(plan, levelScheme(plan, ctx.terms), (item) => asArray(item.record.measures).forEach((m, k) => checkGoal(f, m, [...item.path, 'measures', k], ctx, alignable)));
}

function checkOrganisation(plan: Record<string, unknown>, ctx: PlanContext, f: Findings): void {
  const t = ctx.terms;
  const networks = asArray(plan.networks).map(idOf).filter((v): v is string => !!v);
  const partners = asArray(plan.partners).map(idOf).filter((v): v is string => !!v);
  const autonomy = asRecord(plan.autonomy);
  const tiers = asArray(autonomy?.tiers).map(idOf).filter((v): v is string => !!v);
  const levels = asArray(autonomy?.levels).map(idOf).filter((v): v is string => !!v);
  const personRef = (value: unknown, path: DataPath, who: string) =>
    checkReference(f, 'UNKNOWN_PERSON', value, path, ctx.people, (id) => `${who} names person "${id}", who is not listed in people`, 'people in plan.yaml');

  asArray(asRecord(plan.plan)?.owners).forEach((owner, i) => personRef(owner, ['plan', 'owners', i], 'The plan owners list'));
  asArray(plan.offices).forEach((office, i) => {
    const record = asRecord(office);
    personRef(record?.lead, ['offices', i, 'lead'], `${t.office.singular} "${stringOf(record?.id) ?? i + 1}"`);
    asArray(record?.members).forEach((member, k) => personRef(member, ['offices', i, 'members', k], `${t.office.singular} "${stringOf(record?.id) ?? i + 1}"'s members list`));
  });
  asArray(plan.schools).forEach((school, i) => {
    const record = asRecord(school);
    if (!record) return;
    const name = `${t.school.singular} "${stringOf(record.id) ?? i + 1}"`;
    checkReference(f, 'UNKNOWN_NETWORK', record.network, ['schools', i, 'network'], networks, (id) => `${name} belongs to ${t.network.singular.toLowerCase()} "${id}", which plan.yaml does not list`, 'networks in plan.yaml');
    checkReference(f, 'UNKNOWN_TIER', record.tier, ['schools', i, 'tier'], tiers, (id) => `${name} is in performance tier "${id}", which autonomy.tiers does not define`, 'autonomy.tiers in plan.yaml');
    personRef(record.leader, ['schools', i, 'leader'], name);
  });
  asArray(plan.networks).forEach((network, i) => {
    const record = asRecord(network);
    const name = `${t.network.singular} "${stringOf(record?.id) ?? i + 1}"`;
    asArray(record?.partners).forEach((partner, j) =>
      checkReference(f, 'UNKNOWN_PARTNER', partner, ['networks', i, 'partners', j], partners, (id) => `${name} names ${t.partner.singular.toLowerCase()} "${id}", which plan.yaml does not list`, 'partners in plan.yaml'),
    );
  });
  asArray(autonomy?.tiers).forEach((tier, i) => {
    const record = asRecord(tier);
    checkReference(f, 'UNKNOWN_AUTONOMY_LEVEL', record?.autonomy, ['autonomy', 'tiers', i, 'autonomy'], levels, (id) => `Tier "${stringOf(record?.id) ?? i + 1}" has autonomy level "${id}", which autonomy.levels does not define`, 'autonomy.levels in plan.yaml');
  });
}


