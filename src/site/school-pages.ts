// A school's page of the site, in every language: the school's own report (its action plan, its
// ratings in its own latest cycle, its measures) in the site's frame. A school's page needs nothing
// but plan.yaml and the school's own files, so a large district's are made on worker threads, each
// from those files alone (schoolPagesFromFiles), while the main thread makes the rest of the site.
import { loadLocale, type Locale } from '../report/locale.js';
import { loadTemplates, type TemplateFolder, type TemplateSet } from '../report/templates.js';
import { translateModel, type TranslatedFields } from '../report/translate.js';
import { buildReportView, type RatingView } from '../report/view-model.js';
import { planYamlModel, withActionPlans, type ModelSource, type PlanModel } from '../plan/model.js';
import { RollupError } from '../rollup/rollup.js';
import { writeReserved } from '../write-file.js';
import { fileName, framePage, plainText, siteNames, type SiteFrame, type SitePage } from './frame.js';

/** The plan in one language of the site: its words, and the model with its text in that language. */
export interface SiteLanguage {
  locale: Locale;
  shown: PlanModel;
  translated: TranslatedFields;
}

export interface SchoolPages {
  /** Where its page is in each language, in the order of the site's languages; none when it has no page. */
  paths: string[];
  /** The pages, for the caller to write; none when the thread that made them wrote them (see `written`). */
  pages: SitePage[];
  /** Its rating on its page, in each language (the schools' index lists it). */
  ratings: RatingView[];
  /** Why it has no page: it has nothing to roll up. */
  skipped?: string;
  /** Pages written where they were made, to the temporary names they were given: their size, and each write's error. */
  written?: { bytes: number; errors: Array<string | null> };
}

/** What every school's page of one site is made with, besides the plan. */
export interface SchoolPageOptions {
  asOf: string;
  builtFrom?: string;
}

/** A school's page in each of the site's languages. */
export function schoolPages(school: { id: string; name: string }, languages: readonly SiteLanguage[], frame: SiteFrame, templates: TemplateSet, options: SchoolPageOptions): SchoolPages {
  const done: SchoolPages = { paths: [], pages: [], ratings: [] };
  for (const { locale, shown, translated } of languages) {
    let view: ReturnType<typeof buildReportView>;
    try {
      view = buildReportView(shown, { type: 'school', school: school.id, asOf: options.asOf, locale, translated, ...(options.builtFrom ? { builtFrom: options.builtFrom } : {}), context: false });
    } catch (error) {
      if (!(error instanceof RollupError)) throw error;
      return { paths: [], pages: [], ratings: [], skipped: error.message };
    }
    const spec = {
      path: `schools/${fileName(school.id)}.html`,
      title: `${school.name} · ${shown.plan.plan.title}`,
      description: plainText(`${school.name}: ${view.cycle.name}`),
      view: { ...view, site: { kind: 'school', isSchool: true, breadcrumb: { path: 'schools/index.html', text: locale.t('site.back', { where: shown.terms.school.plural }) } } },
    };
    // A school's page says when its own ratings are from: a school that has not reported in the
    // district's latest cycle shows its latest, and says so.
    const page = framePage(frame, templates, spec, locale, siteNames(shown), { name: view.cycle.name, due: view.cycle.due });
    done.paths.push(page.path);
    done.pages.push(page);
    done.ratings.push(view.whole.rating);
  }
  return done;
}

/** What a worker thread making schools' pages is given once. */
export interface SchoolPagesShared {
  /** plan.yaml's data, and the context its files were checked in. */
  plan: Record<string, unknown>;
  context: ModelSource['context'];
  planDir: string;
  templateFolders: TemplateFolder[];
  frame: SiteFrame;
  options: SchoolPageOptions;
}

/** A school to make the pages of on a worker thread: its id and name, its own files' data, and where to write each language's page. */
export interface SchoolPagesTask {
  school: { id: string; name: string };
  files: ModelSource['files'];
  /** The temporary file for its page in each language (StagedWrites.reserve), in the order of the site's languages. */
  temporaries: string[];
}

// A worker thread's own: read once, for every school it is given.
let templatesHere: { folders: TemplateFolder[]; set: TemplateSet } | undefined;
const localesHere = new Map<string, Locale>();

/** A school's pages, made on a worker thread from plan.yaml and the school's own files. */
export function schoolPagesFromFiles(task: SchoolPagesTask, shared: SchoolPagesShared): SchoolPages {
  if (templatesHere?.folders !== shared.templateFolders) templatesHere = { folders: shared.templateFolders, set: loadTemplates(shared.templateFolders) };
  const model = withActionPlans(planYamlModel(shared.plan, shared.context), task.files);
  const languages = shared.frame.langs.map((lang) => {
    let locale = localesHere.get(lang);
    if (!locale) localesHere.set(lang, (locale = loadLocale(lang, shared.planDir)));
    const { model: shown, translated } = translateModel(model, locale);
    return { locale, shown, translated };
  });
  const done = schoolPages(task.school, languages, shared.frame, templatesHere.set, shared.options);
  // Written here, so that the main thread neither receives nor writes the district's megabytes of pages.
  let bytes = 0;
  const errors = done.pages.map((page, i) => {
    const content = Buffer.from(page.html);
    bytes += content.byteLength;
    return writeReserved(task.temporaries[i]!, content) ?? null;
  });
  return { ...done, pages: [], written: { bytes, errors } };
}
