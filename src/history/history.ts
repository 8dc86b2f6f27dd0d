// The plan's history of targets, from git: every change to a measure's baseline, target, milestones
// or direction, every measure and item added, removed, renamed or moved, each with the date of the
// commit that made it and the reason the plan gives for it. Reasons live in the plan: a `changes`
// note added in the same commit, on the measure or item itself, else on the item above it, else on
// the plan. A change with no such note is listed all the same, marked as unexplained.
//
// Each revision that touched the plan is read once, and a file whose bytes a revision shares with
// the one before (the same git blob) keeps its data: only the files a commit changed are parsed.
import { isTreeKind, itemChanges, movesTarget, type ItemChange, type ItemKind } from '../diff/diff.js';
import { GitError, GitRevisionSource, gitLines, gitText, locateInRepository, resolveRevision } from '../load/git-source.js';
import { kindOfFile } from '../load/load-plan.js';
import { readPlanFile } from '../load/read-file.js';
import { PLAN_FILE } from '../load/source.js';
import { buildModel, type ChangeNote, type GoalData, type PlanModel } from '../plan/model.js';
import { buildPlanContext } from '../rules/context.js';
import { planMeasures } from '../plan/calendar.js';
import { sameData } from '../same-data.js';

/** What a history entry says happened. */
export type HistoryOp = 'added' | 'removed' | 'renamed' | 'moved' | 'target';

/** The part of a measure's metric a target change moved. */
export type TargetPart = 'baseline' | 'target' | 'milestone' | 'direction';

/** A value a measure was judged against, before or after a change. */
export interface TargetValue {
  value: number | string;
  /** The school year or cycle it is for. */
  when?: string;
}

export interface HistoryEntry {
  /** The commit that made the change (abbreviated) and its date (YYYY-MM-DD, the commit's). */
  commit: string;
  date: string;
  op: HistoryOp;
  /** `goal` for a measure; otherwise the level of the plan's item (theory, strategy, level2, ...). */
  kind: ItemKind;
  id: string;
  title: string;
  /** The file it lives in (the file it left, for a removal). */
  file: string;
  /** For a measure: its unit, to show its values in. */
  unit?: string;
  /** For a target change: which part moved, and from what to what (null: there was none, or is none now). */
  part?: TargetPart;
  old?: TargetValue | null;
  new?: TargetValue | null;
  /** For a rename: the old id. For a move: the old and the new parent (an item's id, a file for a school's measure). */
  from?: string;
  to?: string;
  /** The notes given for it in the same commit; none: unexplained. */
  notes: ChangeNote[];
}

export interface PlanHistory {
  /** Where the history starts: the commit it is counted from (its changes are not listed), or null for the first commit of the plan. */
  since: { commit: string; date: string } | null;
  /** The last commit read. */
  until: { commit: string; date: string } | null;
  /** How many commits changed the plan in that span. */
  revisions: number;
  /** Oldest first. */
  entries: HistoryEntry[];
  /** The repository is a shallow clone (a CI checkout's default): its history, and this one, start where the clone does. */
  shallow: boolean;
}

export interface HistoryOptions {
  /** A revision, or a date (YYYY-MM-DD): changes made after it. Default: the whole history of the plan. */
  since?: string;
  /** The last revision to read. Default HEAD. */
  until?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The history of a plan directory in its git repository; throws GitError outside one, or for an unknown revision. */
export async function planHistory(planDir: string, options: HistoryOptions = {}): Promise<PlanHistory> {
  const { root, path } = await locateInRepository(planDir);
  const until = await resolveRevision(root, options.until ?? 'HEAD');
  let start: string | null = null;
  if (options.since !== undefined) {
    if (DATE.test(options.since)) {
      // The plan as it stood at the end of the day before: changes made on the date are listed.
      const before = await gitLines(root, ['rev-list', '-1', '--first-parent', `--before=${options.since}T00:00:00`, '--end-of-options', until]);
      start = before[0] ?? null;
    } else start = await resolveRevision(root, options.since);
  }
  // The commits of the main line that changed the plan, oldest first: a merged pull request counts once, at its merge.
  const range = start ? [`${start}..${until}`] : [until];
  const prefix = path ? `${path}/` : '';
  const log = await gitText(root, ['log', '--first-parent', '--reverse', '--format=%x01%H %cs', '--name-only', '--end-of-options', ...range, '--', path || '.']);
  const commits = log
    .split('\x01')
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const [head, ...files] = chunk.split('\n').filter(Boolean);
      const [commit, date] = head!.split(' ');
      return { commit: commit!, date: date!, files: files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)) };
    });
  const reader = new RevisionReader(planDir);
  const entries: HistoryEntry[] = [];
  let before: PlanModel | null = null;
  let sinceInfo: PlanHistory['since'] = null;
  if (start) {
    before = await reader.model(start);
    const [date] = await gitLines(root, ['log', '-1', '--format=%cs', '--end-of-options', start]);
    sinceInfo = { commit: start.slice(0, 7), date: date ?? '' };
  }
  for (const { commit, date, files } of commits) {
    // A commit that changed only action plans with no goals of their own (the ratings of a cycle,
    // a school's new action) moves no target and no item: the plan is not read again for it.
    if (before && (await onlyActionsChanged(root, prefix, commit, files, before))) continue;
    const after = await reader.model(commit);
    if (!after) continue;
    if (before) entries.push(...entriesOf(before, after, { commit: commit.slice(0, 7), date }));
    else if (!start) sinceInfo = { commit: commit.slice(0, 7), date };
    before = after;
  }
  if (before) backfillNotes(entries, before);
  const last = commits.at(-1);
  const shallow = (await gitLines(root, ['rev-parse', '--is-shallow-repository']).catch(() => ['false']))[0] === 'true';
  return { since: sinceInfo, until: last ? { commit: last.commit.slice(0, 7), date: last.date } : sinceInfo, revisions: start ? commits.length : Math.max(0, commits.length - 1), entries, shallow };
}

