// A plan as a report in another language shows it: where plan.yaml gives its words in that language
// (translations.<lang>: terminology, the rating scale's labels, the plan's title and statements),
// those replace the plan's own; everything else stays as written. The model is copied, not changed:
// the same plan may be reported in two languages in one run.
import type { PlanModel, PlanTranslation } from '../plan/model.js';
import { resolveTerminology, TERM_KEYS } from '../plan/terminology.js';
import { buildTree } from '../plan/tree.js';

export interface TranslatedFields {
  title: boolean;
  subtitle: boolean;
  description: boolean;
  vision: boolean;
  mission: boolean;
  scale: boolean;
}

const NONE: TranslatedFields = { title: false, subtitle: false, description: false, vision: false, mission: false, scale: false };

/** The plan's translation for `lang` (es-MX, else es), if it gives one. */
export function translationFor(model: PlanModel, lang: string): PlanTranslation | undefined {
  const all = model.plan.translations ?? {};
  const exact = Object.keys(all).find((tag) => tag.toLowerCase() === lang.toLowerCase());
  const base = Object.keys(all).find((tag) => tag.toLowerCase() === lang.split('-')[0]!.toLowerCase());
  return all[exact ?? base ?? ''];
}

// A run of --all-schools renders one plan many times in one language: it is translated once.
const done = new WeakMap<PlanModel, Map<string, { model: PlanModel; translated: TranslatedFields }>>();

export function translateModel(model: PlanModel, lang: string): { model: PlanModel; translated: TranslatedFields } {
  let byLang = done.get(model);
  if (!byLang) done.set(model, (byLang = new Map()));
  let result = byLang.get(lang);
  if (!result) byLang.set(lang, (result = translate(model, lang)));
  return result;
}

function translate(model: PlanModel, lang: string): { model: PlanModel; translated: TranslatedFields } {
  const t = translationFor(model, lang);
  if (!t) return { model, translated: NONE };
  const terms = { ...model.terms };
  if (t.terminology && typeof t.terminology === 'object') {
    const given = resolveTerminology(t.terminology);
    for (const key of TERM_KEYS) if (key in (t.terminology as Record<string, unknown>)) terms[key] = given[key];
  }
  const levels = t.rating_scale?.levels ?? [];
  const scale = {
    name: t.rating_scale?.name ?? model.scale.name,
    levels: model.scale.levels.map((l, i) => ({ ...l, label: levels[i]?.label ?? l.label, ...(levels[i]?.description !== undefined || l.description !== undefined ? { description: levels[i]?.description ?? l.description } : {}) })),
  };
  const words = t.plan ?? {};
  const plan = { ...model.plan, plan: { ...model.plan.plan, ...Object.fromEntries(Object.entries(words).filter(([, v]) => typeof v === 'string')) } };
  // The two-level shape names its levels by the terminology: its tree is named anew. (Declared levels
  // keep the names plan.yaml gives them.)
  const tree = model.tree.scheme.declared ? model.tree : buildTree(plan as unknown as Record<string, unknown>, terms);
  return {
    model: { ...model, plan, terms, scale, tree },
    translated: {
      title: words.title !== undefined,
      subtitle: words.subtitle !== undefined,
      description: words.description !== undefined,
      vision: words.vision !== undefined,
      mission: words.mission !== undefined,
      scale: levels.length > 0 || t.rating_scale?.name !== undefined,
    },
  };
}
