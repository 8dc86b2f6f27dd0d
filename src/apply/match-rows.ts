// What filled forms mean for the plan: each filled row becomes an update to one action's progress
// for the form's cycle, a conflict (the plan changed since the form was made), or a problem (the row
// cannot be read as an update), named by file, sheet, row and column. Nothing here writes.
//
// It happens in three steps, so that the middle one runs where each action plan file is read (a
// worker thread, in a large run) and the plan's data never has to travel: readRows, on this thread,
// checks each form's record and reads each row's cells as an entry; matchFileRows, beside one file's
// data, matches the rows its records name against its actions; assembleRows, back on this thread,
// turns what each row came to into updates, conflicts and problems, in the forms' order.
import { choicesOf, decodeFiles, FORM_FORMAT, FORM_FORMAT_1, NOT_RATED, type ColumnKey } from '../collect/form.js';
import { actionFingerprint, entryFingerprint, seal } from '../collect/fingerprint.js';
import type { ActionData, CycleData, PlanModel, ProgressEntry } from '../plan/model.js';
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

/** A row as the file that holds its action needs it: what it names, and what it says. */
export interface RowToMatch {
  /** The ID cell, as typed. */
  id: string;
  cycle: string;
  /** The record's fields: the file, the fingerprints of the action and of its entry, the seal. */
  record: [file: string, fingerprint: string, entryPrint: string, seal: string];
  filled: boolean;
  /** The entry the row's cells make; null when they do not make one (the reasons wait in ReadRows). */
  entry: ProgressEntry | null;
}

/** What a row came to, beside its file's data. */
export type RowVerdict =
  | { is: 'seal-broken'; madeFor?: string }
  | { is: 'blank' }
  /** The ID is not an action of the file its record names. */
  | { is: 'missing' }
  | { is: 'unreadable' }
  | { is: 'unchanged' }
  /** The same action filled again: `first` is the row (in the file's list) filled first, when the two differ. */
  | { is: 'again'; first?: number }
  /** The entry the action has for the cycle now is not sent back with it: see EntryLookup. */
  | { is: 'update' }
  | { is: 'conflict'; reason: Conflict['reason'] };

/**
 * One form's rows, read: what readFormRows makes of a form, wherever the form was read. The rows
 * are kept by column, not as an object each: fifty thousand of them a run travel from the threads
 * that read them, and the run needs few of their parts as objects.
 */
export interface FormRows {
  /** The form's own problem (another plan, an unknown cycle, a changed record): then it has no rows. */
  problems: FormProblem[];
  file: string;
  sheet: string;
  /** Where the columns the problems name are: their letters and headers. */
  columns: FilledForm['columns'];
  /** The cycle the form is for. */
  cycle: string;
  /** Each row's number in the sheet. */
  numbers: number[];
  /** Each row's ID cell, as typed. */
  ids: string[];
  /** Each row's record as its cell holds it (file|fingerprint|entry print|seal); null when it is missing or was changed. */
  records: Array<string | null>;
  filled: boolean[];
  /** The entry each row's cells make; null when they do not make one (the reasons are in `problems`). */
  entries: Array<ProgressEntry | null>;
  /** The problems of a row without a record, or of cells that do not make an entry, by the row's position; most have none. */
  rowProblems: Array<FormProblem[] | undefined>;
}

export interface ReadRows {
  /** Every form's rows, by form (a sheet each); a row of the run is numbered across them, in the forms' order. */
  forms: readonly FormRows[];
  /** The file each form was read from, by its number among the files given (a workbook holds several forms). */
  fileOf: Int32Array;
  /** The form and the position in it of each row of the run. */
  formOf: Int32Array;
  positionOf: Int32Array;
  /** For each action plan file named by a record, the rows that name it (numbers in the run). */
  byFile: Map<string, number[]>;
}

/** The file a record names: its first field. */
function recordFile(record: string): string {
  return record.slice(0, record.indexOf('|'));
}

