// What `plan apply` did, or would do: per school and office, the ratings set and changed and the
// evidence added; the effect on the rollup, as plan diff shows it; and, when it stops, every problem
// at its file, sheet, row and column, and every conflict with both values.
import type { ApplyOutcome } from '../apply/apply.js';
import type { Conflict, Update } from '../apply/match-rows.js';
import type { FormProblem } from '../apply/read-form.js';
import { nameOf } from '../labels.js';
import type { PlanModel, ProgressEntry } from '../plan/model.js';
import { effectLines, rating, short } from './diff.js';
import type { Paint } from './paint.js';
import { wrapped } from './wrap.js';

export function problemPlace(p: FormProblem): string {
  return [p.file, p.sheet && p.sheet !== p.file.split(/[\\/]/).pop() ? `sheet "${p.sheet}"` : '', p.row !== undefined ? `row ${p.row}` : '', p.column ? `column ${p.column}` : ''].filter(Boolean).join(', ');
}

function entryText(model: PlanModel, entry: ProgressEntry | undefined): string {
  if (!entry) return 'nothing';
  return `${rating(model, entry.rating)}${entry.evidence ? `: "${short(entry.evidence)}"` : ''}`;
}

function unitOf(model: PlanModel, file: string): string {
  // Item forms rate the plan's own items, in plan.yaml.
  if (file === 'plan.yaml') return `${model.plan.plan.title} (${file})`;
  const plan = model.actionPlans.find((p) => p.file === file);
  if (!plan) return file;
  const id = plan.kind === 'school' ? plan.data.school : plan.data.office;
  return id ? `${nameOf(model, plan.kind, id)} (${file})` : file;
}

/** Whether an update gives a measure its value (a goal's or key result's), rather than a rating. */
function isMeasure(model: PlanModel, u: Update): boolean {
  if (u.file === 'plan.yaml') return !model.tree.byId.has(u.action);
  return (model.actionPlans.find((p) => p.file === u.file)?.data.goals ?? []).some((g) => g.id === u.action);
}

function counts(model: PlanModel, all: readonly Update[]): string {
  const values = all.filter((u) => isMeasure(model, u)).length;
  const updates = all.filter((u) => !isMeasure(model, u));
  const given = values ? `${values} value${values === 1 ? '' : 's'} given` : '';
  if (!updates.length) return given;
  const set = updates.filter((u) => !u.before).length;
  const changed = updates.filter((u) => u.before && u.before.rating !== u.entry.rating).length;
  const evidence = updates.filter((u) => u.entry.evidence && u.entry.evidence !== u.before?.evidence).length;
  return [set ? `${set} rated` : '', changed ? `${changed} rating${changed === 1 ? '' : 's'} changed` : '', evidence ? `${evidence} with new evidence` : '', given].filter(Boolean).join(', ') || 'updated';
}

/** A report of files written, cut before what says they were: the rest goes out while they move into place. */
export interface WrittenReport {
  body: string;
  /** What says the files were written. */
  closing: string;
  /** What closes the report instead, when they could not be. */
  failed: string;
}

function writtenLine(outcome: ApplyOutcome, paint: Paint): string {
  const files = [...outcome.files.keys()];
  return paint.green(`Wrote ${files.length} file${files.length === 1 ? '' : 's'}: ${files.join(', ')}`);
}

/** formatApplyText of an outcome being written, cut before its last words (see WrittenReport). */
export function writtenApplyText(model: PlanModel, outcome: ApplyOutcome, paint: Paint, dryRun: boolean, width = Infinity): WrittenReport {
  const full = formatApplyText(model, outcome, paint, { dryRun, written: true }, width);
  const closing = `${wrapped(writtenLine(outcome, paint), width).join('\n')}\n`;
  if (!full.endsWith(closing)) throw new Error('the apply report does not end with the files written');
  return { body: full.slice(0, full.length - closing.length), closing, failed: `${paint.red('Nothing was written.')}\n` };
}

/** formatApplyJson of an outcome being written, cut before its last key, "written". */
export function writtenApplyJson(outcome: ApplyOutcome, dryRun: boolean): WrittenReport {
  // Cut from the JSON as JSON.stringify made it: joining a new line to it first would copy it whole.
  const json = applyJson(outcome, { dryRun, written: true });
  const last = '  "written": true\n}';
  if (!json.endsWith(last)) throw new Error('the apply report does not end with "written"');
  return { body: json.slice(0, json.length - last.length), closing: `${last}\n`, failed: '  "written": false\n}\n' };
}

