// The plan's public website (plan site): a static site of plain HTML pages, one set per language,
// made from the same views and templates as the reports, so that what the site says and what the
// board reads are one. A home page with the whole plan's status and the district's message, a page
// per top-level item, per measure and per school, an index of schools, and a page on how to read
// it all. Pages link to each other by relative paths, so the site works from any folder of any host.
import { formatDay } from '../dates.js';
import { formatValue } from '../labels.js';
import type { GoalData, PlanModel } from '../plan/model.js';
import { RollupError } from '../rollup/rollup.js';
import { escapeHtml } from '../report/escape.js';
import { loadLocale, type Locale } from '../report/locale.js';
import type { TemplateSet } from '../report/templates.js';
import { translateModel, type TranslatedFields } from '../report/translate.js';
import { buildOverviewView, buildReportView, isOverview, type ReportView } from '../report/view-model.js';
import type { PlanHistory } from '../history/history.js';
import { changesOf, updatesView } from '../history/updates-view.js';

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
}

export interface SitePage {
  /** Where the page goes, relative to the site's folder, with / between folders. */
  path: string;
  html: string;
  lang: string;
}

export interface BuiltSite {
  /** The pages, when no onPage took them. */
  pages: SitePage[];
  /** Every page's path, in the order made. */
  paths: string[];
  /** sitemap.xml, when the site's address is known. */
  sitemap: string | null;
  /** Schools left out, and why. */
  skipped: Array<{ school: string; why: string }>;
}

/** A page of one language's set: its path within the set, and what it shows. */
interface PageSpec {
  path: string;
  view: Record<string, unknown>;
  title: string;
  description: string;
}

/** A school's, item's or measure's id as a file name: ids are already safe (letters, digits, - and _), this guards the rule. */
function fileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

