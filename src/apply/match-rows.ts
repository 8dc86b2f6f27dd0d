// What filled forms mean for the plan: each filled row becomes an update to one action's progress
// for the form's cycle, a conflict (the plan changed since the form was made), or a problem (the row
// cannot be read as an update), named by file, sheet, row and column. Nothing here writes.
import { choicesOf, FORM_FORMAT, NOT_RATED, type ColumnKey } from '../collect/form.js';
import { actionFingerprint, entryFingerprint, seal } from '../collect/fingerprint.js';
import type { CycleData, PlacedAction, PlanModel, ProgressEntry } from '../plan/model.js';
import type { CellValue, FilledForm, FilledRow, FormProblem } from './read-form.js';

export interface RowPlace {
  file: string;
  sheet: string;
  row: number;
}

export interface Update {
  place: RowPlace;
  /** The action plan file that holds the action, relative to the plan directory. */
  file: string;
  action: string;
  cycle: string;
  entry: ProgressEntry;
  /** The action's entry for the cycle as the plan holds it now. */
  before: ProgressEntry | undefined;
}

export interface Conflict extends Update {
  reason: 'action-changed' | 'rated-since';
  /** Why, in words. */
  message: string;
}

export interface Matched {
  updates: Update[];
  conflicts: Conflict[];
  problems: FormProblem[];
  /** Rows with nothing filled in. */
  skipped: number;
  /** Rows that say what the plan already says. */
  unchanged: number;
}

const FORM_HINT = 'Make a new form with plan collect and copy the filled cells into it.';

/** Ratings compare without regard to case, spacing or the kind of dash. */
function normalChoice(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/[\u2010-\u2015-]/g, '–').toLowerCase();
}

function sameEntry(a: ProgressEntry | undefined, b: ProgressEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return a.rating === b.rating && (a.evidence ?? '') === (b.evidence ?? '') && (a.next_steps ?? '') === (b.next_steps ?? '') && (a.reported_by ?? '') === (b.reported_by ?? '');
}

export interface MatchOptions {
  overwrite: boolean;
  /** Hears of each form once its rows are matched, with what is matched so far. */
  onForm?: (index: number, matched: Matched) => void;
}

/** The action plan files a form's rows are for, as their records say. */
export function filesOfForm(form: FilledForm): Set<string> {
  const files = new Set<string>();
  for (const row of form.rows) {
    const cell = row.cells.record;
    if (cell?.kind === 'text') files.add(cell.text.trim().split('|')[0]!);
  }
  return files;
}

