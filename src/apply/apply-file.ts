// One action plan file, from its bytes to its new text, for plan apply: read and parse it once,
// match the filled rows its records name against its actions, set their entries in its data and
// its text, check the file as it will be with the plan's rules, and write the new text to its
// temporary name. A large run does this on worker threads, a file at a time, so that the plan's data
// stays where it was parsed; what comes back is what the rest of the run needs: the check's
// diagnostics and summary, what each row came to, and a lighter copy of the data for the model.
import type { Diagnostic } from '../diagnostics.js';
import { readPlanFile } from '../load/read-file.js';
import { SourceLocator } from '../load/locate.js';
import type { FileResult } from '../plan/files.js';
import { planYamlModel, type ActionData, type GoalData, type ProgressEntry } from '../plan/model.js';
import { measureEdit, measuresAsActions, withMeasures } from './measures.js';
import { spliceMeasures, type MeasureEdit } from './splice-holistic.js';
import { checkData } from '../rules/check-data.js';
import type { PlanContext } from '../rules/context.js';
import { asArray, asRecord } from '../rules/data.js';
import type { FileKind } from '../schema/definitions.js';
import { keepReplaced, writeReserved } from '../write-file.js';
import type { FileStamp } from '../confine.js';
import { filesNamed, matchFileRows, readFormRows, rowsNaming, type FormRows, type RowToMatch, type RowVerdict } from './match-rows.js';
import { readFilledFormNow, type FormProblem, type ReadOutcome } from './read-form.js';
import { differsFromIntended, spliceText } from './splice-file.js';

/** What every form and file of a run shares: handed to each worker thread once. */
export interface ApplyShared {
  context: PlanContext;
  /** plan.yaml's data, for the model forms are read against. */
  plan: Record<string, unknown>;
  planId: string;
  /** Each cycle's place in time, by id. */
  order: Map<string, number>;
  overwrite: boolean;
  /** The plan's action plan files: where each is read (see whereToRead), and the file and temporary name its new text is written to. */
  files: Map<string, Pick<FileApply, 'kind' | 'path' | 'root' | 'listedPlain' | 'target' | 'temporary'>>;
  /** The district's form key (PLAN_FORM_KEY), when seals are keyed. */
  key?: string;
}

export interface FileApply {
  file: string;
  kind: Exclude<FileKind, 'plan'>;
  /** Where to read the file (a worker reads it itself, inside `root`), or its bytes. */
  path?: string;
  root?: string;
  /** Listed as a plain entry, not a link (see FileTask). */
  listedPlain?: boolean;
  bytes?: Uint8Array;
  /** The rows whose records name this file, in the forms' order. */
  rows: RowToMatch[];
  /** The cycles the forms are for: of the others, the model needs only the ratings. */
  cycles: string[];
  /** Where to write the new text at once, if the file gets one (a temporary name the caller renames into place). */
  temporary?: string;
  /** The file the new text replaces: `path`, or where it leads when it is a link inside the repository. */
  target?: string;
}

export interface FileApplied {
  /** The file as it will be, checked; `data` is what the model needs of the file as it is (see modelData). */
  result: FileResult;
  /** The file's own errors as it is: set when it changes and has errors afterwards. */
  errorsBefore?: Diagnostic[];
  /** What each row came to, in the order given. */
  verdicts: RowVerdict[];
  /** The new text, when the rows change the file. */
  bytes?: Uint8Array;
  /** The file's layout does not let plan write this action's update safely. */
  refused?: { action: string; message: string };
  /** The new text could not be written to its temporary name. */
  writeError?: string;
  /** Whether the file as it is was given its second name beside the temporary one (see keepReplaced). */
  kept?: boolean | null;
  /** The file as it was read: it must still be so when the new text moves into place. */
  stamp?: FileStamp;
}

/** A form read: its rows as the run needs them (see readFormRows), or why it cannot be read. */
export type FormRead =
  | {
      ok: true;
      /** A FormRows per sheet of the form's file (a workbook may hold a school's actions and its measures). */
      rows: FormRows[];
      /**
       * The one file the form's rows name, applied with them at once: a school's form names its
       * school's file, and most often no other form does. The run keeps this when that holds, and
       * applies the file again with every form's rows when it does not.
       */
      alone?: { file: string; applied: FileApplied };
    }
  | { ok: false; problems: FormProblem[] };

