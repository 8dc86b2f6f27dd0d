// `plan site`: the plan's public website, a folder of static pages for any web host. The pages are
// written all or none: a failed write leaves the folder as it was.
import { join, relative, resolve, sep } from 'node:path';
import { formatDay, localToday } from '../dates.js';
import { buildModel } from '../plan/model.js';
import { RollupError } from '../rollup/rollup.js';
import { LocaleError, loadLocale } from '../report/locale.js';
import { loadTemplates, templateFolders, TemplateError } from '../report/templates.js';
import { withStagedWrites } from './interrupt.js';
import { EXIT_OK, EXIT_PLAN_INVALID, requirePlanDirectory, rollupUsageError, UsageError, type CliIO } from './io.js';
import { loadValidPlan, openHistory } from './open-plan.js';
import { schoolPlans } from '../plan/calendar.js';
import { fileName, prefixOf, type SiteFrame } from '../site/frame.js';
import { WriteFailedError } from '../write-file.js';
import type { SchoolPages, SchoolPagesShared, SchoolPagesTask } from '../site/school-pages.js';

export interface SiteCommandOptions {
  out: string;
  lang?: string[];
  cycle?: string;
  asOf?: string;
  baseUrl?: string;
  templates?: string;
  /** A revision or a date: the plan updates page lists changes since then (default: the plan's whole history). */
  changesSince?: string;
  /** Worker threads for the schools' pages (0: none); by default as many as the district's size deserves, up to the cores. */
  threads?: number;
}

/** Where the site was made from, for its colophon: "1a2b3c4 (June 1, 2020)". */
function builtFromOf(revision: { commit: string; date: string }): string {
  return `${revision.commit} (${formatDay(revision.date)})`;
}