/** Where row `at` of the run is. */
export function placeOf(read: ReadRows, at: number): RowPlace {
  const form = read.forms[read.formOf[at]!]!;
  return { file: form.file, sheet: form.sheet, row: form.numbers[read.positionOf[at]!]! };
}

/** Row `k` of a form as the file its record names is sent it; null when it has no sound record. */
export function formRowToMatch(rows: FormRows, k: number): RowToMatch | null {
  const record = rows.records[k];
  if (record === null || record === undefined) return null;
  return { id: rows.ids[k]!, cycle: rows.cycle, record: record.split('|') as RowToMatch['record'], filled: rows.filled[k]!, entry: rows.entries[k] ?? null };
}

/** Row `at` of the run as the file its record names is sent it. */
export function rowToMatch(read: ReadRows, at: number): RowToMatch {
  return formRowToMatch(read.forms[read.formOf[at]!]!, read.positionOf[at]!)!;
}

/** The files a form's records name, in the order they first come. */
export function filesNamed(rows: FormRows): Set<string> {
  const named = new Set<string>();
  for (const record of rows.records) if (record !== null) named.add(recordFile(record));
  return named;
}

/** A form's rows whose records name `file`, as that file is sent them. */
export function rowsNaming(rows: FormRows, file: string): RowToMatch[] {
  const out: RowToMatch[] = [];
  rows.records.forEach((record, k) => {
    if (record !== null && recordFile(record) === file) out.push(formRowToMatch(rows, k)!);
  });
  return out;
}

const FORM_HINT = 'Make a new form with plan collect and copy the filled cells into it.';

const normalChoices = new Map<string, string>();

/** Ratings compare without regard to case, spacing or the kind of dash. A form holds few different ones. */
function normalChoice(text: string): string {
  let normal = normalChoices.get(text);
  if (normal === undefined) {
    normal = text.trim().replace(/\s+/g, ' ').replace(/[\u2010-\u2015-]/g, '–').toLowerCase();
    if (normalChoices.size < 1000) normalChoices.set(text, normal);
  }
  return normal;
}

function sameEntry(a: ProgressEntry | undefined, b: ProgressEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return a.rating === b.rating && (a.evidence ?? '') === (b.evidence ?? '') && (a.next_steps ?? '') === (b.next_steps ?? '') && (a.reported_by ?? '') === (b.reported_by ?? '');
}

/** Checks a form's record against the plan (`model` needs only plan.yaml) and reads each row's cells as an entry. */
export function readFormRows(model: PlanModel, form: FilledForm, key?: string): FormRows {
  const out: FormRows = { problems: [], file: form.file, sheet: form.sheet, columns: form.columns, cycle: '', numbers: [], ids: [], records: [], filled: [], entries: [], rowProblems: [] };
  const meta = checkMeta(model, form, model.plan.plan.id, key, (message, hint) => out.problems.push({ file: form.file, sheet: form.sheet, message, hint }));
  if (!meta) return out;
  const { cycle, sentFor } = meta;
  out.cycle = cycle.id;
  const { choices, choiceList } = choicesFor(model);
  for (const row of form.rows) {
    const k = out.numbers.length;
    const problems: FormProblem[] = [];
    const report = (message: string, hint: string, column: ColumnKey) => problems.push({ file: form.file, sheet: form.sheet, row: row.row, column: form.columns[column] ?? column, message, hint });
    const filled = ['rating', 'evidence', 'next_steps', 'value', 'note'].some((key) => (row.cells[key as ColumnKey]?.kind ?? 'blank') !== 'blank');
    const idCell = row.cells.id;
    const recordCell = row.cells.record;
    const record = recordCell?.kind === 'text' ? recordCell.text.trim() : null;
    let sound = record !== null && record.split('|').length === 4;
    if (!sound && filled) report(record !== null ? 'the row\'s form record was changed' : 'the row has no form record: it was added by hand, or its record was cleared', `Only rows plan collect made can be applied. ${FORM_HINT}`, 'record');
    // A form changes only the files it was sent for, however its rows' records were edited.
    if (sound && sentFor && !sentFor.has(recordFile(record!))) {
      report(
        `the row is for ${recordFile(record!)}, but this form was sent for ${[...sentFor].join(', ')}: a form cannot change another ${model.terms.action.singular.toLowerCase()} plan's file`,
        `Remove the row, or enter the update in the form sent for ${recordFile(record!)}.`,
        'record',
      );
      sound = false;
    }
    out.numbers.push(row.row);
    out.ids.push(idCell?.kind === 'text' ? idCell.text.trim() : idCell?.kind === 'number' ? String(idCell.value) : '');
    out.records.push(sound ? record : null);
    out.filled.push(filled);
    out.entries.push(sound && filled ? (form.columns.value ? valueFrom(row, report) : entryFrom(row, form, choices, choiceList, report)) : null);
    if (problems.length) out.rowProblems[k] = problems;
  }
  return out;
}

