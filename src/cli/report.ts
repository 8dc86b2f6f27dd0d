// `plan report [DIR]`: Mid-Year, End-of-Year, Board and school reports, to HTML and PDF.
import { realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { localToday } from '../dates.js';
import { buildModel, type PlanModel } from '../model.js';
import { RollupError } from '../rollup/rollup.js';
import { BrowserNotFoundError, findBrowser, installHint } from '../report/browser.js';
import { renderReport, type RenderedReport } from '../report/render-html.js';
import { loadTemplates, TemplateError } from '../report/templates.js';
import type { ReportType } from '../report/view-model.js';
import { writeFileAtomic } from '../write-file.js';
import { exitCleanlyOnSignal } from './interrupt.js';
import { EXIT_OK, EXIT_PLAN_INVALID, UsageError, type CliIO } from './io.js';
import { loadValidPlan } from './open-plan.js';
import { requirePlanDirectory } from './validate.js';

export interface ReportCommandOptions {
  type: ReportType;
  cycle?: string;
  school?: string;
  allSchools?: boolean;
  format: 'html' | 'pdf';
  out: string;
  paper: 'letter' | 'a4';
  templates?: string;
  browser?: string;
  timeout: number;
  asOf?: string;
  concurrency: number;
  rev?: string;
}

export async function runReport(dirArg: string, options: ReportCommandOptions, io: CliIO): Promise<number> {
  const dir = await requirePlanDirectory(dirArg, io.cwd);
  if (options.allSchools && options.type !== 'school') throw new UsageError('--all-schools goes with --type school');
  if (options.school && options.type !== 'school') throw new UsageError('--school goes with --type school', 'For a district report, leave --school out.');
  // The browser starts while the plan is read and rendered: it is the slowest part of a single report.
  const printing = options.format === 'pdf' ? startPrinter(options, io) : null;
  const closePrinter = async () => {
    if (printing) await printing.then((p) => p.close()).catch(() => undefined);
  };
  const stopWatching = exitCleanlyOnSignal(closePrinter, (message) => io.stderr.write(message));
  try {
    return await renderAndWrite(dir, dirArg, options, io, printing);
  } finally {
    stopWatching();
    await closePrinter();
  }
}

type Printer = Awaited<ReturnType<typeof import('../report/pdf.js').PdfPrinter.launch>>;

function startPrinter(options: ReportCommandOptions, io: CliIO): Promise<Printer> {
  let browserPath: string;
  try {
    browserPath = findBrowser(options.browser ? resolve(io.cwd, options.browser) : undefined, io.env);
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      throw new UsageError(options.browser ? `--browser ${options.browser}: no such file` : error.message, error.hint);
    }
    throw error;
  }
  const launching = import('../report/pdf.js').then(({ PdfPrinter }) =>
    PdfPrinter.launch(browserPath, { timeoutMs: options.timeout * 1000, pages: options.concurrency }).catch((error: Error) => {
      throw new UsageError(`could not start ${browserPath}: ${error.message.split('\n')[0]}`, installHint());
    }),
  );
  // Awaited later; until then a failure must not count as unhandled.
  launching.catch(() => undefined);
  return launching;
}

async function renderAndWrite(dir: string, dirArg: string, options: ReportCommandOptions, io: CliIO, printing: Promise<Printer> | null): Promise<number> {
  const valid = await loadValidPlan('report', dirArg, io, options.rev, 'fix them before reporting');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  const schools = schoolsToReport(model, options);

  const folders: string[] = [];
  if (model.plan.plan.templates) folders.push(resolve(dir, model.plan.plan.templates));
  if (options.templates) folders.push(resolve(io.cwd, options.templates));
  let templates;
  try {
    templates = loadTemplates(folders);
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(error.message, 'Check the folder named by --templates or plan.templates in plan.yaml.');
    throw error;
  }

  const asOf = options.asOf ?? localToday(model.plan.district.timezone);
  const reports: RenderedReport[] = [];
  try {
    for (const school of schools) {
      reports.push(
        renderReport(model, dir, { type: options.type, ...(options.cycle ? { cycle: options.cycle } : {}), ...(school ? { school } : {}), asOf }, templates),
      );
    }
  } catch (error) {
    if (error instanceof RollupError) throw new UsageError(error.message, error.valid.length ? `Valid ids: ${error.valid.join(', ')}.` : undefined);
    if (error instanceof TemplateError) throw new UsageError(error.message);
    throw error;
  }

  const outDir = resolve(io.cwd, options.out);
  await mkdir(outDir, { recursive: true });
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

  if (options.format === 'html') {
    for (const report of reports) {
      const path = target(report);
      await writeFileAtomic(path, report.html);
      io.stdout.write(`${shown(path)}\n`);
    }
    return EXIT_OK;
  }

  const { RenderTimeoutError, reportHeader } = await import('../report/pdf.js');
  const progress = new Progress(io, reports.length);
  const printer = await printing!;
  try {
    let failure: unknown = null;
    const written: string[] = [];
    await Promise.all(
      reports.map(async (report) => {
        if (failure) return;
        try {
          const pdf = await printer.print({ html: report.html, header: reportHeader(model, report), paper: options.paper });
          const path = target(report);
          await writeFileAtomic(path, pdf);
          progress.tick();
          written.push(shown(path));
        } catch (error) {
          failure ??= error;
        }
      }),
    );
    progress.done();
    // Printed after the progress bar, in the order asked for.
    for (const report of reports) {
      const path = shown(target(report));
      if (written.includes(path)) io.stdout.write(`${path}\n`);
    }
    if (failure) {
      if (failure instanceof RenderTimeoutError) throw new UsageError(`${failure.message}; the PDF was not written`, 'Raise --timeout for a very large report, or check the templates for something that never finishes loading.');
      throw failure;
    }
  } finally {
    progress.done();
  }
  return EXIT_OK;
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function schoolsToReport(model: PlanModel, options: ReportCommandOptions): Array<string | undefined> {
  if (options.type !== 'school') return [undefined];
  const hasPlan = new Set(model.actionPlans.filter((p) => p.kind === 'school').map((p) => p.data.school!));
  // In the order plan.yaml lists the schools.
  const withPlans = (model.plan.schools ?? []).map((s) => s.id).filter((id) => hasPlan.has(id));
  if (options.allSchools) {
    if (!withPlans.length) throw new UsageError('no school has an action plan in this plan', 'Add schools/<id>.yaml files first.');
    return withPlans;
  }
  if (!options.school) throw new UsageError('--type school needs --school ID or --all-schools', `Schools with action plans: ${withPlans.join(', ')}.`);
  if (!withPlans.includes(options.school)) {
    const listed = (model.plan.schools ?? []).some((s) => s.id === options.school);
    throw new UsageError(listed ? `school "${options.school}" has no action plan (schools/${options.school}.yaml)` : `unknown school "${options.school}"`, `Schools with action plans: ${withPlans.join(', ')}.`);
  }
  return [options.school];
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

