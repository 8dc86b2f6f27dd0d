// `plan collect`: update forms for a reporting cycle, one per school, office or owner, to send to the
// people who rate the actions. They come back through `plan apply`.
import { appliesTo } from '../plan/calendar.js';
import { join, resolve } from 'node:path';
import { booksOf, rowsByKind, type FormBook } from '../collect/book.js';
import { collectFile, formFiles, type CollectShared, type FileCollected, type FileToCollect, type FormFile } from '../collect/collect-file.js';
import { checkPlanYaml, finishLoad, kindOfFile, loadPlan, sizeOf } from '../load/load-plan.js';
import { threadsFor } from '../load/pool-size.js';
import { PLAN_FILE, whereToRead } from '../load/source.js';
import { buildUpdateForms, itemForms, measureForms, returnToOf, type UpdateForm } from '../collect/form.js';
import { formatDay, localToday } from '../dates.js';
import { buildModel, type CycleData, type PlanModel } from '../plan/model.js';
import { withStagedWrites } from './interrupt.js';
import { WriteFailedError, type StagedWrites } from '../write-file.js';
import { EXIT_OK, EXIT_PLAN_INVALID, formKeyOf, UsageError, type CliIO } from './io.js';
import { cycleToCollect, loadValidPlan, openPlan } from './open-plan.js';
import type { CollectOptions } from './options.js';

function requireKnown(model: PlanModel, what: 'school' | 'office' | 'owner', id: string | undefined): void {
  if (id === undefined) return;
  const known =
    what === 'school'
      ? model.actionPlans.filter((p) => p.kind === 'school').map((p) => p.data.school ?? '')
      : what === 'office'
        ? model.actionPlans.filter((p) => p.kind === 'office').map((p) => p.data.office ?? '')
        : [...new Set(model.actions.flatMap((p) => (p.action.owner ? [p.action.owner] : [])))];
  if (!known.includes(id)) throw new UsageError(`no ${what === 'owner' ? 'action has the owner' : `${what} action plan for`} "${id}"`, `Valid ids: ${known.sort().join(', ') || 'none'}.`);
}

/** A file collect wrote: its name and how many rows of each kind it asks for. */
type Made = Pick<FormFile, 'name' | 'rows'>;

/**
 * Makes the forms, a workbook per addressee (or a CSV per form), and stages each file. A large run
 * stamps its workbooks on worker threads, a batch at a time, and each thread writes the files it
 * stamps; a small one stamps them here.
 */
async function makeForms(build: () => UpdateForm[], format: CollectOptions['format'], threads: number, staging: StagedWrites, folder: string, key: string | undefined): Promise<Made[]> {
  const pathOf = (name: string) => join(folder, `${name}.${format}`);
  if (format === 'csv' || threads === 0) {
    const files = await formFiles(build(), format, 0, key);
    for (const file of files) staging.stage(pathOf(file.name), file.bytes);
    return files;
  }
  const books = booksOf(build(), key);
  const { streamToWorkers } = await import('../workers/map.js');
  // The folder the forms go to, made now: each worker thread writes into it as it stamps.
  await staging.prepare([join(folder, `form.${format}`)]);
  const temporaries = books.map((book) => staging.reserve(pathOf(book.name)));
  const stream = streamToWorkers<{ form: FormBook; temporary: string }, { error?: string }>({ module: new URL('../collect/stamp.js', import.meta.url).href, fn: 'stampFormInto' }, threads, (done, index) => {
    staging.settle(temporaries[index]!, done.error !== undefined ? new WriteFailedError(pathOf(books[index]!.name), done.error) : undefined);
  });
  try {
    for (let i = 0; i < books.length; i += 32) stream.push(books.slice(i, i + 32).map((book, k) => ({ form: book, temporary: temporaries[i + k]! })));
  } finally {
    await stream.end();
  }
  return books.map((book) => ({ name: book.name, rows: rowsByKind(book) }));
}

