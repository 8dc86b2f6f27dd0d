// `plan codeowners [DIR] [--check] [--out FILE]`: review requests that follow the plan.
import { readFile } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import { join, relative, resolve } from 'node:path';
import { codeownersEntries, mergeBlock, renderBlock } from '../codeowners.js';
import { GitError, locateInRepository } from '../load/git-source.js';
import { buildModel } from '../plan/model.js';
import { writeFileAtomic } from '../write-file.js';
import { EXIT_OK, EXIT_PLAN_INVALID, type CliIO } from './io.js';
import { loadValidPlan } from './open-plan.js';

export async function runCodeowners(dirArg: string, options: { check?: boolean; out?: string }, io: CliIO): Promise<number> {
  const valid = await loadValidPlan('codeowners', dirArg, io, undefined, 'the owners it names cannot be trusted until they are fixed');
  if (!valid) return EXIT_PLAN_INVALID;
  const { loaded, opened } = valid;
  const dir = opened.dir;
  let root: string;
  let planPath: string;
  try {
    ({ root, path: planPath } = await locateInRepository(dir));
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    // Outside git, paths are taken from the working directory.
    root = io.cwd;
    planPath = relative(io.cwd, dir).split('\\').join('/');
  }
  const { entries, warnings } = codeownersEntries(buildModel(loaded), planPath);
  for (const warning of warnings) io.stderr.write(`plan codeowners: warning: ${warning}\n`);
  const file = options.out ? resolve(io.cwd, options.out) : join(root, '.github', 'CODEOWNERS');
  const existing = await readFile(file, 'utf8').catch(() => '');
  const wanted = mergeBlock(existing, planPath, renderBlock(planPath, entries));
  const shown = relative(io.cwd, file) || file;
  if (options.check) {
    if (existing === wanted) {
      io.stdout.write(`${shown} is up to date with the owners in the plan\n`);
      return EXIT_OK;
    }
    io.stdout.write(`${shown} does not match the owners in the plan; run "plan codeowners ${dirArg}" to update it.\n`);
    // In CODEOWNERS the last matching line wins, so order and repeated lines matter: a real line diff.
    io.stdout.write(createTwoFilesPatch(shown, shown, existing, wanted, 'now', 'from the plan', { context: 2 }).replace(/^=+\n/, ''));
    return EXIT_PLAN_INVALID;
  }
  if (existing === wanted) {
    io.stderr.write(`${shown} is already up to date\n`);
    return EXIT_OK;
  }
  await writeFileAtomic(file, wanted);
  io.stdout.write(`${shown}\n`);
  return EXIT_OK;
}
