// The plan's public website (plan site): a static site of plain HTML pages, one set per language,
// made from the same views and templates as the reports, so that what the site says and what the
// board reads are one. A home page with the whole plan's status and the district's message, a page
// per top-level item, per measure and per school, an index of schools, and a page on how to read
// it all. Pages link to each other by relative paths, so the site works from any folder of any host.
import { formatDay } from '../dates.js';
import { formatValue } from '../labels.js';
import type { GoalData, PlanModel } from '../plan/model.js';
import { escapeHtml } from '../report/escape.js';
import { loadLocale, type Locale } from '../report/locale.js';
import type { TemplateSet } from '../report/templates.js';
import { translateModel, type TranslatedFields } from '../report/translate.js';
import { buildOverviewView, buildReportView, isOverview, type RatingView, type ReportView } from '../report/view-model.js';
import type { PlanHistory } from '../history/history.js';
import { changesOf, updatesView } from '../history/updates-view.js';
import { fileName, framePage, plainText, siteNames, type PageSpec, type SiteFrame, type SitePage } from './frame.js';
import { schoolPages, type SchoolPages, type SiteLanguage } from './school-pages.js';

export interface SiteOptions {
  /** The languages to publish, the plan's own first; it is the site's root, each other under /<lang>/. */
  langs: readonly string[];
  asOf: string;
  cycle?: string;
  builtFrom?: string;
  templates: TemplateSet;
  /** The address the site is published at ("https://plan.example.org/"): the sitemap needs whole URLs. */
  baseUrl?: string;
  /** The plan's history of targets from git: a page of plan updates, and each measure's changes on its page. */
  history?: PlanHistory;
  /**
   * Makes the schools' pages elsewhere (on worker threads, for a large district): each school's
   * result handed to `onDone` with its index, in any order. Without it they are made here.
   */
  makeSchoolPages?: (schools: ReadonlyArray<{ id: string; name: string }>, frame: SiteFrame, onDone: (done: SchoolPages, index: number) => void) => Promise<void>;
}

export type { SitePage } from './frame.js';

export interface BuiltSite {
  /** The pages, when no onPage took them. */
  pages: SitePage[];
  /** Every page's path, in the order of the sitemap: each language's set in turn. */
  paths: string[];
  /** sitemap.xml, when the site's address is known. */
  sitemap: string | null;
  /** Schools left out, and why. */
  skipped: Array<{ school: string; why: string }>;
}

/**
 * The site's pages, each handed to `onPage` as soon as it is made (a caller that writes them keeps
 * none in memory: a district of thousands of schools has thousands of pages), or, without it, kept
 * in the result. The work yields to the event loop now and then, so that writes under way progress.
 */
