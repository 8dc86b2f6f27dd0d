// plan todo's outputs: a reminder list for people, JSON for scripts, CSV for a mail merge, and
// Markdown that a CI job can post (handles are written as mentions there on purpose: the reminder
// is for them; the plan's own text still cannot mention anyone).
import { formatDay } from '../dates.js';
import { markdownText } from '../labels.js';
import type { PlanModel } from '../plan/model.js';
import type { Todo } from '../rollup/todo.js';
import { footWord } from '../plan/tree.js';
import { csvCell, UTF8_BOM } from './csv.js';
import type { Paint } from './paint.js';

function when(todo: Todo): string {
  const due = formatDay(todo.cycle.due);
  if (todo.daysLeft > 1) return `due ${due}, in ${todo.daysLeft} days`;
  if (todo.daysLeft === 1) return `due ${due}, tomorrow`;
  if (todo.daysLeft === 0) return `due today, ${due}`;
  return `due ${due}, ${-todo.daysLeft} day${todo.daysLeft === -1 ? '' : 's'} overdue`;
}

function headline(model: PlanModel, todo: Todo): string {
  const term = footWord(model, todo.foot).toLowerCase();
  if (todo.expected === 0) return `No ${term} report in ${todo.cycle.name}.`;
  return todo.owed === 0
    ? `Every one of the ${todo.expected} ${term} that report in ${todo.cycle.name} has its update.`
    : `${todo.owed} of ${todo.expected} ${term} still to update for ${todo.cycle.name} (${when(todo)}).`;
}

export function formatTodoText(model: PlanModel, todo: Todo, paint: Paint): string {
  const lines = [todo.owed === 0 ? paint.green(headline(model, todo)) : paint.bold(headline(model, todo))];
  let plan = '';
  for (const group of todo.groups) {
    if (group.plan.file !== plan) {
      plan = group.plan.file;
      lines.push('', paint.underline(group.plan.name));
    }
    const contact = [group.owner.handle, group.owner.email].filter(Boolean).join(', ');
    lines.push(`  ${group.owner.name}${contact ? paint.dim(` (${contact})`) : ''}:`);
    for (const action of group.actions) lines.push(`    ${paint.dim(action.id)}  ${action.title}`);
  }
  if (todo.measures.length) {
    lines.push('', paint.bold(`${todo.measures.length} ${(todo.measures.length === 1 ? model.terms.goal.singular : model.terms.goal.plural).toLowerCase()} with no value yet for ${todo.measures[0]!.year}:`));
    let owner = '';
    for (const m of todo.measures) {
      if (m.owner.name !== owner) {
        owner = m.owner.name;
        const contact = [m.owner.handle, m.owner.email].filter(Boolean).join(', ');
        lines.push(`  ${owner}${contact ? paint.dim(` (${contact})`) : ''}:`);
      }
      lines.push(`    ${paint.dim(m.id)}  ${m.title}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatTodoJson(todo: Todo): string {
  return `${JSON.stringify({ version: 1, ...todo }, null, 2)}\n`;
}


export function formatTodoCsv(todo: Todo, { bom = false } = {}): string {
  const rows = [['plan', 'owner', 'handle', 'email', 'action', 'title', 'cycle', 'due'].join(',')];
  for (const g of todo.groups) {
    for (const a of g.actions) rows.push([g.plan.name, g.owner.name, g.owner.handle ?? '', g.owner.email ?? '', a.id, a.title, todo.cycle.id, todo.cycle.due].map(csvCell).join(','));
  }
  // A measure's value owed, as a row of its own: the plan, who owes it, the measure.
  for (const m of todo.measures) rows.push([`${m.year} values`, m.owner.name, m.owner.handle ?? '', m.owner.email ?? '', m.id, m.title, todo.cycle.id, todo.cycle.due].map(csvCell).join(','));
  return `${bom ? UTF8_BOM : ''}${rows.join('\r\n')}\r\n`;
}

export function formatTodoMarkdown(model: PlanModel, todo: Todo): string {
  const lines = [`### ${markdownText(todo.cycle.name)}: updates still to come`, '', markdownText(headline(model, todo))];
  for (const g of todo.groups) {
    const who = g.owner.handle ? `${g.owner.handle} (${markdownText(g.owner.name)})` : markdownText(g.owner.name);
    lines.push('', `**${markdownText(g.plan.name)}**, ${who}:`);
    for (const a of g.actions) lines.push(`- [ ] \`${a.id}\` ${markdownText(a.title)}`);
  }
  if (todo.measures.length) {
    lines.push('', `**${markdownText(model.terms.goal.plural)} with no value yet for ${todo.measures[0]!.year}:**`);
    for (const m of todo.measures) lines.push(`- [ ] \`${m.id}\` ${markdownText(m.title)} (${m.owner.handle ?? markdownText(m.owner.name)})`);
  }
  return `${lines.join('\n')}\n`;
}