export type ApplyItem = { form: { path: string; label: string } } | { file: FileApply };

/** What worker threads run for plan apply: a form read, or a file applied. */
export function applyWork(item: ApplyItem, shared: ApplyShared): Promise<FormRead> | FileApplied {
  return 'form' in item ? readFilledFormNow(item.form.path, item.form.label).then((read) => formWork(read, shared)) : applyToFile(item.file, shared);
}

/** A form's rows, and the one file they name applied with them (see FormRead). */
export function formWork(read: ReadOutcome, shared: ApplyShared): FormRead {
  const out = rowsOf(read, shared);
  if (!out.ok) return out;
  const named = [...new Set(out.rows.flatMap((sheet) => [...filesNamed(sheet)]))].filter((file) => shared.files.has(file));
  const [file] = named;
  const entry = named.length === 1 ? shared.files.get(file!)! : undefined;
  if (!entry?.path) return out;
  const rows = out.rows.flatMap((sheet) => rowsNaming(sheet, file!));
  const task: FileApply = { ...entry, file: file!, rows, cycles: cyclesOf(rows) };
  return { ...out, alone: { file: file!, applied: applyToFile(task, shared) } };
}

/** The cycles rows are for: of the others, the model needs only the ratings. */
export function cyclesOf(rows: readonly RowToMatch[]): string[] {
  return [...new Set(rows.map((row) => row.cycle))];
}

/** A form's rows read against plan.yaml. */
function rowsOf(read: ReadOutcome, shared: ApplyShared): FormRead {
  if (!read.ok) return read;
  const model = planYamlModel(shared.plan, shared.context);
  const sheets = read.forms.map((form) => readFormRows(model, form, shared.key));
  // The sheets of one workbook share its record: a problem with it is said once, not once a sheet.
  const said = new Set<string>();
  for (const sheet of sheets) sheet.problems = sheet.problems.filter((p) => !said.has(p.message) && said.add(p.message));
  return { ok: true, rows: sheets };
}

const encoder = new TextEncoder();