export async function runSite(dirArg: string, options: SiteCommandOptions, io: CliIO): Promise<number> {
  const valid = await loadValidPlan('site', dirArg, io, undefined, 'fix them before publishing');
  if (!valid) return EXIT_PLAN_INVALID;
  const dir = await requirePlanDirectory(dirArg, io.cwd);
  const model = buildModel(valid.loaded);
  const planLang = model.plan.plan.language ?? 'en';
  // The plan's own language first (the site's root), then every language it is translated into, or those asked for.
  const asked = options.lang?.flatMap((l) => l.split(',')).map((l) => l.trim()).filter(Boolean);
  const langs = [...new Set([planLang, ...(asked ?? Object.keys(model.plan.translations ?? {}))])];
  let baseUrl: string | undefined;
  if (options.baseUrl !== undefined) {
    try {
      baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).href;
    } catch {
      throw new UsageError(`--base-url "${options.baseUrl}" is not a web address`, 'Give the address the site is published at, e.g. --base-url https://plan.example.org/');
    }
  }
  for (const lang of langs) {
    try {
      loadLocale(lang, dir);
    } catch (error) {
      if (error instanceof LocaleError) throw new UsageError(error.message, 'plan ships en and es; for another language, add locales/<lang>.json to the plan directory.');
      throw error;
    }
  }
  // The same folders for the main thread and the threads that make schools' pages.
  const templateSource = templateFolders(dir, model.plan.plan.templates, options.templates ? [resolve(io.cwd, options.templates)] : []);
  let templates;
  try {
    templates = loadTemplates(templateSource);
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(error.message);
    throw error;
  }
  const asOf = options.asOf ?? localToday(model.plan.district.timezone);
  const { revisionOf } = await import('../load/git-source.js');
  const revision = await revisionOf(dir).catch(() => null);
  // The plan's history of targets, when it is kept in git: asked for (--changes-since), or all of it.
  const found = options.changesSince !== undefined ? await openHistory(dir, options.changesSince) : revision ? await (await import('../history/history.js')).planHistory(dir).catch(() => undefined) : undefined;
  // A plan git has no commit of (a folder it ignores, or not yet committed) has no history to show.
  const history = found?.until ? found : undefined;
  if (history?.shallow) io.stderr.write('plan site: warning: the repository is a shallow clone, so the plan updates page lists only the changes it holds; fetch its whole history first (actions/checkout with fetch-depth: 0)\n');
  const { buildSite } = await import('../site/build.js');
  const out = resolve(io.cwd, options.out);
  const target = (path: string) => {
    const file = join(out, ...path.split('/'));
    // Names come from ids made safe; this guards the rule that nothing lands outside --out.
    if (!file.startsWith(`${out}${sep}`)) throw new Error(`refusing to write outside ${out}`);
    return file;
  };
  // A district's worth of schools' pages is made on worker threads, each school from plan.yaml and its own files.
  const schools = new Set(model.actionPlans.filter((p) => p.kind === 'school').map((p) => p.data.school));
  const [{ threadsForItems, streamToWorkers: toWorkers }, { isOverview }] = await Promise.all([import('../workers/map.js'), import('../report/view-model.js')]);
  // A plan not yet rated has no schools' pages (it is published as the plan itself).
  const threads = isOverview(model) ? 0 : (options.threads ?? threadsForItems(schools.size * langs.length, 4));
  const streamToWorkers = threads > 0 ? toWorkers : null;
  let bytes = 0;
  // Every page or none: each is staged as soon as it is made, and all move into place at the end.
  const { value: site } = await withStagedWrites(
    (message) => io.stderr.write(message),
    async (staging) => {
      // Each school's pages made on a thread, and written there to the temporary names reserved for them here.
      const makeSchoolPages = streamToWorkers
        ? async (listed: ReadonlyArray<{ id: string; name: string }>, frame: SiteFrame, onDone: (done: SchoolPages, index: number) => void) => {
            const plan = valid.loaded.files.find((f) => f.kind === 'plan')!.data!;
            const shared: SchoolPagesShared = { plan, context: { terms: valid.loaded.context.terms }, planDir: dir, templateFolders: templateSource, frame, options: { asOf, ...(revision ? { builtFrom: builtFromOf(revision) } : {}) } };
            const pathsOf = (school: { id: string }) => frame.langs.map((lang) => target(`${prefixOf(frame, lang)}schools/${fileName(school.id)}.html`));
            const tasks: SchoolPagesTask[] = listed.map((school) => ({
              school,
              files: schoolPlans(model, school.id).map((p) => ({ file: p.file, kind: p.kind, data: p.data as unknown as Record<string, unknown> })),
              temporaries: pathsOf(school).map((path) => staging.reserve(path)),
            }));
            // Every school handed out now, in turn: the main thread is busy with the rest of the site
            // meanwhile, and a thread left waiting for it to hand out more would stand idle.
            const stream = streamToWorkers<SchoolPagesTask, SchoolPages>(
              { module: new URL('../site/school-pages.js', import.meta.url).href, fn: 'schoolPagesFromFiles' },
              threads,
              (done, index) => {
                const temporaries = tasks[index]!.temporaries;
                if (done.skipped !== undefined) temporaries.forEach((temporary) => staging.release(temporary));
                else
                  temporaries.forEach((temporary, i) => {
                    const error = done.written?.errors[i];
                    staging.settle(temporary, error ? new WriteFailedError(pathsOf(listed[index]!)[i]!, error) : undefined);
                  });
                bytes += done.written?.bytes ?? 0;
                onDone(done, index);
              },
              shared,
            );
            try {
              for (let i = 0; i < tasks.length; i += 8) stream.push(tasks.slice(i, i + 8));
            } finally {
              await stream.end();
            }
          }
        : undefined;
      // The schools' folders are made first, so that their pages go to the threads at once (without waiting on the event loop).
      if (streamToWorkers) await staging.prepare(langs.map((lang) => target(`${prefixOf({ langs }, lang)}schools/index.html`)));
      try {
        const built = await buildSite(model, dir, { langs, asOf, templates, ...(options.cycle ? { cycle: options.cycle } : {}), ...(baseUrl ? { baseUrl } : {}), ...(history ? { history } : {}), ...(revision ? { builtFrom: builtFromOf(revision) } : {}), ...(makeSchoolPages ? { makeSchoolPages } : {}) }, (page) => {
          // Encoded once: counting a page's bytes and writing it each encoded the whole page.
          const content = Buffer.from(page.html);
          bytes += content.byteLength;
          staging.stage(target(page.path), content);
        });
        if (built.sitemap) staging.stage(target('sitemap.xml'), built.sitemap);
        return { keep: true, value: built };
      } catch (error) {
        if (error instanceof RollupError) throw rollupUsageError(error);
        if (error instanceof TemplateError) throw new UsageError(error.message);
        throw error;
      }
    },
  );
  const shown = relative(io.cwd, out) || '.';
  for (const s of site.skipped) io.stderr.write(`plan site: ${s.school} has no page: ${s.why}\n`);
  io.stderr.write(
    `plan site: ${site.paths.length} pages in ${langs.length} language${langs.length === 1 ? '' : 's'} (${langs.join(', ')}), ${Math.round(bytes / 1024)} KB, in ${shown}; open ${join(shown, 'index.html')}${site.sitemap ? '' : '\n  No sitemap.xml: give the address the site is published at with --base-url to write one.'}\n`,
  );
  io.stdout.write(`${join(shown, 'index.html')}\n`);
  return EXIT_OK;
}
