// From a plan and report options to one HTML document: self-contained (styles inline, images as
// data: URIs), so that printing it needs no network and no file access.
import { resolve } from 'node:path';
import type { PlanModel } from '../plan/model.js';
import type { TemplateSet } from './templates.js';
import { imageDataUri } from './templates.js';
import { RefusedFileError, RefusedSettingError, repositoryRoot } from '../confine.js';
import { loadLocale } from './locale.js';
import { runningHeaderCss } from './running-header.js';
import { translateModel } from './translate.js';
import { RollupError } from '../rollup/rollup.js';
import { buildOverviewView, buildReportView, isOverview, type ReportOptions, type ReportView } from './view-model.js';

export interface RenderedReport {
  html: string;
  title: string;
  /** The report's language. */
  lang: string;
  view: Pick<ReportView, 'heading' | 'cycle' | 'documentTitle'> & { school: { id: string } | null };
  /** A file name without extension: plan, type, cycle and school, safe on every file system. */
  baseName: string;
}

/** district.logo as a data: URI: the file must lie inside the plan's repository (confine.ts). */
function districtLogo(model: PlanModel, planDir: string): string | undefined {
  const logo = model.plan.district.logo;
  if (!logo) return undefined;
  try {
    return imageDataUri(resolve(planDir, logo), [repositoryRoot(planDir)], logo);
  } catch (error) {
    if (error instanceof RefusedFileError) throw new RefusedSettingError('district.logo', error);
    throw error;
  }
}

export function safeName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'report';
}

export function renderReport(model: PlanModel, planDir: string, options: Omit<ReportOptions, 'logoDataUri'>, templates: TemplateSet): RenderedReport {
  const logoDataUri = districtLogo(model, planDir) ?? templates.logoDataUri;
  // The report's words: its language's, with the plan directory's locales/ over them.
  const locale = options.locale ?? loadLocale(options.lang ?? model.plan.plan.language ?? 'en', planDir);
  const { model: shown, translated } = translateModel(model, locale);
  const viewOptions = { ...options, locale, translated, ...(logoDataUri ? { logoDataUri } : {}) };
  // A plan with nothing to rate yet is reported as what it is: a plan. A cycle it does not have is
  // refused all the same, as every other report and plan status refuse it.
  const overview = isOverview(shown) && options.type !== 'school';
  if (overview && options.cycle !== undefined && !model.cycles.some((c) => c.id === options.cycle)) {
    throw new RollupError(`unknown ${model.terms.cycle.singular.toLowerCase()} "${options.cycle}"`, model.cycles.map((c) => c.id));
  }
  const view = overview ? buildOverviewView(shown, viewOptions) : buildReportView(shown, viewOptions);
  const parts = view.cycle.id === 'overview' ? [model.plan.plan.id, 'overview'] : [model.plan.plan.id, options.type, view.cycle.id, ...(view.school ? [view.school.id] : [])];
  // The running header names the district, the report and the cycle; the footer counts pages in the report's words.
  const pageCss = runningHeaderCss(`${model.plan.district.name} · ${view.heading} · ${view.cycle.name}`, locale.t('page'));
  return { html: templates.render(view, pageCss), title: view.documentTitle, view, baseName: parts.map(safeName).join('-'), lang: locale.lang };
}
