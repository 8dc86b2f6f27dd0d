// The rows of item forms, applied to plan.yaml: each row's holistic rating matched against the item
// it was made for (as action rows are against their actions, with the same seals and conflicts), set
// in plan.yaml's text in place (splice-holistic.ts), read back whole and compared with what was
// meant, and checked as plan.yaml. Nothing here writes but the temporary file it is given.
import { holisticAsEntry, PLAN_YAML } from '../collect/form.js';
import { readPlanFile, type FileTask } from '../load/read-file.js';
import { SourceLocator } from '../load/locate.js';
import type { FileResult } from '../plan/files.js';
import type { ActionData, HolisticEntry, ItemData, PlanModel, ProgressEntry } from '../plan/model.js';
import { checkData } from '../rules/check-data.js';
import type { PlanContext } from '../rules/context.js';
import { writeReserved } from '../write-file.js';
import { matchFileRows, type RowToMatch, type RowVerdict } from './match-rows.js';
import { spliceHolistic, type HolisticEdit } from './splice-holistic.js';
import { differsFromIntended } from './splice-file.js';
import type { FileApplied } from './apply-file.js';

/** A form's entry as a holistic rating: its evidence is the rationale, who reported it who rated it. */
export function entryAsHolistic(entry: ProgressEntry): HolisticEntry {
  return { rating: entry.rating ?? null, rationale: entry.evidence ?? '', ...(entry.reported_by !== undefined ? { rated_by: entry.reported_by } : {}) } as HolisticEntry;
}

/** The plan's items as the rows' matching sees actions: their words, and their holistic ratings as progress. */
function itemsAsActions(model: PlanModel): ActionData[] {
  return model.tree.items.map((item) => {
    const { holistic, children: _children, measures: _measures, ...rest } = item.data as ItemData & Record<string, unknown>;
    const progress: Record<string, ProgressEntry> = {};
    for (const [cycle, entry] of Object.entries((holistic as Record<string, HolisticEntry> | undefined) ?? {})) progress[cycle] = holisticAsEntry(entry)!;
    return { ...(rest as unknown as ActionData), progress };
  });
}

/** plan.yaml's data with each edit's holistic rating set on its item. */
export function withHolistic(data: Record<string, unknown>, edits: readonly HolisticEdit[]): Record<string, unknown> {
  const byItem = new Map<string, HolisticEdit[]>();
  for (const e of edits) (byItem.get(e.item) ?? byItem.set(e.item, []).get(e.item)!).push(e);
  const visit = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((node) => {
          if (!node || typeof node !== 'object') return node;
          const record = node as Record<string, unknown>;
          const set = byItem.get(record.id as string);
          const next: Record<string, unknown> = { ...record };
          if (set) next.holistic = { ...((record.holistic as object) ?? {}), ...Object.fromEntries(set.map((e) => [e.cycle, e.entry])) };
          if (record.children !== undefined) next.children = visit(record.children);
          if (record.strategies !== undefined) next.strategies = visit(record.strategies);
          return next;
        })
      : list;
  const out: Record<string, unknown> = { ...data };
  if (data.outline !== undefined) out.outline = visit(data.outline);
  if (data.theories !== undefined) out.theories = visit(data.theories);
  return out;
}

export interface PlanYamlApplied extends FileApplied {
  /** plan.yaml as it will be, and its context, when the rows change it. */
  context?: PlanContext;
  edits: HolisticEdit[];
}

/** The rows that name plan.yaml, applied to it: what each came to, and plan.yaml's new text when any changes it. */
export function applyToPlanYaml(task: FileTask & { temporary?: string; target?: string }, model: PlanModel, rows: readonly RowToMatch[], planId: string, overwrite: boolean, key?: string): PlanYamlApplied {
  const verdicts: RowVerdict[] = matchFileRows(itemsAsActions(model), rows, planId, overwrite, key);
  const edits: HolisticEdit[] = verdicts.flatMap((v, i) => (v.is === 'update' ? [{ item: rows[i]!.id, cycle: rows[i]!.cycle, entry: entryAsHolistic(rows[i]!.entry!) }] : []));
  const read = readPlanFile(task);
  if (!read.ok) return { result: read.result, verdicts, edits: [] };
  const check = (data: Record<string, unknown>, text: string) => checkData(PLAN_YAML, 'plan', data, undefined as unknown as PlanContext, { keepData: true }, () => new SourceLocator(text));
  if (!edits.length) return { result: check(read.data, read.text) as FileResult, verdicts, edits };
  const spliced = spliceHolistic(read.text, edits);
  const unchanged = check(read.data, read.text) as FileResult;
  if ('refused' in spliced) return { result: unchanged, verdicts, edits, refused: { action: spliced.refused.item, message: spliced.refused.message } };
  const intended = withHolistic(read.data, edits);
  const differs = differsFromIntended(spliced.text, intended);
  if (differs) {
    const where = differs.path.length ? ` at ${differs.path.join('.')}` : '';
    return { result: unchanged, verdicts, edits, refused: { action: edits[0]!.item, message: `the new text would not read back as intended (line ${differs.line}${where}); this is a fault in plan, and nothing was written. Enter the rating by hand, and report the file's layout` } };
  }
  const checked = check(intended, spliced.text) as FileResult & { context?: PlanContext };
  const { context, ...result } = checked;
  const bytes = new TextEncoder().encode((read.bytes[0] === 0xef ? '\uFEFF' : '') + spliced.text);
  const writeError = task.temporary ? writeReserved(task.temporary, bytes, read.stamp?.mode) : undefined;
  return { result, verdicts, edits, bytes, ...(context ? { context } : {}), ...(writeError !== undefined ? { writeError } : {}), ...(read.stamp ? { stamp: read.stamp } : {}) };
}
