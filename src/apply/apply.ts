// `plan apply` as a library step: filled update forms in, and out what applying them would make of
// the plan: the new text of each action plan file, the plan checked as it would be, the diff that
// says what changed and its effect on the rollup, and every problem and conflict that stops it. It
// writes nothing but temporary files; the caller keeps every file or none.
//
// Each action plan file is read, parsed and checked once, as it will be with the forms' entries set
// (apply-file.ts): on worker threads for a large run, where the forms are read too. This thread
// reads plan.yaml, checks the forms' records, and puts together what the files' threads send back.
import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import { diffRatings, type PlanDiff } from '../diff/diff.js';
import { groupBy } from '../group-by.js';
import { checkPlanYaml, finishLoad, kindOfFile, loadPlan, sizeOf } from '../load/load-plan.js';
import { threadsFor } from '../load/pool-size.js';
import { PLAN_FILE, whereToRead, type PlanSource } from '../load/source.js';
import type { FileResult } from '../plan/files.js';
import { buildModel, withActionPlans, type ActionData, type CycleData, type GoalData, type PlanModel } from '../plan/model.js';
import { asArray, asRecord } from '../rules/data.js';
import { WriteFailedError, type FileStaging } from '../write-file.js';
import type { WorkerPool } from '../workers/pool.js';
import { applyToFile, formWork, withEntries, type ApplyItem, type ApplyShared, type FileApplied, type FileApply, type FormRead } from './apply-file.js';
import { assembleRows, gatherRows, noRows, rowToMatch, type Conflict, type EntryLookup, type ReadRows, type RowVerdict, type Update } from './match-rows.js';
import { readFilledForm, type FormProblem } from './read-form.js';
import { applyToPlanYaml, planYamlEntry, type PlanYamlApplied } from './apply-holistic.js';
import { measureEntry } from './measures.js';
import { keepReplaced } from '../write-file.js';

const READ_AHEAD = 32;

/** Reads every form on this thread, a few at a time: reading one file after another waits on the disk for each. */
async function readFormsHere(forms: ReadonlyArray<{ path: string; label: string }>, shared: ApplyShared): Promise<FormRead[]> {
  const read: FormRead[] = [];
  for (let i = 0; i < forms.length; i += READ_AHEAD) {
    const batch = await Promise.all(forms.slice(i, i + READ_AHEAD).map((form) => readFilledForm(form.path, form.label)));
    batch.forEach((outcome) => read.push(formWork(outcome, shared)));
  }
  return read;
}

export interface ApplyInput {
  /** The plan directory. */
  source: PlanSource;
  /** The filled forms: where each is, and how to name it in messages. */
  forms: ReadonlyArray<{ path: string; label: string }>;
  overwrite: boolean;
  /** The district's form key: forms must be sealed with it (see fingerprint.ts). */
  formKey?: string;
  threads?: number | 'auto';
  /**
   * Where a caller that means to write has each file's new text written as soon as it is made, to
   * rename it into place only if canWrite says so.
   */
  staging?: FileStaging;
  /**
   * Called once the outcome is known to be writable, before the diff is worked out: a caller that
   * means to write starts renaming the staged files into place here, and they move meanwhile. It
   * is not waited for: the caller awaits the same commit (StagedWrites.commit gives the same promise).
   */
  commit?: () => Promise<void>;
}

export interface ApplyOutcome {
  forms: number;
  /** The plan's own errors, as it is: updates are applied only to a plan without them, and nothing else was looked at. */
  errorsBefore: Diagnostic[];
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
  /** The plan as it is, for formatting the outcome; null when it has errors. Light, as `after` is. */
  before: PlanModel | null;
  /**
   * The plan as it would be, for formatting the diff. Of its actions' progress, it holds the cycles
   * the forms are for; it has no descriptions, success criteria or action plan summaries.
   */
  after: PlanModel | null;
}

/** Whether the outcome may be written: something to write, and nothing that stops it. */
export function canWrite(outcome: ApplyOutcome): boolean {
  return outcome.errorsBefore.length === 0 && outcome.problems.length === 0 && outcome.conflicts.length === 0 && outcome.planErrors.length === 0 && outcome.files.size > 0;
}

export async function prepareApply(input: ApplyInput): Promise<ApplyOutcome> {
  const { source } = input;
  const outcome: ApplyOutcome = { forms: input.forms.length, errorsBefore: [], updates: [], conflicts: [], problems: [], skipped: 0, unchanged: 0, files: new Map(), planErrors: [], diff: null, before: null, after: null };
  // Many forms: the threads start at once, to load their modules while this one reads plan.yaml.
  const requested = input.threads ?? 'auto';
  const early = !source.pathOf ? 0 : threadsFor(requested === 'auto' ? input.forms.length * FORM_WEIGHT : 0, requested);
  const threads: Threads = { requested, pool: await startPool(early) };
  try {
    return await applyWith(input, outcome, threads);
  } finally {
    await threads.pool?.close();
  }
}

