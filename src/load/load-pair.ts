// Two versions of a plan for a diff. Most files of a change are untouched: a file with the same
// bytes on both sides (the same git blob) is parsed once and its result shared. When plan.yaml is
// the same too, a shared file's diagnostics are the same on both sides, so the base side checks
// only the files that differ, with the same rules and positions as loadPlan.
import type { FileKind } from '../schema/definitions.js';
import type { FileResult } from '../plan/files.js';
import { checkFile } from './check-file.js';
import { finishLoad, kindOfFile, loadPlan, type LoadedPlan, type LoadOptions } from './load-plan.js';
import { threadsFor } from './pool-size.js';
import { PLAN_FILE, type PlanSource } from './source.js';
import { unreadableFile } from './unreadable.js';

export async function loadPlanPair(base: PlanSource, head: PlanSource, options: Pick<LoadOptions, 'threads'> = {}): Promise<{ base: LoadedPlan; head: LoadedPlan }> {
  const headPlan = await loadPlan(head, { keepData: true, ...options });
  const [baseIds, headIds] = await Promise.all([base.blobIds?.(), head.blobIds?.()]);
  const samePlanYaml = baseIds && headIds && baseIds.get(PLAN_FILE) !== undefined && baseIds.get(PLAN_FILE) === headIds.get(PLAN_FILE);
  if (!samePlanYaml || !headPlan.context.known) return { base: await loadPlan(base, { keepData: true, ...options }), head: headPlan };

  const shared = new Map(headPlan.files.map((f) => [f.file, f]));
  const results = new Map<string, FileResult>();
  const differing: Array<{ file: string; kind: FileKind; bytes: Uint8Array; size: number }> = [];
  for (const file of await base.list()) {
    const same = shared.get(file);
    if (same && baseIds.get(file) === headIds.get(file)) {
      results.set(file, same);
      continue;
    }
    const kind = kindOfFile(file)!;
    try {
      const bytes = await base.read(file);
      differing.push({ file, kind, bytes, size: bytes.byteLength });
    } catch (error) {
      results.set(file, unreadableFile(file, kind, error));
    }
  }
  // Many differing files (a large change) are checked on every core, like a plan of that size.
  const threads = threadsFor(differing.reduce((n, d) => n + d.size, 0), options.threads ?? 'auto');
  const checked = threads > 0
    ? await (await import('./pool.js')).checkInWorkers(differing, threads, { context: headPlan.context, options: { keepData: true } })
    : differing.map((d) => checkFile(d, headPlan.context, { keepData: true }));
  for (const result of checked) results.set(result.file, result);
  const ordered = [...results.keys()].sort((a, b) => (a === PLAN_FILE ? -1 : b === PLAN_FILE ? 1 : a < b ? -1 : 1)).map((f) => results.get(f)!);
  return { base: await finishLoad(base, ordered, headPlan.context), head: headPlan };
}
