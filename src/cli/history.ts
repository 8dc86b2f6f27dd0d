// `plan history [DIR]`: how the plan's targets, measures and items changed in git, and why.
import { buildModel } from '../plan/model.js';
import { loadLocale } from '../report/locale.js';
import { paintFor } from './colors.js';
import { EXIT_OK, EXIT_PLAN_INVALID, requirePlanDirectory, terminalWidth, UsageError, type CliIO } from './io.js';
import { loadValidPlan, openHistory } from './open-plan.js';

export const HISTORY_FORMATS = ['text', 'json', 'csv', 'markdown'] as const;

export interface HistoryCommandOptions {
  since?: string;
  rev?: string;
  format: (typeof HISTORY_FORMATS)[number];
  bom?: boolean;
  color?: boolean;
}

export async function runHistory(dirArg: string, options: HistoryCommandOptions, io: CliIO): Promise<number> {
  if (options.bom && options.format !== 'csv') throw new UsageError('--bom goes with --format csv');
  // The plan as it stands (or at --rev) names what the history shows: its levels' words, its measures' units.
  const valid = await loadValidPlan('history', dirArg, io, options.rev, 'its history is read against the plan as it stands');
  if (!valid) return EXIT_PLAN_INVALID;
  const dir = await requirePlanDirectory(dirArg, io.cwd);
  const model = buildModel(valid.loaded);
  const history = await openHistory(dir, options.since, options.rev);
  if (!history.until) io.stderr.write(`plan history: git has no commit of ${dirArg} yet; commit the plan (git add, git commit) to start its history\n`);
  const [{ updatesView }, format] = await Promise.all([import('../history/updates-view.js'), import('../format/history.js')]);
  switch (options.format) {
    case 'json':
      io.stdout.write(format.formatHistoryJson(history));
      break;
    case 'csv':
      io.stdout.write(format.formatHistoryCsv(history, { bom: options.bom ?? false }));
      break;
    case 'markdown':
      io.stdout.write(format.formatHistoryMarkdown(updatesView(history, model, loadLocale('en'))));
      break;
    default:
      io.stdout.write(format.formatHistoryText(updatesView(history, model, loadLocale('en')), await paintFor(io.stdout, io.env, options.color), await terminalWidth(io)));
  }
  return EXIT_OK;
}