export async function buildSite(model: PlanModel, planDir: string, options: SiteOptions, onPage?: (page: SitePage) => void): Promise<BuiltSite> {
  const [rootLang] = options.langs;
  if (!rootLang) throw new RangeError('no language to publish');
  const schoolIds = new Set(model.actionPlans.filter((p) => p.kind === 'school').map((p) => p.data.school ?? ''));
  const listed = (model.plan.schools ?? []).filter((s) => schoolIds.has(s.id));
  const pages: SitePage[] = [];
  const skipped: BuiltSite['skipped'] = [];
  const frame: SiteFrame = { langs: options.langs, asOf: options.asOf, hasUpdates: Boolean(options.history), hasSchools: listed.length > 0, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) };
  let made = 0;
  const hand = async (page: SitePage) => {
    if (onPage) onPage(page);
    else pages.push(page);
    if (++made % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  // Each language's pages, by path: the sitemap lists them in one order however they were made.
  const pathsOf = new Map(options.langs.map((lang) => [lang, [] as string[]]));
  const emit = async (spec: PageSpec, language: SiteLanguage, cycle: { name: string; due: string } | null) => {
    const page = framePage(frame, options.templates, spec, language.locale, siteNames(language.shown), cycle);
    pathsOf.get(language.locale.lang)!.push(page.path);
    await hand(page);
  };
  const languages: SiteLanguage[] = options.langs.map((lang) => {
    const locale = loadLocale(lang, planDir);
    return { locale, ...(({ model: shown, translated }) => ({ shown, translated }))(translateModel(model, locale)) };
  });
  const common = (language: SiteLanguage) => ({ asOf: options.asOf, locale: language.locale, translated: language.translated, ...(options.builtFrom ? { builtFrom: options.builtFrom } : {}), ...(options.cycle ? { cycle: options.cycle } : {}), context: false });
  // A plan with nothing to rate yet (no cycles, or no actions and no ratings) is published as the plan itself.
  if (isOverview(model)) {
    for (const language of languages) {
      const overview = buildOverviewView(language.shown, { type: 'board', ...common(language) }) as unknown as ReportView & Record<string, unknown>;
      for (const spec of overviewPages(language.shown, overview, language.locale, options.history)) await emit(spec, language, null);
    }
    return finish(options, pathsOf, pages, skipped);
  }
  // The schools' pages are under way (elsewhere, or here between the other pages) while the rest is
  // made; the index of schools, which lists each school's rating from its page, waits for them.
  const ratings: Array<Array<RatingView | undefined>> = languages.map(() => new Array(listed.length));
  const schoolPaths: string[][] = languages.map(() => new Array(listed.length));
  const skippedAt = new Map<number, string>();
  const handed: Array<Promise<void>> = [];
  const schoolDone = (done: SchoolPages, index: number) => {
    if (done.skipped !== undefined) skippedAt.set(index, done.skipped);
    done.paths.forEach((path, i) => {
      ratings[i]![index] = done.ratings[i];
      schoolPaths[i]![index] = path;
    });
    for (const page of done.pages) handed.push(hand(page));
  };
  const schoolsMade = !listed.length
    ? Promise.resolve()
    : options.makeSchoolPages
      ? options.makeSchoolPages(listed, frame, schoolDone)
      : (async () => {
          const schoolOptions = { asOf: options.asOf, ...(options.builtFrom ? { builtFrom: options.builtFrom } : {}) };
          for (const [index, school] of listed.entries()) {
            schoolDone(schoolPages(school, languages, frame, options.templates, schoolOptions), index);
            await Promise.all(handed.splice(0));
          }
        })();
  // Made while the schools' pages are under way.
  let boards: Array<ReportView & Record<string, unknown>> = [];
  // Where each language's index of schools goes among its pages: after its measures.
  const schoolsIndexAfter: number[] = [];
  try {
    boards = languages.map((language) => buildReportView(language.shown, { type: 'board', ...common(language) }) as ReportView & Record<string, unknown>);
    for (const [i, language] of languages.entries()) {
      const board = boards[i]!;
      const { specs, schoolsIndexAt } = languagePages(language.shown, board, language.locale, options.history);
      schoolsIndexAfter[i] = pathsOf.get(language.locale.lang)!.length + schoolsIndexAt;
      for (const spec of specs) await emit(spec, language, board.cycle);
    }
  } finally {
    // Nothing is left running behind a failure: the schools' pages are waited for either way.
    await schoolsMade.catch(() => undefined);
  }
  await schoolsMade;
  await Promise.all(handed);
  for (const [index, why] of [...skippedAt].sort((a, b) => a[0] - b[0])) skipped.push({ school: listed[index]!.id, why });
  for (const [i, language] of languages.entries()) {
    const board = boards[i]!;
    if (!listed.length) continue;
    const index = framePage(frame, options.templates, schoolsIndexSpec(language.shown, board, language.locale, listed, ratings[i]!), language.locale, siteNames(language.shown), board.cycle);
    await hand(index);
    // The index of schools, then the schools' pages, where the index stands among the pages of its language.
    pathsOf.get(language.locale.lang)!.splice(schoolsIndexAfter[i]!, 0, index.path, ...schoolPaths[i]!.filter(Boolean));
  }
  return finish(options, pathsOf, pages, skipped);
}

const SCHOOLS_INDEX = 'schools/index.html';


function finish(options: SiteOptions, pathsOf: Map<string, string[]>, pages: SitePage[], skipped: BuiltSite['skipped']): BuiltSite {
  const paths = [...pathsOf.values()].flat();
  const sitemap = options.baseUrl
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${paths.map((path) => `  <url><loc>${escapeHtml(new URL(path, options.baseUrl).href)}</loc><lastmod>${options.asOf}</lastmod></url>`).join('\n')}\n</urlset>\n`
    : null;
  return { pages, paths, sitemap, skipped };
}

/** The pages of one language: home, items, measures, schools, how to read. */
function languagePages(model: PlanModel, board: ReportView & Record<string, unknown>, locale: Locale, history: PlanHistory | undefined): { specs: PageSpec[]; schoolsIndexAt: number } {
  const t = locale.t;
  const plan = model.plan;
  const planTitle = plan.plan.title;
  const goalsData = new Map<string, GoalData>([...(plan.goals ?? []), ...model.tree.items.flatMap((i) => i.data.measures ?? [])].map((g) => [g.id, g]));
  const theories = board.theories;
  const goals = board.goals;
  // Which top-level item a measure serves: the top of what its serves names.
  const topOf = (goal: GoalData) => {
    for (const id of goal.serves ?? []) {
      const item = model.tree.byId.get(id);
      if (item) return item.lineage[0]?.id ?? item.id;
    }
    const owner = model.tree.items.find((i) => (i.data.measures ?? []).some((m) => m.id === goal.id));
    return owner?.lineage[0]?.id ?? owner?.id;
  };
  const itemName = (th: (typeof theories)[number]) => `${th.label}${th.title ? `: ${th.title}` : ''}`;
  const specs: PageSpec[] = [];
  specs.push({
    path: 'index.html',
    title: `${planTitle}: ${board.cycle.name}`,
    description: plainText(plan.plan.description ?? plan.plan.vision ?? planTitle),
    view: {
      ...board,
      site: {
        kind: 'home',
        isHome: true,
        itemsHeading: t('site.itemsHeading', { items: model.terms.theory.plural }),
        items: theories.map((th) => ({ path: `items/${fileName(th.id)}.html`, label: th.label, title: th.title, id: th.id, rating: th.figure.rating })),
        measures: goals.map((g) => ({ path: `measures/${fileName(g.id)}.html`, title: g.title, id: g.id, status: g.status, statusCss: g.statusCss })),
      },
    },
  });
  for (const th of theories) {
    const own = goals.filter((g) => {
      const data = goalsData.get(g.id);
      return data ? topOf(data) === th.id : false;
    });
    specs.push({
      path: `items/${fileName(th.id)}.html`,
      title: `${itemName(th)} · ${planTitle}`,
      description: plainText(th.statement || th.title),
      view: { ...board, theories: [th], goals: own, site: { kind: 'item', isItem: true, itemId: th.id, heading: itemName(th), breadcrumb: { path: 'index.html', text: t('site.back', { where: t('site.home') }) } } },
    });
  }
  specs.push(...measureSpecs(model, board, locale, history));
  // The index of schools stands here, made once every school's page is (schoolsIndexSpec).
  const schoolsIndexAt = specs.length;
  if (history) specs.push(updatesSpec(model, board, locale, history, new Set(theories.map((th) => th.id))));
  specs.push(howSpec(model, board, locale));
  return { specs, schoolsIndexAt };
}

/** The index of schools: each school's rating on its page, and a link to it. */
function schoolsIndexSpec(model: PlanModel, board: ReportView & Record<string, unknown>, locale: Locale, schools: ReadonlyArray<{ id: string; name: string }>, ratings: ReadonlyArray<RatingView | undefined>): PageSpec {
  const t = locale.t;
  return {
    path: SCHOOLS_INDEX,
    title: `${model.terms.school.plural} · ${model.plan.plan.title}`,
    description: plainText(`${model.terms.school.plural}: ${schools.map((s) => s.name).join(', ')}`),
    view: {
      ...board,
      // A school with no page (nothing of it to roll up) is listed by name, with no link.
      site: { kind: 'schools', isSchools: true, schoolList: schools.map((school, i) => ({ name: school.name, ...(ratings[i] ? { path: `schools/${fileName(school.id)}.html`, rating: ratings[i] } : {}) })), breadcrumb: { path: 'index.html', text: t('site.back', { where: t('site.home') }) } },
    },
  };
}

/** The pages of a plan not yet rated: the plan itself at home, its measures, its updates, how to read it. */
function overviewPages(model: PlanModel, overview: ReportView & Record<string, unknown>, locale: Locale, history: PlanHistory | undefined): PageSpec[] {
  const plan = model.plan;
  return [
    {
      path: 'index.html',
      title: plan.plan.title,
      description: plainText(plan.plan.description ?? plan.plan.vision ?? plan.plan.title),
      view: { ...overview, site: { kind: 'home', isHome: true, isOverview: true, measures: overview.goals.map((g) => ({ path: `measures/${fileName(g.id)}.html`, title: g.title, id: g.id })) } },
    },
    ...measureSpecs(model, overview, locale, history),
    ...(history ? [updatesSpec(model, overview, locale, history, new Set())] : []),
    howSpec(model, overview, locale),
  ];
}

/** A page per measure: its status, its targets and values by year, and its changes. */
function measureSpecs(model: PlanModel, board: ReportView & Record<string, unknown>, locale: Locale, history: PlanHistory | undefined): PageSpec[] {
  const t = locale.t;
  const goalsData = new Map<string, GoalData>([...(model.plan.goals ?? []), ...model.tree.items.flatMap((i) => i.data.measures ?? [])].map((g) => [g.id, g]));
  // From git when the plan is in a repository: every change with the reason given. The plan's own
  // notes are shown where the history has nothing for the measure (changes made before it was in git).
  const measureChanges = (id: string, data: GoalData | undefined) => {
    const updates = history ? changesOf(history, id, model, locale) : [];
    return updates.length ? { updates } : { changes: (data?.changes ?? []).map((c) => ({ date: formatDay(c.date, locale.lang), what: c.what ?? '', reason: c.reason })) };
  };
  return board.goals.map((g) => {
    const data = goalsData.get(g.id);
    return {
      path: `measures/${fileName(g.id)}.html`,
      title: `${g.title} · ${model.plan.plan.title}`,
      description: plainText(`${g.metric ?? ''}: ${g.status}`),
      view: {
        ...board,
        goals: [g],
        site: { kind: 'measure', isMeasure: true, measureId: g.id, heading: g.title, history: data ? historyOf(model, data) : [], ...measureChanges(g.id, data), breadcrumb: { path: 'index.html', text: t('site.back', { where: t('site.home') }) } },
      },
    };
  });
}

/** The plan updates page: the history grouped by reason, each measure and top-level item linked to its page. */
function updatesSpec(model: PlanModel, board: ReportView & Record<string, unknown>, locale: Locale, history: PlanHistory, itemPages: ReadonlySet<string>): PageSpec {
  const measurePages = new Set(board.goals.map((g) => g.id));
  const view = updatesView(history, model, locale, (board as { translated?: TranslatedFields | null }).translated ?? undefined);
  const linked = {
    ...view,
    groups: view.groups.map((group) => ({
      ...group,
      rows: group.rows.map((row) => {
        const path = row.isMeasure ? (measurePages.has(row.id) ? `measures/${fileName(row.id)}.html` : undefined) : itemPages.has(row.id) ? `items/${fileName(row.id)}.html` : undefined;
        return path ? { ...row, path } : row;
      }),
    })),
  };
  return { path: 'updates.html', title: `${view.heading} · ${model.plan.plan.title}`, description: plainText(view.span), view: { ...board, updates: linked, site: { kind: 'updates', isUpdates: true } } };
}

function howSpec(model: PlanModel, board: ReportView & Record<string, unknown>, locale: Locale): PageSpec {
  const method = (board as { method?: string }).method ?? '';
  return { path: 'how-to-read.html', title: `${locale.t('site.how')} · ${model.plan.plan.title}`, description: plainText(method || locale.t('site.howMeasures', { goals: model.terms.goal.plural.toLowerCase() })), view: { ...board, site: { kind: 'how', isHow: true } } };
}

/** A measure's targets and values by school year or cycle, oldest first: the baseline, each milestone, the target, each value reported. */
function historyOf(model: PlanModel, goal: GoalData): Array<{ when: string; target: string; actual: string; note: string }> {
  const metric = goal.metric;
  if (!metric) return [];
  const rows = new Map<string, { when: string; order: string; target: string; actual: string; note: string }>();
  const whenOf = (p: { school_year?: string; cycle?: string }) => {
    const cycle = p.cycle ? model.cycles.find((c) => c.id === p.cycle) : undefined;
    return { key: p.cycle ?? p.school_year ?? '', when: cycle?.name ?? p.school_year ?? p.cycle ?? '', order: cycle?.due ?? (p.school_year ? `${p.school_year.slice(0, 4)}-99` : '') };
  };
  const row = (p: { school_year?: string; cycle?: string }) => {
    const w = whenOf(p);
    let r = rows.get(w.key);
    if (!r) rows.set(w.key, (r = { when: w.when, order: w.order, target: '', actual: '', note: '' }));
    return r;
  };
  const fmt = (v: number) => formatValue(v, metric.unit);
  if (metric.baseline) {
    const r = row(metric.baseline);
    r.actual = fmt(metric.baseline.value);
    r.note = metric.baseline.note ?? '';
  }
  for (const m of metric.milestones ?? []) row(m).target = fmt(m.value);
  row(metric.target).target = fmt(metric.target.value);
  for (const a of metric.actuals ?? []) {
    const r = row(a);
    r.actual = fmt(a.value);
    if (a.note) r.note = a.note;
  }
  return [...rows.values()].sort((a, b) => a.order.localeCompare(b.order)).map(({ order: _order, ...r }) => r);
}