function plainText(text: string | undefined, max = 160): string {
  const plain = (text ?? '').replace(/[#*_`>[\]()]/g, '').replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

function languageName(tag: string): string {
  try {
    // Each language named in itself, as a switcher does: "English", "español".
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * The site's pages, each handed to `onPage` as soon as it is made (a caller that writes them keeps
 * none in memory: a district of thousands of schools has thousands of pages), or, without it, kept
 * in the result. The work yields to the event loop now and then, so that writes under way progress.
 */
export async function buildSite(model: PlanModel, planDir: string, options: SiteOptions, onPage?: (page: SitePage) => void): Promise<BuiltSite> {
  const [rootLang] = options.langs;
  if (!rootLang) throw new RangeError('no language to publish');
  const prefixOf = (lang: string) => (lang === rootLang ? '' : `${lang}/`);
  const schoolIds = [...new Set(model.actionPlans.filter((p) => p.kind === 'school').map((p) => p.data.school ?? ''))].filter(Boolean);
  const listed = (model.plan.schools ?? []).filter((s) => schoolIds.includes(s.id));
  const pages: SitePage[] = [];
  const paths: string[] = [];
  const skipped: BuiltSite['skipped'] = [];
  /** Renders a page of one language's set and hands it on. `cycle`: the cycle its ratings are from, or null for a plan not yet rated. */
  const emit = async (spec: PageSpec, lang: string, locale: Locale, shown: PlanModel, cycle: { name: string; due: string } | null) => {
    const depth = (prefixOf(lang) + spec.path).split('/').length - 1;
    const up = '../'.repeat(depth);
    const href = (l: string, path: string) => `${up}${prefixOf(l)}${path}`;
    const site = {
      ...(spec.view.site as object),
      title: spec.title,
      description: spec.description,
      home: href(lang, 'index.html'),
      how: href(lang, 'how-to-read.html'),
      schools: href(lang, 'schools/index.html'),
      hasSchools: listed.length > 0 && cycle !== null,
      ...(options.history ? { updatesPage: href(lang, 'updates.html') } : {}),
      languages: options.langs.map((l) => ({ lang: l, name: languageName(l), href: href(l, spec.path), current: l === lang })),
      alternates: [...options.langs.map((l) => ({ lang: l, href: options.baseUrl ? new URL(prefixOf(l) + spec.path, options.baseUrl).href : href(l, spec.path) })), { lang: 'x-default', href: options.baseUrl ? new URL(spec.path, options.baseUrl).href : href(rootLang, spec.path) }],
      dataDate: cycle ? locale.t('site.dataDate', { cycle: cycle.name, due: cycle.due, made: formatDay(options.asOf, locale.lang) }) : locale.t('site.noRatings', { made: formatDay(options.asOf, locale.lang) }),
      footer: locale.t('site.footer', { district: shown.plan.district.name, plan: shown.plan.plan.title }),
    };
    // Links the page's own lists carry are made relative to it here.
    const relinked = relink(site, (path) => href(lang, path));
    const updates = spec.view.updates as Parameters<typeof relinkUpdates>[0] | undefined;
    const page = { path: prefixOf(lang) + spec.path, lang, html: options.templates.renderSite({ ...spec.view, ...(updates ? { updates: relinkUpdates(updates, (path) => href(lang, path)) } : {}), lang: locale.lang, site: relinked }) };
    paths.push(page.path);
    if (onPage) onPage(page);
    else pages.push(page);
    if (paths.length % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  for (const lang of options.langs) {
    const locale = loadLocale(lang, planDir);
    const { model: shown, translated } = translateModel(model, locale);
    const common = { asOf: options.asOf, locale, translated, ...(options.builtFrom ? { builtFrom: options.builtFrom } : {}), ...(options.cycle ? { cycle: options.cycle } : {}), context: false };
    // A plan with nothing to rate yet (no cycles, or no actions and no ratings) is published as the plan itself.
    if (isOverview(shown)) {
      for (const spec of overviewPages(shown, buildOverviewView(shown, { type: 'board', ...common }) as unknown as ReportView & Record<string, unknown>, locale, options.history)) await emit(spec, lang, locale, shown, null);
      continue;
    }
    const board = buildReportView(shown, { type: 'board', ...common }) as ReportView & Record<string, unknown>;
    const specs = languagePages(shown, board, locale, listed, options.history, (school) => {
      try {
        const { cycle: _cycle, ...schoolOptions } = common;
        return buildReportView(shown, { type: 'school', school, ...schoolOptions }) as ReportView & Record<string, unknown>;
      } catch (error) {
        if (!(error instanceof RollupError)) throw error;
        if (lang === rootLang) skipped.push({ school, why: error.message });
        return null;
      }
    });
    for (const spec of specs) await emit(spec, lang, locale, shown, board.cycle);
  }
  const sitemap = options.baseUrl
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${paths.map((path) => `  <url><loc>${escapeHtml(new URL(path, options.baseUrl).href)}</loc><lastmod>${options.asOf}</lastmod></url>`).join('\n')}\n</urlset>\n`
    : null;
  return { pages, paths, sitemap, skipped };
}

/** The `href` of every link a page lists, from a path within its language's set to one relative to the page. */
function relink(site: Record<string, unknown>, href: (path: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...site };
  for (const key of ['items', 'measures', 'schoolList'] as const) {
    const list = site[key];
    if (Array.isArray(list)) out[key] = list.map((entry: { path: string }) => ({ ...entry, href: href(entry.path) }));
  }
  const crumb = site.breadcrumb as { path: string; text: string } | undefined;
  if (crumb) out.breadcrumb = { ...crumb, href: href(crumb.path) };
  return out;
}

/** The plan updates' rows with their links made relative to the page. */
function relinkUpdates(updates: { groups: Array<{ rows: Array<{ path?: string }> }> }, href: (path: string) => string): unknown {
  return { ...updates, groups: updates.groups.map((g) => ({ ...g, rows: g.rows.map((r) => (r.path ? { ...r, href: href(r.path) } : r)) })) };
}

/** The pages of one language: home, items, measures, schools, how to read. */
function languagePages(model: PlanModel, board: ReportView & Record<string, unknown>, locale: Locale, schools: ReadonlyArray<{ id: string; name: string }>, history: PlanHistory | undefined, schoolView: (id: string) => (ReportView & Record<string, unknown>) | null): PageSpec[] {
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
  if (schools.length) {
    const views = schools.map((s) => ({ school: s, view: schoolView(s.id) }));
    specs.push({
      path: 'schools/index.html',
      title: `${model.terms.school.plural} · ${planTitle}`,
      description: plainText(`${model.terms.school.plural}: ${schools.map((s) => s.name).join(', ')}`),
      view: {
        ...board,
        site: { kind: 'schools', isSchools: true, schoolList: views.map(({ school, view }) => ({ path: `schools/${fileName(school.id)}.html`, name: school.name, ...(view ? { rating: (view.whole as { rating: unknown }).rating } : {}) })), breadcrumb: { path: 'index.html', text: t('site.back', { where: t('site.home') }) } },
      },
    });
    for (const { school, view } of views) {
      if (!view) continue;
      specs.push({
        path: `schools/${fileName(school.id)}.html`,
        title: `${school.name} · ${planTitle}`,
        description: plainText(`${school.name}: ${view.cycle.name}`),
        view: { ...view, site: { kind: 'school', isSchool: true, breadcrumb: { path: 'schools/index.html', text: t('site.back', { where: model.terms.school.plural }) } } },
      });
    }
  }
  if (history) specs.push(updatesSpec(model, board, locale, history, new Set(theories.map((th) => th.id))));
  specs.push(howSpec(model, board, locale));
  return specs;
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
