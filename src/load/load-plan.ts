// Loads and checks a whole plan: plan.yaml first (it defines what the other files may refer to),
// then every action plan file (in worker threads when the plan is large), then the rules that span
// files. One pass gives schema and alignment diagnostics together.
import { stat } from 'node:fs/promises';
import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import { diagnostic } from '../rules/codes.js';
import { checkAcrossFiles } from '../rules/cross-file.js';
import { placeFindings } from '../rules/place.js';
import type { Finding } from '../rules/findings.js';
import type { RuleOptions } from '../rules/rule.js';
import { emptyPlanContext, type PlanContext } from '../rules/context.js';
import type { FileKind } from '../schema/definitions.js';
import type { FileResult } from '../plan/files.js';
import { checkFile, type CheckOptions } from './check-file.js';
import { decodeSource } from './decode.js';
import { SourceLocator } from './locate.js';
import { threadsFor } from './pool-size.js';
import { ACTION_PLAN_FOLDERS, DirectorySource, PLAN_FILE, whereToRead, type PlanSource } from './source.js';
import { planProfiles, ProfileError } from '../compliance/profile.js';
import { unreadableFile } from './unreadable.js';

export interface LoadOptions {
  /** Keep each file's parsed data in the result (rollup, reports); validation alone does not need it. */
  keepData?: boolean;
  /** Worker threads: 'auto' uses them for large plans only; 0 checks everything in this thread. */
  threads?: number | 'auto';
  /** Report every action that reports in this cycle but has no rating for it (RATING_MISSING). */
  requireRatings?: string;
  /** The compliance profile every school action plan without one of its own must meet. */
  profile?: string;
}

/** --require-ratings named a cycle that plan.yaml does not define. */
export class UnknownCycleError extends Error {
  constructor(
    readonly cycle: string,
    readonly valid: string[],
  ) {
    super(`unknown reporting cycle "${cycle}"`);
  }
}

export interface LoadedPlan {
  source: string;
  diagnostics: Diagnostic[];
  context: PlanContext;
  /** Every file of the plan, plan.yaml first; `data` is set when keepData was asked for. */
  files: FileResult[];
  errorCount: number;
  warningCount: number;
}

export function kindOfFile(file: string): FileKind | null {
  if (file === PLAN_FILE) return 'plan';
  const folder = file.slice(0, file.indexOf('/')) as keyof typeof ACTION_PLAN_FOLDERS;
  return ACTION_PLAN_FOLDERS[folder] ?? null;
}

export async function loadPlan(source: PlanSource, options: LoadOptions = {}): Promise<LoadedPlan> {
  const keepData = options.keepData ?? false;
  const rules: RuleOptions = { ...(options.requireRatings !== undefined ? { requireRatings: options.requireRatings } : {}), ...(options.profile !== undefined ? { profile: options.profile } : {}) };
  const listed = await source.list();
  const results: FileResult[] = [];
  let context = emptyPlanContext();
  const actionFiles = listed.filter((f) => f !== PLAN_FILE);
  // A large plan on disk: its threads start now, and its files are sized, while plan.yaml is read.
  const requested = options.threads ?? 'auto';
  const onDisk = source.pathOf && source.confinedTo && requested !== 0;
  const sizing = onDisk ? Promise.all(actionFiles.map((f) => sizeOf(source.pathOf!(f)))) : null;
  const earlyThreads = onDisk && requested === 'auto' ? threadsFor(actionFiles.length * TYPICAL_FILE_BYTES, 'auto') : 0;
  const early = earlyThreads > 0 ? import('./pool.js').then(({ CheckPool }) => new CheckPool(earlyThreads)) : null;

  try {
    if (listed.includes(PLAN_FILE)) {
      const { result: planResult, context: planContext } = await checkPlanYaml(source, { keepData, rules });
      context = planContext;
      // A state's own compliance profiles, in the plan directory: the action plans' rules need them.
      if (source instanceof DirectorySource) context.profiles = planProfilesOrNone(source.root, planResult);
      if (options.requireRatings !== undefined && context.known && !(options.requireRatings in context.cycleData)) {
        throw new UnknownCycleError(options.requireRatings, context.cycles);
      }
      results.push(planResult);
    } else {
      results.push({
        file: PLAN_FILE,
        kind: 'plan',
        summary: null,
        diagnostics: [
          diagnostic('PLAN_FILE_MISSING', {
            message: `${source.label} has no plan.yaml, so it is not a plan directory`,
            file: PLAN_FILE,
            path: [],
            hint: 'Run the command on the folder that holds plan.yaml, or create plan.yaml there (see the README for its layout).',
          }),
        ],
      });
    }

    results.push(...(await checkActionPlans(source, actionFiles, context, { keepData, rules }, requested, { sizing, early })));
  } catch (error) {
    // Threads started early that will have nothing to do stop here, or the process would wait for them.
    await (await early)?.close();
    throw error;
  }
  return finishLoad(source, results, context);
}

