// The toolkit as a library, in the steps a district's data team scripts: open a plan (a directory,
// or a directory as it stood at a git revision), validate it, roll up a cycle, compare two plans,
// render a report to HTML or PDF. Each function takes paths and plain options and returns data; none
// writes to the terminal or exits.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { diffPlans, type PlanDiff } from './diff/diff.js';
import { loadPlan, type LoadedPlan } from './load/load-plan.js';
import { DirectorySource, type PlanSource } from './load/source.js';
import { buildModel, type PlanModel } from './plan/model.js';
import { computeRollup, type Rollup, type RollupOptions } from './rollup/rollup.js';
import { findBrowser } from './report/browser.js';
import { renderReport, type RenderedReport } from './report/render-html.js';
import { loadTemplates, templateFolders } from './report/templates.js';
import type { ReportType } from './report/view-model.js';
import { localToday } from './dates.js';
import { canWrite, prepareApply, type ApplyOutcome } from './apply/apply.js';
import { withPlanLock } from './plan-lock.js';
import { buildUpdateForms, type CollectBy } from './collect/form.js';
import { writeAll } from './write-file.js';

export interface OpenOptions {
  /** Read the plan as it stood at this git revision (commit, branch or tag) instead of the files on disk. */
  rev?: string;
}

export interface ValidationResult {
  valid: boolean;
  errorCount: number;
  warningCount: number;
  fileCount: number;
  /** Every problem, in file order; `file` is relative to the plan directory. */
  diagnostics: Diagnostic[];
}

/** A plan that validated: its data and indexes, ready for rollups, diffs and reports. */
export interface Plan {
  /** The plan directory, absolute. */
  dir: string;
  /** How the plan was named: the directory, or `rev:path` for a revision. */
  label: string;
  model: PlanModel;
  /** Warnings found while opening it (a plan with errors is not opened). */
  warnings: Diagnostic[];
}

/** The plan directory does not exist, or is not a directory. */
export class PlanNotFoundError extends Error {}

/** The plan has errors, so it cannot be rolled up, compared or reported; `diagnostics` says which. */
export class PlanInvalidError extends Error {
  constructor(
    readonly label: string,
    readonly diagnostics: Diagnostic[],
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    super(`${label} has ${errors} error${errors === 1 ? '' : 's'}`);
  }
}

async function sourceFor(dir: string, options: OpenOptions): Promise<{ dir: string; source: PlanSource & { close?(): void } }> {
  const absolute = resolve(dir);
  const info = await stat(absolute).catch(() => null);
  if (!info) throw new PlanNotFoundError(`${dir}: no such directory`);
  if (!info.isDirectory()) throw new PlanNotFoundError(`${dir}: not a directory`);
  if (options.rev === undefined) return { dir: absolute, source: new DirectorySource(absolute, dir) };
  // git is loaded only when a revision is asked for.
  const { GitRevisionSource } = await import('./load/git-source.js');
  return { dir: absolute, source: await GitRevisionSource.open(absolute, options.rev) };
}

async function load(dir: string, options: OpenOptions & { requireRatings?: string; keepData: boolean }): Promise<{ dir: string; label: string; loaded: LoadedPlan }> {
  const opened = await sourceFor(dir, options);
  try {
    const loaded = await loadPlan(opened.source, {
      keepData: options.keepData,
      ...(options.requireRatings !== undefined ? { requireRatings: options.requireRatings } : {}),
    });
    return { dir: opened.dir, label: opened.source.label, loaded };
  } finally {
    opened.source.close?.();
  }
}

/** Checks every file of the plan against the schemas and the alignment rules. Never throws for a bad plan. */
export async function validatePlan(dir: string, options: OpenOptions & { requireRatings?: string } = {}): Promise<ValidationResult> {
  const { loaded } = await load(dir, { ...options, keepData: false });
  return {
    valid: loaded.errorCount === 0,
    errorCount: loaded.errorCount,
    warningCount: loaded.warningCount,
    fileCount: loaded.files.length,
    diagnostics: loaded.diagnostics,
  };
}

/** Opens a plan for rollups, diffs and reports; throws PlanInvalidError when it has errors. */
export async function openPlan(dir: string, options: OpenOptions = {}): Promise<Plan> {
  const { dir: absolute, label, loaded } = await load(dir, { ...options, keepData: true });
  if (loaded.errorCount > 0) throw new PlanInvalidError(label, loaded.diagnostics);
  return { dir: absolute, label, model: buildModel(loaded), warnings: loaded.diagnostics };
}

/** The ratings of one cycle rolled up through the plan; `asOf` (for overdue ratings) defaults to the district's today. */
export function rollUp(plan: Plan, options: Partial<RollupOptions> = {}): Rollup {
  return computeRollup(plan.model, { ...options, asOf: options.asOf ?? localToday(plan.model.plan.district.timezone) });
}

/** What changed between two versions of a plan: items, re-alignments, ratings and their effect on the rollup. */
export function comparePlans(base: Plan, head: Plan): PlanDiff {
  return diffPlans(base.model, head.model, { base: base.label, head: head.label });
}

export interface ReportRequest {
  type: ReportType;
  /** Default: the latest cycle of the report's kind with ratings. */
  cycle?: string;
  /** For `type: 'school'`. */
  school?: string;
  /** The day overdue ratings are judged against; default the district's today. */
  asOf?: string;
  /** Folders whose templates override the built-in ones, file by file (after plan.templates). */
  templates?: string[];
  /** The report's language (BCP 47); default plan.language, else en. */
  lang?: string;
}

