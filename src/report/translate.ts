// A plan as a report in another language shows it: where plan.yaml gives its words in that language
// (translations.<lang>: terminology, the rating scale's labels, the plan's title and statements, its
// items' and goals' words, the declared levels' names), those replace the plan's own; everything
// else stays as written. The model is copied, not changed: the same plan may be reported in two
// languages in one run.
import type { ItemTranslation, PlanModel, PlanTranslation } from '../plan/model.js';
import { ITEM_FIELDS, TREE_KEYS, translationFor } from '../plan/translatable.js';
import { configuredTermKeys, resolveTerminology, TERM_KEYS, type TermKey } from '../plan/terminology.js';
import type { Locale } from './locale.js';
import { buildTree } from '../plan/tree.js';
import { levelTerms } from '../rules/context.js';

export interface TranslatedFields {
  /** The cycles whose name is given in the report's language, by id. */
  cycles?: Record<string, true>;
  title: boolean;
  subtitle: boolean;
  description: boolean;
  vision: boolean;
  mission: boolean;
  scale: boolean;
  /** The items' and goals' fields given in the report's language, as "id.field". */
  items: Record<string, true>;
  /** The terms (terminology keys) given in the report's language, or named by a translated level. */
  terms: Partial<Record<TermKey, true>>;
  /** The plan's context sections given whole in the report's language, by index. */
  context?: Record<number, true>;
}

const NONE: TranslatedFields = { title: false, subtitle: false, description: false, vision: false, mission: false, scale: false, items: {}, terms: {} };


/**
 * The record with the words given for it and for the items under it; records nothing changes are
 * the same objects. A field is replaced only where the plan has it, so a translation adds nothing.
 */
function withItemWords(record: Record<string, unknown>, words: Readonly<Record<string, ItemTranslation>>, done: Record<string, true>): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  const set = (key: string, value: unknown) => ((copy ??= { ...record })[key] = value);
  const id = typeof record.id === 'string' ? record.id : undefined;
  const given = id !== undefined && Object.hasOwn(words, id) ? words[id] : undefined;
  if (given) {
    for (const field of ITEM_FIELDS) {
      if (typeof given[field] !== 'string' || typeof record[field] !== 'string') continue;
      set(field, given[field]);
      done[`${id}.${field}`] = true;
    }
    let metric = record.metric as Record<string, unknown> | undefined;
    if (typeof given.metric === 'string' && metric && typeof metric === 'object' && typeof metric.name === 'string') {
      set('metric', (metric = { ...metric, name: given.metric }));
      done[`${id}.metric`] = true;
    }
    // Student groups' names are shown translated only all together, as bullet points are.
    const groups = metric && typeof metric === 'object' ? metric.groups : undefined;
    if (given.groups && Array.isArray(groups) && given.groups.length === groups.length) {
      const names = given.groups;
      set('metric', { ...metric, groups: groups.map((g: Record<string, unknown>, i: number) => ({ ...g, name: names[i] })) });
      done[`${id}.groups`] = true;
    }
    if (given.items && Array.isArray(record.items) && given.items.length === record.items.length) {
      set('items', given.items);
      done[`${id}.items`] = true;
    }
    // An item is named by its title, or by its text when it has none (reports call both its title).
    const naming = typeof record.title === 'string' ? 'title' : 'text';
    if (done[`${id}.${naming}`]) done[`${id}.name`] = done[`${id}.title`] = true;
  }
  for (const key of TREE_KEYS) {
    const list = record[key];
    if (!Array.isArray(list)) continue;
    const mapped = list.map((entry: unknown) => (entry && typeof entry === 'object' && !Array.isArray(entry) ? withItemWords(entry as Record<string, unknown>, words, done) : entry));
    if (mapped.some((entry, i) => entry !== list[i])) set(key, mapped);
  }
  return copy ?? record;
}


// A run of --all-schools renders one plan many times in one language: it is translated once.
const done = new WeakMap<PlanModel, Map<string, { model: PlanModel; translated: TranslatedFields }>>();

