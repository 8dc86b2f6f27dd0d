// Opening a plan where the user names it: a directory as it is now, or as it stood at a git
// revision (--rev). Every command reads plans through here, so that last February's board report
// can be rebuilt from its tag exactly as validate would check it.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadPlan, type LoadedPlan } from '../load/load-plan.js';
import { DirectorySource, type PlanSource } from '../load/source.js';
import type { CycleData, PlanModel } from '../plan/model.js';
import { NO_CYCLES } from '../plan/calendar.js';
import { upcomingCycle } from '../rollup/todo.js';
import { requirePlanDirectory, UsageError, type CliIO } from './io.js';

export interface OpenedPlan {
  source: PlanSource;
  /** The plan directory in the working tree (for templates and logos). */
  dir: string;
  label: string;
  close(): void;
}

// git is loaded only when a revision is named: validating a directory never pays for it.
const gitSource = () => import('../load/git-source.js');

async function gitUsage(error: unknown): Promise<never> {
  const { GitError } = await gitSource();
  if (!(error instanceof GitError)) throw error;
  const hint = /not inside a git repository/.test(error.message)
    ? 'Revisions are read from the git repository that holds the plan: run this inside it, or compare two directories (plan diff OLD_DIR NEW_DIR).'
    : /no default branch/.test(error.message)
      ? 'Name the revision to compare with, e.g. plan diff main, or commit the plan first.'
      : 'Name a commit, branch or tag of the plan\'s repository (git log --oneline shows them).';
  throw new UsageError(error.message, hint);
}

/** The plan's history of targets from a revision or a date (--changes-since; default its first commit), up to `until` (--rev) or HEAD. */
export async function openHistory(dir: string, since: string | undefined, until?: string): Promise<import('../history/history.js').PlanHistory> {
  const { planHistory } = await import('../history/history.js');
  return planHistory(dir, { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) }).catch(gitUsage);
}

export async function openPlan(dirArg: string, io: CliIO, rev?: string): Promise<OpenedPlan> {
  const dir = await requirePlanDirectory(dirArg, io.cwd);
  if (rev === undefined) return { source: new DirectorySource(dir, dirArg), dir, label: dirArg, close: () => undefined };
  const { GitRevisionSource } = await gitSource();
  const source = await GitRevisionSource.open(dir, rev).catch(gitUsage);
  return { source, dir, label: source.label, close: () => source.close() };
}

/**
 * One side of a diff: an existing directory, or a revision of the repository holding `planDir`.
 * The head defaults to the working tree; the base to the merge base with the default branch.
 */
export async function openSide(arg: string | undefined, which: 'base' | 'head', planDirArg: string, io: CliIO): Promise<OpenedPlan> {
  const planDir = await requirePlanDirectory(planDirArg, io.cwd);
  if (arg !== undefined) {
    const asPath = resolve(io.cwd, arg);
    const isDir = await stat(asPath).then((s) => s.isDirectory()).catch(() => false);
    if (isDir) return { source: new DirectorySource(asPath, arg), dir: asPath, label: arg, close: () => undefined };
    const { GitRevisionSource } = await gitSource();
    const source = await GitRevisionSource.open(planDir, arg).catch(gitUsage);
    return { source, dir: planDir, label: source.label, close: () => source.close() };
  }
  if (which === 'head') return { source: new DirectorySource(planDir, planDirArg), dir: planDir, label: `${planDirArg} (working tree)`, close: () => undefined };
  const { GitRevisionSource, defaultBase, locateInRepository } = await gitSource();
  const { root } = await locateInRepository(planDir).catch(gitUsage);
  const base = await defaultBase(root).catch(gitUsage);
  const source = await GitRevisionSource.open(planDir, base).catch(gitUsage);
  return { source, dir: planDir, label: `${source.label.replace(base, base.slice(0, 10))} (merge base)`, close: () => source.close() };
}

/**
 * The plan with every file's data, for commands that need a valid plan (status, report,
 * codeowners). A plan with errors is refused with a pointer to plan validate: null, message written.
 */
export async function loadValidPlan(command: string, dirArg: string, io: CliIO, rev: string | undefined, why: string): Promise<{ loaded: LoadedPlan; opened: OpenedPlan } | null> {
  const opened = await openPlan(dirArg, io, rev);
  let loaded: LoadedPlan;
  try {
    loaded = await loadPlan(opened.source, { keepData: true });
  } finally {
    opened.close();
  }
  if (loaded.errorCount === 0) return { loaded, opened };
  const n = loaded.errorCount;
  io.stderr.write(`plan ${command}: ${opened.label} has ${n} error${n === 1 ? '' : 's'}; ${why}.\n  Run "plan validate ${dirArg}${rev ? ` --rev ${rev}` : ''}" to see them.\n`);
  return null;
}

/**
 * The cycle a command about collecting updates works on (todo, collect): the one named, or the next
 * one due as of `asOf`. Bad usage when the plan has no such cycle.
 */
export function cycleToCollect(model: PlanModel, named: string | undefined, asOf: string): CycleData {
  const cycle = named ? model.cycles.find((c) => c.id === named) : upcomingCycle(model, asOf);
  if (cycle) return cycle;
  const ids = model.cycles.map((c) => c.id);
  if (!ids.length) throw new UsageError(NO_CYCLES.message, NO_CYCLES.hint);
  throw new UsageError(`unknown reporting cycle "${named}"`, `Valid ids: ${ids.join(', ')}.`);
}