/**
 * A form with its school's file, as bytes of YAML for threadsFor: about what a school's plan weighs.
 * Fewer forms than make threads worth it start them only once the plan's files are measured.
 */
const FORM_WEIGHT = 32 * 1024;

/** The run's worker threads, once started, and how many were asked for. */
interface Threads {
  requested: number | 'auto';
  pool: WorkerPool | null;
}

async function startPool(threads: number): Promise<WorkerPool | null> {
  if (threads <= 0) return null;
  const { WorkerPool } = await import('../workers/pool.js');
  return new WorkerPool({ module: new URL('./apply-file.js', import.meta.url).href, fn: 'applyWork' }, threads);
}

async function applyWith(input: ApplyInput, outcome: ApplyOutcome, threads: Threads): Promise<ApplyOutcome> {
  const { source } = input;
  const listed = await source.list();
  const { result: planResult, context } = await checkPlanYaml(source, { keepData: true });
  if (!listed.includes(PLAN_FILE) || planResult.diagnostics.some((d) => d.severity === 'error')) {
    // Nothing can be matched without plan.yaml: the plan's errors, all of them, are the outcome.
    const loaded = await loadPlan(source, { threads: input.threads ?? 'auto' });
    outcome.errorsBefore = loaded.diagnostics.filter((d) => d.severity === 'error');
    return outcome;
  }
  const planOnly = buildModel({ files: [planResult], context });
  const planId = planOnly.plan.plan.id;
  const files = listed.filter((f) => f !== PLAN_FILE).map((file) => ({ file, kind: kindOfFile(file) as FileApply['kind'] }));
  // Every file may get a new text, written to its temporary name by the thread that makes it, at
  // once; the names of files that get none are released at the end.
  const temporaries = new Map<string, string>();
  // A file that is a link inside the repository is written where it leads; the link stays.
  const targets = new Map(source.targetOf ? files.map((f) => [f.file, source.targetOf!(f.file)] as const) : []);
  // plan.yaml gets a new text too when item forms rate its items (holistic ratings).
  const planTarget = source.targetOf?.(PLAN_FILE);
  if (input.staging) {
    await input.staging.prepare([...files.map((f) => targets.get(f.file) ?? source.pathOf!(f.file)), planTarget ?? source.pathOf!(PLAN_FILE)]);
    for (const f of files) temporaries.set(f.file, input.staging.reserve(targets.get(f.file) ?? source.pathOf!(f.file)));
    temporaries.set(PLAN_FILE, input.staging.reserve(planTarget ?? source.pathOf!(PLAN_FILE)));
  }
  const shared: ApplyShared = {
    context,
    plan: planResult.data!,
    planId,
    order: new Map(planOnly.cycles.map((c, i) => [c.id, i])),
    overwrite: input.overwrite,
    ...(input.formKey ? { key: input.formKey } : {}),
    files: new Map(
      files.map((f) => [
        f.file,
        {
          kind: f.kind,
          ...whereToRead(source, f.file),
          ...(targets.has(f.file) ? { target: targets.get(f.file)! } : {}),
          ...(temporaries.has(f.file) ? { temporary: temporaries.get(f.file)! } : {}),
        },
      ]),
    ),
  };
  if (!threads.pool && source.pathOf && threads.requested === 'auto') threads.pool = await startPool(threadsFor(sum(await sizesOf(source, files)), 'auto'));
  const pool = threads.pool;
  pool?.share(shared);

  // The forms first, each with the one file it names when it names one (see FormRead).
  const forms: FormRead[] = pool ? await pool.map<ApplyItem, FormRead>(input.forms.map((form) => ({ form })), 4) : await readFormsHere(input.forms, shared);
  const rows: ReadRows = gatherRows(forms.map((form) => (form.ok ? form.rows : [noRows()])));
  const applied: FileApplied[] = new Array(files.length);
  // Every file's part of the model keeps the ratings of every cycle the run re-rates (the rollup of
  // a cycle needs all its files' ratings, not only those of the files the forms name).
  // (Each form's rows are all for its one cycle: the cycles of the forms with a row that names a file.)
  const runCycles = [...new Set(rows.forms.filter((form) => form.records.some((record) => record !== null)).map((form) => form.cycle))];
  const alone = new Map(forms.flatMap((form) => (form.ok && form.alone && runCycles.length <= 1 && namedByOneForm(rows, form.alone.file) ? [[form.alone.file, form.alone.applied] as const] : [])));
  // Then every other file: those no form names, and those several forms name, with all their rows.
  const tasks = files.flatMap((f, i): Array<{ at: number; task: FileApply }> => {
    const done = alone.get(f.file);
    if (done) {
      applied[i] = done;
      return [];
    }
    const matches = (rows.byFile.get(f.file) ?? []).map((at) => rowToMatch(rows, at));
    return [{ at: i, task: { ...shared.files.get(f.file)!, file: f.file, rows: matches, cycles: runCycles } }];
  });
  if (pool) {
    // Largest first, so that no thread is left with a large file at the end while the others wait.
    const sizes = await sizesOf(source, tasks.map((t) => files[t.at]!));
    const largestFirst = tasks.map((t, k) => ({ ...t, size: sizes[k]! })).sort((a, b) => b.size - a.size);
    const done = await pool.map<ApplyItem, FileApplied>(largestFirst.map((t) => ({ file: t.task })), 4);
    largestFirst.forEach((t, k) => (applied[t.at] = done[k]!));
  } else {
    for (const { at, task } of tasks) applied[at] = applyToFile(task.path ? task : { ...task, bytes: await source.read(task.file) }, shared);
  }
  // The rows of item forms, applied to plan.yaml on this thread: it is one file, read here already.
  const planRows = (rows.byFile.get(PLAN_FILE) ?? []).map((at) => rowToMatch(rows, at));
  let planApplied: PlanYamlApplied | null = null;
  if (planRows.length) {
    const where = whereToRead(source, PLAN_FILE);
    const task = { file: PLAN_FILE, kind: 'plan' as const, ...(where ?? {}), ...(temporaries.has(PLAN_FILE) ? { temporary: temporaries.get(PLAN_FILE)! } : {}), ...(planTarget ? { target: planTarget } : {}) };
    planApplied = applyToPlanYaml(where ? task : { ...task, bytes: await source.read(PLAN_FILE) }, planOnly, planRows, planId, input.overwrite, input.formKey);
    const replaced = planTarget ?? source.pathOf?.(PLAN_FILE);
    if (planApplied.bytes && task.temporary && replaced && planApplied.writeError === undefined) planApplied.kept = keepReplaced(replaced, task.temporary);
  }
  settle(input.staging, temporaries, [...files, { file: PLAN_FILE }], [...applied, planApplied ?? { result: planResult, verdicts: [] }]);

  const planNow = planApplied?.bytes ? planApplied.result : planResult;
  const results: FileResult[] = [planNow, ...applied.map((a) => a.result)];
  const after = await finishLoad(source, results, context);
  // What the plan's rules across files find does not depend on progress: it was there before.
  const ownFindings = new Set(results.flatMap((r) => r.diagnostics));
  const errors = (list: readonly Diagnostic[]) => list.filter((d) => d.severity === 'error');
  outcome.errorsBefore = [...applied.flatMap((a) => (a.bytes ? (a.errorsBefore ?? []) : errors(a.result.diagnostics))), ...errors(after.diagnostics).filter((d) => !ownFindings.has(d))].sort(compareDiagnostics);
  if (outcome.errorsBefore.length) return outcome;

  const verdicts: Array<RowVerdict | undefined> = new Array(rows.formOf.length);
  files.forEach((f, i) => rows.byFile.get(f.file)?.forEach((row, k) => (verdicts[row] = applied[i]!.verdicts[k]!)));
  if (planApplied) rows.byFile.get(PLAN_FILE)?.forEach((row, k) => (verdicts[row] = planApplied!.verdicts[k]!));
  const entries = entriesIn(results, planOnly.cycles);
  const entryNow: EntryLookup = (file, id, cycle) => (file === PLAN_FILE ? planYamlEntry(planOnly, id, cycle) : entries(file, id, cycle));
  const matched = assembleRows(rows, verdicts, planId, whereIsIn(results), entryNow, input.formKey);
  Object.assign(outcome, { updates: matched.updates, conflicts: matched.conflicts, skipped: matched.skipped, unchanged: matched.unchanged });
  outcome.problems = [...forms.flatMap((form) => (form.ok ? [] : form.problems)), ...matched.problems];
  const byFile = groupBy(matched.updates, (update) => update.file);
  const appliedTo = new Map<string, FileApplied>(files.map((f, i) => [f.file, applied[i]!]));
  if (planApplied) appliedTo.set(PLAN_FILE, planApplied);
  // In the order of the updates, whichever file was made first.
  for (const [file, updates] of byFile) {
    const done = appliedTo.get(file)!;
    if (done.bytes) {
      outcome.files.set(file, done.bytes);
      continue;
    }
    const refused = done.refused!;
    const update = updates.find((u) => u.action === refused.action) ?? updates[0]!;
    outcome.problems.push({ file: update.place.file, sheet: update.place.sheet, row: update.place.row, message: `cannot be written into ${file}: ${refused.message}`, hint: 'Change the layout of that part of the file as the message says, or enter this update by hand.' });
  }
  if (matched.updates.length && !outcome.problems.length) outcome.planErrors = errors(after.diagnostics);
  // The files start moving into place as soon as they may, while the rest is worked out: the turn
  // of the event loop lets the commit ask for its renames before this thread goes on.
  if (canWrite(outcome) && input.commit) {
    input.commit().catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }

  // The model of each side, from the lighter data the files' threads sent back.
  // plan.yaml's part of the model (its tree, scale and cycles) is made once, and each side puts its files in it.
  outcome.before = withActionPlans(planOnly, results);
  if (!matched.updates.length || outcome.problems.length || outcome.planErrors.length) return outcome;
  // With items rated, plan.yaml's part of the model is made again from its new data.
  const planAfter = planApplied?.bytes ? buildModel({ files: [planNow], context: planApplied.context ?? context }) : planOnly;
  outcome.after = withActionPlans(planAfter, results.map((r) => (r.kind !== 'plan' && byFile.has(r.file) && r.data ? { ...r, data: withEntries(r.data, byFile.get(r.file)!) } : r)));
  const touched = new Map([...byFile].map(([file, updates]) => [file, new Set(updates.map((u) => u.action))]));
  outcome.diff = diffRatings(outcome.before, outcome.after, { base: source.label, head: 'with the updates' }, touched);
  return outcome;
}

