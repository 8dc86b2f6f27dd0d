// `plan apply` as a library step: filled update forms in, and out what applying them would make of
// the plan: the new text of each action plan file, the plan re-checked as it would be, the diff that
// says what changed and its effect on the rollup, and every problem and conflict that stops it. It
// writes nothing; the caller writes every file or none.
import jsYaml from 'js-yaml';
import type { Diagnostic } from '../diagnostics.js';
import { diffRatings, type PlanDiff } from '../diff/diff.js';
import { decodeSource } from '../load/decode.js';
import { finishLoad, type LoadedPlan } from '../load/load-plan.js';
import { SourceLocator } from '../load/locate.js';
import { OverlaySource, type PlanSource } from '../load/source.js';
import { canonicalJson } from '../collect/fingerprint.js';
import { buildModel, type ActionData, type PlanModel, type ProgressEntry } from '../plan/model.js';
import { checkData } from '../rules/check-data.js';
import { matchRows, type Conflict, type Update } from './match-rows.js';
import { readFilledForm, type FilledForm, type FormProblem } from './read-form.js';
import { spliceEntries, SpliceError, type Written } from './splice.js';

const READ_AHEAD = 32;

export interface ReadForms {
  count: number;
  filled: FilledForm[];
  problems: FormProblem[];
}

/** Reads every form; what cannot be read becomes a problem. */
export async function readForms(forms: ReadonlyArray<{ path: string; label: string }>): Promise<ReadForms> {
  const filled: FilledForm[] = [];
  const problems: FormProblem[] = [];
  // A few at a time: reading one file after another waits on the disk for each.
  for (let i = 0; i < forms.length; i += READ_AHEAD) {
    const batch = await Promise.all(forms.slice(i, i + READ_AHEAD).map((form) => readFilledForm(form.path, form.label)));
    for (const read of batch) {
      if (read.ok) filled.push(read.form);
      else problems.push(...read.problems);
    }
  }
  return { count: forms.length, filled, problems };
}

export interface ApplyInput {
  /** The plan as it is, loaded with keepData and without errors. */
  before: LoadedPlan;
  source: PlanSource;
  /** The filled forms, read (see readForms). */
  forms: ReadForms;
  overwrite: boolean;
  threads?: number | 'auto';
}

export interface ApplyOutcome {
  forms: number;
  updates: Update[];
  conflicts: Conflict[];
  problems: FormProblem[];
  skipped: number;
  unchanged: number;
  /** The new contents of each action plan file an update goes into. */
  files: Map<string, Uint8Array>;
  /** Errors in the plan as it would be; none when the updates are sound. */
  planErrors: Diagnostic[];
  diff: PlanDiff | null;
  /** The plan as it would be, for formatting the diff. */
  after: PlanModel | null;
}

/** Whether the outcome may be written: something to write, and nothing that stops it. */
export function canWrite(outcome: ApplyOutcome): boolean {
  return outcome.problems.length === 0 && outcome.conflicts.length === 0 && outcome.planErrors.length === 0 && outcome.files.size > 0;
}

