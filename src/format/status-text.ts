// The status dashboard for a terminal: a tree with the scale's colours and labels, coverage, trend
// arrows, holistic ratings beside the computed ones, and what needs attention at the end. The
// meter (●●○) and the label carry the rating too, so colour is never the only signal.
import type { PlanModel } from '../plan/model.js';
import { levelOf } from '../plan/model.js';
import { itemNodes, type Rollup } from '../rollup/rollup.js';
import { formatDay } from '../dates.js';
import { formatValue, GOAL_STATUS_LABELS, goalAim, heldText, ownerNames, meter as ratingMeter, methodRule, methodText, nameOf, spreadText, TREND_LABELS, valueOnScale } from '../labels.js';
import type { ScaleLevel } from '../plan/scale.js';
import type { Row, StatusView } from '../status/view.js';
import { greyLevel } from '../color.js';
import { footWord, kindWord } from '../plan/tree.js';
import type { Paint } from './paint.js';
import { wrapped } from './wrap.js';

export interface StatusTextOptions {
  paint: Paint;
  width?: number;
}


export function formatStatusText(model: PlanModel, rollup: Rollup, view: StatusView, { paint, width = 80 }: StatusTextOptions): string {
  const t = model.terms;
  const levels = [...model.scale.levels].sort((a, b) => a.value - b.value);
  const labelWidth = Math.max(...levels.map((l) => l.label.length), 'not reporting'.length, view.rows.some((r) => r.tooFewRatings) ? 'not enough ratings'.length : 0);
  // Narrow terminals get the same columns, shorter: a trend arrow without its word, notes as a glyph.
  const compact = width < 100;
  const trendWidth = compact ? 1 : 6;
  const after = 2 + levels.length + 1 + labelWidth + 1 + VALUE_WIDTH + 2 + trendWidth + 1 + 7;
  const widestNotes = compact ? 3 : Math.max(0, ...view.rows.map((r) => (r.holistic !== null ? 24 : 0) + (r.divergent ? 30 : 0) + r.id.length + 2));
  const roomy = Math.max(16, Math.min(64, width - after - (compact ? 3 : 18)));
  const titleWidth = Math.max(Math.min(40, roomy), Math.min(roomy, width - after - 2 - widestNotes));
  const notesWidth = width - titleWidth - after - 2;

  const meter = (rating: number | null) => ratingMeter(levels, rating);
  const ratingCell = (row: Row): string => {
    if (!row.reporting) return paint.dim(`${' '.repeat(levels.length)} ${'not reporting'.padEnd(labelWidth)}`);
    if (row.tooFewRatings) return paint.dim(`${meter(null)} ${'not enough ratings'.padEnd(labelWidth)}`);
    const level = levelOf(model.scale, row.rating);
    if (!level) return paint.dim(`${meter(null)} ${'not rated'.padEnd(labelWidth)}`);
    return paint.hex(forTerminal(level.color), `${meter(row.rating)} ${level.label.padEnd(labelWidth)}`);
  };
  const trendCell = (row: Row) => {
    const word = row.reporting && row.rating !== null ? `${TREND_LABELS[row.trend].arrow} ${TREND_LABELS[row.trend].word}` : '';
    const padded = (compact ? word.slice(0, 1) : word).padEnd(trendWidth);
    return row.trend === 'down' ? paint.red(padded) : row.trend === 'up' ? paint.green(padded) : paint.dim(padded);
  };
  // The value beside its level lets a reader check the rounding: 2.44 is In progress on 1-2-3.
  const valueCell = (row: Row) => {
    const text = row.reporting && row.computed !== null && row.kind !== 'action' ? row.computed.toFixed(2) : '';
    return paint.dim(text.padStart(VALUE_WIDTH));
  };
  const coverageCell = (row: Row) => (row.kind === 'action' || !row.reporting ? ''.padStart(7) : `${row.rated}/${row.total}`.padStart(7));
  // Notes: the holistic rating, the divergence flag, the id; each in full, else short, else left out.
  const notes = (row: Row): string => {
    const parts: Array<{ forms: string[]; style: (s: string) => string }> = [];
    if (row.tooFewRatings) parts.push({ forms: [`${row.tooFewRatings.rated} of ${row.tooFewRatings.total} rated`, `${row.tooFewRatings.rated}/${row.tooFewRatings.total}`], style: paint.dim });
    if (row.held) parts.push({ forms: [`held: ${row.held.reaching} of ${row.held.of} reach ${levelOf(model.scale, row.held.band)?.label ?? row.held.band}`, '▾'], style: paint.yellow });
    if (row.holistic !== null) parts.push({ forms: [`holistic${row.computed !== null ? `, computed ${row.computed.toFixed(1)}` : ''}`, '✎'], style: (x) => x });
    if (row.divergent) parts.push({ forms: ['⚑ differs by a level or more', '⚑'], style: paint.yellow });
    if (row.owner) parts.push({ forms: [`owner: ${row.owner}`], style: paint.dim });
    parts.push({ forms: [row.id], style: paint.dim });
    const gap = compact ? 1 : 2;
    const kept: string[] = [];
    let used = 0;
    for (const part of parts) {
      const form = (compact ? part.forms.slice(1) : part.forms).find((f) => used + f.length + (kept.length ? gap : 0) <= notesWidth);
      if (form === undefined) continue;
      used += form.length + (kept.length ? gap : 0);
      kept.push(part.style(form));
    }
    return kept.join(' '.repeat(gap));
  };

  const lines: string[] = [];
  const title = rollup.scope.school ? `${view.rows[0]?.title ?? ''} · ${model.plan.plan.title}` : model.plan.plan.title;
  lines.push(...wrapped(paint.bold(title), width));
  const compared = rollup.previousCycle ? `compared with ${rollup.previousCycle.name}` : 'no earlier cycle of this kind to compare with';
  lines.push(...wrapped(paint.dim(`${rollup.cycle.name} (due ${rollup.cycle.due}) · ${compared} · ${methodText(rollup.method)} · as of ${rollup.asOf}`), width));
  if (rollup.scope.theory) lines.push(paint.dim(`${t.theory.singular} ${rollup.scope.theory} only`));
  // What matters first: the whole plan's figure in full, then what needs attention; the tree after.
  const top = headline(model, view.rows[0], levels, footWord(model, rollup.foot), paint);
  if (top.length) lines.push('', ...top.flatMap((line) => wrapped(line, width)));
  lines.push(...attentionSection(model, rollup, paint).flatMap((line) => wrapped(line, width)));
  lines.push('');

  for (const row of view.rows) {
    const indent = '  '.repeat(Math.min(row.depth, 4));
    // A group with no heading of its own goes by its level's name.
    let name = row.kind === 'plan' || (view.by === 'theory' && row.depth === 1) ? `${row.label}${row.title ? `: ${row.title}` : ''}` : row.title || row.label;
    // The plan's title is at the top: where it would be cut here, the row says "Whole plan" alone.
    if (row.kind === 'plan' && name.length > titleWidth) name = row.label;
    const text = truncate(`${indent}${name}`, titleWidth).padEnd(titleWidth);
    const styled = row.kind === 'plan' || row.depth === 1 ? paint.bold(text) : text;
    lines.push(`${styled}  ${ratingCell(row)} ${valueCell(row)}  ${trendCell(row)} ${coverageCell(row)}  ${notes(row)}`.trimEnd());
  }

  const legend = [`The number beside a level is the value it was rounded from, on the scale's ${levels[0]!.value} to ${levels[levels.length - 1]!.value}. Coverage is ${footWord(model, rollup.foot).toLowerCase()} rated of those ${rollup.foot === 'items' ? 'the cycle expects a rating for (each rated as a whole, by people)' : 'that report in this cycle'}. ${methodNote(rollup)}`];
  if (view.rows.some((r) => r.holistic !== null) && (compact || notesWidth < 52)) legend.push('✎ a holistic rating set by a person; ⚑ it differs from the computed one by a level or more.');
  if (view.rows.some((r) => r.held) && (compact || notesWidth < 40)) legend.push('▾ held below the level its value rounds to, because fewer than half of what lies directly below it reach that level.');
  lines.push('', ...legend.flatMap((text) => wrapped(paint.dim(text), width)));
  for (const section of [missingSection(model, rollup, paint), overdueSection(model, rollup, paint), goalsSection(model, rollup, paint)]) {
    lines.push(...section.flatMap((line) => wrapped(line, width)));
  }
  return `${lines.join('\n')}\n`;
}