/** One report as a self-contained HTML document (no scripts, no external requests). */
export function renderReportHtml(plan: Plan, request: ReportRequest): RenderedReport {
  const folders = templateFolders(plan.dir, plan.model.plan.plan.templates, request.templates);
  return renderReport(
    plan.model,
    plan.dir,
    {
      type: request.type,
      ...(request.cycle !== undefined ? { cycle: request.cycle } : {}),
      ...(request.school !== undefined ? { school: request.school } : {}),
      asOf: request.asOf ?? localToday(plan.model.plan.district.timezone),
      ...(request.lang !== undefined ? { lang: request.lang } : {}),
    },
    loadTemplates(folders),
  );
}

export interface PdfRequest extends ReportRequest {
  paper?: 'letter' | 'a4';
  /** The Chrome, Chromium or Edge to print with; default: the first one found (see the README). */
  browser?: string;
  timeoutSeconds?: number;
}

/** One report printed to PDF with a browser on the machine; throws BrowserNotFoundError when there is none. */
export async function renderReportPdf(plan: Plan, request: PdfRequest): Promise<Uint8Array> {
  const report = renderReportHtml(plan, request);
  const browser = findBrowser(request.browser, process.env);
  const { PdfPrinter } = await import('./report/pdf.js');
  const printer = await PdfPrinter.launch(browser, { timeoutMs: (request.timeoutSeconds ?? 60) * 1000, pages: 1 });
  try {
    return await printer.print({ html: report.html, title: report.title, lang: report.lang, paper: request.paper ?? 'letter' });
  } finally {
    await printer.close();
  }
}

export interface CollectRequest {
  cycle: string;
  /** One form per action plan (default), school, office or owner. */
  by?: CollectBy;
  school?: string;
  office?: string;
  owner?: string;
  format?: 'xlsx' | 'csv';
  /** The day the forms are made, printed on them; default the district's today. */
  madeOn?: string;
  /** The district's form key: the forms' seals are keyed with it (see the README's security section). */
  formKey?: string;
}

/**
 * A cycle's update forms (plan collect), each file with its name and content: a workbook per
 * addressee, its forms as sheets, or a CSV per form. `actions` counts every row to fill, `rows` by
 * kind. Nothing is written.
 */
export async function collectUpdateForms(plan: Plan, request: CollectRequest): Promise<Array<{ fileName: string; content: Uint8Array | string; actions: number; rows: { actions: number; items: number; measures: number } }>> {
  const cycle = plan.model.cycles.find((c) => c.id === request.cycle);
  if (!cycle) throw new RangeError(`unknown reporting cycle "${request.cycle}"; the plan has ${plan.model.cycles.map((c) => c.id).join(', ') || 'none'}`);
  const scope = { by: request.by ?? 'plan', ...(request.school ? { school: request.school } : {}), ...(request.office ? { office: request.office } : {}), ...(request.owner ? { owner: request.owner } : {}) } as const;
  const forms = buildUpdateForms(plan.model, cycle, scope, request.madeOn ?? localToday(plan.model.plan.district.timezone), undefined, request.formKey);
  const format = request.format ?? 'xlsx';
  const { booksOf, bookOf, rowsByKind } = await import('./collect/book.js');
  const write = format === 'csv' ? (await import('./collect/csv-form.js')).formCsv : new (await import('./collect/stamp.js')).FormWriter();
  const books = format === 'csv' ? forms.map((form) => bookOf([form])) : booksOf(forms, request.formKey);
  const out: Array<{ fileName: string; content: Uint8Array | string; actions: number; rows: { actions: number; items: number; measures: number } }> = [];
  for (const book of books) {
    const rows = rowsByKind(book);
    out.push({ fileName: `${book.name}.${format}`, content: typeof write === 'function' ? write(book.forms[0]!) : await write.write(book), actions: rows.actions + rows.items + rows.measures, rows });
  }
  return out;
}

export interface ApplyRequest {
  /** Write rows that conflict with updates made since their form was made. */
  overwrite?: boolean;
  /** Work out and check everything, and write nothing. */
  dryRun?: boolean;
  /** The district's form key: only forms sealed with it are applied. */
  formKey?: string;
}

/**
 * Filled update forms into the plan in `dir` (plan apply): every file or none, after checking the
 * plan as it would be. The outcome lists updates, conflicts and problems; `written` says whether
 * the files were written. Throws PlanInvalidError when the plan has errors of its own.
 */
export async function applyUpdateForms(dir: string, forms: string[], request: ApplyRequest = {}): Promise<ApplyOutcome & { written: boolean }> {
  const opened = await sourceFor(dir, {});
  return withPlanLock(opened.dir, () => applyLocked(opened, forms, request), () => undefined);
}

async function applyLocked(opened: { dir: string; source: PlanSource }, forms: string[], request: ApplyRequest): Promise<ApplyOutcome & { written: boolean }> {
  const outcome = await prepareApply({ source: opened.source, forms: forms.map((path) => ({ path: resolve(path), label: path })), overwrite: request.overwrite ?? false, ...(request.formKey ? { formKey: request.formKey } : {}) });
  if (outcome.errorsBefore.length > 0) throw new PlanInvalidError(opened.source.label, outcome.errorsBefore);
  const written = canWrite(outcome) && !request.dryRun;
  if (written) await writeAll([...outcome.files].map(([file, content]) => ({ path: resolve(opened.dir, file), content })));
  return { ...outcome, written };
}
