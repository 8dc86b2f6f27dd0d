// `plan apply` as a library step: filled update forms in, and out what applying them would make of
// the plan: the new text of each action plan file, the plan re-checked as it would be, the diff that
// says what changed and its effect on the rollup, and every problem and conflict that stops it. It
// writes nothing; the caller writes every file or none.
import jsYaml from 'js-yaml';
import type { Diagnostic } from '../diagnostics.js';
import { diffPlans, type PlanDiff } from '../diff/diff.js';
import { decodeSource } from '../load/decode.js';
import type { LoadedPlan } from '../load/load-plan.js';
import { loadRevised } from '../load/load-revised.js';
import type { PlanSource } from '../load/source.js';
import { actionFingerprint } from '../collect/fingerprint.js';
import { buildModel, type PlanModel } from '../plan/model.js';
import { matchRows, type Conflict, type Update } from './match-rows.js';
import { readFilledForm, type FilledForm, type FormProblem } from './read-form.js';
import { spliceEntries, SpliceError } from './splice.js';

export interface ApplyInput {
  /** The plan as it is, loaded with keepData and without errors. */
  before: LoadedPlan;
  source: PlanSource;
  /** Filled forms: paths to read, with the names to show for them. */
  forms: Array<{ path: string; label: string }>;
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
  const filled: FilledForm[] = [];
  const problems: FormProblem[] = [];
  for (const form of input.forms) {
    const read = await readFilledForm(form.path, form.label);
    if (read.ok) filled.push(read.form);
    else problems.push(...read.problems);
  }
  const matched = matchRows(model, filled, { overwrite: input.overwrite });
  problems.push(...matched.problems);
  const outcome: ApplyOutcome = {
    forms: input.forms.length,
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
  for (const [file, updates] of byFile) {
    const bytes = await input.source.read(file);
    const decoded = decodeSource(bytes);
    if (!decoded.ok) throw new Error(`${file} could not be read again: ${decoded.message}`);
    const bom = bytes[0] === 0xef ? '\uFEFF' : '';
    try {
      const text = spliceEntries(decoded.text, updates.map((u) => ({ action: u.action, cycle: u.cycle, entry: u.entry })), order, (flow) => jsYaml.load(flow));
      outcome.files.set(file, encoder.encode(bom + text));
    } catch (error) {
      if (!(error instanceof SpliceError)) throw error;
      const update = updates.find((u) => u.action === error.action) ?? updates[0]!;
      problems.push({ file: update.place.file, sheet: update.place.sheet, row: update.place.row, message: `cannot be written into ${file}: ${error.message}`, hint: 'Change the layout of that part of the file as the message says, or enter this update by hand.' });
    }
  }
  if (problems.length) return outcome;

  const after = await loadRevised(input.before, input.source, outcome.files, input.threads ?? 'auto');
  outcome.planErrors = after.diagnostics.filter((d) => d.severity === 'error');
  if (outcome.planErrors.length) return outcome;
  const afterModel = buildModel(after);
  verify(model, afterModel, matched.updates);
  outcome.after = afterModel;
  outcome.diff = diffPlans(model, afterModel, { base: input.before.source, head: 'with the updates' });
  return outcome;
}

/**
 * The edited text, read back, must say exactly what was meant: the entry set, the action otherwise
 * untouched, no other cycle's entry gained or lost. A miss here is a fault in plan, and stops the write.
 */
function verify(before: PlanModel, after: PlanModel, updates: readonly Update[]): void {
  const old = new Map(before.actions.map((p) => [p.action.id, p.action]));
  const now = new Map(after.actions.map((p) => [p.action.id, p.action]));
  for (const update of updates) {
    const a = old.get(update.action)!;
    const b = now.get(update.action);
    const entry = b?.progress?.[update.cycle];
    const keysBefore = Object.keys(a.progress ?? {}).filter((k) => k !== update.cycle);
    const keysAfter = Object.keys(b?.progress ?? {}).filter((k) => k !== update.cycle);
    const same =
      b &&
      entry &&
      entry.rating === update.entry.rating &&
      (entry.evidence ?? '') === (update.entry.evidence ?? '') &&
      (entry.next_steps ?? '') === (update.entry.next_steps ?? '') &&
      (entry.reported_by ?? '') === (update.entry.reported_by ?? '') &&
      actionFingerprint(a) === actionFingerprint(b) &&
      keysBefore.join() === keysAfter.join();
    if (!same) throw new Error(`writing the update of ${update.action} for ${update.cycle} into ${update.file} would not read back as written; nothing was written`);
  }
}
