// One plan file from its bytes to its result: read it as data (load/read-file.ts), then check the
// data (rules/check-data.ts). The loader and its worker threads call this for every file.
import type { FileResult } from '../plan/files.js';
import { checkData } from '../rules/check-data.js';
import type { PlanContext } from '../rules/context.js';
import type { RuleOptions } from '../rules/rule.js';
import { SourceLocator } from './locate.js';
import { readPlanFile, type FileTask } from './read-file.js';

export type { FileTask } from './read-file.js';

export interface CheckOptions {
  keepData: boolean;
  /** What the rules are asked for beyond the plan (--require-ratings). */
  rules?: RuleOptions;
}

export function checkFile(task: FileTask, ctx: PlanContext, options: CheckOptions): FileResult & { context?: PlanContext } {
  const read = readPlanFile(task);
  if (!read.ok) return read.result;
  return checkData(task.file, task.kind, read.data, ctx, options, () => new SourceLocator(read.text));
}