export async function prepareApply(input: ApplyInput): Promise<ApplyOutcome> {
  const model = buildModel(input.before);
  const problems = [...input.forms.problems];
  const matched = matchRows(model, input.forms.filled, { overwrite: input.overwrite });
  problems.push(...matched.problems);
  const outcome: ApplyOutcome = {
    forms: input.forms.count,
    updates: matched.updates,
    conflicts: matched.conflicts,
    problems,
    skipped: matched.skipped,
    unchanged: matched.unchanged,
    files: new Map(),
    planErrors: [],
    diff: null,
    after: null,
  };
  if (!matched.updates.length) return outcome;

  const order = new Map(model.cycles.map((c, i) => [c.id, i]));
  const byFile = new Map<string, Update[]>();
  for (const update of matched.updates) {
    let list = byFile.get(update.file);
    if (!list) byFile.set(update.file, (list = []));
    list.push(update);
  }
  const encoder = new TextEncoder();
  const entries = [...byFile];
  const contents = new Map<string, Uint8Array>();
  for (let i = 0; i < entries.length; i += READ_AHEAD) {
    const batch = entries.slice(i, i + READ_AHEAD);
    const read = await Promise.all(batch.map(([file]) => input.source.read(file)));
    batch.forEach(([file], k) => contents.set(file, read[k]!));
  }
  for (const [file, updates] of entries) {
    const bytes = contents.get(file)!;
    const decoded = decodeSource(bytes);
    if (!decoded.ok) throw new Error(`${file} could not be read again: ${decoded.message}`);
    const bom = bytes[0] === 0xef ? '\uFEFF' : '';
    try {
      const { text, written } = spliceEntries(decoded.text, updates.map((u) => ({ action: u.action, cycle: u.cycle, entry: u.entry })), order, (flow) => jsYaml.load(flow));
      verifyWritten(written, updates);
      outcome.files.set(file, encoder.encode(bom + text));
    } catch (error) {
      if (!(error instanceof SpliceError)) throw error;
      const update = updates.find((u) => u.action === error.action) ?? updates[0]!;
      problems.push({ file: update.place.file, sheet: update.place.sheet, row: update.place.row, message: `cannot be written into ${file}: ${error.message}`, hint: 'Change the layout of that part of the file as the message says, or enter this update by hand.' });
    }
  }
  if (problems.length) return outcome;

  // The plan as it would be: the same data with the entries set, checked file by file with the
  // plan's rules, each file's text at hand to place a finding. The lines written were read back
  // above; every other line is the file's own, so the data need not be parsed again.
  const results = input.before.files.map((result) => {
    const updates = byFile.get(result.file);
    if (!updates || !result.data) return result;
    const data = withEntries(result.data, updates);
    const bytes = outcome.files.get(result.file)!;
    return checkData(result.file, result.kind, data, input.before.context, { keepData: true }, () => new SourceLocator(new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')));
  });
  const after = await finishLoad(new OverlaySource(input.source, outcome.files), results, input.before.context);
  outcome.planErrors = after.diagnostics.filter((d) => d.severity === 'error');
  if (outcome.planErrors.length) return outcome;
  const afterModel = buildModel(after);
  outcome.after = afterModel;
  outcome.diff = diffRatings(model, afterModel, { base: input.before.source, head: 'with the updates' });
  return outcome;
}

/** An action plan's data with the updates' entries set; actions not updated stay the same objects. */
function withEntries(data: Record<string, unknown>, updates: readonly Update[]): Record<string, unknown> {
  const byAction = groupByAction(updates);
  const actions = (data.actions as ActionData[]).map((action) => {
    const set = byAction.get(action.id);
    return set ? { ...action, progress: { ...action.progress, ...Object.fromEntries(set.map((u) => [u.cycle, u.entry])) } } : action;
  });
  return { ...data, actions };
}

/**
 * The lines written for each update, read back on their own, must say exactly what was meant: the
 * entry set and, where a one-line map of cycles was rewritten, every other cycle as it was. A miss
 * is a fault in plan, and stops the run before anything is written.
 */
function verifyWritten(written: readonly Written[], updates: readonly Update[]): void {
  const byAction = groupByAction(updates);
  // One document for the file's lines: a list with each edit's lines as an item, read in one parse.
  const document = written.map((w) => `-\n${w.yaml.replace(/^/gm, '  ')}`).join('\n');
  let read: unknown[] | undefined;
  try {
    read = jsYaml.load(document) as unknown[];
  } catch {
    read = undefined;
  }
  written.forEach((w, i) => {
    const set = byAction.get(w.action)!;
    const update = set.find((u) => u.cycle === w.cycle)!;
    const item = read?.[i];
    const map = (w.holds === 'progress' ? (item as { progress?: unknown } | undefined)?.progress : item) as Record<string, ProgressEntry> | undefined;
    const expected = w.holds === 'progress' ? { ...update.progressBefore, ...Object.fromEntries(set.map((u) => [u.cycle, u.entry])) } : { [w.cycle]: update.entry };
    if (!map || canonicalJson(map) !== canonicalJson(expected)) {
      throw new Error(`the update of ${w.action} for ${w.cycle} would not read back as written (${JSON.stringify(w.yaml)}); nothing was written`);
    }
  });
}

function groupByAction(updates: readonly Update[]): Map<string, Update[]> {
  const map = new Map<string, Update[]>();
  for (const u of updates) map.set(u.action, [...(map.get(u.action) ?? []), u]);
  return map;
}
