// `plan status [DIR]`: the rollup of one reporting cycle as a dashboard, or as data.
import { localToday } from '../dates.js';
import { formatStatusCsv, formatStatusJson, formatStatusMarkdown } from '../format/status-data.js';
import { formatStatusText } from '../format/status-text.js';
import { buildModel, type PlanModel } from '../plan/model.js';
import { computeRollup, RollupError, type Rollup } from '../rollup/rollup.js';
import { buildView, depthChoices, depthReach } from '../status/view.js';
import { paintFor } from './colors.js';
import type { StatusOptions } from './options.js';
import { type CliIO, EXIT_OK, EXIT_PLAN_INVALID, rollupUsageError, terminalWidth, UsageError } from './io.js';
import { loadValidPlan } from './open-plan.js';


export async function runStatus(dirArg: string, options: StatusOptions, io: CliIO): Promise<number> {
  if (options.bom && options.format !== 'csv') throw new UsageError('--bom goes with --format csv', 'A byte-order mark is for spreadsheets reading CSV; leave it out of other formats.');
  const valid = await loadValidPlan('status', dirArg, io, options.rev, 'ratings cannot be rolled up until they are fixed');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  if (!depthReach(model, options.depth)) {
    throw new UsageError(`--depth "${options.depth}" is not a depth of this plan`, `Use one of: ${depthChoices(model).join(', ')}.`);
  }
  let rollup;
  try {
    rollup = computeRollup(model, {
      ...(options.cycle !== undefined ? { cycle: options.cycle } : {}),
      ...(options.school !== undefined ? { school: options.school } : {}),
      ...(options.theory !== undefined ? { theory: options.theory } : {}),
      asOf: options.asOf ?? localToday(model.plan.district.timezone),
    });
  } catch (error) {
    if (error instanceof RollupError) throw rollupUsageError(error);
    throw error;
  }
  if (options.by === 'funding') return writeFunding(model, rollup, options, io);
  // One school alone is shown by theory; --by school with --school would show one line.
  const view = buildView(model, rollup, options.school ? 'theory' : options.by, options.depth);
  switch (options.format) {
    case 'json':
      io.stdout.write(formatStatusJson(rollup, view));
      break;
    case 'csv':
      io.stdout.write(formatStatusCsv(model, view, { bom: options.bom ?? false }));
      break;
    case 'markdown':
      io.stdout.write(formatStatusMarkdown(model, rollup, view));
      break;
    default: {
      const paint = await paintFor(io.stdout, io.env, options.color);
      const width = await terminalWidth(io);
      io.stdout.write(formatStatusText(model, rollup, view, { paint, width }));
    }
  }
  return EXIT_OK;
}

/** --by funding: the plan by funding source, each source's actions rated in the cycle. */
async function writeFunding(model: PlanModel, rollup: Rollup, options: StatusOptions, io: CliIO): Promise<number> {
  const [{ fundingSummary }, format] = await Promise.all([import('../compliance/funding.js'), import('../format/funding.js')]);
  const summary = fundingSummary(model, rollup);
  switch (options.format) {
    case 'json':
      io.stdout.write(format.formatFundingJson(summary));
      break;
    case 'csv':
      io.stdout.write(format.formatFundingCsv(model, summary, { bom: options.bom ?? false }));
      break;
    case 'markdown':
      io.stdout.write(format.formatFundingMarkdown(model, summary));
      break;
    default:
      io.stdout.write(format.formatFundingText(model, summary, await paintFor(io.stdout, io.env, options.color), await terminalWidth(io)));
  }
  return EXIT_OK;
}
