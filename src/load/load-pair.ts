// Two versions of a plan for a diff. Most files of a change are untouched: a file with the same
// bytes on both sides (the same git blob) is parsed once and its result shared. When plan.yaml is
// the same too, a shared file's diagnostics are the same on both sides, so the base side checks
// only the files that differ, with the same rules and positions as loadPlan.
import { checkFile, type FileResult } from './check-file.js';
import { finishLoad, kindOfFile, loadPlan, type LoadedPlan, type LoadOptions } from './load-plan.js';
import { PLAN_FILE, type PlanSource } from './source.js';
import { unreadableFile } from './unreadable.js';

export async function loadPlanPair(base: PlanSource, head: PlanSource, options: Pick<LoadOptions, 'threads'> = {}): Promise<{ base: LoadedPlan; head: LoadedPlan }> {
  const headPlan = await loadPlan(head, { keepData: true, ...options });
  const [baseIds, headIds] = await Promise.all([base.blobIds?.(), head.blobIds?.()]);
  const samePlanYaml = baseIds && headIds && baseIds.get(PLAN_FILE) !== undefined && baseIds.get(PLAN_FILE) === headIds.get(PLAN_FILE);
  if (!samePlanYaml || !headPlan.context.known) return { base: await loadPlan(base, { keepData: true, ...options }), head: headPlan };

  const shared = new Map(headPlan.files.map((f) => [f.file, f]));
  const results: FileResult[] = [];
  for (const file of (await base.list()).sort((a, b) => (a === PLAN_FILE ? -1 : b === PLAN_FILE ? 1 : a < b ? -1 : 1))) {
    const same = shared.get(file);
    if (same && baseIds.get(file) === headIds.get(file)) {
      results.push(same);
      continue;
    }
    const kind = kindOfFile(file)!;
    try {
      results.push(checkFile({ file, kind, bytes: await base.read(file) }, headPlan.context, { keepData: true }));
    } catch (error) {
      results.push(unreadableFile(file, kind, error));
    }
  }
  return { base: await finishLoad(base, results, headPlan.context), head: headPlan };
}
