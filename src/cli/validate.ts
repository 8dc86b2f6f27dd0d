// `plan validate [DIR]`: schema and alignment diagnostics for a whole plan, for people and for CI.
import { appendFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { formatGithub, formatStepSummary } from '../format/github.js';
import { formatJson } from '../format/json.js';
import { formatSarif } from '../format/sarif.js';
import { packageVersion } from '../version.js';
import type { ValidationReport } from '../format/report.js';
import { formatStylish } from '../format/stylish.js';
import { loadPlan, placeCrossFileFindings, UnknownCycleError, type LoadedPlan } from '../load/load-plan.js';
import type { PlanSource } from '../load/source.js';
import type { Finding } from '../rules/findings.js';
import { compareDiagnostics } from '../diagnostics.js';
import { paintFor } from './colors.js';
import type { ValidateOptions } from './options.js';
import { openHistory, openPlan } from './open-plan.js';
import { EXIT_OK, EXIT_PLAN_INVALID, UsageError, type CliIO } from './io.js';

export async function runValidate(dirArg: string, options: ValidateOptions, io: CliIO): Promise<number> {
  const opened = await openPlan(dirArg, io, options.rev);
  const dir = opened.dir;
  let plan;
  try {
    plan = await loadPlan(opened.source, {
      threads: options.threads ?? 'auto',
      ...(options.changesSince !== undefined ? { keepData: true } : {}),
      ...(options.profile !== undefined ? { profile: await knownProfile(options.profile, dir) } : {}),
      ...(options.requireRatings !== undefined ? { requireRatings: options.requireRatings } : {}),
    });
    // Approvals recorded in action plans are checked against the plan's changes in git since.
    if (options.rev === undefined && plan.files.some((f) => f.summary?.approved)) plan = await withApprovalChecks(plan, opened.source, dir);
    if (options.changesSince !== undefined && plan.errorCount === 0) plan = await withHistoryChecks(plan, opened.source, dir, options.changesSince, options.rev);
  } catch (error) {
    if (error instanceof UnknownCycleError) throw new UsageError(`--require-ratings: ${error.message}`, `Valid cycles: ${error.valid.join(', ')}.`);
    throw error;
  } finally {
    opened.close();
  }
  const report: ValidationReport = {
    planDir: opened.label,
    diagnostics: plan.diagnostics,
    errorCount: plan.errorCount,
    warningCount: plan.warningCount,
    fileCount: plan.files.length,
    displayPath: (file) => displayPath(dir, file, io.cwd),
  };
  switch (options.format) {
    case 'json':
      io.stdout.write(formatJson(report));
      break;
    case 'sarif':
      io.stdout.write(formatSarif(report, { toolVersion: packageVersion() }));
      break;
    case 'github':
      io.stdout.write(formatGithub(report, { quiet: options.quiet ?? false }));
      if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, formatStepSummary(report));
      // The step's outputs, so that a workflow can act on the counts without parsing anything.
      if (io.env.GITHUB_OUTPUT) await appendFile(io.env.GITHUB_OUTPUT, `error-count=${plan.errorCount}\nwarning-count=${plan.warningCount}\n`);
      break;
    default:
      io.stdout.write(formatStylish(report, { paint: await paintFor(io.stdout, io.env, options.color), quiet: options.quiet ?? false }));
  }
  if (plan.errorCount > 0) return EXIT_PLAN_INVALID;
  if (options.maxWarnings !== undefined && plan.warningCount > options.maxWarnings) {
    io.stderr.write(`plan validate: ${plan.warningCount} warnings exceed --max-warnings ${options.maxWarnings}\n`);
    return EXIT_PLAN_INVALID;
  }
  return EXIT_OK;
}


/** The plan's diagnostics with a warning for each approval the plan has changed since (APPROVAL_OUTDATED). */
async function withApprovalChecks(plan: LoadedPlan, source: PlanSource, dir: string): Promise<LoadedPlan> {
  const [{ outdatedApprovals }, { readPlanFile }] = await Promise.all([import('../history/approvals.js'), import('../load/read-file.js')]);
  const files: Array<{ file: string; data: Record<string, unknown> }> = [];
  for (const f of plan.files) {
    if (!f.summary?.approved) continue;
    const data = f.data ?? (await source.read(f.file).then((bytes) => readPlanFile({ file: f.file, kind: f.kind, bytes }), () => null).then((r) => (r?.ok ? r.data : undefined)));
    if (data) files.push({ file: f.file, data });
  }
  return withWarnings(plan, source, await outdatedApprovals(dir, files));
}

/** The profile --profile names, refused before anything is read when neither plan nor the plan directory defines it. */
async function knownProfile(id: string, dir: string): Promise<string> {
  const { builtInProfiles, planProfiles, ProfileError } = await import('../compliance/profile.js');
  let own = {};
  try {
    own = planProfiles(dir);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
  }
  const known = Object.keys({ ...builtInProfiles(), ...own });
  if (!known.includes(id)) throw new UsageError(`--profile: unknown compliance profile "${id}"`, `Known profiles: ${known.join(', ')}; a profile of the plan's own goes in profiles/<id>.json.`);
  return id;
}

/** The plan's diagnostics with a warning for each change since `since` that no note explains. */
async function withHistoryChecks(plan: LoadedPlan, source: PlanSource, dir: string, since: string, until: string | undefined): Promise<LoadedPlan> {
  const [{ unexplainedChanges }, { buildModel }] = await Promise.all([import('../history/check-notes.js'), import('../plan/model.js')]);
  const history = await openHistory(dir, since, until);
  return withWarnings(plan, source, unexplainedChanges(history, buildModel(plan)));
}

/** The plan's diagnostics with warnings found after it was loaded (from git), placed at their lines. */
async function withWarnings(plan: LoadedPlan, source: PlanSource, findings: readonly Finding[]): Promise<LoadedPlan> {
  const found = await placeCrossFileFindings(source, findings);
  if (!found.length) return plan;
  return { ...plan, diagnostics: [...plan.diagnostics, ...found].sort(compareDiagnostics), warningCount: plan.warningCount + found.length };
}

function displayPath(dir: string, file: string, cwd: string): string {
  const full = join(dir, file);
  const rel = relative(cwd, full);
  const shown = !rel || rel.startsWith('..') || isAbsolute(rel) ? full : rel;
  return shown.split(sep).join('/');
}