export function matchRows(model: PlanModel, forms: FilledForm[], options: MatchOptions): Matched {
  const out: Matched = { updates: [], conflicts: [], problems: [], skipped: 0, unchanged: 0 };
  const planId = model.plan.plan.id;
  const cycles = new Map(model.cycles.map((c) => [c.id, c]));
  const byId = new Map(model.actions.map((p) => [p.action.id, p]));
  const choices = new Map(choicesOf(model).map((c) => [normalChoice(c.text), c.value]));
  const choiceList = choicesOf(model).map((c) => `"${c.text}"`).join(', ');
  /** action id + cycle -> where it was first filled, to catch the same action twice. */
  const seen = new Map<string, { place: RowPlace; entry: ProgressEntry }>();

  forms.forEach((form, index) => {
    matchForm(form);
    options.onForm?.(index, out);
  });
  return out;

  function matchForm(form: FilledForm): void {
    const problem = (message: string, hint: string, where: { row?: number; column?: ColumnKey } = {}) =>
      out.problems.push({
        file: form.file,
        sheet: form.sheet,
        ...(where.row !== undefined ? { row: where.row } : {}),
        ...(where.column ? { column: form.columns[where.column] ?? where.column } : {}),
        message,
        hint,
      });
    const cycle = checkMeta(model, form, cycles, planId, problem);
    if (!cycle) return;
    for (const row of form.rows) {
      const place = { file: form.file, sheet: form.sheet, row: row.row };
      const at = (column: ColumnKey) => ({ row: row.row, column });
      const filled = ['rating', 'evidence', 'next_steps'].some((k) => (row.cells[k as ColumnKey]?.kind ?? 'blank') !== 'blank');
      const idCell = row.cells.id;
      const id = idCell?.kind === 'text' ? idCell.text.trim() : idCell?.kind === 'number' ? String(idCell.value) : '';
      const recordCell = row.cells.record;
      const record = recordCell?.kind === 'text' ? recordCell.text.trim().split('|') : null;
      if (!record || record.length !== 4) {
        if (filled) problem(record ? 'the row\'s form record was changed' : 'the row has no form record: it was added by hand, or its record was cleared', `Only rows plan collect made can be applied. ${FORM_HINT}`, at('record'));
        continue;
      }
      const [file, fingerprint, entryPrint, rowSeal] = record as [string, string, string, string];
      if (seal([planId, cycle.id, id, file, fingerprint, entryPrint]) !== rowSeal) {
        const madeFor = model.actions.find((p) => p.file === file && seal([planId, cycle.id, p.action.id, file, fingerprint, entryPrint]) === rowSeal)?.action.id;
        if (!id) problem(`the ID was deleted${madeFor ? ` (the row was made for ${madeFor})` : ''}`, `Put the ID back as it was${madeFor ? ` (${madeFor})` : ''}, or ${FORM_HINT.toLowerCase()}`, at('id'));
        else if (madeFor) problem(`the ID was changed from ${madeFor} to ${id}`, `Put it back to ${madeFor}: the row is that action's. To update ${id}, use its own row.`, at('id'));
        else problem(`the ID ${id} or the row's form record was edited, so the row cannot be matched to an action`, FORM_HINT, at('id'));
        continue;
      }
      if (!filled) {
        out.skipped++;
        continue;
      }
      const placed = byId.get(id);
      if (!placed || placed.file !== file) {
        problem(
          placed ? `${id} has moved from ${file} to ${placed.file} since the form was made` : `${id} is no longer in the plan (it was deleted or renamed since the form was made)`,
          `Ask the planning office, or ${FORM_HINT.toLowerCase()}`,
          at('id'),
        );
        continue;
      }
      const entry = entryFrom(row, form, choices, choiceList, (message, hint, column) => problem(message, hint, at(column)));
      if (!entry) continue;
      const before = placed.action.progress?.[cycle.id];
      const update: Update = { place, file, action: id, cycle: cycle.id, entry, before };
      // A row left as the form showed it says nothing new, however many forms carry it.
      if (sameEntry(before, entry)) {
        out.unchanged++;
        continue;
      }
      const key = `${id}\u0000${cycle.id}`;
      const first = seen.get(key);
      if (first) {
        if (!sameEntry(first.entry, entry)) {
          problem(`${id} is filled twice, differently: here and in ${first.place.file === form.file ? '' : `${first.place.file}, `}${first.place.sheet} row ${first.place.row}`, 'Keep one row per action: delete or clear the other.', at('id'));
        }
        continue;
      }
      seen.set(key, { place, entry });
      const conflict = conflictOf(placed, fingerprint, entryPrint, before);
      if (conflict && !options.overwrite) out.conflicts.push({ ...update, ...conflict });
      else out.updates.push(update);
    }
  }
}

function checkMeta(
  model: PlanModel,
  form: FilledForm,
  cycles: Map<string, CycleData>,
  planId: string,
  problem: (message: string, hint: string) => void,
): CycleData | null {
  const meta = form.meta;
  if (!meta || meta[0] !== FORM_FORMAT) {
    problem(meta ? 'was made by another version of plan, or its record was changed' : 'has lost the form\'s hidden record, so the plan and cycle it is for are unknown', FORM_HINT);
    return null;
  }
  const [, formPlan, cycleId, cycleName, due, , formSeal] = meta as [string, string, string, string, string, string, string];
  if (seal(meta.slice(0, 6)) !== formSeal) {
    problem('the form\'s hidden record was edited', FORM_HINT);
    return null;
  }
  if (formPlan !== planId) {
    problem(`is a form for the plan ${formPlan}, not for ${planId}`, `Apply it to the plan it was made for, or make a form for ${planId} with plan collect.`);
    return null;
  }
  const cycle = cycles.get(cycleId);
  if (!cycle) {
    const renamed = model.cycles.find((c) => c.name === cycleName || c.due === due);
    problem(
      renamed
        ? `is a form for the ${model.terms.cycle.singular.toLowerCase()} ${cycleId} ("${cycleName}"), which the plan has renamed to ${renamed.id} ("${renamed.name}") since the form was made`
        : `is a form for the ${model.terms.cycle.singular.toLowerCase()} ${cycleId} ("${cycleName}"), which the plan no longer has`,
      renamed ? `Make new forms with plan collect --cycle ${renamed.id} and copy the filled cells into them.` : 'Ask the planning office which cycle these updates belong to now.',
    );
    return null;
  }
  return cycle;
}