export async function runCollect(dirArg: string, options: CollectOptions, io: CliIO): Promise<number> {
  const narrowed = options.school !== undefined || options.office !== undefined || options.owner !== undefined;
  // A form per action plan, school or office needs nothing but its own file and plan.yaml.
  if (options.by !== 'owner' && !narrowed && options.rev === undefined) return collectFileByFile(dirArg, { ...options, by: options.by }, io);
  const valid = await loadValidPlan('collect', dirArg, io, options.rev, 'forms are made only from a plan without errors');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  const today = options.asOf ?? localToday(model.plan.district.timezone);
  const cycle = cycleToCollect(model, options.cycle, today);
  requireKnown(model, 'school', options.school);
  requireKnown(model, 'office', options.office);
  requireKnown(model, 'owner', options.owner);
  const scope = { by: options.by, ...(options.school ? { school: options.school } : {}), ...(options.office ? { office: options.office } : {}), ...(options.owner ? { owner: options.owner } : {}) };
  // Threads for a district's worth of forms (about one per action plan); not for one school's.
  const { threadsForItems } = await import('../workers/map.js');
  const threads = options.threads ?? (narrowed ? 0 : threadsForItems(model.actionPlans.length, 1));
  const out = resolve(io.cwd, options.out);
  // Every form or none: each is staged as soon as it is made, and all are renamed into place at the end.
  const { value: forms } = await withStagedWrites(
    (message) => io.stderr.write(message),
    async (staging) => {
      const made = await makeForms(() => buildUpdateForms(model, cycle, scope, today, undefined, formKeyOf(io)), options.format, threads, staging, out, formKeyOf(io));
      return { keep: made.length > 0, value: made };
    },
  );
  if (!forms.length) {
    io.stderr.write(`plan collect: no ${model.terms.action.singular.toLowerCase()} reports in ${cycle.name} for what was asked; no forms written.${whoDoesNotReport(model, cycle)}\n`);
    return EXIT_OK;
  }
  return madeForms(forms, model, cycle, dirArg, options, io);
}

/** The forms made, listed in their order once all are written, whichever write finished first. */
function madeForms(made: readonly Made[], model: PlanModel, cycle: CycleData, dirArg: string, options: CollectOptions, io: CliIO): number {
  const names = made.map((file) => file.name);
  const total = (kind: keyof Made['rows']) => made.reduce((n, file) => n + file.rows[kind], 0);
  const [actions, itemRows, measureRows] = [total('actions'), total('items'), total('measures')];
  io.stdout.write(names.map((name) => `${join(options.out, `${name}.${options.format}`)}\n`).join(''));
  // What the forms ask for, in the plan's words: "24 action steps", "12 items rated as a whole", or both.
  const count = (n: number, term: { singular: string; plural: string }) => `${n} ${(n === 1 ? term.singular : term.plural).toLowerCase()}`;
  const asked = [
    actions > 0 ? count(actions, model.terms.action) : '',
    itemRows > 0 ? `${count(itemRows, model.tree.levels[model.tree.align]!)} rated as a whole` : '',
    measureRows > 0 ? `${count(measureRows, model.terms.goal)} to give a value` : '',
  ]
    .filter(Boolean)
    .join(', ');
  io.stderr.write(
    `plan collect: ${names.length} form${names.length === 1 ? '' : 's'} for ${cycle.name}, ${asked}, due ${formatDay(cycle.due)}; send them, then: plan apply ${join(options.out, `*.${options.format}`)} --plan ${dirArg}${whoDoesNotReport(model, cycle)}\n`,
  );
  return EXIT_OK;
}

/** Who the cycle leaves out and why, so that no school's form is missing without a word: " Schools do not report in Mid-Year ...". */
function whoDoesNotReport(model: Pick<PlanModel, 'plan' | 'terms'>, cycle: CycleData): string {
  const scope = appliesTo(cycle);
  const t = model.terms;
  const left: string[] = [];
  if (!scope.schools && (model.plan.schools ?? []).length) left.push(t.school.plural);
  if (!scope.district && (model.plan.offices ?? []).length) left.push(t.office.plural);
  if (!left.length) return '';
  const setting = cycle.applies_to ? `applies_to: [${cycle.applies_to.join(', ')}]` : `a ${cycle.kind} cycle applies to ${scope.schools ? 'schools' : 'the district'} unless applies_to says otherwise`;
  return `\n  ${left.join(' and ')} do not report in ${cycle.name} (${setting}); to collect theirs too, add ${scope.schools ? 'district' : 'schools'} to its applies_to in plan.yaml.`;
}

/**
 * A form per action plan, school or office: each file is read, checked and made into its form in
 * one go, on worker threads for a large plan, and the form staged as it comes back. The plan's rules
 * across files are checked once every file is in; with any error, nothing is written.
 */