// Scale colours are chosen to print well; the darkest of them vanish on a dark terminal, so those
// are lightened (mixed with white) for the screen only.
function forTerminal(hex: string): string {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  if (greyLevel(hex) >= 0.3) return hex;
  const mix = 0.45;
  return `#${rgb.map((c) => Math.round(c + (255 - c) * mix).toString(16).padStart(2, '0')).join('')}`;
}


function methodNote(rollup: Rollup): string {
  return methodRule(rollup.method, rollup.minCoverage, rollup.cap);
}

const VALUE_WIDTH = 4;

/**
 * The top figure in full, so that its level can be checked: its value on the scale, why it was held
 * below the value's band if it was, and what it summarises, at each level.
 */
function headline(model: PlanModel, top: Row | undefined, levels: ScaleLevel[], foot: string, paint: Paint): string[] {
  if (!top || !top.reporting || top.rating === null) return [];
  const level = levelOf(model.scale, top.rating)!;
  const value = top.computed !== null ? `, ${valueOnScale(top.computed, levels[levels.length - 1]!.value)}` : '';
  const why = top.held && top.computed !== null ? ` (${heldText(levels, top.rating, top.computed, top.held, top.below)})` : top.holistic !== null ? ' (a holistic rating)' : '';
  // The plan's (or school's) own name in full: the tree's first line may cut it to fit its column.
  const lines = [`${paint.bold(`${top.label === 'Whole plan' ? top.title : `${top.label}: ${top.title}`}`)}: ${paint.hex(forTerminal(level.color), level.label)}${value}${why}`];
  const spread = spreadText(levels, top.spread);
  if (spread && top.below !== model.terms.action.plural && top.below !== foot) lines.push(`  ${top.below}: ${spread}`);
  const actions = spreadText(levels, top.distribution);
  if (actions) lines.push(`  ${foot}: ${actions}${top.total > top.rated ? `, ${top.total - top.rated} not rated` : ''}`);
  return lines;
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function attentionSection(model: PlanModel, rollup: Rollup, paint: Paint): string[] {
  if (!rollup.attention.length) return ['', paint.green('Needs attention: nothing rated at the lowest level, nothing declined, no measure off track.')];
  const lines = ['', paint.bold('Needs attention')];
  const kindLabel = (kind: string) => kindWord(model, kind);
  // A terminal shows the first ones; --format json and csv carry every one.
  for (const item of rollup.attention.slice(0, LISTED)) {
    const level = levelOf(model.scale, item.rating);
    // The name a reader knows first; the kind and id after it, for finding it in the plan.
    const what = `${item.title} ${paint.dim(`(${kindLabel(item.kind).toLowerCase()} ${item.id})`)}`;
    const of = item.of ? paint.dim(` (measure of ${item.of.level.toLowerCase()} ${item.of.id})`) : '';
    if (item.reason === 'lowest') lines.push(`  ${paint.red('▼')} ${level ? paint.hex(forTerminal(level.color), level.label) : ''}: ${what}`);
    else if (item.reason === 'declined') lines.push(`  ${paint.red('↓')} declined to ${level?.label ?? 'not rated'}: ${what}`);
    else if (item.reason === 'missed' || item.reason === 'off-track') lines.push(`  ${paint.red('✗')} ${GOAL_STATUS_LABELS[item.reason].toLowerCase()}: ${what}${of}`);
    else lines.push(`  ${paint.yellow('⚑')} holistic rating differs from the computed one by a level or more: ${what}`);
    // The same ratings bring these down too; they are named here rather than listed again.
    if (item.under.length) lines.push(paint.dim(`      with, from the same ratings: ${item.under.map((u) => u.title).join('; ')}`));
  }
  if (rollup.attention.length > LISTED) lines.push(paint.dim(`  … and ${rollup.attention.length - LISTED} more (plan status --format json lists them all)`));
  return lines;
}

/** How many items a terminal section lists before it says how many more there are. */
const LISTED = 25;


function missingSection(model: PlanModel, rollup: Rollup, paint: Paint): string[] {
  // Missing ratings that are already overdue are listed as such below.
  const overdueNow = new Set(rollup.overdue.filter((o) => o.cycle === rollup.cycle.id).map((o) => o.action));
  const unrated = rollup.actions.filter((a) => a.expected && a.rating === null && !overdueNow.has(a.id));
  // Items people rate as a whole, expected in this cycle and not rated yet.
  const items = itemNodes(rollup.items).filter((n) => n.figure.items.total === 1 && n.figure.items.rated === 0 && !n.children.length);
  if (!unrated.length && !items.length) return [];
  const late = rollup.cycle.due < rollup.asOf ? paint.red(` (due ${rollup.cycle.due}, passed)`) : paint.dim(` (due ${rollup.cycle.due})`);
  const lines = ['', `${paint.bold(`Not yet rated for ${rollup.cycle.name}`)}${items.length ? late : ''}`];
  if (items.length) lines.push(`  ${footWord(model, 'items')}: ${items.map((n) => n.id).join(', ')}`);
  for (const [plan, items] of groupByPlan(unrated.map((a) => ({ plan: a.plan, owner: a.owner, id: a.id })))) {
    lines.push(`  ${nameOf(model, plan.kind, plan.id)}: ${items.map((i) => `${i.id}${i.owner ? paint.dim(` (${i.owner})`) : ''}`).join(', ')}`);
  }
  return lines;
}

function overdueSection(model: PlanModel, rollup: Rollup, paint: Paint): string[] {
  // A plan rated item by item has no actions to be overdue: its unrated items are listed above, with the due date.
  if (!rollup.overdue.length && rollup.foot === 'items') return [];
  if (!rollup.overdue.length) return ['', paint.green(`Overdue: none (every ${model.terms.action.singular.toLowerCase()} due to report by ${rollup.cycle.due} has).`)];
  const lines = ['', paint.bold(paint.red(`Overdue ratings (${rollup.overdue.length}), by plan and owner`))];
  const ownerName = ownerNames(model);
  for (const [plan, items] of groupByPlan(rollup.overdue.map((o) => ({ plan: o.plan, owner: o.owner, id: o.action, title: o.title, file: o.file, cycle: o.cycle, due: o.due })))) {
    lines.push(`  ${paint.underline(nameOf(model, plan.kind, plan.id))}`);
    const byOwner = new Map<string, typeof items>();
    for (const item of items) {
      const key = item.owner ? ownerName(item.file, item.owner) : '(no owner)';
      const list = byOwner.get(key);
      if (list) list.push(item);
      else byOwner.set(key, [item]);
    }
    // Each by its name, with the cycle it is owed for and when that was due; the id to find it by.
    for (const [owner, list] of byOwner) {
      lines.push(`    ${owner}:`);
      for (const i of list) lines.push(`      ${i.title} ${paint.dim(`(${i.id}; ${nameOf(model, 'cycle', i.cycle)}, due ${formatDay(i.due)})`)}`);
    }
  }
  return lines;
}

function groupByPlan<T extends { plan: { kind: 'school' | 'office'; id: string } }>(items: T[]): Map<{ kind: 'school' | 'office'; id: string }, T[]> {
  const keys = new Map<string, { kind: 'school' | 'office'; id: string }>();
  const groups = new Map<{ kind: 'school' | 'office'; id: string }, T[]>();
  for (const item of items) {
    const k = `${item.plan.kind}:${item.plan.id}`;
    if (!keys.has(k)) keys.set(k, item.plan);
    const key = keys.get(k)!;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function goalsSection(model: PlanModel, rollup: Rollup, paint: Paint): string[] {
  if (!rollup.goals.length) return [];
  const lines = ['', paint.bold(model.terms.goal.plural)];
  for (const g of rollup.goals) {
    const value = (v: number) => formatValue(v, g.unit);
    const share = g.share === null ? '' : `${Math.round(g.share * 100)}% of the way`;
    const elapsed = g.elapsed === null ? '' : `${Math.round(g.elapsed * 100)}% of the time`;
    const bar = g.share === null ? '' : progressBar(g.share, 10);
    const word = GOAL_STATUS_LABELS[g.status].toLowerCase();
    const status = g.status === 'met' || g.status === 'on-track' ? paint.green(word) : g.status === 'off-track' || g.status === 'missed' ? paint.red(word) : paint.dim(word);
    const scope = g.item ? paint.dim(` [measure of ${g.item.level.toLowerCase()} ${g.item.id}]`) : g.scope === 'district' ? '' : paint.dim(` [${g.scope}]`);
    lines.push(`  ${g.title}${scope}${g.asOf && rollup.cycle.school_year ? paint.yellow(` (not yet updated for ${rollup.cycle.school_year}: the latest figure is from ${g.asOf})`) : ''}`);
    lines.push(
      `    ${paint.dim(g.metric)}: ${g.baseline ? `${value(g.baseline.value)} → ` : 'now '}${g.latest ? value(g.latest.value) : '?'} (${goalAim(g)})  ${bar} ${[share, elapsed].filter(Boolean).join(', ')}  ${status}`,
    );
    if (g.milestones.length) {
      const word = { met: paint.green('met'), missed: paint.red('missed'), upcoming: paint.dim('to come'), 'no-data': paint.dim('no data') };
      lines.push(`    ${paint.dim('milestones')}: ${g.milestones.map((m) => `${value(m.point.value)}${m.point.school_year ? ` by ${m.point.school_year}` : m.point.cycle ? ` by ${nameOf(model, 'cycle', m.point.cycle)}` : ''} ${word[m.status]}`).join(', ')}`);
    }
  }
  return lines;
}

function progressBar(share: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round(share * width)));
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}
