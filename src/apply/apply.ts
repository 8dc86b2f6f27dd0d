// `plan apply` as a library step: filled update forms in, and out what applying them would make of
// the plan: the new text of each action plan file, the plan re-checked as it would be, the diff that
// says what changed and its effect on the rollup, and every problem and conflict that stops it. It
// writes nothing; the caller writes every file or none.
import type { Diagnostic } from '../diagnostics.js';
import { diffRatings, type PlanDiff } from '../diff/diff.js';
import { finishLoad, type LoadedPlan } from '../load/load-plan.js';
import { SourceLocator } from '../load/locate.js';
import { OverlaySource, type PlanSource } from '../load/source.js';
import { buildModel, type ActionData, type PlanModel } from '../plan/model.js';
import { checkData } from '../rules/check-data.js';
import { filesOfForm, matchRows, type Conflict, type Update } from './match-rows.js';
import { readFilledForm, type FilledForm, type FormProblem } from './read-form.js';
import type { Locator } from '../rules/place.js';
import { streamToWorkers, threadsForItems, type WorkStream } from '../workers/map.js';
import { addTo, groupBy } from '../group-by.js';
import { spliceFile, type FileSplice, type SpliceOutcome } from './splice-file.js';
import type { FileStaging } from '../write-file.js';

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
  /**
   * Where a caller that means to write has each file's new text written as soon as it is made, before
   * the plan as it will be is checked, to rename it into place only if canWrite says so.
   */
  staging?: FileStaging;
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
  const order = new Map(model.cycles.map((c, i) => [c.id, i]));
  // A file's text is written as soon as every form with rows for it is matched: on worker threads
  // for a large run, while this one matches the other forms, then checks the plan as it will be.
  const forms = input.forms.filled;
  const rows = forms.reduce((n, form) => n + form.rows.length, 0);
  const formsLeft = new Map<string, number>();
  const filesOf = forms.map(filesOfForm);
  for (const files of filesOf) for (const file of files) formsLeft.set(file, (formsLeft.get(file) ?? 0) + 1);
  const staging = input.staging ? { to: input.staging, pathOf: writablePaths(input.source) } : undefined;
  await staging?.to.prepare([...formsLeft.keys()].map(staging.pathOf));
  const splicer = new Splicer(input.source, order, input.threads ?? 'auto', rows, staging);
  const byFile = new Map<string, Update[]>();
  let grouped = 0;
  const matched = matchRows(model, forms, {
    overwrite: input.overwrite,
    onForm: (index, sofar) => {
      for (; grouped < sofar.updates.length; grouped++) addTo(byFile, sofar.updates[grouped]!.file, sofar.updates[grouped]!);
      for (const file of filesOf[index]!) {
        const left = formsLeft.get(file)! - 1;
        formsLeft.set(file, left);
        const updates = byFile.get(file);
        if (left === 0 && updates) splicer.add(file, updates);
      }
    },
  });
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
  const splicing = splicer.finish();
  splicing.catch(() => undefined);
  if (!matched.updates.length) {
    await splicing;
    return outcome;
  }
  const spliced = splicing.then((outcomes) => {
    const byName = new Map(outcomes.map((done) => [done.file, done]));
    // In the order of the updates, whichever file was written first.
    for (const [file, updates] of byFile) {
      const done = byName.get(file)!;
      if ('bytes' in done) {
        outcome.files.set(file, done.bytes);
        continue;
      }
      const update = updates.find((u) => u.action === done.refused.action) ?? updates[0]!;
      problems.push({ file: update.place.file, sheet: update.place.sheet, row: update.place.row, message: `cannot be written into ${file}: ${done.refused.message}`, hint: 'Change the layout of that part of the file as the message says, or enter this update by hand.' });
    }
    return outcome.files as ReadonlyMap<string, Uint8Array>;
  });

  // The plan as it would be: the same data with the entries set, checked file by file with the
  // plan's rules. The lines written are read back on their own (splice-file.ts); every other line is
  // the file's own, so the data need not be parsed again. A file with findings is checked again
  // once its new text is at hand, to place them.
  const toPlace: number[] = [];
  const changed = input.before.files.map((result) => {
    const updates = byFile.get(result.file);
    return updates && result.data ? withEntries(result.data, updates) : null;
  });
  const results = input.before.files.map((result, i) => {
    const data = changed[i];
    if (!data) return result;
    return checkData(result.file, result.kind, data, input.before.context, { keepData: true }, () => {
      toPlace.push(i);
      return UNPLACED;
    });
  });
  const afterSource = new OverlaySource(input.source, spliced);
  let after = toPlace.length ? null : await finishLoad(afterSource, results, input.before.context);
  const afterModel = after && !after.errorCount ? buildModel(after) : null;
  const diff = afterModel ? diffRatings(model, afterModel, { base: input.before.source, head: 'with the updates' }) : null;
  await spliced;
  if (problems.length) return outcome;
  if (!after) {
    for (const i of toPlace) {
      const { file, kind } = input.before.files[i]!;
      const bytes = outcome.files.get(file)!;
      results[i] = checkData(file, kind, changed[i]!, input.before.context, { keepData: true }, () => new SourceLocator(new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')));
    }
    after = await finishLoad(afterSource, results, input.before.context);
  }
  outcome.planErrors = after.diagnostics.filter((d) => d.severity === 'error');
  if (outcome.planErrors.length) return outcome;
  outcome.after = afterModel ?? buildModel(after);
  outcome.diff = diff ?? diffRatings(model, outcome.after, { base: input.before.source, head: 'with the updates' });
  return outcome;
}

/** Where a first check's findings are said to be; they are placed by a second (see prepareApply). */
const UNPLACED: Locator = { rangeOf: () => ({ start: { line: 0, column: 0 }, end: { line: 0, column: 0 } }) };

/** Sets the updates' entries in each file's text, file by file as they are given: on worker threads for a large run. */
class Splicer {
  private readonly stream: WorkStream<FileSplice> | null;
  private readonly outcomes: SpliceOutcome[] = [];
  private readonly temporaries = new Map<string, string>();
  private waiting: FileSplice[] = [];

  constructor(
    private readonly source: PlanSource,
    private readonly order: ReadonlyMap<string, number>,
    requested: number | 'auto',
    rows: number,
    private readonly staging?: { to: FileStaging; pathOf: (file: string) => string },
  ) {
    // Threads pay for their start from a few thousand rows; this thread's own matching and checking
    // keep one core busy meanwhile.
    const threads = !source.pathOf ? 0 : requested === 'auto' ? threadsForItems(rows, 0.08, true) : requested;
    this.stream = threads > 0 ? streamToWorkers<FileSplice, SpliceOutcome>({ module: new URL('./splice-file.js', import.meta.url).href, fn: 'spliceFile' }, threads, (done) => this.heard(done)) : null;
  }

  /** A file whose updates are all known. */
  add(file: string, updates: readonly Update[]): void {
    const task: FileSplice = { file, edits: updates.map((u) => ({ action: u.action, cycle: u.cycle, entry: u.entry })), order: this.order };
    if (this.stream) task.path = this.source.pathOf!(file);
    if (this.staging) this.temporaries.set(file, (task.temporary = this.staging.to.reserve(this.staging.pathOf(file))));
    this.waiting.push(task);
    // Handed over in batches, each as soon as it is full: this thread is busy between.
    if (this.stream && this.waiting.length >= 32) this.handOver();
  }

  async finish(): Promise<SpliceOutcome[]> {
    if (this.stream) {
      this.handOver();
      await this.stream.end();
      return this.outcomes;
    }
    const tasks = this.waiting;
    for (let i = 0; i < tasks.length; i += READ_AHEAD) {
      const batch = tasks.slice(i, i + READ_AHEAD);
      const read = await Promise.all(batch.map((task) => this.source.read(task.file)));
      batch.forEach((task, k) => (task.bytes = read[k]!));
    }
    for (const task of tasks) this.heard(spliceFile(task));
    return this.outcomes;
  }

  private handOver(): void {
    this.stream!.push(this.waiting);
    this.waiting = [];
  }

  private heard(done: SpliceOutcome): void {
    this.outcomes.push(done);
    const temporary = this.temporaries.get(done.file);
    if (!temporary) return;
    if ('refused' in done) this.staging!.to.settle(temporary, new Error(`${done.file} was not written: ${done.refused.message}`));
    else this.staging!.to.settle(temporary, done.writeError !== undefined ? new Error(`could not write ${done.file}: ${done.writeError}`) : undefined);
  }
}

function writablePaths(source: PlanSource): (file: string) => string {
  const pathOf = source.pathOf?.bind(source);
  if (!pathOf) throw new Error(`${source.label} is not a folder: updates are written only into a plan directory`);
  return pathOf;
}

/** An action plan's data with the updates' entries set; actions not updated stay the same objects. */
function withEntries(data: Record<string, unknown>, updates: readonly Update[]): Record<string, unknown> {
  const byAction = groupBy(updates, (u) => u.action);
  const actions = (data.actions as ActionData[]).map((action) => {
    const set = byAction.get(action.id);
    return set ? { ...action, progress: { ...action.progress, ...Object.fromEntries(set.map((u) => [u.cycle, u.entry])) } } : action;
  });
  return { ...data, actions };
}