const choiceCache = new WeakMap<PlanModel, { choices: Map<string, number | null>; choiceList: string }>();

function choicesFor(model: PlanModel): { choices: Map<string, number | null>; choiceList: string } {
  let known = choiceCache.get(model);
  if (!known) {
    const list = choicesOf(model);
    choiceCache.set(model, (known = { choices: new Map(list.map((c) => [normalChoice(c.text), c.value])), choiceList: list.map((c) => `"${c.text}"`).join(', ') }));
  }
  return known;
}

/** Every form's rows together, grouped by the file their records name. */
export function gatherRows(files: ReadonlyArray<readonly FormRows[]>): ReadRows {
  const forms = files.flat();
  let count = 0;
  for (const form of forms) count += form.numbers.length;
  const fileOf = new Int32Array(forms.length);
  let at = 0;
  files.forEach((sheets, index) => sheets.forEach(() => (fileOf[at++] = index)));
  const out: ReadRows = { forms, fileOf, formOf: new Int32Array(count), positionOf: new Int32Array(count), byFile: new Map() };
  at = 0;
  forms.forEach((form, index) => {
    form.records.forEach((record, k) => {
      out.formOf[at] = index;
      out.positionOf[at] = k;
      if (record !== null) {
        const file = recordFile(record);
        const list = out.byFile.get(file);
        if (list) list.push(at);
        else out.byFile.set(file, [at]);
      }
      at++;
    });
  });
  return out;
}

/**
 * What each of a file's rows comes to, given the file's actions: rows in the forms' order, so that
 * of an action filled twice, the first is kept. Every row's record names this file.
 */
export function matchFileRows(actions: readonly ActionData[], rows: readonly RowToMatch[], planId: string, overwrite: boolean, key?: string): RowVerdict[] {
  const byId = new Map(actions.map((a) => [a.id, a]));
  /** action id + cycle -> the row filled first, and what it says. */
  const seen = new Map<string, { row: number; entry: ProgressEntry }>();
  return rows.map((row, index): RowVerdict => {
    const [file, fingerprint, entryPrint, rowSeal] = row.record;
    if (seal([planId, row.cycle, row.id, file, fingerprint, entryPrint], key) !== rowSeal) {
      const madeFor = actions.find((a) => seal([planId, row.cycle, a.id, file, fingerprint, entryPrint], key) === rowSeal)?.id;
      return { is: 'seal-broken', ...(madeFor ? { madeFor } : {}) };
    }
    if (!row.filled) return { is: 'blank' };
    const action = byId.get(row.id);
    if (!action) return { is: 'missing' };
    if (!row.entry) return { is: 'unreadable' };
    const before = action.progress?.[row.cycle];
    // A row left as the form showed it says nothing new, however many forms carry it; nor does one
    // left as it was when the form was made, though the plan was updated since (by another form).
    if (sameEntry(before, row.entry)) return { is: 'unchanged' };
    if (entryPrint !== '-' && before !== undefined && entryFingerprint(row.entry) === entryPrint) return { is: 'unchanged' };
    const seenAs = `${row.id}\u0000${row.cycle}`;
    const first = seen.get(seenAs);
    if (first) return sameEntry(first.entry, row.entry) ? { is: 'again' } : { is: 'again', first: first.row };
    seen.set(seenAs, { row: index, entry: row.entry });
    const conflict = conflictOf(action, fingerprint, entryPrint, before);
    return conflict && !overwrite ? { is: 'conflict', reason: conflict } : { is: 'update' };
  });
}