function textCell(cell: CellValue | undefined, what: string, report: (message: string, hint: string) => void): string | undefined | null {
  if (!cell || cell.kind === 'blank') return undefined;
  if (cell.kind === 'formula') {
    report(`${what} holds a formula (${cell.formula}), which plan does not work out`, `Type the words themselves. To keep text that starts with "=", put an apostrophe before it ('=).`);
    return null;
  }
  if (cell.kind === 'error') {
    report(`${what} holds the spreadsheet error ${cell.error}`, 'Type the text again.');
    return null;
  }
  const text = cell.kind === 'number' ? String(cell.value) : cell.text.replace(/\r\n?/g, '\n').trim();
  return text === '' ? undefined : text;
}

function entryFrom(
  row: FilledRow,
  form: FilledForm,
  choices: Map<string, number | null>,
  choiceList: string,
  report: (message: string, hint: string, column: ColumnKey) => void,
): ProgressEntry | null {
  if (!form.columns.rating) {
    report('the Rating column is missing', FORM_HINT, 'rating');
    return null;
  }
  let ok = true;
  const fieldOf = (key: 'evidence' | 'next_steps' | 'reported_by', what: string) => {
    const value = textCell(row.cells[key], what, (m, h) => report(m, h, key));
    if (value === null) ok = false;
    return value ?? undefined;
  };
  const evidence = fieldOf('evidence', 'Evidence');
  const nextSteps = fieldOf('next_steps', 'Next steps');
  const reportedBy = fieldOf('reported_by', 'Reported by');
  const cell = row.cells.rating ?? { kind: 'blank' };
  let rating: number | null | undefined;
  const pick = `Choose one from the list: ${choiceList}.`;
  if (cell.kind === 'blank') report('Rating is blank, but the row has evidence or next steps', `${pick} If it cannot be rated this cycle, choose "${NOT_RATED}".`, 'rating');
  else if (cell.kind === 'formula') report(`Rating holds a formula (${cell.formula}), not a rating`, pick, 'rating');
  else if (cell.kind === 'number') report(`Rating holds the number ${cell.value}, typed over the list; a rating is one of the list's entries`, pick, 'rating');
  else if (cell.kind === 'error') report(`Rating holds the spreadsheet error ${cell.error}`, pick, 'rating');
  else {
    const value = choices.get(normalChoice(cell.text));
    if (value === undefined) report(`"${cell.text.trim()}" is not a rating on the plan's scale`, pick, 'rating');
    else rating = value;
  }
  if (rating === undefined || !ok) return null;
  if (rating === null && !evidence) {
    report(`"${NOT_RATED}" needs a reason in Evidence`, 'Say in Evidence why it could not be rated this cycle.', 'evidence');
    return null;
  }
  return { rating, ...(evidence ? { evidence } : {}), ...(nextSteps ? { next_steps: nextSteps } : {}), ...(reportedBy ? { reported_by: reportedBy } : {}) };
}

function conflictOf(placed: PlacedAction, fingerprint: string, entryPrint: string, before: ProgressEntry | undefined): Pick<Conflict, 'reason' | 'message'> | null {
  if (entryFingerprint(before) !== entryPrint) {
    return { reason: 'rated-since', message: before ? 'the plan was given another update for this cycle after the form was made' : 'the update the plan held for this cycle when the form was made has been removed' };
  }
  if (actionFingerprint(placed.action) !== fingerprint) {
    return { reason: 'action-changed', message: 'the action was changed in the plan (its title, alignment, timeline or criteria) after the form was made' };
  }
  return null;
}