export function translateModel(model: PlanModel, locale: Locale): { model: PlanModel; translated: TranslatedFields } {
  let byLang = done.get(model);
  if (!byLang) done.set(model, (byLang = new Map()));
  let result = byLang.get(locale.lang);
  if (!result) byLang.set(locale.lang, (result = translate(model, locale)));
  return result;
}

function translate(model: PlanModel, locale: Locale): { model: PlanModel; translated: TranslatedFields } {
  const lang = locale.lang;
  const terms = { ...model.terms };
  const termsGiven: Partial<Record<TermKey, true>> = {};
  // What the plan does not name in its terminology is the toolkit's word: in the report's language.
  const configured = configuredTermKeys(model.plan.terminology);
  let defaultsChanged = false;
  for (const key of TERM_KEYS) {
    if (configured.has(key) || !locale.own(`term.${key}`)) continue;
    const word = { singular: locale.t(`term.${key}`), plural: locale.t(`term.${key}.plural`) };
    if (word.singular !== terms[key].singular || word.plural !== terms[key].plural) defaultsChanged = true;
    terms[key] = word;
    termsGiven[key] = true;
  }
  // The toolkit's own scale, where the plan sets none, in the report's language.
  const inLocale = model.plan.rating_scale === undefined && locale.own('scale.name') ? defaultScaleIn(model, locale) : null;
  const ownScale = inLocale && (inLocale.name !== model.scale.name || inLocale.levels.some((l, i) => l.label !== model.scale.levels[i]!.label)) ? inLocale : null;
  if (ownScale) defaultsChanged = true;
  const t = translationFor(model.plan, lang);
  if (!t && !defaultsChanged) return { model, translated: { ...NONE, terms: inReportLanguage(termsGiven, model.tree.scheme.declared, [], model.tree.align) } };
  const given: PlanTranslation = t ?? {};
  if (given.terminology && typeof given.terminology === 'object') {
    const translatedTerms = resolveTerminology(given.terminology);
    for (const key of TERM_KEYS) {
      if (!(key in (given.terminology as Record<string, unknown>))) continue;
      terms[key] = translatedTerms[key];
      termsGiven[key] = true;
    }
  }
  const scaleLevels = given.rating_scale?.levels ?? [];
  const scale = ownScale ?? {
    name: given.rating_scale?.name ?? model.scale.name,
    levels: model.scale.levels.map((l, i) => ({ ...l, label: scaleLevels[i]?.label ?? l.label, ...(scaleLevels[i]?.description !== undefined || l.description !== undefined ? { description: scaleLevels[i]?.description ?? l.description } : {}) })),
  };
  // The cycles' names and messages, and the offices' names, where given: the same cycles, in new objects.
  const cycleWords = given.cycles ?? {};
  const cyclesDone: Record<string, true> = {};
  const renamed = new Map(
    model.cycles.map((c) => {
      const w = Object.hasOwn(cycleWords, c.id) ? cycleWords[c.id] : undefined;
      if (!w || (w.name === undefined && w.summary === undefined)) return [c, c] as const;
      if (w.name !== undefined) cyclesDone[c.id] = true;
      return [c, { ...c, ...(w.name !== undefined ? { name: w.name } : {}), ...(w.summary !== undefined && c.summary !== undefined ? { summary: w.summary } : {}) }] as const;
    }),
  );
  const officeWords = given.offices ?? {};
  const context = contextIn(model.plan.plan.context, given.context);
  const words = given.plan ?? {};
  const items: Record<string, true> = {};
  const planData = withItemWords(model.plan as unknown as Record<string, unknown>, given.items ?? {}, items) as unknown as PlanModel['plan'];
  // A school's or office's own goals, by id, from the same translations.
  const actionPlans = given.items
    ? model.actionPlans.map((p) => {
        const goals = p.data.goals;
        if (!goals?.length) return p;
        const mapped = goals.map((g) => withItemWords(g as unknown as Record<string, unknown>, given.items!, items) as unknown as typeof g);
        return mapped.some((g, i) => g !== goals[i]) ? { ...p, data: { ...p.data, goals: mapped } } : p;
      })
    : model.actionPlans;
  const levelWords = given.levels ?? [];
  const levels = planData.levels?.map((level, i) => (levelWords[i] ? { ...level, name: levelWords[i]!.name, ...(levelWords[i]!.plural ? { plural: levelWords[i]!.plural } : {}) } : level));
  // Actions still align to the same level, now under its name in this language.
  const align = levels && model.tree.scheme.declared ? { actions_align_to: levels[model.tree.align]!.name } : {};
  const offices = planData.offices?.map((o) => (Object.hasOwn(officeWords, o.id) && officeWords[o.id]!.name ? { ...o, name: officeWords[o.id]!.name! } : o));
  const plan = {
    ...planData,
    ...(levels ? { levels, ...align } : {}),
    ...(planData.cycles ? { cycles: planData.cycles.map((c) => renamed.get(c) ?? c) } : {}),
    ...(offices ? { offices } : {}),
    plan: { ...model.plan.plan, ...Object.fromEntries(Object.entries(words).filter(([, v]) => typeof v === 'string')), ...(context ? { context: context.sections } : {}) },
  };
  // The tree is made anew from the words in this language: the items' titles, the declared levels'
  // names, or (in the two-level shape) the levels named by the terminology.
  const tree = buildTree(plan as unknown as Record<string, unknown>, terms);
  // With declared levels, "theory" and "strategy" in the report name the top and aligned levels.
  const named = levelTerms(terms, tree.levels, tree.align, tree.scheme.declared);
  return {
    model: { ...model, plan, actionPlans, terms: named, scale, tree, cycles: model.cycles.map((c) => renamed.get(c) ?? c) },
    translated: {
      cycles: cyclesDone,
      title: words.title !== undefined,
      subtitle: words.subtitle !== undefined,
      description: words.description !== undefined,
      vision: words.vision !== undefined,
      mission: words.mission !== undefined,
      scale: ownScale !== null || scaleLevels.length > 0 || given.rating_scale?.name !== undefined,
      items,
      terms: inReportLanguage(termsGiven, tree.scheme.declared, levelWords, tree.align),
      context: context?.done ?? {},
    },
  };
}

