// `plan diff [BASE] [HEAD]`: what a change means for the plan, for a reviewer.
import { diffPlans, isEmptyDiff } from '../diff/diff.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText } from '../format/diff.js';
import type { LoadedPlan } from '../load/load-plan.js';
import { loadPlanPair } from '../load/load-pair.js';
import { buildModel, type PlanModel } from '../model.js';
import { paintFor } from './colors.js';
import { EXIT_CANNOT_RUN, EXIT_OK, EXIT_PLAN_INVALID, type CliIO } from './io.js';
import { openSide, type OpenedPlan } from './open-plan.js';

export interface DiffOptions {
  plan: string;
  format: 'text' | 'markdown' | 'json';
  exitCode?: boolean;
  color?: boolean;
}

function checkSide(which: 'BASE' | 'HEAD', opened: OpenedPlan, loaded: LoadedPlan, io: CliIO): PlanModel | null {
  {
    if (loaded.errorCount === 0) return buildModel(loaded);
    io.stderr.write(`plan diff: ${which} (${opened.label}) has ${loaded.errorCount} error${loaded.errorCount === 1 ? '' : 's'}, so it cannot be compared:\n`);
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error').slice(0, 5)) {
      io.stderr.write(`  ${d.file}${d.range ? `:${d.range.start.line + 1}:${d.range.start.column + 1}` : ''}  ${d.message}  ${d.code}\n`);
    }
    if (loaded.errorCount > 5) io.stderr.write(`  ... and ${loaded.errorCount - 5} more: run plan validate on it.\n`);
    return null;
  }
}

export async function runDiff(baseArg: string | undefined, headArg: string | undefined, options: DiffOptions, io: CliIO): Promise<number> {
  const base = await openSide(baseArg, 'base', options.plan, io);
  const head = await openSide(headArg, 'head', options.plan, io);
  let loaded;
  try {
    loaded = await loadPlanPair(base.source, head.source);
  } finally {
    base.close();
    head.close();
  }
  const before = checkSide('BASE', base, loaded.base, io);
  const after = checkSide('HEAD', head, loaded.head, io);
  if (!before || !after) return EXIT_CANNOT_RUN;
  const diff = diffPlans(before, after, { base: base.label, head: head.label });
  switch (options.format) {
    case 'json':
      io.stdout.write(formatDiffJson(diff));
      break;
    case 'markdown':
      io.stdout.write(formatDiffMarkdown(after, diff));
      break;
    default:
      io.stdout.write(formatDiffText(after, diff, await paintFor(io.stdout, io.env, options.color)));
  }
  return options.exitCode && !isEmptyDiff(diff) ? EXIT_PLAN_INVALID : EXIT_OK;
}

