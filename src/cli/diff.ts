// `plan diff [BASE] [HEAD]`: what a change means for the plan, for a reviewer.
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { diffPlans, isEmptyDiff } from '../diff/diff.js';
import { formatBrief } from '../format/stylish.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText, sideNotes } from '../format/diff.js';
import type { LoadedPlan } from '../load/load-plan.js';
import { loadPlanPair } from '../load/load-pair.js';
import { comparableSide, UnreadablePlanError, type ComparableSide } from '../diff/sides.js';
import { paintFor } from './colors.js';
import { EXIT_CANNOT_RUN, EXIT_OK, EXIT_PLAN_INVALID, UsageError, type CliIO } from './io.js';
import { openSide, type OpenedPlan } from './open-plan.js';
import type { DiffOptions } from './options.js';


function compareSide(which: 'BASE' | 'HEAD', opened: OpenedPlan, loaded: LoadedPlan, io: CliIO): ComparableSide | null {
  try {
    return comparableSide(loaded);
  } catch (error) {
    if (!(error instanceof UnreadablePlanError)) throw error;
    io.stderr.write(`plan diff: ${which} (${opened.label}) has ${loaded.errorCount} error${loaded.errorCount === 1 ? '' : 's'}, so it cannot be compared:\n`);
    io.stderr.write(formatBrief(loaded.diagnostics));
    return null;
  }
}

export async function runDiff(baseArg: string | undefined, headArg: string | undefined, options: DiffOptions, io: CliIO): Promise<number> {
  await refusePlanFolderAsBase(baseArg, headArg, options.plan, io);
  const base = await openSide(baseArg, 'base', options.plan, io);
  const head = await openSide(headArg, 'head', options.plan, io);
  let loaded;
  try {
    loaded = await loadPlanPair(base.source, head.source);
  } finally {
    base.close();
    head.close();
  }
  const before = compareSide('BASE', base, loaded.base, io);
  const after = compareSide('HEAD', head, loaded.head, io);
  if (!before || !after) return EXIT_CANNOT_RUN;
  if (before.side.state === 'absent' && after.side.state === 'absent') {
    throw new UsageError(`neither ${base.label} nor ${head.label} holds a plan (no plan.yaml)`, 'Name the plan directory with --plan, e.g. plan diff main --plan plans/our-district.');
  }
  const diff = diffPlans(before.model, after.model, { base: base.label, head: head.label }, { base: before.side, head: after.side });
  const model = after.side.state === 'absent' ? before.model : after.model;
  // The text output says it itself; a file of Markdown or JSON is not what a person reads first.
  if (options.format !== 'text') for (const note of sideNotes(diff)) io.stderr.write(`plan diff: ${note}\n`);
  switch (options.format) {
    case 'json':
      io.stdout.write(formatDiffJson(diff));
      break;
    case 'markdown':
      io.stdout.write(formatDiffMarkdown(model, diff));
      break;
    default:
      io.stdout.write(formatDiffText(model, diff, await paintFor(io.stdout, io.env, options.color)));
  }
  return options.exitCode && !isEmptyDiff(diff) ? EXIT_PLAN_INVALID : EXIT_OK;
}


/**
 * `plan diff plans/district`, written as every other command takes its plan: the folder would be
 * compared, as the base, with a working tree that holds no plan, and read as the plan removed.
 * When the one argument is a plan folder and --plan names no plan, the command stops and says so.
 */
async function refusePlanFolderAsBase(baseArg: string | undefined, headArg: string | undefined, planArg: string, io: CliIO): Promise<void> {
  if (baseArg === undefined || headArg !== undefined) return;
  const holdsPlan = (dir: string) => access(join(resolve(io.cwd, dir), 'plan.yaml')).then(() => true, () => false);
  if (!(await holdsPlan(baseArg)) || (await holdsPlan(planArg))) return;
  throw new UsageError(
    `${baseArg} is a plan folder, and plan diff takes revisions: it would compare ${baseArg} with ${planArg}, which holds no plan`,
    `Did you mean: plan diff --plan ${baseArg} (the working tree against the merge base with the default branch), or plan diff main --plan ${baseArg}?`,
  );
}
