// Every string of plan.yaml that a report shows in the plan's own words, with where its translation
// goes under translations.<lang>: what `plan translate` exports for a translator, imports back, and
// counts for coverage. One list, so that export, import and coverage can never disagree.
import type { PlanData, PlanModel, PlanTranslation } from './model.js';
import { configuredTermKeys, resolveTerminology, TERM_KEYS } from './terminology.js';

/** One string: its key (the path under translations.<lang>, ':'-separated), its text, and its translation if the plan has one. */
export interface TranslatableString {
  key: string;
  /** The path under translations.<lang>, as keys and list indexes. */
  path: Array<string | number>;
  source: string;
  target?: string;
  /** What the string is, for the translator: "Title of theory of action toa1". */
  note: string;
  /** Translated, but not shown until what it belongs with is translated too (the rest of a list, a level's label). */
  unused?: true;
}

/** Where items and goals sit in plan.yaml: the two-level shape, declared levels, goals and measures. */
export const TREE_KEYS = ['theories', 'strategies', 'outline', 'children', 'goals', 'measures'] as const;
/** An item's or goal's own words, as translations.<lang>.items gives them. */
export const ITEM_FIELDS = ['title', 'text', 'statement', 'description'] as const;
const PLAN_FIELDS = ['title', 'subtitle', 'description', 'vision', 'mission'] as const;

