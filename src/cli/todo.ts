// `plan todo [DIR]`: who still owes what for a reporting cycle, and by when, for reminders.
import { localToday } from '../dates.js';
import { formatTodoCsv, formatTodoJson, formatTodoMarkdown, formatTodoText } from '../format/todo.js';
import { buildModel } from '../plan/model.js';
import { outstanding } from '../rollup/todo.js';
import { paintFor } from './colors.js';
import { EXIT_OK, EXIT_PLAN_INVALID, UsageError, type CliIO } from './io.js';
import { cycleToCollect, loadValidPlan } from './open-plan.js';
import type { TodoOptions } from './options.js';

export async function runTodo(dirArg: string, options: TodoOptions, io: CliIO): Promise<number> {
  if (options.bom && options.format !== 'csv') throw new UsageError('--bom goes with --format csv');
  const valid = await loadValidPlan('todo', dirArg, io, options.rev, 'who owes what cannot be worked out until they are fixed');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  const asOf = options.asOf ?? localToday(model.plan.district.timezone);
  const cycle = cycleToCollect(model, options.cycle, asOf);
  const todo = outstanding(model, cycle, asOf);
  switch (options.format) {
    case 'json':
      io.stdout.write(formatTodoJson(todo));
      break;
    case 'csv':
      io.stdout.write(formatTodoCsv(todo, { bom: options.bom ?? false }));
      break;
    case 'markdown':
      io.stdout.write(formatTodoMarkdown(model, todo));
      break;
    default:
      io.stdout.write(formatTodoText(model, todo, await paintFor(io.stdout, io.env, options.color)));
  }
  return EXIT_OK;
}
