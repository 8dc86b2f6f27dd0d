// The words and marks every output uses for the same things: rating meters, trends, the rollup
// method, goal status, values with their units, the names of schools, offices, people and cycles,
// and text made safe for GitHub Markdown. The terminal, Markdown, CSV and the reports all ask here,
// so that a board report and a terminal never describe one figure in two ways.
import type { RollupCap, RollupMethod } from './rollup/bands.js';
import type { GoalProgress, GoalStatus } from './rollup/goals.js';
import type { Held, Trend } from './rollup/rollup.js';
import type { PlanModel } from './plan/model.js';
import type { ScaleLevel } from './plan/scale.js';

/** A rating as filled and empty dots, one per level of the scale (●●○ is 2 of 3); all empty when unrated. */
export function meter(levels: readonly ScaleLevel[], rating: number | null | undefined): string {
  const sorted = [...levels].sort((a, b) => a.value - b.value);
  const index = rating === null || rating === undefined ? -1 : sorted.findIndex((l) => l.value === rating);
  return index === -1 ? '○'.repeat(sorted.length) : '●'.repeat(index + 1) + '○'.repeat(sorted.length - index - 1);
}

/** Each trend as an arrow, a word for tight columns, and a phrase for prose. */
export const TREND_LABELS: Record<Trend, { arrow: string; word: string; phrase: string }> = {
  up: { arrow: '↑', word: 'up', phrase: 'up' },
  down: { arrow: '↓', word: 'down', phrase: 'down' },
  same: { arrow: '→', word: 'same', phrase: 'no change' },
  new: { arrow: '•', word: 'new', phrase: 'first rating' },
};

/** The rollup method, short (a status line) and as a sentence's end ("each figure is ..."). */
export function methodText(method: RollupMethod): string {
  return method === 'mean' ? 'mean of ratings' : method === 'median' ? 'median of ratings' : method === 'minimum' ? 'worst rating' : 'weighted mean';
}

/**
 * How a figure is computed, as the end of a sentence ("Each figure is ..."): the method, the
 * rounding, the majority rule, and how much must be rated.
 */
export function methodSentence(method: RollupMethod, minCoverage: number, cap: RollupCap = 'majority'): string {
  const share = minCoverage === 0.5 ? 'half' : `${Math.round(minCoverage * 100)}%`;
  const enough = minCoverage > 0 ? `, and is shown only when at least ${share} of what reports below it is rated` : '';
  if (method === 'minimum') return `the lowest rating below it${enough}`;
  const of = method === 'mean' ? 'the mean' : method === 'median' ? 'the median' : 'the weighted mean';
  const held = cap === 'majority' ? ', but never above the level that at least half of what lies directly below it reach' : '';
  return `${of} of the values directly below it (unrounded, or the holistic rating a person set), rounded to the nearest level, down when exactly between two${held}${enough}`;
}

/**
 * The rule in one short sentence, for the foot of plan status: the details are in methodSentence
 * (a report's "About this report") and the guide.
 */
export function methodRule(method: RollupMethod, minCoverage: number, cap: RollupCap = 'majority'): string {
  const share = minCoverage === 0.5 ? 'half' : `${Math.round(minCoverage * 100)}%`;
  const shown = minCoverage > 0 ? `; shown once ${share} of it is rated` : '';
  if (method === 'minimum') return `Each figure is the lowest rating directly below it${shown}.`;
  const of = method === 'mean' ? 'mean' : method === 'median' ? 'median' : 'weighted mean';
  return `Each figure is the ${of} of what lies directly below it, rounded (down at a tie)${cap === 'majority' ? ', never above the level most of it reaches' : ''}${shown}.`;
}

/** A figure's value on its scale, to two decimals: "2.57 of 3". */
export function valueOnScale(value: number, top: number, lang = 'en', of = 'of'): string {
  const number = numberFormat(lang, 2).format(value);
  return `${number} ${of} ${numberFormat(lang).format(top)}`;
}

/** What lies below a figure, highest level first, levels with none left out: "1 On track, 3 In progress". */
export function spreadText(levels: readonly ScaleLevel[], counts: readonly number[]): string {
  const sorted = [...levels].sort((a, b) => a.value - b.value);
  return sorted
    .map((level, i) => ({ level, n: counts[i] ?? 0 }))
    .filter((x) => x.n > 0)
    .reverse()
    .map((x) => `${x.n} ${x.level.label}`)
    .join(', ');
}

