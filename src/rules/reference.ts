// The rules reference (docs/reference/rules.md), made from RULES: every code plan validate can
// report, its severity and what it means. Codes are stable; a test fails when the page committed is
// not the one RULES makes.
import { RULES } from './codes.js';

export function rulesReference(): string {
  const rows = Object.entries(RULES).map(([code, rule]) => `| \`${code}\` | ${rule.severity} | ${rule.description.replace(/\|/g, '\\|')} |`);
  return `${[
    '# Rules reference',
    '',
    '<!-- Generated from src/rules/codes.ts by `npm run docs`. Do not edit: change the codes, run npm run docs, and commit both. -->',
    '',
    'Every problem `plan validate` reports has one of these codes. Codes are stable: CI configurations may depend on them; messages may improve.',
    'Errors make `plan validate` exit 1; warnings do not, unless `--max-warnings` says otherwise.',
    '[Common errors and their fixes](../guide/common-errors.md) shows the most frequent with their fixes.',
    '',
    'Schema rules check each file\'s shape. Alignment rules check the plan as a whole: ids are unique across the plan; every action is aligned to an item of the level actions align to (and, where a school lists its selected strategies, to one of them); owners, supporters, schools, offices, networks, partners, people, tiers and cycles referred to exist; ratings are on the plan\'s scale; dates are real and cycle dates fall inside the plan period; goal targets move from the baseline in the goal\'s direction. Warnings point at what the plan says but does not yet do: a strategy no action carries out, an action that is not describable and measurable (no owner, no timeline, no success criterion with a number), a theory of action that is not an "If ..., then ..." statement.',
    '',
    '| Code | Severity | What it means |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n')}\n`;
}
