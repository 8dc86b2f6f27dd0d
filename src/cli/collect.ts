// `plan collect`: update forms for a reporting cycle, one per school, office or owner, to send to the
// people who rate the actions. They come back through `plan apply`.
import { join, resolve } from 'node:path';
import { buildUpdateForms } from '../collect/form.js';
import { formatDay, localToday } from '../dates.js';
import { buildModel, type PlanModel } from '../plan/model.js';
import { upcomingCycle } from '../rollup/todo.js';
import { writeFileAtomic } from '../write-file.js';
import { EXIT_OK, EXIT_PLAN_INVALID, UsageError, type CliIO } from './io.js';
import { loadValidPlan } from './open-plan.js';
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

export async function runCollect(dirArg: string, options: CollectOptions, io: CliIO): Promise<number> {
  const valid = await loadValidPlan('collect', dirArg, io, options.rev, 'forms are made only from a plan without errors');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  const today = options.asOf ?? localToday(model.plan.district.timezone);
  const cycle = options.cycle ? model.cycles.find((c) => c.id === options.cycle) : upcomingCycle(model, today);
  if (!cycle) {
    const ids = model.cycles.map((c) => c.id);
    throw new UsageError(options.cycle ? `unknown reporting cycle "${options.cycle}"` : 'the plan defines no reporting cycles', ids.length ? `Valid ids: ${ids.join(', ')}.` : 'Add cycles to plan.yaml.');
  }
  requireKnown(model, 'school', options.school);
  requireKnown(model, 'office', options.office);
  requireKnown(model, 'owner', options.owner);
  const forms = buildUpdateForms(model, cycle, { by: options.by, ...(options.school ? { school: options.school } : {}), ...(options.office ? { office: options.office } : {}), ...(options.owner ? { owner: options.owner } : {}) }, today);
  if (!forms.length) {
    io.stderr.write(`plan collect: no ${model.terms.action.singular.toLowerCase()} reports in ${cycle.name} for what was asked; no forms written.\n`);
    return EXIT_OK;
  }
  const out = resolve(io.cwd, options.out);
  const writer = options.format === 'xlsx' ? new (await import('../collect/stamp.js')).FormWriter() : null;
  const { formCsv } = await import('../collect/csv-form.js');
  let rows = 0;
  // Forms are made one at a time and written several at a time: the disk, not the CPU, waits.
  const writing = new Set<Promise<void>>();
  for (const form of forms) {
    const path = join(out, `${form.name}.${options.format}`);
    const content = writer ? await writer.write(form) : formCsv(form);
    const write = writeFileAtomic(path, content).finally(() => writing.delete(write));
    writing.add(write);
    if (writing.size >= 16) await Promise.race(writing);
    rows += form.rows.length;
    io.stdout.write(`${join(options.out, `${form.name}.${options.format}`)}\n`);
  }
  await Promise.all(writing);
  io.stderr.write(
    `plan collect: ${forms.length} form${forms.length === 1 ? '' : 's'} for ${cycle.name}, ${rows} ${rows === 1 ? model.terms.action.singular.toLowerCase() : model.terms.action.plural.toLowerCase()}, due ${formatDay(cycle.due)}; send them, then: plan apply ${join(options.out, `*.${options.format}`)} --plan ${dirArg}\n`,
  );
  return EXIT_OK;
}
