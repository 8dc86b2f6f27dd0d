// Rules that need the whole plan at once: ids unique across every file, strategies that no action
// carries out, two action plans for one school. They work from file summaries, not whole documents.
import type { DataPath } from '../diagnostics.js';
import type { FileResult } from '../plan/files.js';
import type { RuleCode } from './codes.js';
import type { PlanContext } from './context.js';
import type { Finding } from './findings.js';
import { UndeclaredCodeError, type RuleMeta } from './rule.js';
import { closestMatch } from './suggest.js';

type PlacedFinding = Finding & { file: string };

export interface PlanWideRule extends RuleMeta {
  check(results: readonly FileResult[], ctx: PlanContext, add: (code: RuleCode, file: string, path: DataPath, message: string, hint: string, related?: { file: string; path: DataPath }) => void): void;
}

function checkUniqueIds(results: readonly FileResult[], _ctx: PlanContext, add: Parameters<PlanWideRule['check']>[2]): void {
  const firstSeen = new Map<string, { file: string; path: DataPath }>();
  for (const result of results) {
    for (const [id, path] of result.summary?.declared ?? []) {
      const first = firstSeen.get(id);
      if (!first) {
        firstSeen.set(id, { file: result.file, path });
        continue;
      }
      add('DUPLICATE_ID', result.file, path, `The id "${id}" is used twice in the plan`, 'Ids must be unique across the whole plan: rename one of the two.', first);
    }
  }
}

function checkOnePlanPerOwner(results: readonly FileResult[], ctx: PlanContext, add: Parameters<PlanWideRule['check']>[2]): void {
  // One file per school or office, or one per school year when each names its year (school_year:).
  const ownerFiles = new Map<string, Array<{ file: string; year: string | undefined }>>();
  for (const result of results) {
    const owner = result.summary?.owner;
    if (owner === undefined || result.kind === 'plan') continue;
    const key = `${result.kind}:${owner}`;
    const year = result.summary?.schoolYear;
    const others = ownerFiles.get(key) ?? [];
    const clash = others.find((o) => o.year === year || o.year === undefined || year === undefined);
    if (clash) {
      const term = result.kind === 'school' ? ctx.terms.school_action_plan.singular : ctx.terms.district_action_plan.singular;
      if (clash.year !== undefined && clash.year === year) {
        add('DUPLICATE_SCHOOL_PLAN', result.file, ['school_year'], `${clash.file} is already the ${term} of "${owner}" for ${year}`, 'Keep one action plan file per school or office and school year: correct the school_year of one, or merge the two.');
      } else {
        add(
          'DUPLICATE_SCHOOL_PLAN',
          result.file,
          [result.kind],
          `${clash.file} is already the ${term} of "${owner}"`,
          others.length || year !== undefined || clash.year !== undefined
            ? 'Keep one file per school year: give each of them the year it is for (school_year: 2024-25), or merge the two.'
            : 'Keep one action plan file per school or office, or one per school year with school_year: in each; merge the two, or add the years.',
        );
      }
    }
    others.push({ file: result.file, year });
    ownerFiles.set(key, others);
  }
}

