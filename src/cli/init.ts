// `plan init DIR`: a new plan directory that validates, with the schemas beside it so that an editor
// checks and completes every file from the first keystroke. It never overwrites a plan.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scaffoldPlan, type ScaffoldOptions } from '../scaffold.js';
import { writeFileAtomic } from '../write-file.js';
import { UsageError, type CliIO } from './io.js';

export type InitOptions = ScaffoldOptions;

export async function runInit(dirArg: string, options: InitOptions, io: CliIO): Promise<number> {
  const dir = resolve(io.cwd, dirArg);
  if (existsSync(join(dir, 'plan.yaml'))) {
    throw new UsageError(`${dirArg} already holds a plan (plan.yaml)`, 'Choose a new folder; plan init never overwrites a plan.');
  }
  if (options.end <= options.start) throw new UsageError('--end must come after --start');
  const files = scaffoldPlan(options);
  for (const [file, text] of files) await writeFileAtomic(join(dir, file), text);
  io.stdout.write(`${files.map(([f]) => join(dirArg, f)).join('\n')}\n`);
  io.stderr.write(`plan init: a new plan in ${dirArg}. Next: add schools to plan.yaml and schools/<id>.yaml files, then run plan validate ${dirArg}\n`);
  return 0;
}