export function applyToFile(task: FileApply, shared: ApplyShared): FileApplied {
  const { file, kind } = task;
  const read = readPlanFile(task);
  if (!read.ok) return { result: read.result, verdicts: [] };
  const { data, text, bytes } = read;
  const check = (checked: Record<string, unknown>, source: string) => checkData(file, kind, checked, shared.context, { keepData: false }, () => new SourceLocator(source));
  const actions = asArray(data.actions).filter((a): a is ActionData => asRecord(a) !== undefined);
  // The file's own measures (a school's goals) take their values from the same forms' rows.
  const goals = new Map(asArray(data.goals).flatMap((g) => (asRecord(g) && asRecord((g as GoalData).metric) ? [[String((g as GoalData).id), g as GoalData] as const] : [])));
  const cycles = goals.size ? planYamlModel(shared.plan, shared.context).cycles : [];
  const verdicts = matchFileRows(goals.size ? [...actions, ...measuresAsActions([...goals.values()], cycles)] : actions, task.rows, shared.planId, shared.overwrite, shared.key);
  const edits: Array<{ action: string; cycle: string; entry: ProgressEntry }> = [];
  const values: MeasureEdit[] = [];
  verdicts.forEach((v, i) => {
    if (v.is !== 'update') return;
    const row = task.rows[i]!;
    const goal = goals.get(row.id);
    if (goal) values.push(measureEdit(goal, cycles.find((c) => c.id === row.cycle)!, row.entry!));
    else edits.push({ action: row.id, cycle: row.cycle, entry: row.entry! });
  });
  // What the model needs of the file as it is, taken before the entries are set in its data.
  const light = modelData(data, task.cycles);
  const done = (result: FileResult): FileResult => ({ ...result, data: light });
  if (!edits.length && !values.length) return { result: done(check(data, text)), verdicts };
  let spliced: ReturnType<typeof spliceText> = { text };
  if (edits.length) spliced = spliceText(text, edits, shared.order);
  if (!('refused' in spliced) && values.length) {
    const measured = spliceMeasures(spliced.text, values, file);
    spliced = 'refused' in measured ? { refused: { action: measured.refused.item, message: measured.refused.message } } : measured;
  }
  if ('refused' in spliced) return { result: done(check(data, text)), verdicts, refused: spliced.refused };
  // The file as it is meant to be: as it was, with those entries. The new text, read again whole,
  // must hold exactly that.
  const intended = withMeasures(withEntries(data, edits), values);
  const differs = differsFromIntended(spliced.text, intended);
  if (differs) {
    const where = differs.path.length ? ` at ${differs.path.join('.')}` : '';
    return {
      result: done(check(data, text)),
      verdicts,
      refused: { action: edits[0]?.action ?? values[0]!.goal, message: `the new text would not read back as intended (line ${differs.line}${where}); this is a fault in plan, and nothing was written. Enter the update by hand, and report the file's layout` },
    };
  }
  const result = check(intended, spliced.text);
  const errorsAfter = result.diagnostics.some((d) => d.severity === 'error');
  // Rarely (the plan had errors already, or the entries make some): the file as it was, read again and checked.
  const before = errorsAfter ? readPlanFile({ file, kind, bytes }) : null;
  const errorsBefore = before?.ok ? check(before.data, before.text).diagnostics.filter((d) => d.severity === 'error') : [];
  const out = encoder.encode((bytes[0] === 0xef ? '\uFEFF' : '') + spliced.text);
  // Written here, on the thread that made it, as soon as it is made; the file it replaces is kept
  // under a second name here too, so that the commit has only renames left to do.
  const writeError = task.temporary ? writeReserved(task.temporary, out, read.stamp?.mode) : undefined;
  const replaced = task.target ?? task.path;
  const kept = task.temporary && replaced && writeError === undefined ? keepReplaced(replaced, task.temporary) : undefined;
  return { result: done(result), ...(errorsBefore.length ? { errorsBefore } : {}), verdicts, bytes: out, ...(writeError !== undefined ? { writeError } : {}), ...(kept !== undefined ? { kept } : {}), ...(read.stamp ? { stamp: read.stamp } : {}) };
}

/** An action plan's data with each edit's entry set; actions not edited stay the same objects. */
export function withEntries(data: Record<string, unknown>, edits: ReadonlyArray<{ action: string; cycle: string; entry: ProgressEntry }>): Record<string, unknown> {
  const byAction = new Map<string, Array<{ cycle: string; entry: ProgressEntry }>>();
  for (const edit of edits) (byAction.get(edit.action) ?? byAction.set(edit.action, []).get(edit.action)!).push(edit);
  const actions = asArray(data.actions).map((action) => {
    const record = asRecord(action);
    const set = record && byAction.get(record.id as string);
    if (!set) return action;
    return { ...record, progress: { ...(record.progress as object), ...Object.fromEntries(set.map((u) => [u.cycle, u.entry])) } };
  });
  return { ...data, actions };
}

/**
 * What the model of an apply run needs of an action plan, and no more, since it travels between
 * threads: of its actions' progress, the cycles the forms are for (a rollup of a cycle reads that
 * cycle alone, and the run rolls up only the cycles re-rated); no descriptions, success criteria or
 * summary. Both sides of the run's diff are made from it, so what it leaves out is the same on both
 * and never shows as a change.
 */
export function modelData(data: Record<string, unknown>, cycles: readonly string[]): Record<string, unknown> {
  const actions = asArray(data.actions).map((action) => {
    const record = asRecord(action);
    if (!record) return action;
    const { description: _description, success_criteria: _criteria, progress, ...rest } = record;
    const entries = asRecord(progress);
    if (!entries) return progress === undefined ? rest : { ...rest, progress };
    const kept: Record<string, unknown> = {};
    for (const cycle of cycles) if (Object.hasOwn(entries, cycle)) kept[cycle] = entries[cycle];
    return { ...rest, progress: kept };
  });
  const { summary: _summary, ...rest } = data;
  return { ...rest, actions };
}
