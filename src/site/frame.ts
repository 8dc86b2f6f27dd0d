// What every page of the site has around its content: its title and description, links home and to
// the other pages, the language switcher and alternates, the date of its data and the footer. Kept
// apart from build.ts so that a worker thread making schools' pages frames them exactly as the main
// thread frames the rest.
import { formatDay } from '../dates.js';
import type { PlanModel } from '../plan/model.js';
import type { Locale } from '../report/locale.js';
import type { TemplateSet } from '../report/templates.js';

/** What the frame of every page of one site shares. */
export interface SiteFrame {
  /** The languages published, the plan's own first (the site's root). */
  langs: readonly string[];
  asOf: string;
  baseUrl?: string;
  /** Whether the site has a page of plan updates to link to. */
  hasUpdates: boolean;
  /** Whether the site has pages of schools (a plan rated, with schools' action plans). */
  hasSchools: boolean;
}

/** A page of one language's set: its path within the set, and what it shows. */
export interface PageSpec {
  path: string;
  view: Record<string, unknown>;
  title: string;
  description: string;
}

export interface SitePage {
  /** Where the page goes, relative to the site's folder, with / between folders. */
  path: string;
  html: string;
  lang: string;
}

/** A school's, item's or measure's id as a file name: ids are already safe (letters, digits, - and _), this guards the rule. */
export function fileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function plainText(text: string | undefined, max = 160): string {
  const plain = (text ?? '').replace(/[#*_`>[\]()]/g, '').replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

const languageNames = new Map<string, string>();

function languageName(tag: string): string {
  let name = languageNames.get(tag);
  if (name === undefined) {
    try {
      // Each language named in itself, as a switcher does: "English", "español".
      name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    } catch {
      name = tag;
    }
    languageNames.set(tag, name);
  }
  return name;
}

/** The district's and the plan's names, as the model of a language of the site gives them: for its pages' footers. */
export function siteNames(shown: Pick<PlanModel, 'plan'>): { district: string; plan: string } {
  return { district: shown.plan.district.name, plan: shown.plan.plan.title };
}

/** Where a language's set of pages is, from the site's folder: the plan's own at the root, each other under <lang>/. */
export function prefixOf(frame: Pick<SiteFrame, 'langs'>, lang: string): string {
  return lang === frame.langs[0] ? '' : `${lang}/`;
}

/**
 * A page in its frame, rendered. `cycle`: the cycle its ratings are from, or null for a plan not yet
 * rated; `names`: the district's and the plan's names in the page's language.
 */
export function framePage(frame: SiteFrame, templates: TemplateSet, spec: PageSpec, locale: Locale, names: { district: string; plan: string }, cycle: { name: string; due: string } | null): SitePage {
  const lang = locale.lang;
  const depth = (prefixOf(frame, lang) + spec.path).split('/').length - 1;
  const up = '../'.repeat(depth);
  const href = (l: string, path: string) => `${up}${prefixOf(frame, l)}${path}`;
  const made = formatDay(frame.asOf, lang);
  const site = {
    ...(spec.view.site as object),
    title: spec.title,
    description: spec.description,
    home: href(lang, 'index.html'),
    how: href(lang, 'how-to-read.html'),
    schools: href(lang, 'schools/index.html'),
    hasSchools: frame.hasSchools && cycle !== null,
    ...(frame.hasUpdates ? { updatesPage: href(lang, 'updates.html') } : {}),
    languages: frame.langs.map((l) => ({ lang: l, name: languageName(l), href: href(l, spec.path), current: l === lang })),
    alternates: [
      ...frame.langs.map((l) => ({ lang: l, href: frame.baseUrl ? new URL(prefixOf(frame, l) + spec.path, frame.baseUrl).href : href(l, spec.path) })),
      { lang: 'x-default', href: frame.baseUrl ? new URL(spec.path, frame.baseUrl).href : href(frame.langs[0]!, spec.path) },
    ],
    dataDate: cycle ? locale.t('site.dataDate', { cycle: cycle.name, due: cycle.due, made }) : locale.t('site.noRatings', { made }),
    footer: locale.t('site.footer', names),
  };
  // Links the page's own lists carry are made relative to it here.
  const relinked = relink(site, (path) => href(lang, path));
  const updates = spec.view.updates as Parameters<typeof relinkUpdates>[0] | undefined;
  const html = templates.renderSite({ ...spec.view, ...(updates ? { updates: relinkUpdates(updates, (path) => href(lang, path)) } : {}), lang, site: relinked });
  return { path: prefixOf(frame, lang) + spec.path, lang, html };
}

/** The `href` of every link a page lists, from a path within its language's set to one relative to the page. */
function relink(site: Record<string, unknown>, href: (path: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...site };
  for (const key of ['items', 'measures', 'schoolList'] as const) {
    const list = site[key];
    if (Array.isArray(list)) out[key] = list.map((entry: { path?: string }) => (entry.path === undefined ? entry : { ...entry, href: href(entry.path) }));
  }
  const crumb = site.breadcrumb as { path: string; text: string } | undefined;
  if (crumb) out.breadcrumb = { ...crumb, href: href(crumb.path) };
  return out;
}

/** The plan updates' rows with their links made relative to the page. */
function relinkUpdates(updates: { groups: Array<{ rows: Array<{ path?: string }> }> }, href: (path: string) => string): unknown {
  return { ...updates, groups: updates.groups.map((g) => ({ ...g, rows: g.rows.map((r) => (r.path ? { ...r, href: href(r.path) } : r)) })) };
}