function checkStrategiesCarriedOut(results: readonly FileResult[], ctx: PlanContext, add: Parameters<PlanWideRule['check']>[2]): void {
  const plan = results.find((r) => r.kind === 'plan');
  // With an action plan file unreadable, which strategies are carried out is unknown: say nothing.
  const allRead = results.every((r) => r.summary !== null);
  if (!ctx.known || !plan?.summary || !allRead) return;
  const carried = new Set<string>();
  for (const result of results) for (const s of result.summary?.strategiesCarried ?? []) carried.add(s);
  const declaredAt = new Map(plan.summary.declared.map(([id, path]) => [id, path] as const));
  const exempt = new Set(ctx.withoutActions);
  const bare = Object.keys(ctx.aligned).filter((s) => !carried.has(s) && !exempt.has(s));
  const term = ctx.terms.strategy;
  const action = ctx.terms.action.singular.toLowerCase();
  // A few bare strategies are named one by one, where they are; many (a plan whose actions are not
  // written yet) make one warning that lists them, rather than a page of the same line.
  if (bare.length > BARE_ONE_BY_ONE) {
    const shown = bare.slice(0, 12).map((s) => `"${s}"`).join(', ');
    add(
      'STRATEGY_WITHOUT_ACTIONS',
      plan.file,
      [ctx.rootKey],
      `${bare.length} ${term.plural.toLowerCase()} are not carried out by any ${action}: ${shown}${bare.length > 12 ? `, and ${bare.length - 12} more` : ''}`,
      `Align ${ctx.terms.action.plural.toLowerCase()} to them; or, if the plan has none yet, say so with expects_actions: false under plan (or on a level, or on an item: ${ctx.levels.slice(0, ctx.align + 1).map((l) => l.singular.toLowerCase()).join(', ')}).`,
    );
    return;
  }
  for (const strategy of bare) {
    const path = declaredAt.get(strategy);
    add(
      'STRATEGY_WITHOUT_ACTIONS',
      plan.file,
      path ? path.slice(0, -1) : [ctx.rootKey],
      `${term.singular} "${strategy}" is not carried out by any ${action}`,
      `Align at least one district or school ${action} to it, retire the ${term.singular.toLowerCase()} at the annual review, or set expects_actions: false on it if none is meant to.`,
    );
  }
}

/** Up to this many strategies without actions are reported one by one. */
const BARE_ONE_BY_ONE = 5;

/** The rules that need every file at once, from file summaries. */
// What translations may name: the plan's items and measures and every file's goals, not its schools, people or actions.
const NOT_TRANSLATED = new Set(['offices', 'schools', 'networks', 'partners', 'people', 'actions', 'cycles']);

function checkTranslationIds(results: readonly FileResult[], ctx: PlanContext, add: Parameters<PlanWideRule['check']>[2]): void {
  const langs = Object.keys(ctx.translationIds);
  if (!langs.length) return;
  const known = new Set<string>();
  for (const result of results) for (const [id, path] of result.summary?.declared ?? []) if (!NOT_TRANSLATED.has(String(path[0]))) known.add(id);
  for (const lang of langs) {
    for (const id of ctx.translationIds[lang]!) {
      if (known.has(id)) continue;
      const match = closestMatch(id, known);
      add('TRANSLATION_UNKNOWN_ID', 'plan.yaml', ['translations', lang, 'items', id], `translations.${lang}.items gives words for "${id}", which is no item or goal of the plan`, match ? `Did you mean "${match}"?` : 'Use the id of an item or goal (of plan.yaml or of a school\'s plan); words for an id the plan does not have are never shown.');
    }
  }
}

export const PLAN_WIDE_RULES: readonly PlanWideRule[] = [
  { name: 'translations', description: "The plan's words in other languages are given for items and goals it has (in plan.yaml or a school's or office's plan).", codes: ['TRANSLATION_UNKNOWN_ID'], check: checkTranslationIds },
  { name: 'unique-ids', description: 'Ids are unique across the whole plan.', codes: ['DUPLICATE_ID'], check: checkUniqueIds },
  { name: 'one-plan-per-owner', description: 'One action plan file per school or office, or one per school year when each names its year.', codes: ['DUPLICATE_SCHOOL_PLAN'], check: checkOnePlanPerOwner },
  { name: 'strategies-carried-out', description: 'Every strategy is carried out by at least one action.', codes: ['STRATEGY_WITHOUT_ACTIONS'], check: checkStrategiesCarriedOut },
];

export function checkAcrossFiles(results: readonly FileResult[], ctx: PlanContext): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const rule of PLAN_WIDE_RULES) {
    rule.check(results, ctx, (code, file, path, message, hint, related) => {
      if (!rule.codes.includes(code)) throw new UndeclaredCodeError(`rule ${rule.name} reported ${code}, which it does not declare`);
      out.push({ code, file, path, message, hint, target: 'value', ...(related ? { related } : {}) });
    });
  }
  return out;
}