/** Whether the rows that name a file all come from one form's file (its sheets). */
function namedByOneForm(rows: ReadRows, file: string): boolean {
  const naming = rows.byFile.get(file) ?? [];
  const fileOf = (at: number) => rows.fileOf[rows.formOf[at]!];
  for (const at of naming) if (fileOf(at) !== fileOf(naming[0]!)) return false;
  return true;
}

/** Each file's size in bytes, to share files out among threads. */
function sizesOf(source: PlanSource, files: ReadonlyArray<{ file: string }>): Promise<number[]> {
  return Promise.all(files.map((f) => (source.pathOf ? sizeOf(source.pathOf(f.file)) : 0)));
}

const sum = (values: readonly number[]) => values.reduce((total, n) => total + n, 0);

/** Every temporary name reserved is settled: written, failed, or not needed after all. */
function settle(staging: FileStaging | undefined, temporaries: ReadonlyMap<string, string>, files: ReadonlyArray<{ file: string }>, applied: readonly FileApplied[]): void {
  if (!staging) return;
  files.forEach(({ file }, i) => {
    const temporary = temporaries.get(file);
    if (!temporary) return;
    const done = applied[i]!;
    if (!done.bytes) staging.release(temporary);
    else staging.settle(temporary, done.writeError !== undefined ? new WriteFailedError(file, done.writeError) : undefined, done.kept, done.stamp);
  });
}