async function collectFileByFile(dirArg: string, options: CollectOptions & { by: 'plan' | 'school' | 'office' }, io: CliIO): Promise<number> {
  const why = 'forms are made only from a plan without errors';
  const opened = await openPlan(dirArg, io);
  const source = opened.source;
  const listed = await source.list();
  const { result: planResult, context } = await checkPlanYaml(source, { keepData: true });
  const refuse = (count: number) => {
    io.stderr.write(`plan collect: ${opened.label} has ${count} error${count === 1 ? '' : 's'}; ${why}.\n  Run "plan validate ${dirArg}" to see them.\n`);
    return EXIT_PLAN_INVALID;
  };
  if (!listed.includes(PLAN_FILE) || planResult.diagnostics.some((d) => d.severity === 'error')) return refuse((await loadPlan(source)).errorCount);
  const planOnly = buildModel({ files: [planResult], context });
  const today = options.asOf ?? localToday(planOnly.plan.district.timezone);
  const cycle = cycleToCollect(planOnly, options.cycle, today);
  const files = await Promise.all(
    listed
      .filter((f) => f !== PLAN_FILE)
      .map(async (file) => ({ file, kind: kindOfFile(file) as FileToCollect['kind'], ...whereToRead(source, file)!, size: await sizeOf(source.pathOf!(file)) })),
  );
  const shared: CollectShared = { context, plan: planResult.data!, cycle: cycle.id, scope: { by: options.by }, madeOn: today, format: options.format, ...(formKeyOf(io) ? { key: formKeyOf(io)! } : {}) };
  const threads = options.threads ?? threadsFor(files.reduce((sum, f) => sum + f.size, 0), 'auto');
  const out = resolve(io.cwd, options.out);
  let errors = 0;
  const { value: made } = await withStagedWrites(
    (message) => io.stderr.write(message),
    async (staging) => {
      // Each form is staged as soon as it comes back, while the threads go on with the next files.
      const stage = (done: FileCollected) => done.forms.forEach((form) => staging.stage(join(out, `${form.name}.${options.format}`), form.bytes));
      let collected: FileCollected[];
      if (threads > 0) {
        const { WorkerPool } = await import('../workers/pool.js');
        const pool = new WorkerPool({ module: new URL('../collect/collect-file.js', import.meta.url).href, fn: 'collectFile' }, threads, shared);
        try {
          // Largest first, so that no thread is left with a large file at the end while the others wait.
          const order = files.map((_, i) => i).sort((a, b) => files[b]!.size - files[a]!.size);
          const done = await pool.map<FileToCollect, FileCollected>(order.map((i) => taskOf(files[i]!)), 4, stage);
          collected = new Array(files.length);
          order.forEach((file, k) => (collected[file] = done[k]!));
        } finally {
          await pool.close();
        }
      } else {
        collected = [];
        for (const f of files) {
          const done = await collectFile(taskOf(f), shared);
          stage(done);
          collected.push(done);
        }
      }
      errors = (await finishLoad(source, [planResult, ...collected.map((c) => c.result)], context)).errorCount;
      // The items people rate as a whole, from plan.yaml and what every file carries out: their forms first.
      const carried = new Set(collected.flatMap((c) => c.result.summary?.strategiesCarried ?? []));
      const planForms = errors ? [] : [...itemForms(planOnly, cycle, { by: options.by }, today, returnToOf(planOnly) || null, formKeyOf(io), carried), ...measureForms(planOnly, cycle, { by: options.by }, today, returnToOf(planOnly) || null, formKeyOf(io))];
      const items = await formFiles(planForms, options.format, -1, formKeyOf(io));
      for (const file of items) staging.stage(join(out, `${file.name}.${options.format}`), file.bytes);
      // The plan's own forms first; then in the order plan.yaml lists the schools and offices, a file's own order among equals.
      const forms = [...items, ...collected.flatMap((c, file) => c.forms.map((form) => ({ ...form, file }))).sort((a, b) => a.rank - b.rank || a.file - b.file)];
      return { keep: errors === 0 && forms.length > 0, value: forms };
    },
  );
  if (errors) return refuse(errors);
  if (!made.length) {
    io.stderr.write(`plan collect: no ${planOnly.terms.action.singular.toLowerCase()} reports in ${cycle.name} for what was asked; no forms written.${whoDoesNotReport(planOnly, cycle)}\n`);
    return EXIT_OK;
  }
  return madeForms(made, planOnly, cycle, dirArg, options, io);
}

/** A file as a thread is sent it: without the size it was ordered by. */
function taskOf({ size: _size, ...task }: FileToCollect & { size: number }): FileToCollect {
  return task;
}
