// `plan apply FILE...`: filled update forms into the plan's YAML, every file or none, after checking
// the plan as it would be. Refused rows and conflicts are listed and nothing is written.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { canWrite, prepareApply, type ApplyOutcome } from '../apply/apply.js';
import { formatApplyJson, formatApplyText, writtenApplyJson, writtenApplyText, type WrittenReport } from '../format/apply.js';
import { DirectorySource } from '../load/source.js';
import { withPlanLock } from '../plan-lock.js';
import { WriteFailedError } from '../write-file.js';
import { withStagedWrites } from './interrupt.js';
import { paintFor } from './colors.js';
import { EXIT_OK, EXIT_PLAN_INVALID, formKeyOf, requirePlanDirectory, terminalWidth, UsageError, type CliIO } from './io.js';
import type { ApplyOptions } from './options.js';

/** Files as named, and every .xlsx and .csv inside a folder named. */
async function formPaths(args: string[], io: CliIO): Promise<Array<{ path: string; label: string }>> {
  const found: Array<{ path: string; label: string }> = [];
  for (const arg of args) {
    const path = resolve(io.cwd, arg);
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(path)).filter((n) => /\.(xlsx|csv)$/i.test(n) && !n.startsWith('~$') && !n.startsWith('.')).sort();
      if (!names.length) throw new UsageError(`${arg} holds no .xlsx or .csv files`, 'Name the filled forms, or the folder plan collect wrote them to.');
      for (const n of names) found.push({ path: join(path, n), label: join(arg, n) });
    } else if (info?.isFile()) found.push({ path, label: arg });
    else throw new UsageError(`${arg}: no such file or folder`, 'Name the filled forms (.xlsx or .csv), or the folder that holds them.');
  }
  const seen = new Set<string>();
  return found.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
}

export async function runApply(files: string[], options: ApplyOptions, io: CliIO): Promise<number> {
  if (!files.length) throw new UsageError('name the filled forms to apply', 'e.g. plan apply updates/*.xlsx --plan plans/eh2020');
  const dir = await requirePlanDirectory(options.plan, io.cwd);
  const forms = await formPaths(files, io);
  const source = new DirectorySource(dir, options.plan);
  const dryRun = options.dryRun ?? false;
  const formKey = formKeyOf(io);
  // Each file goes to a temporary name as soon as its new text is made; the files are renamed into
  // place only if everything can be written. While they move, the report goes out but for its last
  // words, which say whether they were written.
  let ending: WrittenReport | null = null;
  let outcome: ApplyOutcome;
  // A dry run writes nothing and needs no lock; a run that writes holds the plan's lock from its
  // first read to its last rename, so that two runs at once cannot lose one's updates.
  const locked = <T,>(work: () => Promise<T>): Promise<T> =>
    dryRun ? work() : withPlanLock(dir, work, (holder) => io.stderr.write(`plan apply: waiting for another plan apply on ${options.plan} (process ${holder}) to finish\n`));
  try {
    ({ value: outcome } = await locked(() => withStagedWrites(
      (message) => io.stderr.write(message),
      async (staging) => {
        const outcome = await prepareApply({ source, forms, overwrite: options.overwrite ?? false, ...(formKey ? { formKey } : {}), ...(dryRun ? {} : { staging, commit: () => staging.commit() }) });
        const keep = !dryRun && canWrite(outcome);
        if (!outcome.errorsBefore.length) {
          const report = await reportOf(outcome, { dryRun, written: keep }, options, io);
          io.stdout.write(report.body);
          ending = report;
        }
        return { keep, value: outcome };
      },
    )));
  } catch (error) {
    // Rarely, files moved could not all be put back: then the error says where they are, and the report stops short.
    const allPutBack = !(error instanceof WriteFailedError && error.keptIn.length > 0);
    if (ending && allPutBack) io.stdout.write((ending as WrittenReport).failed);
    throw error;
  }
  if (outcome.errorsBefore.length) {
    const count = outcome.errorsBefore.length;
    io.stderr.write(`plan apply: ${options.plan} has ${count} error${count === 1 ? '' : 's'}; updates are applied only to a plan without errors.\n  Run "plan validate ${options.plan}" to see them.\n`);
    return EXIT_PLAN_INVALID;
  }
  io.stdout.write(ending!.closing);
  const refused = outcome.problems.length > 0 || outcome.conflicts.length > 0 || outcome.planErrors.length > 0;
  if (refused && options.format === 'json') io.stderr.write(`plan apply: nothing was written (${outcome.problems.length} problems, ${outcome.conflicts.length} conflicts)\n`);
  return refused ? EXIT_PLAN_INVALID : EXIT_OK;
}

/** What was done, or would be, as stdout gets it: cut before its last words when the files are being written (see WrittenReport). */
async function reportOf(outcome: ApplyOutcome, state: { dryRun: boolean; written: boolean }, options: ApplyOptions, io: CliIO): Promise<WrittenReport> {
  const whole = (body: string): WrittenReport => ({ body, closing: '', failed: '' });
  if (options.format === 'json') return state.written ? writtenApplyJson(outcome, state.dryRun) : whole(formatApplyJson(outcome, state));
  const model = (outcome.after ?? outcome.before)!;
  const paint = await paintFor(io.stdout, io.env, options.color);
  const width = (io.stdout as { isTTY?: boolean }).isTTY ? await terminalWidth(io) : Infinity;
  return state.written ? writtenApplyText(model, outcome, paint, state.dryRun, width) : whole(formatApplyText(model, outcome, paint, state, width));
}
