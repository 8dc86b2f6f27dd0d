// A plan after an edit to some of its action plan files, checked without checking again what did not
// change: the edited files are checked with the plan's context (plan.yaml is unchanged), the other
// files' results are reused, and the rules across files run on the whole. `plan apply` checks what
// it would write this way before it writes anything.
import type { FileResult } from '../plan/files.js';
import { checkFile } from './check-file.js';
import { finishLoad, kindOfFile, type LoadedPlan } from './load-plan.js';
import { threadsFor } from './pool-size.js';
import { OverlaySource, PLAN_FILE, type PlanSource } from './source.js';

export async function loadRevised(before: LoadedPlan, base: PlanSource, edited: ReadonlyMap<string, Uint8Array>, threads: number | 'auto' = 'auto'): Promise<LoadedPlan> {
  if (edited.has(PLAN_FILE)) throw new Error('loadRevised re-checks action plan files only');
  const tasks = [...edited].map(([file, bytes]) => ({ file, kind: kindOfFile(file)!, bytes, size: bytes.byteLength }));
  const count = threadsFor(tasks.reduce((n, t) => n + t.size, 0), threads);
  const options = { keepData: true };
  const checked: FileResult[] = count > 0
    ? await (await import('./pool.js')).checkInWorkers(tasks, count, { context: before.context, options })
    : tasks.map((t) => checkFile(t, before.context, options));
  const byFile = new Map(checked.map((r) => [r.file, r]));
  const results = before.files.map((r) => byFile.get(r.file) ?? r);
  return finishLoad(new OverlaySource(base, edited), results, before.context);
}