/** Where an action is now, for a row whose record names a file that does not hold it. */
export type ActionLookup = (id: string) => string | undefined;

/** The entry an action of a file has for a cycle, as the plan holds it now. */
export type EntryLookup = (file: string, action: string, cycle: string) => ProgressEntry | undefined;

/**
 * Updates, conflicts and problems from what each row came to (`verdicts`, by row index; a row whose
 * record names no file of the plan has none), in the forms' order.
 */
export function assembleRows(read: ReadRows, verdicts: ReadonlyArray<RowVerdict | undefined>, planId: string, whereIs: ActionLookup, entryNow: EntryLookup, key?: string): Matched {
  const out: Matched = { updates: [], conflicts: [], problems: [], skipped: 0, unchanged: 0 };
  let at = 0;
  for (const form of read.forms) {
    out.problems.push(...form.problems);
    for (let k = 0; k < form.numbers.length; k++, at++) {
      const place = { file: form.file, sheet: form.sheet, row: form.numbers[k]! };
      const problem = (message: string, hint: string, column: ColumnKey) => out.problems.push({ ...place, column: form.columns[column] ?? column, message, hint });
      const record = form.records[k];
      if (record === null || record === undefined) {
        out.problems.push(...(form.rowProblems[k] ?? []));
        continue;
      }
      const file = recordFile(record);
      const id = form.ids[k]!;
      const verdict = verdicts[at] ?? unknownFile(formRowToMatch(form, k)!, planId, key);
      switch (verdict.is) {
        case 'seal-broken': {
          const { madeFor } = verdict;
          if (!id) problem(`the ID was deleted${madeFor ? ` (the row was made for ${madeFor})` : ''}`, `Put the ID back as it was${madeFor ? ` (${madeFor})` : ''}, or ${FORM_HINT.toLowerCase()}`, 'id');
          else if (madeFor) problem(`the ID was changed from ${madeFor} to ${id}`, `Put it back to ${madeFor}: the row is that action's. To update ${id}, use its own row.`, 'id');
          else problem(`the ID ${id} or the row's form record was edited, so the row cannot be matched to an action`, FORM_HINT, 'id');
          break;
        }
        case 'blank':
          out.skipped++;
          break;
        case 'missing': {
          const now = whereIs(id);
          problem(
            now ? `${id} has moved from ${file} to ${now} since the form was made` : `${id} is no longer in the plan (it was deleted or renamed since the form was made)`,
            `Ask the planning office, or ${FORM_HINT.toLowerCase()}`,
            'id',
          );
          break;
        }
        case 'unreadable':
          out.problems.push(...(form.rowProblems[k] ?? []));
          break;
        case 'unchanged':
          out.unchanged++;
          break;
        case 'again': {
          if (verdict.first === undefined) break;
          const first = placeOf(read, read.byFile.get(file)![verdict.first]!);
          problem(`${id} is filled twice, differently: here and in ${first.file === place.file ? '' : `${first.file}, `}${first.sheet} row ${first.row}`, 'Keep one row per action: delete or clear the other.', 'id');
          break;
        }
        default: {
          const before = entryNow(file, id, form.cycle);
          const update: Update = { place, file, action: id, cycle: form.cycle, entry: form.entries[k]!, before };
          if (verdict.is === 'update') out.updates.push(update);
          else out.conflicts.push({ ...update, reason: verdict.reason, message: CONFLICT_MESSAGES[verdict.reason](before) });
        }
      }
    }
  }
  return out;
}

