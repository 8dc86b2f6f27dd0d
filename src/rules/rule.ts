// What a rule is: a name, where it looks (plan.yaml, one action plan, or the plan as a whole), the
// codes it may report, and its check. The checker runs the registered lists (rules/registry.ts) and
// refuses a finding whose code the rule did not declare, so the registry cannot drift from the code.
import type { RuleCode } from './codes.js';
import type { PlanContext } from './context.js';
import { Findings } from './findings.js';

/** What rules may be asked for beyond the plan itself. */
export interface RuleOptions {
  /** --require-ratings: every action that reports in this cycle must have a rating for it. */
  requireRatings?: string;
  /** --profile: the compliance profile every school action plan without a profile of its own must meet. */
  profile?: string;
}

export interface RuleMeta {
  name: string;
  description: string;
  codes: readonly RuleCode[];
  /** The option that turns the rule on; without it the rule always runs. */
  option?: keyof RuleOptions;
}

export interface PlanRule extends RuleMeta {
  check(plan: Record<string, unknown>, ctx: PlanContext, f: Findings): void;
}

export interface ActionPlanFile {
  data: Record<string, unknown>;
  kind: 'school' | 'office';
  /** The file's name without folder or extension, which should be its school's or office's id. */
  stem: string;
}

export interface ActionPlanRule extends RuleMeta {
  check(file: ActionPlanFile, ctx: PlanContext, f: Findings, options: RuleOptions): void;
}

export class UndeclaredCodeError extends Error {}

/** Runs rules in order into `f`; a rule that reports a code it did not declare is a bug in plan. */
export function runRules<R extends RuleMeta>(rules: readonly R[], f: Findings, options: RuleOptions, run: (rule: R, into: Findings) => void): void {
  for (const rule of rules) {
    if (rule.option && options[rule.option] === undefined) continue;
    const into = new Findings();
    run(rule, into);
    for (const finding of into.list) {
      if (!rule.codes.includes(finding.code)) throw new UndeclaredCodeError(`rule ${rule.name} reported ${finding.code}, which it does not declare`);
      f.list.push(finding);
    }
  }
}
