// plan diff for people (text, Markdown for a pull-request comment) and for programs (JSON).
import type { ItemChange, ItemKind, PlanDiff, RatingChange, RollupEffect } from '../diff/diff.js';
import { isEmptyDiff, kindOrder } from '../diff/diff.js';
import type { PlanModel } from '../plan/model.js';
import { levelOf } from '../plan/model.js';
import { kindWord } from '../plan/tree.js';
import type { Paint } from './paint.js';
import { markdownText as md, nameOf } from '../labels.js';

function kindLabel(model: PlanModel, kind: ItemKind, plural = true): string {
  return kindWord(model, kind, plural);
}

/** A rating in words: "2 Progressing", or "not rated". */
export function rating(model: PlanModel, value: number | null): string {
  if (value === null) return 'not rated';
  const level = levelOf(model.scale, value);
  return level ? `${value} ${level.label}` : String(value);
}

/** Evidence on one line, cut at a word near 200 characters. */
export function short(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= 200) return line;
  const cut = line.slice(0, 200);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 150))}…`;
}

/** A dated value of a measure added, removed or changed: "+ 14.1 (2022-23)", "- 9 (2021-22)", "2022-23: 9.1 → 9.4". */
export function pointChange(path: string, old: unknown, now: unknown): string | null {
  const match = /^metric\.(actuals|milestones) (.+)$/.exec(path);
  if (!match) return null;
  const what = match[1] === 'actuals' ? 'value' : 'milestone';
  if (old === null) return `+ ${what} ${String(now)} (${match[2]})`;
  if (now === null) return `- ${what} ${String(old)} (${match[2]})`;
  return `${what} ${match[2]}: ${String(old)} → ${String(now)}`;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

function cycleName(model: PlanModel, id: string): string {
  return nameOf(model, 'cycle', id);
}

/** What a measure moved without a note needs: the public reads the reason beside the change. */
const UNEXPLAINED = 'its target moved with no note of why: add one under its changes (date and reason); plan site lists them on the measure\'s page';

function summaryText(diff: PlanDiff): string {
  const s = diff.summary;
  const parts = [
    `${s.added} added`,
    `${s.removed} removed`,
    `${s.changed} changed`,
    `${s.renamed} renamed`,
    `${s.realigned} re-aligned`,
    `${s.ratings} rating${s.ratings === 1 ? '' : 's'} changed`,
  ];
  if (s.goalTargets) parts.push(`${s.goalTargets} goal target${s.goalTargets === 1 ? '' : 's'} changed${s.targetsWithoutReason ? ` (${s.targetsWithoutReason} without a reason)` : ''}`);
  return parts.join(', ');
}

/** An annual revision in one line: "For 2022-23: 4 strategies added, 3 retired." */
export function annualText(model: PlanModel, diff: PlanDiff): string | null {
  const a = diff.annual;
  if (!a) return null;
  const term = model.terms.strategy;
  const n = (k: number) => `${k} ${(k === 1 ? term.singular : term.plural).toLowerCase()}`;
  return `For ${a.year}: ${n(a.added.length)} added, ${a.retired.length} retired${a.added.length || a.retired.length ? ` (${[...a.added.map((id) => `+${id}`), ...a.retired.map((id) => `-${id}`)].join(', ')})` : ''}.`;
}

/** What the reader must know about the sides before the changes: a plan added or removed, or errors. */
export function sideNotes(diff: PlanDiff): string[] {
  const notes: string[] = [];
  const { base, head } = diff.sides;
  if (base.state === 'absent' && head.state !== 'absent') notes.push(`A new plan: ${diff.base} has no plan.yaml, so everything in ${diff.head} is added.`);
  if (head.state === 'absent' && base.state !== 'absent') notes.push(`The plan is removed: ${diff.head} has no plan.yaml.`);
  for (const [label, state] of [[diff.base, base], [diff.head, head]] as const) {
    if (state.state !== 'partial') continue;
    const errors = `${state.errorCount} error${state.errorCount === 1 ? '' : 's'}`;
    const left = state.skipped.length ? `; left out of the comparison, as they cannot be read: ${state.skipped.join(', ')}` : '';
    notes.push(`${label} has ${errors} (plan validate lists them); compared as far as it can be read${left}.`);
  }
  return notes;
}

function grouped(model: PlanModel, diff: PlanDiff): Array<[ItemKind, ItemChange[]]> {
  const order = kindOrder(model.tree);
  for (const c of diff.changes) if (!order.includes(c.kind)) order.push(c.kind);
  return order.map((k) => [k, diff.changes.filter((c) => c.kind === k)] as [ItemKind, ItemChange[]]).filter(([, list]) => list.length);
}

export function formatDiffText(model: PlanModel, diff: PlanDiff, paint: Paint): string {
  const lines = [paint.bold(`plan diff: ${diff.base} → ${diff.head}`), ...sideNotes(diff).map((n) => `  ${paint.yellow('!')} ${n}`)];
  if (isEmptyDiff(diff)) return `${lines.join('\n')}\n  no changes to the plan\n`;
  lines.push(`  ${summaryText(diff)}`);
  const annual = annualText(model, diff);
  if (annual) lines.push(`  ${annual}`);
  lines.push('');
  for (const [kind, list] of grouped(model, diff)) {
    lines.push(paint.underline(kindLabel(model, kind)));
    for (const c of list) {
      const where = paint.dim(c.file);
      if (c.op === 'added') lines.push(`  ${paint.green('+')} ${c.id}  ${c.title}  ${where}`);
      else if (c.op === 'removed') lines.push(`  ${paint.red('-')} ${c.id}  ${c.title}  ${where}`);
      else if (c.op === 'renamed') lines.push(`  ${paint.yellow('→')} renamed ${c.from} → ${c.id}  ${c.title}  ${where}`);
      else {
        lines.push(`  ${paint.yellow('~')} ${c.id}  ${c.title}  ${where}`);
        if (c.realigned) {
          lines.push(`      ${paint.bold('re-aligned')}: ${model.terms.strategy.singular.toLowerCase()} ${c.realigned.from} (${inTheory(c.realigned.fromTheory)}) → ${c.realigned.to} (${inTheory(c.realigned.toTheory)})`);
        }
        if (c.moved) lines.push(`      ${paint.bold('moved')}: from ${parentName(model, c.moved.from)} to ${parentName(model, c.moved.to)}, with everything under it`);
        for (const f of c.fields) {
          if ((c.realigned && f.path === 'strategy') || (c.moved && isParentPath(f.path))) continue;
          lines.push(`      ${pointChange(f.path, f.old, f.new) ?? `${f.path}: ${paint.red(value(f.old))} → ${paint.green(value(f.new))}`}`);
        }
        if (c.unexplained) lines.push(`      ${paint.yellow('warning')}: ${UNEXPLAINED}`);
      }
    }
    lines.push('');
  }
  const rated = diff.ratings;
  if (rated.length) {
    lines.push(paint.underline('Ratings'));
    for (const r of rated) {
      lines.push(`  ${ratingLine(model, r, paint)}`);
      if (r.evidence) lines.push(`      ${paint.dim(short(r.evidence))}`);
    }
    lines.push('');
  }
  lines.push(...effectLines(model, diff, paint));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The "Effect on the rollup" section: each figure that moved, by cycle. */
export function effectLines(model: PlanModel, diff: PlanDiff, paint: Paint): string[] {
  if (!diff.effects.length) return [];
  const lines = [paint.underline('Effect on the rollup')];
  for (const cycle of [...new Set(diff.effects.map((e) => e.cycle))]) {
    lines.push(`  ${cycleName(model, cycle)}`);
    const inCycle = diff.effects.filter((x) => x.cycle === cycle);
    for (const e of inCycle) {
      const arrow = e.new === e.old ? paint.dim('=') : e.new === null || e.old === null ? paint.dim('·') : e.new > e.old ? paint.green('↑') : paint.red('↓');
      lines.push(`    ${arrow} ${e.kind === 'plan' ? e.title : `${effectName(model, e.kind)} ${e.id} ${e.title}`}: ${effectChange(model, e)}`);
    }
    if (inCycle.length === 1 && inCycle[0]!.kind === 'plan' && inCycle[0]!.old === inCycle[0]!.new) lines.push(paint.dim('      no figure changed level'));
  }
  lines.push('');
  return lines;
}

/** A figure's change: "2 In progress (2.44) → 3 On track (2.61)", or "2 In progress, 2.44 → 2.50, level unchanged". */
export function effectChange(model: PlanModel, e: RollupEffect): string {
  const value = (v: number | null) => (v === null ? '' : v.toFixed(2));
  if (e.old === e.new) {
    const moved = e.oldValue !== e.newValue && e.oldValue !== null && e.newValue !== null ? `, ${value(e.oldValue)} → ${value(e.newValue)}` : e.newValue !== null ? `, ${value(e.newValue)}` : '';
    return `${rating(model, e.new)}${moved}, level unchanged`;
  }
  const side = (r: number | null, v: number | null) => `${rating(model, r)}${v !== null && r !== null ? ` (${value(v)})` : ''}`;
  return `${side(e.old, e.oldValue)} → ${side(e.new, e.newValue)}`;
}

// An action aligned to a strategy the plan does not define (a side with errors) has no theory.
function inTheory(theory: string): string {
  return theory || 'not in the plan';
}

function effectName(model: PlanModel, kind: string): string {
  return kindWord(model, kind);
}

function ratingLine(model: PlanModel, r: RatingChange, paint: Paint): string {
  const who = `${r.holistic ? `${effectName(model, r.kind)} (holistic)` : model.terms.action.singular} ${r.id}`;
  const change = r.old === r.new ? `${rating(model, r.new)}, ${r.holistic ? 'rationale' : 'evidence'} updated` : `${paint.red(rating(model, r.old))} → ${paint.green(rating(model, r.new))}`;
  return `${who}, ${cycleName(model, r.cycle)}: ${change}`;
}


export function formatDiffMarkdown(model: PlanModel, diff: PlanDiff): string {
  const lines = [`### Plan changes: ${md(diff.base)} → ${md(diff.head)}`, ''];
  for (const note of sideNotes(diff)) lines.push(`> **Note:** ${md(note)}`, '');
  if (isEmptyDiff(diff)) return `${lines.join('\n')}No changes to the plan.\n`;
  // The table counts changes to items; a change of ratings alone has none, and no empty table is drawn.
  if (diff.changes.length) lines.push('| | Added | Removed | Changed | Renamed | Re-aligned |', '|---|---:|---:|---:|---:|---:|');
  for (const [kind, list] of grouped(model, diff)) {
    const n = (op: ItemChange['op']) => list.filter((c) => c.op === op).length || '';
    lines.push(`| ${md(kindLabel(model, kind))} | ${n('added')} | ${n('removed')} | ${n('changed')} | ${n('renamed')} | ${list.filter((c) => c.realigned).length || ''} |`);
  }
  const changed = diff.ratings.filter((r) => r.old !== r.new).length;
  lines.push('', `**Ratings changed:** ${changed}${diff.summary.goalTargets ? ` · **Goal targets changed:** ${diff.summary.goalTargets}` : ''}`);
  const annual = annualText(model, diff);
  if (annual) lines.push('', `**Annual revision.** ${md(annual)}`);
  const planEffects = diff.effects.filter((e) => e.kind === 'plan' || e.kind === 'theory');
  if (planEffects.length) {
    lines.push('', '**Effect on the rollup:**');
    for (const e of planEffects) {
      const change = e.old === e.new ? md(effectChange(model, e)) : `${md(rating(model, e.old))}${e.oldValue !== null && e.old !== null ? ` (${e.oldValue.toFixed(2)})` : ''} → **${md(rating(model, e.new))}**${e.newValue !== null && e.new !== null ? ` (${e.newValue.toFixed(2)})` : ''}`;
      lines.push(`- ${md(cycleName(model, e.cycle))}: ${md(effectName(model, e.kind))} ${e.kind === 'plan' ? '' : `${md(e.title)} `}${change}`);
    }
  }
  lines.push('');
  for (const [kind, list] of grouped(model, diff)) {
    lines.push(`<details><summary>${md(kindLabel(model, kind))} (${list.length})</summary>`, '');
    for (const c of list) {
      if (c.op === 'renamed') lines.push(`- **renamed** \`${c.from}\` → \`${c.id}\` ${md(c.title)}`);
      else if (c.op !== 'changed') lines.push(`- **${c.op}** \`${c.id}\` ${md(c.title)} (${md(c.file)})`);
      else {
        lines.push(`- **changed** \`${c.id}\` ${md(c.title)} (${md(c.file)})`);
        if (c.realigned) lines.push(`  - **re-aligned** from \`${c.realigned.from}\` (${md(inTheory(c.realigned.fromTheory))}) to \`${c.realigned.to}\` (${md(inTheory(c.realigned.toTheory))})`);
        if (c.moved) lines.push(`  - **moved** from \`${c.moved.from}\` to \`${c.moved.to}\` (${md(parentName(model, c.moved.to))}), with everything under it`);
        for (const f of c.fields) {
          if ((c.realigned && f.path === 'strategy') || (c.moved && isParentPath(f.path))) continue;
          const point = pointChange(f.path, f.old, f.new);
          lines.push(point ? `  - ${md(point)}` : `  - \`${md(f.path)}\`: ${md(value(f.old))} → ${md(value(f.new))}`);
        }
        if (c.unexplained) lines.push(`  - :warning: ${md(UNEXPLAINED)}`);
      }
    }
    lines.push('', '</details>', '');
  }
  if (diff.ratings.length) {
    lines.push(`<details><summary>Ratings (${diff.ratings.length})</summary>`, '', '| | Cycle | Before | After | Evidence |', '|---|---|---|---|---|');
    for (const r of diff.ratings) lines.push(`| \`${r.id}\`${r.holistic ? ' (holistic)' : ''} | ${md(cycleName(model, r.cycle))} | ${md(rating(model, r.old))} | ${md(rating(model, r.new))}${r.old === r.new ? ' (text updated)' : ''} | ${r.evidence ? md(short(r.evidence)) : ''} |`);
    lines.push('', '</details>', '');
  }
  if (diff.effects.length) {
    lines.push(`<details><summary>Effect on the rollup (${diff.effects.length})</summary>`, '', '| Cycle | | Before | After |', '|---|---|---|---|');
    const side = (r: number | null, v: number | null) => `${md(rating(model, r))}${v !== null && r !== null ? ` (${v.toFixed(2)})` : ''}`;
    for (const e of diff.effects) lines.push(`| ${md(cycleName(model, e.cycle))} | ${md(effectName(model, e.kind))} ${e.kind === 'plan' ? '' : md(e.title)} | ${side(e.old, e.oldValue)} | ${side(e.new, e.newValue)}${e.old === e.new ? ' (level unchanged)' : ''} |`);
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function formatDiffJson(diff: PlanDiff): string {
  return `${JSON.stringify({ version: 1, empty: isEmptyDiff(diff), ...diff }, null, 2)}\n`;
}

const isParentPath = (path: string) => path === 'parent' || path === 'theory';

/** A parent item as the head names it: "Goal G2 Close gaps"; its id alone when the head no longer has it. */
function parentName(model: PlanModel, id: string): string {
  const item = model.tree.byId.get(id);
  return item ? `${item.level.singular.toLowerCase()} ${id} ${item.name}` : id;
}