/** The rows of a form that could not be read: none, and no problem of their own (the form's are said apart). */
export function noRows(): FormRows {
  return { problems: [], file: '', sheet: '', columns: {}, cycle: '', numbers: [], ids: [], records: [], filled: [], entries: [], rowProblems: [] };
}

/** A row whose record names a file the plan does not have: as matchFileRows would have it with no actions. */
function unknownFile(match: RowToMatch, planId: string, key: string | undefined): RowVerdict {
  return matchFileRows([], [match], planId, false, key)[0]!;
}

/**
 * The form's own record checked: the plan and cycle it is for, and the files it was sent for (null
 * for a form of the first format, which did not say). How it is sealed must match how this run
 * checks seals: with the district's key when one is set, else without.
 */
function checkMeta(model: PlanModel, form: FilledForm, planId: string, key: string | undefined, problem: (message: string, hint: string) => void): { cycle: CycleData; sentFor: Set<string> | null } | null {
  const meta = form.meta;
  const format = meta?.[0];
  if (!meta || (format !== FORM_FORMAT && format !== FORM_FORMAT_1)) {
    problem(meta ? 'was made by another version of plan, or its record was changed' : 'has lost the form\'s hidden record, so the plan and cycle it is for are unknown', FORM_HINT);
    return null;
  }
  const sealed = format === FORM_FORMAT ? 8 : 6;
  const mode = format === FORM_FORMAT ? meta[6] : 'open';
  if (meta.length !== sealed + 1 || (mode !== 'open' && mode !== 'keyed')) {
    problem('the form\'s hidden record was edited', FORM_HINT);
    return null;
  }
  if (key && mode !== 'keyed') {
    problem('is not sealed with the district\'s form key (PLAN_FORM_KEY): it was not made by the district\'s own plan collect, or was made before the key was set', 'Apply only forms the planning office sent; make new forms with plan collect, with PLAN_FORM_KEY set.');
    return null;
  }
  if (!key && mode === 'keyed') {
    problem('is sealed with the district\'s form key, which is not set here', 'Set PLAN_FORM_KEY to the key the forms were made with, and run plan apply again.');
    return null;
  }
  const [, formPlan, cycleId, cycleName, due] = meta as [string, string, string, string, string];
  if (seal(meta.slice(0, sealed), key) !== meta[sealed]) {
    problem(mode === 'keyed' ? 'the form\'s hidden record was edited, or the form was sealed with another key' : 'the form\'s hidden record was edited', FORM_HINT);
    return null;
  }
  if (formPlan !== planId) {
    problem(`is a form for the plan ${formPlan}, not for ${planId}`, `Apply it to the plan it was made for, or make a form for ${planId} with plan collect.`);
    return null;
  }
  const cycle = model.cycles.find((c) => c.id === cycleId);
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
  return { cycle, sentFor: format === FORM_FORMAT ? new Set(decodeFiles(meta[7]!)) : null };
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
  const text = cell.kind === 'number' ? (cell.shown ?? String(cell.value)) : cell.text.replace(/\r\n?/g, '\n').trim();
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
  else if (cell.kind === 'number') {
    // A rating typed over the list ("3" rather than "3 – On track") is the level it names, when it is one.
    const value = onScale(choices, cell.value);
    if (value === undefined) report(`Rating holds the number ${cell.shown ?? cell.value}, which is not a rating on the plan's scale`, pick, 'rating');
    else rating = value;
  } else if (cell.kind === 'error') report(`Rating holds the spreadsheet error ${cell.error}`, pick, 'rating');
  else {
    const typed = cell.text.trim();
    const normal = normalChoice(typed);
    // null is a choice too ("Not rated"): looked up by presence, not by value.
    const value = choices.has(normal) ? choices.get(normal) : ((/^\d+(\.\d+)?$/.test(typed) ? onScale(choices, Number(typed)) : undefined) ?? byLabel(choices, typed));
    if (value === undefined) report(`"${typed}" is not a rating on the plan's scale`, pick, 'rating');
    else rating = value;
  }
  if (rating === undefined || !ok) return null;
  if (rating === null && !evidence) {
    report(`"${NOT_RATED}" needs a reason in Evidence`, 'Say in Evidence why it could not be rated this cycle.', 'evidence');
    return null;
  }
  return { rating, ...(evidence ? { evidence } : {}), ...(nextSteps ? { next_steps: nextSteps } : {}), ...(reportedBy ? { reported_by: reportedBy } : {}) };
}

