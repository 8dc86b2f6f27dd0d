// The registry of checks: every code the toolkit can emit has a check that reports it, every check
// names real codes, and a rule that reports a code it did not declare is stopped (the rule fixtures
// in rules.test.ts run every rule through that guard).
import { describe, expect, it } from 'vitest';
import { RULES, type RuleCode } from '../src/rules/codes.js';
import { Findings } from '../src/rules/findings.js';
import { CHECKS, checksFor } from '../src/rules/registry.js';
import { runRules, UndeclaredCodeError, type PlanRule } from '../src/rules/rule.js';

describe('the registry of checks', () => {
  it('gives every code a check, and every check real codes and its own name', () => {
    for (const code of Object.keys(RULES) as RuleCode[]) expect(checksFor(code).length, code).toBeGreaterThan(0);
    for (const check of CHECKS) for (const code of check.codes) expect(Object.keys(RULES)).toContain(code);
    expect(new Set(CHECKS.map((c) => `${c.scope}:${c.name}`)).size).toBe(CHECKS.length);
    expect(checksFor('RATING_MISSING')).toEqual([expect.objectContaining({ name: 'required-ratings', scope: 'action-plan', option: 'requireRatings' })]);
  });

  it('stops a rule that reports a code it did not declare, and skips a rule whose option is not given', () => {
    const sloppy: PlanRule = { name: 'sloppy', description: '', codes: ['INVALID_DATE'], check: (_p, _c, f) => f.add('DATES_REVERSED', [], 'x') };
    expect(() => runRules([sloppy], new Findings(), {}, (rule, into) => rule.check({}, {} as never, into))).toThrow(UndeclaredCodeError);
    const optional: PlanRule = { ...sloppy, option: 'requireRatings' };
    const f = new Findings();
    runRules([optional], f, {}, (rule, into) => rule.check({}, {} as never, into));
    expect(f.list).toEqual([]);
  });
});