type ContextSection = NonNullable<PlanModel['plan']['plan']['context']>[number];

/**
 * The plan's context sections with those given whole in the report's language (heading, text and
 * items, as the section has them) replaced; a section given in part stays as written, in one language.
 */
function contextIn(sections: readonly ContextSection[] | undefined, given: PlanTranslation['context']): { sections: ContextSection[]; done: Record<number, true> } | null {
  if (!sections?.length || !given?.length) return null;
  const done: Record<number, true> = {};
  const out = sections.map((section, i) => {
    const words = given[i];
    if (!words || typeof words.title !== 'string') return section;
    if (section.text !== undefined && typeof words.text !== 'string') return section;
    if (section.items?.length && (!Array.isArray(words.items) || words.items.length !== section.items.length)) return section;
    done[i] = true;
    return { ...section, title: words.title, ...(section.text !== undefined ? { text: words.text! } : {}), ...(section.items?.length ? { items: words.items! } : {}) };
  });
  return Object.keys(done).length ? { sections: out, done } : null;
}

/**
 * The terms in the report's language. With declared levels, "theory" and "strategy" are the top and
 * aligned levels' names: in the report's language only where translations.<lang>.levels gives them.
 */
function inReportLanguage(given: Partial<Record<TermKey, true>>, declared: boolean, levelWords: readonly unknown[], align: number): Partial<Record<TermKey, true>> {
  if (!declared) return given;
  const { theory: _theory, strategy: _strategy, ...rest } = given;
  return { ...rest, ...(levelWords[0] ? { theory: true } : {}), ...(levelWords[align] ? { strategy: true } : {}) };
}

/** The toolkit's default scale in the report's language: its name, and each level's label and description. */
function defaultScaleIn(model: PlanModel, locale: Locale): PlanModel['scale'] {
  return {
    name: locale.t('scale.name'),
    levels: model.scale.levels.map((l) => ({ ...l, label: locale.own(`scale.${l.value}`) ? locale.t(`scale.${l.value}`) : l.label, ...(locale.own(`scale.${l.value}.description`) ? { description: locale.t(`scale.${l.value}.description`) } : {}) })),
  };
}