/** Whether a commit changed only action plan files that hold no goals, before it or after it. */
async function onlyActionsChanged(root: string, prefix: string, commit: string, files: readonly string[], before: PlanModel): Promise<boolean> {
  // Files outside the plan's layout change nothing in it; a commit that names none (a merge, as some git versions list it) is read.
  const actionFiles = files.filter((f) => kindOfFile(f) === 'school' || kindOfFile(f) === 'office');
  if (!files.length || files.includes(PLAN_FILE)) return false;
  if (!actionFiles.length) return true;
  const hadGoals = new Set(before.actionPlans.filter((p) => p.data.goals?.length).map((p) => p.file));
  if (actionFiles.some((f) => hadGoals.has(f))) return false;
  // Goals are a top-level key of an action plan: a line that starts with "goals:" in the new version.
  const found = await gitText(root, ['grep', '-l', '-E', '^goals:', '--end-of-options', commit, '--', ...actionFiles.map((f) => prefix + f)]).catch(() => '');
  return found.trim() === '';
}

/** Revisions' plans, sharing the data of every file whose blob a previous revision had. */
class RevisionReader {
  private data = new Map<string, Record<string, unknown> | null>();

  constructor(private readonly planDir: string) {}

  /** The plan at a commit, or null when plan.yaml is missing or unreadable there. */
  async model(commit: string): Promise<PlanModel | null> {
    const source = await GitRevisionSource.open(this.planDir, commit);
    try {
      const blobs = await source.blobIds();
      const files: Array<{ file: string; kind: NonNullable<ReturnType<typeof kindOfFile>>; data: Record<string, unknown> }> = [];
      const seen = new Map<string, Record<string, unknown> | null>();
      await Promise.all(
        [...blobs].map(async ([file, blob]) => {
          const kind = kindOfFile(file);
          if (!kind) return;
          let data = this.data.get(blob);
          if (data === undefined) {
            const read = await source.read(file).then((bytes) => readPlanFile({ file, kind, bytes }), () => null);
            data = read?.ok ? read.data : null;
          }
          seen.set(blob, data);
          if (data) files.push({ file, kind, data });
        }),
      );
      // Only the last revision's blobs are kept: the next commit shares most of them.
      this.data = seen;
      const plan = files.find((f) => f.file === PLAN_FILE);
      if (!plan) return null;
      files.sort((a, b) => (a.file === PLAN_FILE ? -1 : b.file === PLAN_FILE ? 1 : a.file < b.file ? -1 : 1));
      try {
        return buildModel({ files, context: { terms: buildPlanContext(plan.data).terms } });
      } catch {
        // A revision whose plan.yaml has the wrong shape: its changes count with the next good one.
        return null;
      }
    } catch (error) {
      if (error instanceof GitError) throw error;
      return null;
    } finally {
      source.close();
    }
  }
}

type Notes = ChangeNote[] | undefined;

/**
 * A note written after the change it explains (the change was committed without one): a measure's
 * or item's note, in the plan as it stands now, that no change has claimed, dated on or before the
 * change's commit, explains it. The latest such note is taken; the changes of one commit share it.
 */
function backfillNotes(entries: HistoryEntry[], now: PlanModel): void {
  const notesNow = notesOf(now);
  const noteKey = (entry: HistoryEntry) => `${entry.kind === 'goal' ? 'goal' : 'item'}:${entry.id}`;
  const claimed = new Set<ChangeNote>();
  for (const entry of entries) for (const note of notesNow.get(noteKey(entry)) ?? []) if (entry.notes.some((n) => sameData(n, note))) claimed.add(note);
  const taken = new Map<string, ChangeNote>();
  for (const entry of entries) {
    if (entry.notes.length || entry.op === 'removed') continue;
    const key = `${entry.id} ${entry.commit}`;
    let note = taken.get(key);
    if (!note) {
      note = (notesNow.get(noteKey(entry)) ?? []).filter((n) => !claimed.has(n) && n.date <= entry.date).sort((a, b) => (a.date < b.date ? 1 : -1))[0];
      if (!note) continue;
      claimed.add(note);
      taken.set(key, note);
    }
    entry.notes = [note];
  }
}