/** The plan directory's profiles; a profile file that cannot be used is an error at plan.yaml, and none is used. */
function planProfilesOrNone(dir: string, planResult: FileResult): PlanContext['profiles'] {
  try {
    return planProfiles(dir);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    planResult.diagnostics.push(diagnostic('PROFILE_UNKNOWN', { message: `${error.message}; no profile of the plan's own is used`, file: PLAN_FILE, path: [], hint: 'Correct the file in profiles/ (see the essa-*.json profiles plan ships for the shape).' }));
    return {};
  }
}

/** About what a school's action plan weighs: a plan with enough files to need threads starts them early. */
const TYPICAL_FILE_BYTES = 32 * 1024;

/** plan.yaml checked on its own, and what the other files' rules need to know of it. */
export async function checkPlanYaml(source: PlanSource, options: CheckOptions): Promise<{ result: FileResult; context: PlanContext }> {
  const { context, ...result } = await checkOne(source, PLAN_FILE, 'plan', emptyPlanContext(), options);
  return { result, context: context ?? emptyPlanContext() };
}

/** The rules across files, and the plan's diagnostics in order, from every file's result. */
export async function finishLoad(source: PlanSource, results: FileResult[], context: PlanContext): Promise<LoadedPlan> {
  const diagnostics = results.flatMap((r) => r.diagnostics);
  diagnostics.push(...(await placeCrossFileFindings(source, checkAcrossFiles(results, context))));
  diagnostics.sort(compareDiagnostics);
  let errorCount = 0;
  for (const d of diagnostics) if (d.severity === 'error') errorCount++;
  return {
    source: source.label,
    diagnostics,
    context,
    files: results,
    errorCount,
    warningCount: diagnostics.length - errorCount,
  };
}

async function checkOne(
  source: PlanSource,
  file: string,
  kind: FileKind,
  context: PlanContext,
  options: CheckOptions,
): Promise<FileResult & { context?: PlanContext }> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(file);
  } catch (error) {
    return unreadableFile(file, kind, error);
  }
  return checkFile({ file, kind, bytes }, context, options);
}

async function checkActionPlans(
  source: PlanSource,
  files: string[],
  context: PlanContext,
  options: CheckOptions,
  requestedThreads: number | 'auto',
  started: { sizing: Promise<number[]> | null; early: Promise<import('./pool.js').CheckPool> | null } = { sizing: null, early: null },
): Promise<FileResult[]> {
  if (!files.length) {
    await (await started.early)?.close();
    return [];
  }
  const entries = files.map((file) => ({ file, kind: kindOfFile(file)! }));
  // Files on disk: size them first, and let worker threads read them while others parse.
  if (source.pathOf && source.confinedTo && requestedThreads !== 0) {
    const sizes = await (started.sizing ?? Promise.all(entries.map((e) => sizeOf(source.pathOf!(e.file)))));
    const sized = entries.map((e, i) => ({ ...e, ...whereToRead(source, e.file)!, size: sizes[i]! }));
    const threads = threadsFor(sized.reduce((sum, e) => sum + e.size, 0), requestedThreads);
    const early = await started.early;
    if (threads > 0) return early ? early.run(sized, { context, options }) : (await import('./pool.js')).checkInWorkers(sized, threads, { context, options });
    // Smaller than the file count promised: checked here after all.
    await early?.close();
  }
  const read = await Promise.all(
    entries.map(async (e) => {
      try {
        return { ...e, bytes: await source.read(e.file) };
      } catch (error) {
        return { ...e, error };
      }
    }),
  );
  const threads = source.pathOf ? 0 : threadsFor(read.reduce((sum, e) => sum + ('bytes' in e ? e.bytes.byteLength : 0), 0), requestedThreads);
  if (threads > 0) {
    const readable = read.flatMap((e) => ('bytes' in e ? [{ ...e, size: e.bytes.byteLength }] : []));
    const failed = read.flatMap((e) => ('error' in e ? [unreadableFile(e.file, e.kind, e.error)] : []));
    const { checkInWorkers } = await import('./pool.js');
    return [...(await checkInWorkers(readable, threads, { context, options })), ...failed];
  }
  return read.map((e) => ('bytes' in e ? checkFile(e, context, options) : unreadableFile(e.file, e.kind, e.error)));
}

/** A file's size in bytes, 0 when it cannot be read (its read will say why): to share files out among threads. */
export async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

// Findings made after the files were checked (across files, or from the plan's history) point into
// files checked elsewhere (perhaps in a worker thread, which keeps its text): read the few files
// concerned again to place them.
export async function placeCrossFileFindings(source: PlanSource, findings: readonly Finding[]): Promise<Diagnostic[]> {
  const locators = new Map<string, SourceLocator | null>();
  for (const file of new Set(findings.flatMap((f) => [f.file ?? PLAN_FILE, ...(f.related?.file ? [f.related.file] : [])]))) {
    let locator: SourceLocator | null = null;
    try {
      const decoded = decodeSource(await source.read(file));
      if (decoded.ok) locator = new SourceLocator(decoded.text);
    } catch {
      locator = null;
    }
    locators.set(file, locator);
  }
  return placeFindings(findings, PLAN_FILE, (file) => locators.get(file) ?? null);
}