export function formatApplyText(model: PlanModel, outcome: ApplyOutcome, paint: Paint, state: { dryRun: boolean; written: boolean }, width = Infinity): string {
  const lines: string[] = [];
  const rows = outcome.updates.length + outcome.conflicts.length;
  lines.push(
    paint.bold(`plan apply: ${outcome.forms} form${outcome.forms === 1 ? '' : 's'}, ${rows} filled row${rows === 1 ? '' : 's'}`) +
      paint.dim(`${outcome.skipped ? `, ${outcome.skipped} left blank` : ''}${outcome.unchanged ? `, ${outcome.unchanged} as the plan already has them` : ''}`),
  );
  if (outcome.problems.length) {
    lines.push('', paint.underline(`${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'} in the forms`));
    for (const p of outcome.problems) lines.push(`  ${paint.red('✖')} ${problemPlace(p)}: ${p.message}`, `      ${paint.dim(p.hint)}`);
  }
  if (outcome.conflicts.length) {
    lines.push('', paint.underline(`${outcome.conflicts.length} conflict${outcome.conflicts.length === 1 ? '' : 's'} with the plan`));
    for (const c of outcome.conflicts) lines.push(...conflictLines(model, c, paint));
    lines.push(`  ${paint.dim('Apply again with --overwrite to keep the forms\' values, or clear those rows to keep the plan\'s.')}`);
  }
  for (const e of outcome.planErrors) lines.push(`  ${paint.red('✖')} ${e.file}:${e.range ? `${e.range.start.line + 1}:${e.range.start.column + 1}` : ''} ${e.message}`);
  const byFile = new Map<string, Update[]>();
  for (const u of outcome.updates) {
    const list = byFile.get(u.file);
    if (list) list.push(u);
    else byFile.set(u.file, [u]);
  }
  if (byFile.size) {
    // What was updated, in the plan's words: its actions, the items it rates as a whole, or both.
    const onPlan = outcome.updates.filter((u) => u.file === 'plan.yaml');
    const kinds = [
      outcome.updates.some((u) => u.file !== 'plan.yaml' && !isMeasure(model, u)) ? model.terms.action.plural : '',
      onPlan.some((u) => model.tree.byId.has(u.action)) ? model.tree.levels[model.tree.align]!.plural : '',
      outcome.updates.some((u) => isMeasure(model, u)) ? model.terms.goal.plural : '',
    ].filter(Boolean);
    const listed = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0];
    lines.push('', paint.underline(`${listed}, ${cycleNames(model, outcome.updates)}`));
    for (const [file, updates] of byFile) {
      lines.push(`  ${unitOf(model, file)}: ${counts(model, updates)}`);
      for (const u of updates) {
        if (isMeasure(model, u)) {
          lines.push(`    ${u.action}: ${paint.red(u.before ? String(u.before.rating) : 'no value')} → ${paint.green(String(u.entry.rating))}${u.entry.evidence ? `: "${short(u.entry.evidence)}"` : ''}`);
          continue;
        }
        const same = u.before && u.before.rating === u.entry.rating;
        lines.push(`    ${u.action}: ${same ? `${rating(model, u.entry.rating)}, evidence updated` : `${paint.red(u.before ? rating(model, u.before.rating) : 'no update')} → ${paint.green(rating(model, u.entry.rating))}`}`);
      }
    }
    lines.push('');
  }
  if (outcome.diff) lines.push(...effectLines(outcome.after ?? model, outcome.diff, paint));
  const files = [...outcome.files.keys()];
  const refused = outcome.problems.length || outcome.conflicts.length || outcome.planErrors.length;
  if (state.written) lines.push(writtenLine(outcome, paint));
  else if (!refused && !files.length) lines.push('Nothing to write: the plan already holds every update in these forms.');
  else if (state.dryRun && !outcome.problems.length && !outcome.conflicts.length && !outcome.planErrors.length) lines.push(paint.yellow(`Dry run: nothing written; ${files.length} file${files.length === 1 ? '' : 's'} would change: ${files.join(', ') || 'none'}`));
  else if (refused) lines.push(paint.red('Nothing was written.'));
  // A terminal gets lines broken at words; a pipe or a file keeps each problem on one line, for grep.
  return `${lines.flatMap((line) => wrapped(line, width)).join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function cycleNames(model: PlanModel, updates: readonly Update[]): string {
  return [...new Set(updates.map((u) => u.cycle))].map((id) => nameOf(model, 'cycle', id)).join(', ');
}

function conflictLines(model: PlanModel, c: Conflict, paint: Paint): string[] {
  return [
    `  ${paint.yellow('!')} ${c.action} (${problemPlace({ ...c.place, message: '', hint: '' })}): ${c.message}`,
    `      plan: ${entryText(model, c.before)}`,
    `      form: ${entryText(model, c.entry)}`,
  ];
}

export function formatApplyJson(outcome: ApplyOutcome, state: { dryRun: boolean; written: boolean }): string {
  return `${applyJson(outcome, state)}\n`;
}

/** The report as JSON, without the final new line: tens of megabytes for a district, kept in one piece. */
function applyJson(outcome: ApplyOutcome, state: { dryRun: boolean; written: boolean }): string {
  const update = (u: Update) => ({ file: u.file, action: u.action, cycle: u.cycle, before: u.before ?? null, entry: u.entry, form: u.place });
  return JSON.stringify(
    {
      version: 1,
      dryRun: state.dryRun,
      forms: outcome.forms,
      skipped: outcome.skipped,
      unchanged: outcome.unchanged,
      updates: outcome.updates.map(update),
      conflicts: outcome.conflicts.map((c) => ({ ...update(c), reason: c.reason, message: c.message })),
      problems: outcome.problems,
      planErrors: outcome.planErrors,
      files: [...outcome.files.keys()],
      effects: outcome.diff?.effects ?? [],
      // Last, so that the rest can go out while the files move into place (see writtenApplyJson).
      written: state.written,
    },
    null,
    2,
  );
}
