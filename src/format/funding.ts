// plan status --by funding: the plan by funding source, in the terminal, as CSV (one row per action
// and source, for a spreadsheet or a grant application), as Markdown and as JSON.
import type { FundingSummary } from '../compliance/funding.js';
import { levelOf, type PlanModel } from '../plan/model.js';
import { csvCell, UTF8_BOM } from './csv.js';
import type { Paint } from './paint.js';
import { markdownText as md, money, spreadText } from '../labels.js';
import { wrapped } from './wrap.js';

function yearName(year: string): string {
  return year || 'no year';
}

function ratingWord(model: PlanModel, rating: number | null): string {
  const level = levelOf(model.scale, rating);
  return level ? `${rating} ${level.label}` : 'not rated';
}

function spreadWords(model: PlanModel, distribution: number[], notRated: number): string {
  return [spreadText(model.scale.levels, distribution), notRated ? `${notRated} not rated` : ''].filter(Boolean).join(', ');
}

/** The summary for a terminal of `width` columns: the table, then each source's actions, long lines broken at words. */
export function formatFundingText(model: PlanModel, summary: FundingSummary, paint: Paint, width = Infinity): string {
  const actions = model.terms.action.plural.toLowerCase();
  // The table's rows are kept whole (a row broken in two reads as two rows); the sentences are broken at words.
  const out = [...wrapped(paint.bold(`${model.plan.plan.title}: by funding source`), width), ...wrapped(`Each action's latest rating by ${summary.cycle.name}. ${summary.funded} of ${summary.actions} ${actions} have funding recorded.`, width).map((l) => paint.dim(l)), ''];
  if (!summary.sources.length) {
    out.push(`No ${model.terms.action.singular.toLowerCase()} of the plan records its funding yet: add funding: [{source, amount, school_year}] to an action.`);
    return `${out.join('\n')}\n`;
  }
  const header = ['Source', ...summary.years.map(yearName), 'Total', model.terms.action.plural];
  const rows = summary.sources.map((s) => [s.name, ...s.byYear.map((v) => money(v)), money(s.total), String(s.actions.length)]);
  rows.push(['Total', ...summary.byYear.map((v) => money(v)), money(summary.total), String(summary.funded)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  out.push(paint.bold(line(header)));
  rows.forEach((r, i) => out.push(i === rows.length - 1 ? paint.bold(line(r)) : line(r)));
  for (const s of summary.sources) {
    out.push('', ...wrapped(`${paint.bold(s.name)}: ${money(s.total)}; ${spreadWords(model, s.distribution, s.notRated)}`, width));
    for (const a of s.actions) out.push(...wrapped(`  ${a.title} (${a.id})`, width), ...wrapped(`    ${a.plan.name} · ${money(a.amount)} · ${a.tier ? `evidence tier ${a.tier}` : 'no evidence tier'} · ${ratingWord(model, a.rating)}${a.ratedIn ? ` (${a.ratedIn})` : ''}`, width).map((l) => paint.dim(l)));
  }
  return `${out.join('\n')}\n`;
}

const CSV_COLUMNS = ['source', 'source_name', 'school_year', 'amount', 'action', 'title', 'plan_kind', 'plan', 'evidence_tier', 'rating', 'label', 'rated_in'] as const;

/** One row per funding line: each action, source and school year with its amount. */
export function formatFundingCsv(model: PlanModel, summary: FundingSummary, { bom = false } = {}): string {
  const lines = [CSV_COLUMNS.join(',')];
  const names = new Map(summary.sources.map((s) => [s.id, s.name]));
  const ratings = new Map(summary.sources.flatMap((s) => s.actions.map((a) => [a.id, a] as const)));
  for (const placed of model.actions) {
    for (const line of placed.action.funding ?? []) {
      const rating = ratings.get(placed.action.id)?.rating ?? null;
      const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
        source: line.source,
        source_name: names.get(line.source) ?? line.source,
        school_year: line.school_year ?? '',
        amount: line.amount ?? '',
        action: placed.action.id,
        title: placed.action.title,
        plan_kind: placed.owner.kind,
        plan: placed.owner.id,
        evidence_tier: placed.action.evidence?.tier ?? '',
        rating: rating ?? '',
        label: levelOf(model.scale, rating)?.label ?? '',
        rated_in: ratings.get(placed.action.id)?.ratedIn ?? '',
      };
      lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
    }
  }
  return `${bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}

export function formatFundingMarkdown(model: PlanModel, summary: FundingSummary): string {
  const lines = [`## ${md(model.plan.plan.title)}: by funding source`, '', `Each action's latest rating by ${md(summary.cycle.name)}. ${summary.funded} of ${summary.actions} ${md(model.terms.action.plural.toLowerCase())} have funding recorded.`, ''];
  lines.push(`| Source | ${summary.years.map(yearName).join(' | ')} | Total | ${md(model.terms.action.plural)} | Ratings |`, `|---|${summary.years.map(() => '---:').join('|')}|---:|---:|---|`);
  for (const s of summary.sources) lines.push(`| ${md(s.name)} | ${s.byYear.map((v) => money(v)).join(' | ')} | ${money(s.total)} | ${s.actions.length} | ${md(spreadWords(model, s.distribution, s.notRated))} |`);
  lines.push(`| **Total** | ${summary.byYear.map((v) => `**${money(v)}**`).join(' | ')} | **${money(summary.total)}** | ${summary.funded} | |`);
  return `${lines.join('\n')}\n`;
}

export function formatFundingJson(summary: FundingSummary): string {
  return `${JSON.stringify({ version: 1, view: { by: 'funding' }, funding: summary }, null, 2)}\n`;
}
