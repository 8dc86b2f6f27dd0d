// Every check the toolkit makes, in the order it makes them: the stages that read and parse each
// file and check it against its schema, then the registered rules (plan.yaml, each action plan, the
// plan as a whole). The README's table of codes, the SARIF rules table and the tests read the codes
// from here; every code has at least one home, and a rule reports only the codes it declares.
import { ACTION_PLAN_RULES } from './action-plan-rules.js';
import type { RuleCode } from './codes.js';
import { PLAN_WIDE_RULES } from './cross-file.js';
import { PLAN_RULES } from './plan-rules.js';
import type { RuleMeta } from './rule.js';

export type CheckScope = 'file' | 'schema' | 'plan' | 'action-plan' | 'plan-wide' | 'history';

export interface RegisteredCheck extends Pick<RuleMeta, 'name' | 'description' | 'codes' | 'option'> {
  scope: CheckScope;
}

const STAGES: RegisteredCheck[] = [
  { scope: 'file', name: 'read', description: 'Each plan file can be read, is text in UTF-8 and is not empty; plan.yaml is there.', codes: ['FILE_UNREADABLE', 'FILE_OUTSIDE_REPOSITORY', 'FILE_NOT_REGULAR', 'FILE_TOO_LARGE', 'PLAN_FILE_MISSING', 'EMPTY_FILE', 'BINARY_FILE', 'NOT_UTF8'] },
  {
    scope: 'file',
    name: 'parse',
    description: 'Each file is well-formed YAML: not nested absurdly deep, no tabs, no duplicate keys, no alias bombs, a mapping at the top.',
    codes: ['NESTING_TOO_DEEP', 'YAML_SYNTAX', 'TAB_INDENTATION', 'DUPLICATE_KEY', 'ALIAS_EXPANSION', 'NOT_A_MAPPING', 'EMPTY_FILE'],
  },
  { scope: 'schema', name: 'schema', description: "Each file has its JSON Schema's shape.", codes: ['MISSING_PROPERTY', 'UNKNOWN_PROPERTY', 'WRONG_TYPE', 'INVALID_VALUE'] },
];

export const CHECKS: readonly RegisteredCheck[] = [
  ...STAGES,
  ...PLAN_RULES.map((r) => ({ scope: 'plan' as const, name: r.name, description: r.description, codes: r.codes, ...(r.option ? { option: r.option } : {}) })),
  ...ACTION_PLAN_RULES.map((r) => ({ scope: 'action-plan' as const, name: r.name, description: r.description, codes: r.codes, ...(r.option ? { option: r.option } : {}) })),
  ...PLAN_WIDE_RULES.map((r) => ({ scope: 'plan-wide' as const, name: r.name, description: r.description, codes: r.codes })),
  // Asked for with --changes-since: the plan's git history against the notes it gives (src/history/check-notes.ts).
  { scope: 'history', name: 'approval-dates', description: "Each approval recorded in an action plan is dated on or after the last change of the plan in git (its ratings, values and approvals aside).", codes: ['APPROVAL_OUTDATED'] },
  { scope: 'history', name: 'change-notes', description: "With --changes-since: each change of a measure's baseline, target or milestones, and each measure or item removed, since then has a changes note of why.", codes: ['CHANGE_WITHOUT_NOTE'] },
];

/** The checks that may report a code. */
export function checksFor(code: RuleCode): RegisteredCheck[] {
  return CHECKS.filter((c) => c.codes.includes(code));
}
