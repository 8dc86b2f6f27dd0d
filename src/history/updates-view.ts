// The plan's history as the public reads it ("Plan updates"): the changes grouped by the reason
// given for them, as districts publish their adjusted targets, each with its date, what changed and
// from what to what. Changes given no reason come last, under a heading that says so. The same view
// is a page of the site and an appendix of the board report.
import { formatDay } from '../dates.js';
import { formatValue } from '../labels.js';
import type { PlanModel } from '../plan/model.js';
import { kindWord } from '../plan/tree.js';
import type { Locale } from '../report/locale.js';
import type { TranslatedFields } from '../report/translate.js';
import { planMeasures } from '../plan/calendar.js';
import type { HistoryEntry, PlanHistory, TargetValue } from './history.js';

export interface UpdateRow {
  date: string;
  /** What it is and its name: "Goal: Reduce chronic absenteeism". */
  kind: string;
  subject: string;
  /** The subject is in the report's language (from the plan's translations), not the plan's. */
  translated: boolean;
  /** The id of the measure or item, for a link to its page. */
  id: string;
  isMeasure: boolean;
  change: string;
}

export interface UpdateGroup {
  /** The reason given; for the last group, the words that say none was. */
  reason: string;
  unexplained: boolean;
  /** When the notes were dated, as the plan gives them. */
  decided: string;
  rows: UpdateRow[];
}

export interface UpdatesView {
  heading: string;
  /** What span of the plan's history is shown. */
  span: string;
  groups: UpdateGroup[];
  /** Said when nothing changed in the span. */
  none: string | null;
  count: number;
}

/** The history grouped by reason, in the locale's words, oldest reason first. */
export function updatesView(history: PlanHistory, model: PlanModel, locale: Locale, translated?: TranslatedFields): UpdatesView {
  // Each measure and item is named as the plan names it now, in the report's language where the plan
  // translates it; one removed since is named as it was.
  const measures = new Map([...planMeasures(model), ...model.actionPlans.flatMap((p) => p.data.goals ?? [])].map((g) => [g.id, g.title]));
  const titleNow = (entry: HistoryEntry) => (entry.kind === 'goal' ? measures.get(entry.id) : (() => {
    const item = model.tree.byId.get(entry.id);
    return item ? (item.data.title ?? item.data.text) : undefined;
  })());
  const t = locale.t;
  const day = (d: string) => formatDay(d, locale.lang);
  const groups = new Map<string, UpdateGroup>();
  for (const entry of history.entries) {
    const reason = entry.notes.map((n) => n.reason).join(' ');
    const key = reason || '\0';
    let group = groups.get(key);
    if (!group) {
      const decided = [...new Set(entry.notes.map((n) => day(n.date)))].join(', ');
      groups.set(key, (group = { reason: reason || t('updates.noReason'), unexplained: !reason, decided, rows: [] }));
    }
    group.rows.push({
      date: day(entry.date),
      kind: kindWord(model, entry.kind),
      subject: titleNow(entry) ?? entry.title,
      translated: titleNow(entry) !== undefined && Boolean(translated?.items[`${entry.id}.title`] ?? translated?.items[`${entry.id}.text`]),
      id: entry.id,
      isMeasure: entry.kind === 'goal',
      change: changeText(entry, locale, nameIn(model)),
    });
  }
  const ordered = [...groups.values()].sort((a, b) => Number(a.unexplained) - Number(b.unexplained));
  const from = history.since ? day(history.since.date) : '';
  const to = history.until ? day(history.until.date) : '';
  return {
    heading: t('updates.heading'),
    span: `${history.since ? t(history.revisions === 1 ? 'updates.spanOne' : 'updates.span', { from, to, count: history.revisions }) : t('updates.noHistory')}${history.shallow ? ` ${t('updates.shallow')}` : ''}`,
    groups: ordered,
    none: history.entries.length ? null : t('updates.none'),
    count: history.entries.length,
  };
}

/** One measure's or item's changes, oldest first, each with the reason given (or the words that say none was). */
export function changesOf(history: PlanHistory, id: string, model: PlanModel, locale: Locale): Array<{ date: string; change: string; reason: string; unexplained: boolean }> {
  return history.entries
    .filter((e) => e.id === id)
    .map((e) => {
      const reason = e.notes.map((n) => n.reason).join(' ');
      return { date: formatDay(e.date, locale.lang), change: changeText(e, locale, nameIn(model)), reason: reason || locale.t('updates.noReason'), unexplained: !reason };
    });
}

/** An item's name by its id (an id the plan no longer has, as it was). */
function nameIn(model: PlanModel): (id: string) => string {
  return (id) => model.tree.byId.get(id)?.name ?? id;
}

function changeText(entry: HistoryEntry, locale: Locale, nameOf: (id: string) => string): string {
  const t = locale.t;
  switch (entry.op) {
    case 'added':
      return t('updates.added');
    case 'removed':
      return t('updates.removed');
    case 'renamed':
      return t('updates.renamed', { from: entry.from ?? '' });
    case 'moved':
      return t('updates.moved', { from: nameOf(entry.from ?? ''), to: nameOf(entry.to ?? '') });
    case 'target': {
      const part = t(`updates.part.${entry.part}`);
      const old = entry.old ?? null;
      const now = entry.new ?? null;
      // The school year goes in the heading when both sides share it, else beside each value.
      const sameWhen = !old || !now || old.when === now.when;
      const when = sameWhen ? (old?.when ?? now?.when) : undefined;
      const value = (v: TargetValue) => {
        const shown = typeof v.value === 'number' ? formatValue(v.value, entry.unit) : t(`updates.direction.${v.value}`);
        return !sameWhen && v.when ? `${shown} (${v.when})` : shown;
      };
      const what = when ? `${part} ${when}` : part;
      if (!old && now) return t('updates.partAdded', { what, value: value(now) });
      if (old && !now) return t('updates.partRemoved', { what, value: value(old) });
      return t('updates.partChanged', { what, old: value(old!), new: value(now!) });
    }
  }
}