/** Every item's and measure's notes, by "item:<id>" and "goal:<id>" (a school's goals too). */
function notesOf(model: PlanModel): Map<string, Notes> {
  const map = new Map<string, Notes>();
  for (const item of model.tree.items) map.set(`item:${item.id}`, item.data.changes);
  for (const goal of measuresOf(model).values()) map.set(`goal:${goal.id}`, goal.changes);
  return map;
}

/** Every measure of the plan by id: plan.yaml's goals, its items' measures, and each action plan's own goals. */
function measuresOf(model: PlanModel): Map<string, GoalData> {
  return new Map([...planMeasures(model), ...model.actionPlans.flatMap((p) => p.data.goals ?? [])].map((g) => [g.id, g]));
}

/** Notes in `after` that `before` did not have: the ones this commit gave. */
function newNotes(before: Notes, after: Notes): ChangeNote[] {
  if (!after?.length) return [];
  return after.filter((note) => !(before ?? []).some((old) => sameData(old, note)));
}

/** What changed between two revisions, as history entries. */
export function entriesOf(before: PlanModel, after: PlanModel, at: { commit: string; date: string }): HistoryEntry[] {
  const changes = itemChanges(before, after).filter((c) => c.kind === 'goal' || isTreeKind(c.kind));
  if (!changes.length) return [];
  const oldNotes = notesOf(before);
  const nowNotes = notesOf(after);
  const given = (key: string) => newNotes(oldNotes.get(key), nowNotes.get(key));
  const planNotes = newNotes(before.plan.plan.changes, after.plan.plan.changes);
  // Where a measure or item sits: the item above it, for a note given there.
  const parentOf = (model: PlanModel, change: ItemChange): string | undefined => {
    if (change.kind === 'goal') return model.tree.items.find((i) => (i.data.measures ?? []).some((m) => m.id === change.id))?.id;
    return model.tree.byId.get(change.id)?.parent?.id;
  };
  const notesFor = (change: ItemChange): ChangeNote[] => {
    const own = given(`${change.kind === 'goal' ? 'goal' : 'item'}:${change.id}`);
    if (own.length) return own;
    const parents = [parentOf(after, change), parentOf(before, change), change.moved?.to, change.moved?.from].filter((p): p is string => Boolean(p));
    for (const parent of new Set(parents)) {
      const notes = given(`item:${parent}`);
      if (notes.length) return notes;
    }
    return planNotes;
  };
  const [measuresBefore, measuresAfter] = [measuresOf(before), measuresOf(after)];
  const out: HistoryEntry[] = [];
  for (const change of changes) {
    const base = { ...at, kind: change.kind, id: change.id, title: change.title, file: change.file };
    if (change.op !== 'changed') {
      out.push({ ...base, op: change.op, ...(change.from ? { from: change.from } : {}), notes: notesFor(change) });
      continue;
    }
    if (change.moved) out.push({ ...base, op: 'moved', from: change.moved.from, to: change.moved.to, notes: notesFor(change) });
    if (change.kind !== 'goal') continue;
    const was = measuresBefore.get(change.id);
    const now = measuresAfter.get(change.id);
    const unit = now?.metric?.unit ?? was?.metric?.unit;
    const notes = notesFor(change);
    const moved = change.fields.find((f) => f.path === 'measure_of' || f.path === '(file)');
    if (moved) out.push({ ...base, op: 'moved', from: String(moved.old ?? ''), to: String(moved.new ?? ''), notes });
    for (const part of targetParts(was?.metric, now?.metric, change)) out.push({ ...base, ...(unit ? { unit } : {}), op: 'target', ...part, notes });
  }
  return out;
}

type Metric = NonNullable<GoalData['metric']>;

/** A measure's target changes, a part at a time: the baseline and target whole, each milestone by its date. */
function targetParts(was: Metric | undefined, now: Metric | undefined, change: ItemChange): Array<{ part: TargetPart; old: TargetValue | null; new: TargetValue | null }> {
  const moved = change.fields.filter((f) => movesTarget(f.path));
  if (!moved.length) return [];
  const point = (p: { value: number; school_year?: string; cycle?: string } | undefined): TargetValue | null =>
    p ? { value: p.value, ...((p.school_year ?? p.cycle) ? { when: (p.school_year ?? p.cycle)! } : {}) } : null;
  const out: ReturnType<typeof targetParts> = [];
  for (const part of ['baseline', 'target'] as const) {
    if (moved.some((f) => f.path === `metric.${part}` || f.path.startsWith(`metric.${part}.`))) out.push({ part, old: point(was?.[part]), new: point(now?.[part]) });
  }
  for (const f of moved) {
    if (!f.path.startsWith('metric.milestones ')) continue;
    const when = f.path.slice('metric.milestones '.length);
    const value = (v: unknown) => (typeof v === 'number' ? { value: v, when } : null);
    out.push({ part: 'milestone', old: value(f.old), new: value(f.new) });
  }
  if (moved.some((f) => f.path === 'metric.direction')) out.push({ part: 'direction', old: was ? { value: was.direction } : null, new: now ? { value: now.direction } : null });
  return out;
}

