// plan history: the plan's history of targets for a terminal (grouped by the reason given, as the
// website's and the board report's "Plan updates"), as CSV (a row per change) and Markdown, and JSON.
import type { PlanHistory } from '../history/history.js';
import type { UpdatesView } from '../history/updates-view.js';
import { csvCell, UTF8_BOM } from './csv.js';
import type { Paint } from './paint.js';
import { markdownText as md } from '../labels.js';
import { wrapped } from './wrap.js';

export function formatHistoryText(view: UpdatesView, paint: Paint, width = Infinity): string {
  const out = [paint.bold(view.heading), ...wrapped(view.span, width).map((l) => paint.dim(l))];
  if (view.none) out.push('', view.none);
  for (const group of view.groups) {
    out.push('', ...wrapped(`${group.unexplained ? paint.yellow(group.reason) : paint.bold(group.reason)}${group.decided ? paint.dim(` (decided ${group.decided})`) : ''}`, width));
    for (const row of group.rows) out.push(...wrapped(`  ${row.date}  ${row.kind} ${row.subject} (${row.id}): ${row.change}`, width));
  }
  return `${out.join('\n')}\n`;
}

const CSV_COLUMNS = ['date', 'commit', 'op', 'kind', 'id', 'title', 'file', 'part', 'when', 'old', 'new', 'from', 'to', 'reason', 'note_date'] as const;

export function formatHistoryCsv(history: PlanHistory, { bom = false } = {}): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of history.entries) {
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      date: e.date,
      commit: e.commit,
      op: e.op,
      kind: e.kind,
      id: e.id,
      title: e.title,
      file: e.file,
      part: e.part ?? '',
      when: e.new?.when ?? e.old?.when ?? '',
      old: e.old ? e.old.value : '',
      new: e.new ? e.new.value : '',
      from: e.from ?? '',
      to: e.to ?? '',
      reason: e.notes.map((n) => n.reason).join(' '),
      note_date: e.notes.map((n) => n.date).join(' '),
    };
    lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  }
  return `${bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}

export function formatHistoryMarkdown(view: UpdatesView): string {
  const lines = [`## ${md(view.heading)}`, '', md(view.span)];
  if (view.none) lines.push('', md(view.none));
  for (const group of view.groups) {
    lines.push('', `### ${md(group.reason)}`, '');
    if (group.decided) lines.push(`Decided ${md(group.decided)}.`, '');
    lines.push('| Date | What | Change |', '|---|---|---|');
    for (const row of group.rows) lines.push(`| ${md(row.date)} | ${md(row.kind)}: ${md(row.subject)} | ${md(row.change)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatHistoryJson(history: PlanHistory): string {
  return `${JSON.stringify({ version: 1, history }, null, 2)}\n`;
}
