// Status as data: CSV rows of the view, a Markdown summary for pull requests and wikis, and JSON.
import type { PlanModel } from '../plan/model.js';
import { levelOf } from '../plan/model.js';
import type { Rollup } from '../rollup/rollup.js';
import type { Row, StatusView } from '../status/view.js';
import { csvCell, UTF8_BOM } from './csv.js';
import { goalAim, GOAL_STATUS_LABELS, heldText, markdownText as md, methodText, notEnoughRatings, spreadText, TREND_LABELS, valueOnScale } from '../labels.js';
import type { ScaleLevel } from '../plan/scale.js';
import { footWord } from '../plan/tree.js';

const CSV_COLUMNS = [
  'kind',
  'depth',
  'id',
  'parent',
  'title',
  'rating',
  'label',
  'computed',
  'holistic',
  'divergent',
  'rated',
  'total',
  'trend',
  'previous',
  'reporting',
  'held',
] as const;


export function formatStatusCsv(model: PlanModel, view: StatusView, { bom = false } = {}): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of view.rows) {
    // held: the level the value would round to, when the majority rule kept the figure below it.
    const record: Record<(typeof CSV_COLUMNS)[number], unknown> = { ...row, label: levelOf(model.scale, row.rating)?.label ?? '', held: row.held?.band ?? '' };
    lines.push(CSV_COLUMNS.map((c) => csvCell(record[c])).join(','));
  }
  return `${bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}

export function formatStatusMarkdown(model: PlanModel, rollup: Rollup, view: StatusView): string {
  const rating = (value: number | null, reporting = true, tooFew: Row['tooFewRatings'] = null) => {
    if (!reporting) return '—';
    if (tooFew) return notEnoughRatings(tooFew);
    const level = levelOf(model.scale, value);
    return level ? `${value} ${md(level.label)}` : 'not rated';
  };
  const levels = [...model.scale.levels].sort((a, b) => a.value - b.value);
  const top = view.rows[0];
  const trend = (t: keyof typeof TREND_LABELS) => TREND_LABELS[t].arrow;
  const lines = [
    `## ${md(model.plan.plan.title)}: ${md(rollup.cycle.name)}`,
    '',
    `${rollup.previousCycle ? `Compared with ${md(rollup.previousCycle.name)}` : 'No earlier cycle of this kind'}; ${methodText(rollup.method)}; as of ${rollup.asOf}.`,
    '',
    ...headlineMarkdown(model, top, levels, footWord(model, rollup.foot)),
    '| | Rating | Value | Trend | Rated | Note |',
    '|---|---|---:|---|---|---|',
  ];
  for (const row of view.rows) {
    const name = `${'&nbsp;&nbsp;'.repeat(row.depth)}${row.kind === 'plan' || (view.by === 'theory' && row.depth === 1) ? `**${md(row.label)}${row.title ? `: ${md(row.title)}` : ''}**` : md(row.title || row.label)}`;
    const notes = [
      row.holistic !== null ? `holistic${row.divergent ? ' ⚑' : ''}` : '',
      row.held ? `held: ${row.held.reaching} of ${row.held.of} reach ${md(levelOf(model.scale, row.held.band)?.label ?? String(row.held.band))}` : '',
    ].filter(Boolean);
    const value = row.reporting && row.kind !== 'action' && row.computed !== null ? row.computed.toFixed(2) : '';
    lines.push(`| ${name} | ${rating(row.rating, row.reporting, row.tooFewRatings)} | ${value} | ${row.reporting ? trend(row.trend) : ''} | ${row.kind === 'action' ? '' : `${row.rated}/${row.total}`} | ${notes.join('; ')} |`);
  }
  if (rollup.overdue.length) {
    lines.push('', `**Overdue ratings: ${rollup.overdue.length}**`, '');
    for (const o of rollup.overdue) lines.push(`- \`${o.action}\` (${o.plan.kind} ${md(o.plan.id)}${o.owner ? `, owner ${md(o.owner)}` : ''}): ${md(o.cycle)}, due ${o.due}`);
  }
  if (rollup.goals.length) {
    lines.push('', `| ${md(model.terms.goal.singular)} | Baseline | Latest | Target | Progress | Status |`, '|---|---|---|---|---|---|');
    for (const g of rollup.goals) {
      lines.push(
        `| ${md(g.title)} | ${g.baseline?.value ?? ''} | ${g.latest?.value ?? ''} | ${md(g.baseline === null || g.direction === 'at_least' || g.direction === 'at_most' || g.direction === 'maintain' ? goalAim(g) : String(g.target.value))} | ${g.share === null ? '' : `${Math.round(g.share * 100)}%`} | ${GOAL_STATUS_LABELS[g.status]} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatStatusJson(rollup: Rollup, view: StatusView): string {
  return `${JSON.stringify({ version: 2, view: { by: view.by, depth: view.depth }, rows: view.rows, rollup }, null, 2)}\n`;
}

/** The top figure in a sentence a reader can check against the table: its value, why it was held, what it summarises. */
function headlineMarkdown(model: PlanModel, top: Row | undefined, levels: ScaleLevel[], foot: string): string[] {
  if (!top || !top.reporting || top.rating === null) return [];
  const label = levelOf(model.scale, top.rating)?.label ?? String(top.rating);
  const parts = [`**${md(top.label)}: ${md(label)}**${top.computed !== null ? `, ${valueOnScale(top.computed, levels[levels.length - 1]!.value)}` : ''}${top.held && top.computed !== null ? ` (${md(heldText(levels, top.rating, top.computed, top.held, top.below))})` : ''}.`];
  const spread = spreadText(levels, top.spread);
  if (spread && top.below !== model.terms.action.plural && top.below !== foot) parts.push(`${md(top.below)}: ${md(spread)}.`);
  const actions = spreadText(levels, top.distribution);
  if (actions) parts.push(`${md(foot)}: ${md(actions)}${top.total > top.rated ? `, ${top.total - top.rated} not rated` : ''}.`);
  return [parts.join(' '), ''];
}
