// One action plan file, from its bytes to its update form, for plan collect with a form per action
// plan, school or office: read, parse and check the file once, and, when it has no errors, make its
// form from it and plan.yaml alone. A large run does this on worker threads, so that the plan's data
// stays where it was parsed: what comes back is the check's diagnostics and summary (for the rules
// across files) and the form's bytes.
import { readPlanFile } from '../load/read-file.js';
import { SourceLocator } from '../load/locate.js';
import type { FileResult } from '../plan/files.js';
import { planYamlModel, withActionPlans } from '../plan/model.js';
import { checkData } from '../rules/check-data.js';
import type { PlanContext } from '../rules/context.js';
import type { FileKind } from '../schema/definitions.js';
import { bookOf, booksOf, rowsByKind } from './book.js';
import { buildUpdateForms, formOrder, type CollectScope, type UpdateForm } from './form.js';

export interface CollectShared {
  context: PlanContext;
  /** plan.yaml's data. */
  plan: Record<string, unknown>;
  cycle: string;
  /** One form per action plan, school or office: a file's form needs no other file. */
  scope: CollectScope & { by: 'plan' | 'school' | 'office' };
  madeOn: string;
  format: 'xlsx' | 'csv';
  /** The district's form key (PLAN_FORM_KEY): seals are keyed with it. */
  key?: string;
}

export interface FileToCollect {
  file: string;
  kind: Exclude<FileKind, 'plan'>;
  path?: string;
  /** With `path`: the folder the file must resolve inside (see confine.ts). */
  root?: string;
  /** Listed as a plain entry, not a link (see FileTask). */
  listedPlain?: boolean;
  bytes?: Uint8Array;
}

export interface FileCollected {
  /** The file checked: diagnostics and summary, without its data. */
  result: FileResult;
  /** Its forms' files (one, or none when nothing in it reports in the cycle, or when it has errors). */
  forms: FormFile[];
}

/** A form's file as collect writes it: a workbook (a book of forms) or a CSV (one form), and how many rows of each kind it asks for. */
export interface FormFile {
  name: string;
  rank: number;
  bytes: Uint8Array;
  rows: { actions: number; items: number; measures: number };
}

/** A cycle's forms as files: a workbook per addressee, or a CSV per form. */
export async function formFiles(forms: readonly UpdateForm[], format: 'xlsx' | 'csv', rank: number, key?: string): Promise<FormFile[]> {
  const books = format === 'csv' ? forms.map((form) => bookOf([form])) : booksOf(forms, key);
  const files: FormFile[] = [];
  for (const book of books) {
    const bytes = format === 'csv' ? new TextEncoder().encode((await import('./csv-form.js')).formCsv(book.forms[0]!)) : await (await import('./stamp.js')).stampForm(book);
    files.push({ name: book.name, rank, bytes, rows: rowsByKind(book) });
  }
  return files;
}

export async function collectFile(task: FileToCollect, shared: CollectShared): Promise<FileCollected> {
  const { file, kind } = task;
  const read = readPlanFile(task);
  if (!read.ok) return { result: read.result, forms: [] };
  const result = checkData(file, kind, read.data, shared.context, { keepData: false }, () => new SourceLocator(read.text));
  if (result.diagnostics.some((d) => d.severity === 'error')) return { result, forms: [] };
  const model = withActionPlans(planYamlModel(shared.plan, shared.context), [{ file, kind, data: read.data }]);
  const cycle = model.cycles.find((c) => c.id === shared.cycle)!;
  const rank = formOrder(model);
  const plan = model.actionPlans[0]!;
  const unit = { kind: plan.kind, id: (plan.kind === 'school' ? plan.data.school : plan.data.office) ?? '' };
  // Items rated as a whole are plan.yaml's, asked for once the whole plan is read (see collect.ts).
  const forms = buildUpdateForms(model, cycle, shared.scope, shared.madeOn, undefined, shared.key, false);
  return { result, forms: await formFiles(forms, shared.format, rank(unit), shared.key) };
}