/** An action's entry for a cycle, from the data its file's thread sent back (which keeps the forms' cycles whole). */
function entriesIn(results: readonly FileResult[], cycles: readonly CycleData[]): EntryLookup {
  const files = new Map(results.map((r) => [r.file, r]));
  const actions = new Map<string, Map<string, ActionData>>();
  const goals = new Map<string, Map<string, ActionData>>();
  const byIdIn = (file: string, list: 'actions' | 'goals') => new Map(asArray(files.get(file)?.data?.[list]).flatMap((a) => (asRecord(a) ? [[String((a as ActionData).id), a as ActionData] as const] : [])));
  return (file, id, cycle) => {
    let byId = actions.get(file);
    if (!byId) actions.set(file, (byId = byIdIn(file, 'actions')));
    const action = byId.get(id);
    if (action) return action.progress?.[cycle];
    // A school's own measure: its value for the cycle.
    let measures = goals.get(file);
    if (!measures) goals.set(file, (measures = byIdIn(file, 'goals')));
    return measureEntry(measures.get(id) as unknown as GoalData | undefined, cycles.find((c) => c.id === cycle));
  };
}

/** Where an action is in the plan, from the ids each file declares. */
function whereIsIn(results: readonly FileResult[]): (id: string) => string | undefined {
  let files: Map<string, string> | undefined;
  return (id) => {
    files ??= new Map(results.flatMap((r) => (r.kind === 'plan' ? [] : (r.summary?.declared ?? []).filter(([, path]) => path[0] === 'actions').map(([declared]) => [declared, r.file] as const))));
    return files.get(id);
  };
}
