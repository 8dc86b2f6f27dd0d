// Two versions of a plan for a diff. Most files of a change are untouched: a file with the same
// bytes on both sides (the same git blob) is parsed once and its result shared. When plan.yaml is
// the same too, a shared file's diagnostics are the same on both sides, so the base side checks
// only the files that differ, with the same rules and positions as loadPlan, in the same run of
// worker threads as the head's files.
import { stat } from 'node:fs/promises';
import type { FileKind } from '../schema/definitions.js';
import type { FileResult } from '../plan/files.js';
import { checkFile } from './check-file.js';
import { finishLoad, kindOfFile, loadPlan, type LoadedPlan, type LoadOptions } from './load-plan.js';
import { threadsFor } from './pool-size.js';
import { emptyPlanContext } from '../rules/context.js';
import { PLAN_FILE, whereToRead, type PlanSource } from './source.js';
import { unreadableFile } from './unreadable.js';

/** Which files hold the same bytes on both sides: by git blob id, or, for two directories, by size and then bytes. */
async function sameFiles(base: PlanSource, head: PlanSource): Promise<((file: string) => boolean) | null> {
  if (base.pathOf && head.pathOf) {
    // Two checkouts: comparing bytes is several times cheaper than hashing both sides.
    const [baseFiles, headFiles] = await Promise.all([base.list(), head.list()]);
    const headSet = new Set(headFiles);
    const same = new Set<string>();
    await Promise.all(
      baseFiles.filter((f) => headSet.has(f)).map(async (f) => {
        const [a, b] = [base.pathOf!(f), head.pathOf!(f)];
        const [sa, sb] = await Promise.all([stat(a), stat(b)]).catch(() => [null, null]);
        if (!sa || !sb || sa.size !== sb.size) return;
        const [ba, bb] = await Promise.all([base.read(f), head.read(f)]).catch(() => [null, null]);
        if (ba && bb && Buffer.from(ba.buffer, ba.byteOffset, ba.byteLength).equals(bb)) same.add(f);
      }),
    );
    return (file) => same.has(file);
  }
  const [baseIds, headIds] = await Promise.all([base.blobIds?.(), head.blobIds?.()]);
  if (!baseIds || !headIds) return null;
  return (file) => baseIds.get(file) !== undefined && baseIds.get(file) === headIds.get(file);
}

export async function loadPlanPair(base: PlanSource, head: PlanSource, options: Pick<LoadOptions, 'threads'> = {}): Promise<{ base: LoadedPlan; head: LoadedPlan }> {
  const same = await sameFiles(base, head);
  const samePlanYaml = same?.(PLAN_FILE) ?? false;
  if (!samePlanYaml) return { base: await loadPlan(base, { keepData: true, ...options }), head: await loadPlan(head, { keepData: true, ...options }) };

  // plan.yaml is the same on both sides: it is checked once, and the files of the head and the
  // base files that differ from the head's are checked together, on every core when they are many
  // (a large file changed in a large plan is not left to parse alone after everything else).
  const planResult = checkFile({ file: PLAN_FILE, kind: 'plan', bytes: await head.read(PLAN_FILE) }, emptyPlanContext(), { keepData: true });
  const context = planResult.context;
  if (!context?.known) return { base: await loadPlan(base, { keepData: true, ...options }), head: await loadPlan(head, { keepData: true, ...options }) };
  const { context: _context, ...planFile } = planResult;
  const tasks: Array<{ side: 'base' | 'head'; file: string; kind: FileKind; bytes?: Uint8Array; path?: string; root?: string; listedPlain?: true; size: number }> = [];
  const unreadable: Array<{ side: 'base' | 'head'; result: FileResult }> = [];
  const add = async (side: 'base' | 'head', source: PlanSource, file: string) => {
    const kind = kindOfFile(file)!;
    const where = whereToRead(source, file);
    try {
      if (where) tasks.push({ side, file, kind, ...where, size: (await stat(where.path)).size });
      else {
        const bytes = await source.read(file);
        tasks.push({ side, file, kind, bytes, size: bytes.byteLength });
      }
    } catch (error) {
      unreadable.push({ side, result: unreadableFile(file, kind, error) });
    }
  };
  const headFiles = (await head.list()).filter((f) => f !== PLAN_FILE);
  const baseFiles = (await base.list()).filter((f) => f !== PLAN_FILE);
  const headSet = new Set(headFiles);
  await Promise.all(headFiles.map((f) => add('head', head, f)));
  const differing = baseFiles.filter((f) => !headSet.has(f) || !same!(f));
  await Promise.all(differing.map((f) => add('base', base, f)));
  const threads = threadsFor(tasks.reduce((n, t) => n + t.size, 0), options.threads ?? 'auto');
  const checkOptions = { keepData: true };
  const checked: FileResult[] = threads > 0
    ? await (await import('./pool.js')).checkInWorkers(tasks.map(({ side: _side, ...t }) => t), threads, { context, options: checkOptions })
    : tasks.map(({ side: _side, size: _size, ...t }) => checkFile(t, context, checkOptions));
  const bySide = { base: new Map<string, FileResult>(), head: new Map<string, FileResult>() };
  tasks.forEach((t, i) => bySide[t.side].set(t.file, checked[i]!));
  for (const u of unreadable) bySide[u.side].set(u.result.file, u.result);
  const ordered = (files: string[], side: 'base' | 'head') => [planFile, ...[...files].sort().map((f) => bySide[side].get(f) ?? bySide.head.get(f)!)];
  return {
    head: await finishLoad(head, ordered(headFiles, 'head'), context),
    base: await finishLoad(base, ordered(baseFiles, 'base'), context),
  };
}
