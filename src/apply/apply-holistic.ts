// The rows of item forms, applied to plan.yaml: each row's holistic rating matched against the item
// it was made for (as action rows are against their actions, with the same seals and conflicts), set
// in plan.yaml's text in place (splice-holistic.ts), read back whole and compared with what was
// meant, and checked as plan.yaml. Nothing here writes but the temporary file it is given.
import { holisticAsEntry, itemPrint, PLAN_YAML } from '../collect/form.js';
import { planMeasures } from '../plan/calendar.js';
import { readPlanFile, type FileTask } from '../load/read-file.js';
import { SourceLocator } from '../load/locate.js';
import type { FileResult } from '../plan/files.js';
import type { ActionData, GoalData, HolisticEntry, PlanModel, ProgressEntry } from '../plan/model.js';
import { checkData } from '../rules/check-data.js';
import type { PlanContext } from '../rules/context.js';
import { writeReserved } from '../write-file.js';
import { groupBy } from '../group-by.js';
import { matchFileRows, type RowToMatch, type RowVerdict } from './match-rows.js';
import { spliceHolistic, spliceMeasures, type HolisticEdit, type MeasureEdit } from './splice-holistic.js';
import { measureEdit, measureEntry, measuresAsActions, withItems, withMeasures } from './measures.js';
import { differsFromIntended } from './splice-file.js';
import type { FileApplied } from './apply-file.js';

/** A form's entry as a holistic rating: its evidence is the rationale, who reported it who rated it. */
export function entryAsHolistic(entry: ProgressEntry): HolisticEntry {
  return { rating: entry.rating ?? null, rationale: entry.evidence ?? '', ...(entry.reported_by !== undefined ? { rated_by: entry.reported_by } : {}) } as HolisticEntry;
}

/** The plan's items as the rows' matching sees actions: their words, and their holistic ratings as progress. */
function itemsAsActions(model: PlanModel): ActionData[] {
  return model.tree.items.map((item) => {
    const progress: Record<string, ProgressEntry> = {};
    for (const [cycle, entry] of Object.entries(item.data.holistic ?? {})) progress[cycle] = holisticAsEntry(entry)!;
    return { ...itemPrint(item), progress };
  });
}






/** plan.yaml's data with each edit's holistic rating set on its item. */
export function withHolistic(data: Record<string, unknown>, edits: readonly HolisticEdit[]): Record<string, unknown> {
  if (!edits.length) return data;
  const byItem = groupBy(edits, (e) => e.item);
  return withItems(data, (item) => {
    const set = byItem.get(item.id as string);
    return set ? { ...item, holistic: { ...((item.holistic as object) ?? {}), ...Object.fromEntries(set.map((e) => [e.cycle, e.entry])) } } : item;
  });
}

export interface PlanYamlApplied extends FileApplied {
  /** plan.yaml as it will be, and its context, when the rows change it. */
  context?: PlanContext;
  edits: HolisticEdit[];
}

/** The rows that name plan.yaml, applied to it: what each came to, and plan.yaml's new text when any changes it. */
export function applyToPlanYaml(task: FileTask & { temporary?: string; target?: string }, model: PlanModel, rows: readonly RowToMatch[], planId: string, overwrite: boolean, key?: string): PlanYamlApplied {
  // Items and measures share plan.yaml's ids (they are unique across the plan): one list to match rows against.
  const verdicts: RowVerdict[] = matchFileRows([...itemsAsActions(model), ...measuresAsActions(planMeasures(model), model.cycles)], rows, planId, overwrite, key);
  const goals = new Map<string, GoalData>(planMeasures(model).map((g) => [g.id, g]));
  const edits: HolisticEdit[] = [];
  const values: MeasureEdit[] = [];
  verdicts.forEach((v, i) => {
    if (v.is !== 'update') return;
    const row = rows[i]!;
    const goal = goals.get(row.id);
    if (!goal) {
      edits.push({ item: row.id, cycle: row.cycle, entry: entryAsHolistic(row.entry!) });
      return;
    }
    values.push(measureEdit(goal, model.cycles.find((c) => c.id === row.cycle)!, row.entry!));
  });
  const read = readPlanFile(task);
  if (!read.ok) return { result: read.result, verdicts, edits: [] };
  const check = (data: Record<string, unknown>, text: string) => checkData(PLAN_YAML, 'plan', data, undefined as unknown as PlanContext, { keepData: true }, () => new SourceLocator(text));
  if (!edits.length && !values.length) return { result: check(read.data, read.text) as FileResult, verdicts, edits };
  // plan.yaml as it is, checked only when it stays so: a large district's is costly to check twice.
  const unchanged = () => check(read.data, read.text) as FileResult;
  let spliced: ReturnType<typeof spliceHolistic> = { text: read.text };
  if (edits.length) spliced = spliceHolistic(read.text, edits);
  if (!('refused' in spliced) && values.length) spliced = spliceMeasures(spliced.text, values);
  if ('refused' in spliced) return { result: unchanged(), verdicts, edits, refused: { action: spliced.refused.item, message: spliced.refused.message } };
  const intended = withMeasures(withHolistic(read.data, edits), values);
  const differs = differsFromIntended(spliced.text, intended);
  if (differs) {
    const where = differs.path.length ? ` at ${differs.path.join('.')}` : '';
    return { result: unchanged(), verdicts, edits, refused: { action: edits[0]?.item ?? values[0]!.goal, message: `the new text would not read back as intended (line ${differs.line}${where}); this is a fault in plan, and nothing was written. Enter the rating by hand, and report the file's layout` } };
  }
  const checked = check(intended, spliced.text) as FileResult & { context?: PlanContext };
  const { context, ...result } = checked;
  const bytes = new TextEncoder().encode((read.bytes[0] === 0xef ? '\uFEFF' : '') + spliced.text);
  const writeError = task.temporary ? writeReserved(task.temporary, bytes, read.stamp?.mode) : undefined;
  return { result, verdicts, edits, bytes, ...(context ? { context } : {}), ...(writeError !== undefined ? { writeError } : {}), ...(read.stamp ? { stamp: read.stamp } : {}) };
}

/** What plan.yaml holds now for a row's item or measure in a cycle, as an entry. */
export function planYamlEntry(model: PlanModel, id: string, cycle: string): ProgressEntry | undefined {
  const item = model.tree.byId.get(id);
  if (item) return holisticAsEntry(item.data.holistic?.[cycle]);
  return measureEntry(planMeasures(model).find((g) => g.id === id), model.cycles.find((x) => x.id === cycle));
}
