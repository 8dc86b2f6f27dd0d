// `plan collect`: update forms for a reporting cycle, one per school, office or owner, to send to the
// people who rate the actions. They come back through `plan apply`.
import { join, resolve } from 'node:path';
import { buildUpdateForms, type UpdateForm } from '../collect/form.js';
import { formatDay, localToday } from '../dates.js';
import { buildModel, type PlanModel } from '../plan/model.js';
import { withStagedWrites } from './interrupt.js';
import type { StagedWrites } from '../write-file.js';
import { EXIT_OK, EXIT_PLAN_INVALID, UsageError, type CliIO } from './io.js';
import { cycleToCollect, loadValidPlan } from './open-plan.js';
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

/**
 * Makes the forms and stages each one's file as soon as it is made. A large run stamps its workbooks
 * on worker threads, each batch of forms handed over as soon as it is made, and each thread writes
 * the files it stamps, while this thread makes the next forms; a small one stamps them here.
 */
async function makeForms(build: (onForm?: (form: UpdateForm) => void) => UpdateForm[], format: CollectOptions['format'], threads: number, staging: StagedWrites, folder: string): Promise<UpdateForm[]> {
  const pathOf = (form: UpdateForm) => join(folder, `${form.name}.${format}`);
  if (format === 'csv') {
    const { formCsv } = await import('../collect/csv-form.js');
    const forms = build();
    for (const form of forms) staging.stage(pathOf(form), formCsv(form));
    return forms;
  }
  if (threads === 0) {
    const { stampForm } = await import('../collect/stamp.js');
    const forms = build();
    for (const form of forms) staging.stage(pathOf(form), await stampForm(form));
    return forms;
  }
  const { streamToWorkers } = await import('../workers/map.js');
  // The folder the forms go to, made now: each worker thread writes into it as it stamps.
  await staging.prepare([join(folder, `form.${format}`)]);
  const made: UpdateForm[] = [];
  const temporaries: string[] = [];
  const stream = streamToWorkers<{ form: UpdateForm; temporary: string }, { error?: string }>({ module: new URL('../collect/stamp.js', import.meta.url).href, fn: 'stampFormInto' }, threads, (done, index) => {
    staging.settle(temporaries[index]!, done.error !== undefined ? new Error(`could not write ${pathOf(made[index]!)}: ${done.error}`) : undefined);
  });
  let batch: Array<{ form: UpdateForm; temporary: string }> = [];
  try {
    const forms = build((form) => {
      made.push(form);
      const temporary = staging.reserve(pathOf(form));
      temporaries.push(temporary);
      batch.push({ form, temporary });
      if (batch.length === 32) {
        stream.push(batch);
        batch = [];
      }
    });
    stream.push(batch);
    return forms;
  } finally {
    await stream.end();
  }
}

export async function runCollect(dirArg: string, options: CollectOptions, io: CliIO): Promise<number> {
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
  const narrowed = options.school !== undefined || options.office !== undefined || options.owner !== undefined;
  const { threadsForItems } = await import('../workers/map.js');
  const threads = options.threads ?? (narrowed ? 0 : threadsForItems(model.actionPlans.length, 1));
  const out = resolve(io.cwd, options.out);
  let rows = 0;
  // Every form or none: each is staged as soon as it is made, and all are renamed into place at the end.
  const { value: forms } = await withStagedWrites(
    (message) => io.stderr.write(message),
    async (staging) => {
      const made = await makeForms((onForm) => buildUpdateForms(model, cycle, scope, today, onForm), options.format, threads, staging, out);
      rows = made.reduce((n, form) => n + form.rows.length, 0);
      return { keep: made.length > 0, value: made };
    },
  );
  if (!forms.length) {
    io.stderr.write(`plan collect: no ${model.terms.action.singular.toLowerCase()} reports in ${cycle.name} for what was asked; no forms written.\n`);
    return EXIT_OK;
  }
  // Listed in the forms' order once all are written, whichever write finished first.
  io.stdout.write(forms.map((form) => `${join(options.out, `${form.name}.${options.format}`)}\n`).join(''));
  io.stderr.write(
    `plan collect: ${forms.length} form${forms.length === 1 ? '' : 's'} for ${cycle.name}, ${rows} ${rows === 1 ? model.terms.action.singular.toLowerCase() : model.terms.action.plural.toLowerCase()}, due ${formatDay(cycle.due)}; send them, then: plan apply ${join(options.out, `*.${options.format}`)} --plan ${dirArg}\n`,
  );
  return EXIT_OK;
}