const CONFLICT_MESSAGES: Record<Conflict['reason'], (before: ProgressEntry | undefined) => string> = {
  'rated-since': (before) => (before ? 'the plan was given another update for this cycle after the form was made' : 'the update the plan held for this cycle when the form was made has been removed'),
  'action-changed': () => 'the action was changed in the plan (its title, alignment, timeline or criteria) after the form was made',
};

function conflictOf(action: ActionData, fingerprint: string, entryPrint: string, before: ProgressEntry | undefined): Conflict['reason'] | null {
  if (entryFingerprint(before) !== entryPrint) return 'rated-since';
  if (actionFingerprint(action) !== fingerprint) return 'action-changed';
  return null;
}

/** The scale's value for a number typed as a rating, if it is one of the choices. */
function onScale(choices: ReadonlyMap<string, number | null>, value: number): number | undefined {
  for (const v of choices.values()) if (v === value) return v;
  return undefined;
}

/** The scale's value for a level's label typed alone ("On track" for "3 – On track"). */
function byLabel(choices: ReadonlyMap<string, number | null>, typed: string): number | undefined {
  const wanted = normalChoice(typed);
  for (const [text, v] of choices) if (v !== null && text.replace(/^\d+(\.\d+)?\s*[–-]\s*/, '') === wanted) return v;
  return undefined;
}

/**
 * A measure's row as an entry: its value (the entry's rating) and its note (its evidence). The value
 * is read as the person typed it: 95, 95%, 1,200, $1,200; a percentage cell's 0.95 is 95%.
 */
function valueFrom(row: FilledRow, report: (message: string, hint: string, column: ColumnKey) => void): ProgressEntry | null {
  const note = textCell(row.cells.note, 'Note', (m, h) => report(m, h, 'note'));
  if (note === null) return null;
  const cell = row.cells.value ?? { kind: 'blank' };
  const hint = "Type the value as a number in the measure's unit: 95 or 95% for a percentage, 1200 for a count.";
  let typed: string;
  if (cell.kind === 'blank') {
    report('Value is blank, but the row has a note', `${hint} Leave the whole row blank if the value is not known yet.`, 'value');
    return null;
  } else if (cell.kind === 'number') typed = cell.shown ?? String(cell.value);
  else if (cell.kind === 'text') typed = cell.text.trim();
  else {
    report(cell.kind === 'formula' ? `Value holds a formula (${cell.formula}), which plan does not work out` : `Value holds the spreadsheet error ${cell.error}`, hint, 'value');
    return null;
  }
  const percent = typed.endsWith('%');
  const number = Number(typed.replace(/[$€£,\s%]/g, ''));
  if (typed === '' || !Number.isFinite(number)) {
    report(`"${typed}" is not a number`, hint, 'value');
    return null;
  }
  if (percent && (number < 0 || number > 100)) {
    report(`${typed} is not a percentage between 0% and 100%`, hint, 'value');
    return null;
  }
  return { rating: number, ...(note !== undefined ? { evidence: note } : {}) };
}
