// `plan export [DIR]`: the plan as a flat table (CSV or a workbook) to map onto a state's form, or
// laid out as a state's template asks (kentucky: the Comprehensive Improvement Plan, as HTML).
import { relative, resolve } from 'node:path';
import { localToday } from '../dates.js';
import { buildModel } from '../plan/model.js';
import { writeFileAtomic } from '../write-file.js';
import { EXIT_OK, EXIT_PLAN_INVALID, UsageError, type CliIO } from './io.js';
import { loadValidPlan } from './open-plan.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'kentucky'] as const;

export interface ExportOptions {
  format: (typeof EXPORT_FORMATS)[number];
  out?: string;
  cycle?: string;
  bom?: boolean;
  rev?: string;
}

export async function runExport(dirArg: string, options: ExportOptions, io: CliIO): Promise<number> {
  if (options.format === 'xlsx' && !options.out) throw new UsageError('--format xlsx needs --out FILE', 'A workbook is not text: name the file to write, e.g. --out plan.xlsx.');
  if (options.bom && options.format !== 'csv') throw new UsageError('--bom goes with --format csv');
  const valid = await loadValidPlan('export', dirArg, io, options.rev, 'fix them before exporting');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  const cycle = options.cycle === undefined ? undefined : model.cycles.find((c) => c.id === options.cycle);
  if (options.cycle !== undefined && !cycle) throw new UsageError(`unknown ${model.terms.cycle.singular.toLowerCase()} "${options.cycle}"`, `Valid ids: ${model.cycles.map((c) => c.id).join(', ')}.`);
  const [{ exportRows }, formats] = await Promise.all([import('../export/table.js'), import('../export/formats.js')]);
  const rows = exportRows(model, cycle?.due);
  const content: string | Uint8Array =
    options.format === 'csv'
      ? formats.exportCsv(rows, { bom: options.bom ?? false })
      : options.format === 'xlsx'
        ? await formats.exportXlsx(rows, model.plan.plan.title)
        : formats.exportKentucky(model, rows, localToday(model.plan.district.timezone));
  if (!options.out) {
    // A workbook always has --out (refused above): what reaches standard output is text.
    io.stdout.write(typeof content === 'string' ? content : Buffer.from(content).toString('latin1'));
    return EXIT_OK;
  }
  const path = resolve(io.cwd, options.out);
  await writeFileAtomic(path, content);
  io.stderr.write(`plan export: ${rows.length} ${model.terms.action.plural.toLowerCase()} to ${relative(io.cwd, path) || path}\n`);
  io.stdout.write(`${relative(io.cwd, path) || path}\n`);
  return EXIT_OK;
}
