// Reading the plan, rendering the reports and writing them, for `plan report`; loaded by report.ts
// once the browser (for a PDF) is starting.
import { loadLocale, LocaleError, SHIPPED_LANGUAGES } from '../report/locale.js';
import { realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatDay, localToday } from '../dates.js';
import { buildModel } from '../plan/model.js';
import { RollupError } from '../rollup/rollup.js';
import { renderReport, type RenderedReport } from '../report/render-html.js';
import { ReportSelectionError, schoolsToReport } from '../report/selection.js';
import { loadTemplates, templateFolders, TemplateError } from '../report/templates.js';
import { StagedWrites, writeAll } from '../write-file.js';
import { RefusedSettingError } from '../confine.js';
import { decodeSource } from '../load/decode.js';
import { SourceLocator } from '../load/locate.js';
import { PLAN_FILE, type PlanSource } from '../load/source.js';
import { EXIT_OK, EXIT_PLAN_INVALID, rollupUsageError, UsageError, type CliIO } from './io.js';
import { loadValidPlan, openHistory } from './open-plan.js';
import type { ReportCommandOptions } from './options.js';
import type { PdfPrinter as Printer } from '../report/pdf.js';

export async function renderAndWrite(
  dir: string,
  dirArg: string,
  options: ReportCommandOptions,
  io: CliIO,
  printing: Promise<Printer> | null,
  /** Called once the first report is rendered (every report, for HTML): the printer connects then. */
  rendered: () => void,
): Promise<number> {
  // The colophon names the revision the report was built from; git is asked while the plan loads.
  const revision = import('../load/git-source.js').then(({ revisionOf }) => revisionOf(dir, options.rev));
  const valid = await loadValidPlan('report', dirArg, io, options.rev, 'fix them before reporting');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  let schools;
  try {
    schools = schoolsToReport(model, options);
  } catch (error) {
    if (error instanceof ReportSelectionError) throw new UsageError(error.message, error.hint);
    throw error;
  }

  let templates;
  try {
    templates = loadTemplates(templateFolders(dir, model.plan.plan.templates, options.templates ? [resolve(io.cwd, options.templates)] : []));
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(error.message, 'Check the folder named by --templates or plan.templates in plan.yaml.');
    throw error;
  }

  const asOf = options.asOf ?? localToday(model.plan.district.timezone);
  const built = await revision;
  let locale;
  try {
    // One locale for every report of the run: its files are read once.
    locale = loadLocale(options.lang ?? model.plan.plan.language ?? 'en', dir);
  } catch (error) {
    if (error instanceof LocaleError) throw new UsageError(error.message, `plan ships ${SHIPPED_LANGUAGES.join(' and ')}; for another language, add locales/<lang>.json to the plan directory (see the README).`);
    throw error;
  }
  // The plan's own words in the report's language: how much is left in the plan's, said before anything is printed.
  const planLang = model.plan.plan.language ?? 'en';
  if (locale.lang.toLowerCase() !== planLang.toLowerCase()) {
    const { translationCoverage } = await import('../plan/translatable.js');
    const { coverageLine } = await import('./translate.js');
    const coverage = translationCoverage(model, locale.lang, false);
    if (coverage.missing.length) {
      const advice = `plan translate ${dirArg} --lang ${locale.lang} --missing lists them; --out ${locale.lang}.xlf exports them for a translator`;
      if (options.requireTranslation) {
        io.stderr.write(`plan report: ${coverageLine(coverage)}; with --require-translation no report is written until all are.
  ${advice}.
`);
        return EXIT_PLAN_INVALID;
      }
      io.stderr.write(`plan report: warning: ${coverageLine(coverage)}; the other ${coverage.missing.length} read as written in plan.yaml.
  ${advice}.
`);
    }
  }
  const updates = options.changesSince !== undefined ? await openHistory(dir, options.changesSince, options.rev) : undefined;
  const builtFrom = built ? locale.t(built.dirty ? 'revisionDirty' : 'revision', { commit: built.commit, date: formatDay(built.date, locale.lang) }) : undefined;
  const render = (school: (typeof schools)[number]): RenderedReport =>
    renderReport(model, dir, { type: options.type, ...(options.cycle ? { cycle: options.cycle } : {}), ...(school ? { school } : {}), ...(options.context === false ? { context: false } : {}), asOf, ...(builtFrom ? { builtFrom } : {}), ...(locale ? { locale } : {}), ...(updates ? { updates } : {}) }, templates);
  const outDir = resolve(io.cwd, options.out);
  const target = (report: RenderedReport) => {
    const path = join(outDir, `${report.baseName}.${options.format}`);
    // Names are built from ids made safe; this only guards the rule that nothing lands outside --out.
    if (!path.startsWith(`${realpathOr(outDir)}${sep}`) && !path.startsWith(`${outDir}${sep}`)) throw new Error(`refusing to write outside ${outDir}`);
    return path;
  };
  const shown = (path: string) => {
    const rel = relative(io.cwd, path);
    return !rel || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  };

  try {
    if (options.format === 'html') {
      const reports = schools.map(render);
      rendered();
      warnMissingSummaries(reports, io);
      await mkdir(outDir, { recursive: true });
      // A batch of reports is written all or none: a full disk or a failed print leaves none of them,
      // not a set that looks complete and is not.
      await writeAll(reports.map((report) => ({ path: target(report), content: report.html })));
      for (const report of reports) io.stdout.write(`${shown(target(report))}\n`);
      return EXIT_OK;
    }
    return await printAll(schools, render, printing!, rendered, { io, outDir, target, shown, paper: options.paper });
  } catch (error) {
    if (error instanceof RefusedSettingError) throw await placeSetting(error, valid.opened);
    if (error instanceof RollupError) throw rollupUsageError(error);
    if (error instanceof TemplateError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Renders and prints the reports as a pipeline: the first is rendered and the printer connects;
 * each next one is rendered while those before it print, so that the browser starts on the first
 * report at once rather than wait for the fiftieth to be rendered. Written all or none.
 */
async function printAll<S>(
  schools: readonly S[],
  render: (school: S) => RenderedReport,
  printing: Promise<Printer>,
  rendered: () => void,
  out: { io: CliIO; outDir: string; target: (report: RenderedReport) => string; shown: (path: string) => string; paper: ReportCommandOptions['paper'] },
): Promise<number> {
  const { io } = out;
  const { RenderTimeoutError } = await import('../report/pdf.js');
  const first = render(schools[0]!);
  rendered();
  warnMissingSummaries([first], io);
  await mkdir(out.outDir, { recursive: true });
  const printer = await printing;
  const progress = new Progress(io, schools.length);
  const staging = new StagedWrites();
  const reports: RenderedReport[] = [];
  let failure: unknown = null;
  const printOne = async (report: RenderedReport) => {
    if (failure) return;
    try {
      const pdf = await printer.print({ html: report.html, title: report.title, lang: report.lang, paper: out.paper });
      staging.stage(out.target(report), pdf);
      progress.tick();
    } catch (error) {
      failure ??= error;
    }
  };
  const prints: Array<Promise<void>> = [];
  try {
    for (let i = 0; i < schools.length && !failure; i++) {
      const report = i === 0 ? first : render(schools[i]!);
      reports.push(report);
      prints.push(printOne(report));
      // The browser's messages are answered between renders: a page that has printed takes the next report.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(prints);
    progress.done();
    if (failure) await staging.discard();
    else await staging.commit();
    // Printed after the progress bar, in the order asked for.
    if (!failure) for (const report of reports) io.stdout.write(`${out.shown(out.target(report))}\n`);
    if (failure) {
      if (failure instanceof RenderTimeoutError) throw new UsageError(`${failure.message}; no report was written`, 'Raise --timeout for a very large report, or check the templates for something that never finishes loading.');
      throw failure;
    }
  } catch (error) {
    failure ??= error;
    await Promise.all(prints).catch(() => undefined);
    await staging.discard();
    throw error;
  } finally {
    progress.done();
  }
  return EXIT_OK;
}

/** A refused setting at its line and column in plan.yaml, read again only for this message. */
async function placeSetting(error: RefusedSettingError, opened: { source: PlanSource; close: () => void }): Promise<RefusedSettingError> {
  try {
    const text = decodeSource(await opened.source.read(PLAN_FILE));
    if (!text.ok) return error;
    const { start } = new SourceLocator(text.text).rangeOf(error.setting.split('.'));
    return error.placedAt({ line: start.line + 1, column: start.column + 1 });
  } catch {
    return error;
  } finally {
    opened.close();
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A progress bar on stderr for batches, only when stderr is a terminal. */
class Progress {
  private count = 0;
  private readonly active: boolean;
  constructor(
    private readonly io: CliIO,
    private readonly total: number,
  ) {
    this.active = total > 1 && io.stderr.isTTY === true;
    this.draw();
  }
  tick(): void {
    this.count++;
    this.draw();
  }
  private draw(): void {
    if (!this.active) return;
    const width = 30;
    const filled = Math.round((this.count / this.total) * width);
    this.io.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${this.count}/${this.total} reports`);
  }
  done(): void {
    if (this.active && !this.finished) this.io.stderr.write('\r\u001b[K');
    this.finished = true;
  }
  private finished = false;
}


/**
 * A district report's first page carries the cycle's message from the district (its summary in
 * plan.yaml); a cycle without one is said once, so that the planning office can add it before the
 * report goes to the Board. A warning: the report is written all the same.
 */
function warnMissingSummaries(reports: readonly RenderedReport[], io: CliIO): void {
  const missing = new Map<string, string>();
  for (const { view } of reports) {
    const v = view as { type?: string; overview?: boolean; cycle: { id: string; name: string; summaryHtml: string } };
    if (v.overview || v.type === 'school' || v.cycle.summaryHtml) continue;
    missing.set(v.cycle.id, v.cycle.name);
  }
  for (const [id, name] of missing) {
    io.stderr.write(`plan report: warning: ${name} has no summary in plan.yaml, so the report's first page has no message from the district. Add one to the cycle "${id}": summary: "..."\n`);
  }
}
