// plan validate --changes-since: every change the history lists without a reason is a warning at the
// measure or item it concerns, as the plan stands now, so that CI can ask for the note the public
// will read beside the change.
import type { Finding } from '../rules/findings.js';
import type { PlanModel } from '../plan/model.js';
import { PLAN_FILE } from '../load/source.js';
import type { HistoryEntry, PlanHistory } from './history.js';

/** Where a measure or item is now: its file and its path in the file's data; plan.yaml's changes for one that is gone. */
function placeOf(model: PlanModel, entry: HistoryEntry): { file: string; path: Finding['path'] } {
  const item = model.tree.byId.get(entry.id);
  if (entry.kind !== 'goal' && item) return { file: PLAN_FILE, path: item.path };
  if (entry.kind === 'goal') {
    for (const owner of model.tree.items) {
      const index = (owner.data.measures ?? []).findIndex((m) => m.id === entry.id);
      if (index !== -1) return { file: PLAN_FILE, path: [...owner.path, 'measures', index] };
    }
    const index = (model.plan.goals ?? []).findIndex((g) => g.id === entry.id);
    if (index !== -1) return { file: PLAN_FILE, path: ['goals', index] };
    for (const plan of model.actionPlans) {
      const at = (plan.data.goals ?? []).findIndex((g) => g.id === entry.id);
      if (at !== -1) return { file: plan.file, path: ['goals', at] };
    }
  }
  return { file: PLAN_FILE, path: model.plan.plan.changes ? ['plan', 'changes'] : ['plan'] };
}

function said(entry: HistoryEntry): string {
  const thing = entry.kind === 'goal' ? `measure "${entry.id}"` : `${entry.kind} "${entry.id}"`;
  if (entry.op === 'target') {
    const value = (v: HistoryEntry['old']) => (v ? `${v.value}${v.when ? ` (${v.when})` : ''}` : 'none');
    return `the ${entry.part} of ${thing} changed from ${value(entry.old)} to ${value(entry.new)}`;
  }
  return `${thing} was ${entry.op === 'moved' ? `moved from ${entry.from} to ${entry.to}` : entry.op}`;
}

/** The history's changes of targets, and its removals, that no note explains: one finding each. */
export function unexplainedChanges(history: PlanHistory, model: PlanModel): Finding[] {
  const out: Finding[] = [];
  for (const entry of history.entries) {
    if (entry.notes.length || (entry.op !== 'target' && entry.op !== 'removed')) continue;
    const { file, path } = placeOf(model, entry);
    const under = entry.op === 'removed' ? (entry.kind === 'goal' ? "the changes of the item it measured, or plan.changes in plan.yaml" : "the changes of its parent item, or plan.changes in plan.yaml") : `the changes of ${entry.kind === 'goal' ? 'the measure' : 'the item'}`;
    out.push({
      code: 'CHANGE_WITHOUT_NOTE',
      file,
      path,
      target: 'value',
      message: `${said(entry)} on ${entry.date} (commit ${entry.commit}) with no note of why`,
      hint: `Add a note under ${under}, dated on or before ${entry.date}: changes: [{date: ${entry.date}, what: "…", reason: "…"}]. The plan's website and plan report --changes-since show it beside the change.`,
    });
  }
  return out;
}