/** Why a figure reads below its value's band (the majority rule): "held at In progress: 2.57 would round to On track, but only 1 of 4 Theories of Action reach it". */
export function heldText(levels: readonly ScaleLevel[], rating: number | null, value: number, held: Held, below: string): string {
  const label = (v: number | null) => levels.find((l) => l.value === v)?.label ?? String(v);
  const number = numberFormat('en', 2).format(value);
  return `held at ${label(rating)}: ${number} would round to ${label(held.band)}, but only ${held.reaching} of ${held.of} ${below} reach it`;
}

/** A figure left unrated because too little below it is rated (rollup.min_coverage). */
export function notEnoughRatings(coverage: { rated: number; total: number }): string {
  return `not enough ratings (${coverage.rated} of ${coverage.total})`;
}

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  met: 'Target met',
  'on-track': 'On track',
  'off-track': 'Off track',
  missed: 'Target missed',
  'no-data': 'No data yet',
  'no-timeline': 'No timeline',
};

/** A metric's value with its unit: 52%, $1200, 14 days. */
export function formatValue(value: number, unit: string | undefined): string {
  const number = Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (unit === 'percent') return `${number}%`;
  if (unit === 'dollars') return `$${number}`;
  return unit ? `${number} ${unit}` : number;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in dollars, whole, as the language writes money: "$48,000", "48.000 US$". */
export function money(amount: number, lang = 'en-US'): string {
  let format = moneyFormats.get(lang);
  if (!format) moneyFormats.set(lang, (format = new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })));
  return format.format(amount);
}

/** The name people know a school, office, person or cycle by; the id when the plan gives none. */
export function nameOf(model: PlanModel, kind: 'school' | 'office' | 'person' | 'cycle', id: string): string {
  const list: ReadonlyArray<{ id: string; name: string }> | undefined =
    kind === 'school' ? model.plan.schools : kind === 'office' ? model.plan.offices : kind === 'person' ? model.plan.people : model.cycles;
  return list?.find((item) => item.id === id)?.name ?? id;
}

/**
 * Names for an action's owner: a member of the team of the action plan in `file`, a person, or an
 * office; the id when the plan names none of these.
 */
export function ownerNames(model: Pick<PlanModel, 'actionPlans' | 'plan'>): (file: string, id: string) => string {
  let names = ownerNamesOf.get(model);
  if (!names) {
    const teams = new Map(model.actionPlans.map((p) => [p.file, new Map((p.data.team ?? []).map((m) => [m.id, m.name]))]));
    const named = new Map([...(model.plan.people ?? []), ...(model.plan.offices ?? [])].map((x) => [x.id, x.name]));
    ownerNamesOf.set(model, (names = (file, id) => teams.get(file)?.get(id) ?? named.get(id) ?? id));
  }
  return names;
}

// Made once per model: every report of a run, and every page of a website, names owners.
const ownerNamesOf = new WeakMap<object, (file: string, id: string) => string>();

/**
 * Plan text made safe in GitHub Markdown: characters that would start markup are escaped, lines are
 * joined, and "@" is followed by a word joiner, so "@ehps/board" stays readable and pings no one.
 */
export function markdownText(text: string): string {
  return String(text)
    .replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`)
    .replace(/\n/g, ' ')
    .replace(/@(?=[\w-])/g, '@\u2060');
}

/** A measure's aim in words: "target 60% by 2024-25", or for a level to hold "at least 8% by 2024-25". */
export function goalAim(g: Pick<GoalProgress, 'direction' | 'target' | 'unit' | 'tolerance'>): string {
  const value = formatValue(g.target.value, g.unit);
  const by = g.target.school_year ? ` by ${g.target.school_year}` : '';
  if (g.direction === 'at_least') return `at least ${value}${by}`;
  if (g.direction === 'at_most') return `at most ${value}${by}`;
  if (g.direction === 'maintain') return `${value}, give or take ${formatValue(g.tolerance ?? 0, g.unit)}${by}`;
  return `target ${value}${by}`;
}

// Making an Intl formatter loads locale data, far dearer than formatting: a report of fifty schools
// formats thousands of figures. One per language and precision.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number formatter for a language, with at most `fractionDigits` decimals (Intl's default when not given). */
export function numberFormat(lang: string, fractionDigits?: number): Intl.NumberFormat {
  const key = `${lang} ${fractionDigits ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(lang, fractionDigits === undefined ? {} : { maximumFractionDigits: fractionDigits })));
  return format;
}