/** The value at a path of a translation, if it is text. */
function at(translation: unknown, path: ReadonlyArray<string | number>): string | undefined {
  let node = translation;
  for (const step of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return typeof node === 'string' && node.trim() ? node : undefined;
}

/**
 * The plan's translation into `lang`: the one plan.yaml gives under that tag, else (unless `exact`)
 * its base language's, as a report in es-MX reads translations.es.
 */
export function translationFor(plan: Pick<PlanData, 'translations'>, lang: string, exact = false): PlanTranslation | undefined {
  const all = plan.translations ?? {};
  const same = Object.keys(all).find((tag) => tag.toLowerCase() === lang.toLowerCase());
  const base = exact ? undefined : Object.keys(all).find((tag) => tag.toLowerCase() === lang.split('-')[0]!.toLowerCase());
  return all[same ?? base ?? ''];
}

/**
 * `exact`: the strings of translations.<lang> itself, as plan translate exports and imports them;
 * otherwise as a report in that language reads them (es-MX falls back to es).
 */
export function translatableStrings(model: Pick<PlanModel, 'plan' | 'tree' | 'terms'> & Partial<Pick<PlanModel, 'actionPlans'>>, lang: string, exact = true): TranslatableString[] {
  const plan = model.plan;
  const given = translationFor(plan, lang, exact);
  const out: TranslatableString[] = [];
  const add = (path: Array<string | number>, source: unknown, note: string) => {
    if (typeof source !== 'string' || !source.trim()) return;
    const target = at(given, path);
    out.push({ key: path.join(':'), path, source, ...(target !== undefined ? { target } : {}), note });
  };
  for (const field of PLAN_FIELDS) add(['plan', field], plan.plan[field as keyof typeof plan.plan], `The plan's ${field}`);
  // The district's own terms (the toolkit's words for the others come from its locale files).
  const configured = configuredTermKeys(plan.terminology);
  const terms = resolveTerminology(plan.terminology);
  for (const key of TERM_KEYS) {
    if (!configured.has(key)) continue;
    add(['terminology', key, 'singular'], terms[key].singular, `The district's word for a ${key.replace(/_/g, ' ')}, singular`);
    add(['terminology', key, 'plural'], terms[key].plural, `The district's word for ${key.replace(/_/g, ' ')}s, plural`);
  }
  if (plan.rating_scale) {
    add(['rating_scale', 'name'], plan.rating_scale.name, 'The name of the rating scale');
    plan.rating_scale.levels.forEach((level, i) => {
      add(['rating_scale', 'levels', i, 'label'], level.label, `The label of rating ${level.value}`);
      add(['rating_scale', 'levels', i, 'description'], level.description, `What rating ${level.value} means`);
    });
  }
  (plan.levels ?? []).forEach((level, i) => {
    add(['levels', i, 'name'], level.name, `The name of the plan's level ${i + 1}`);
    add(['levels', i, 'plural'], level.plural, `The plural of the plan's level ${i + 1}`);
  });
  const visit = (record: Record<string, unknown>, what: string) => {
    const id = typeof record.id === 'string' ? record.id : undefined;
    if (id !== undefined) {
      for (const field of ITEM_FIELDS) add(['items', id, field], record[field], `The ${field} of ${what} ${id}`);
      const metric = record.metric as { name?: unknown } | undefined;
      if (metric && typeof metric === 'object') add(['items', id, 'metric'], metric.name, `What ${what} ${id} measures (its metric's name)`);
      const groups = (metric as { groups?: unknown } | undefined)?.groups;
      if (Array.isArray(groups)) groups.forEach((group: { name?: unknown }, n) => add(['items', id, 'groups', n], group?.name, `Student group ${n + 1} of ${what} ${id}`));
      if (Array.isArray(record.items)) record.items.forEach((bullet, n) => add(['items', id, 'items', n], bullet, `Bullet point ${n + 1} under ${what} ${id}`));
    }
    for (const key of TREE_KEYS) {
      const list = record[key];
      if (!Array.isArray(list)) continue;
      const kind = key === 'goals' || key === 'measures' ? model.terms.goal.singular.toLowerCase() : key === 'theories' ? model.terms.theory.singular.toLowerCase() : key === 'strategies' ? model.terms.strategy.singular.toLowerCase() : 'item';
      for (const entry of list) if (entry && typeof entry === 'object' && !Array.isArray(entry)) visit(entry as Record<string, unknown>, kind);
    }
  };
  visit(plan as unknown as Record<string, unknown>, 'item');
  // A school's or office's own goals are translated by id too, in plan.yaml's translations.
  for (const p of model.actionPlans ?? []) for (const goal of p.data.goals ?? []) visit(goal as unknown as Record<string, unknown>, model.terms.goal.singular.toLowerCase());
  for (const cycle of plan.cycles ?? []) {
    add(['cycles', cycle.id, 'name'], cycle.name, `The name of reporting cycle ${cycle.id}`);
    add(['cycles', cycle.id, 'summary'], cycle.summary, `The message of the report of cycle ${cycle.id}`);
  }
  for (const office of plan.offices ?? []) add(['offices', office.id, 'name'], office.name, `The name of office ${office.id}`);
  (plan.plan.context ?? []).forEach((section, i) => {
    add(['context', i, 'title'], section.title, `The heading of the plan's context section ${i + 1}`);
    add(['context', i, 'text'], section.text, `The text of context section ${i + 1} ("${section.title}")`);
    (section.items ?? []).forEach((item, n) => add(['context', i, 'items', n], item, `Item ${n + 1} of context section ${i + 1} ("${section.title}")`));
  });
  // An item's bullet points (and a measure's student groups) are shown translated only when all of
  // them are (translate.ts): until then none of them counts as translated.
  const bullets = new Map<string, TranslatableString[]>();
  for (const s of out) {
    if (s.path[0] !== 'items' || (s.path[2] !== 'items' && s.path[2] !== 'groups')) continue;
    const key = `${String(s.path[1])} ${String(s.path[2])}`;
    (bullets.get(key) ?? bullets.set(key, []).get(key)!).push(s);
  }
  // A context section is shown in the report's language only whole: its heading, text and items.
  for (const s of out) if (s.path[0] === 'context') (bullets.get(`context ${s.path[1]}`) ?? bullets.set(`context ${s.path[1]}`, []).get(`context ${s.path[1]}`)!).push(s);
  for (const list of bullets.values()) if (list.some((s) => s.target === undefined)) for (const s of list) if (s.target !== undefined) s.unused = true;
  // A level of the scale is shown translated only with its label.
  for (const s of out) if (s.path[0] === 'rating_scale' && s.path[3] === 'description' && at(given, ['rating_scale', 'levels', s.path[2]!, 'label']) === undefined && s.target !== undefined) s.unused = true;
  return out;
}

export interface TranslationCoverage {
  lang: string;
  total: number;
  translated: number;
  missing: TranslatableString[];
}

export function translationCoverage(model: Pick<PlanModel, 'plan' | 'tree' | 'terms'> & Partial<Pick<PlanModel, 'actionPlans'>>, lang: string, exact = true): TranslationCoverage {
  const strings = translatableStrings(model, lang, exact);
  const missing = strings.filter((s) => s.target === undefined || s.unused);
  return { lang, total: strings.length, translated: strings.length - missing.length, missing };
}
