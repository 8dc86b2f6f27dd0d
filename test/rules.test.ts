// Every rule has a case that breaks it (fixtures/rules/*.yaml, each an edit of the valid base plan)
// and the base plan, which uses every part of the format and breaks none.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/codes.js';
import { applyEdits, baseFiles, codes, FIXTURES, loadFiles, readCase } from './helpers.js';

const caseNames = readdirSync(join(FIXTURES, 'rules'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -5))
  .sort();

// Codes whose cases need real bytes or a file system: they live in bad-input.test.ts.
const CHECKED_ELSEWHERE = new Set([
  // From the plan's git history: test/history.test.ts and test/compliance.test.ts.
  'CHANGE_WITHOUT_NOTE',
  'APPROVAL_OUTDATED',
  'FILE_UNREADABLE',
  'FILE_OUTSIDE_REPOSITORY',
  'FILE_NOT_REGULAR',
  'FILE_TOO_LARGE',
  'EMPTY_FILE',
  'BINARY_FILE',
  'NOT_UTF8',
  'NESTING_TOO_DEEP',
  'YAML_SYNTAX',
  'TAB_INDENTATION',
  'DUPLICATE_KEY',
  'ALIAS_EXPANSION',
  'NOT_A_MAPPING',
]);

describe('the base plan', () => {
  it('is valid: no errors and no warnings', async () => {
    const plan = await loadFiles(baseFiles());
    expect(plan.diagnostics).toEqual([]);
  });
});

describe('rule cases', () => {
  for (const name of caseNames) {
    const testCase = readCase(name);
    it(`${name}: ${testCase.description}`, async () => {
      const plan = await loadFiles(applyEdits(baseFiles(), testCase.edits), 0, testCase.options);
      expect(codes(plan)).toEqual([...testCase.expect].sort());
      for (const d of plan.diagnostics) {
        expect(d.message.length).toBeGreaterThan(10);
        if (d.code !== 'PLAN_FILE_MISSING') expect(d.range, `${d.code} has a position`).toBeDefined();
      }
    });
  }

  it('cover every rule code with at least one failing case', async () => {
    const seen = new Set<string>();
    for (const name of caseNames) for (const code of readCase(name).expect) seen.add(code);
    const missing = Object.keys(RULES).filter((code) => !seen.has(code) && !CHECKED_ELSEWHERE.has(code));
    expect(missing).toEqual([]);
  });
});

describe('diagnostics point at the offending line and speak the plan\'s terms', () => {
  it('an unknown strategy: at the strategy value, with a suggestion', async () => {
    const plan = await loadFiles(applyEdits(baseFiles(), readCase('unknown-strategy').edits));
    const d = plan.diagnostics.find((x) => x.code === 'UNKNOWN_STRATEGY')!;
    expect(d.file).toBe('schools/alpha.yaml');
    expect(d.range!.start.line + 1).toBe(20);
    expect(d.range!.start.column + 1).toBe(15);
    expect(d.message).toContain('Action Step "alpha-1"');
    expect(d.message).toContain('strategy "asess"');
    expect(d.hint).toContain('Did you mean "assess"?');
  });

  it('an unknown property: at the key, suggesting the right name', async () => {
    const plan = await loadFiles(applyEdits(baseFiles(), readCase('unknown-property').edits));
    const d = plan.diagnostics.find((x) => x.code === 'UNKNOWN_PROPERTY')!;
    expect(d.range!.start.line + 1).toBe(21);
    expect(d.range!.start.column + 1).toBe(5);
    expect(d.hint).toBe('Did you mean "owner"?');
  });

  it('a duplicate id: at the second use, naming the first', async () => {
    const plan = await loadFiles(applyEdits(baseFiles(), readCase('duplicate-id-across-files').edits));
    const d = plan.diagnostics.find((x) => x.code === 'DUPLICATE_ID')!;
    // Files are read in a fixed order (plan.yaml, offices/, schools/): the later one is the repeat.
    expect(d.file).toBe('schools/alpha.yaml');
    expect(d.range!.start.line + 1).toBe(18);
    expect(d.message).toContain('first used in offices/central.yaml line 4');
  });

  it('a missing required property: at the item that lacks it', async () => {
    const plan = await loadFiles(applyEdits(baseFiles(), readCase('missing-property').edits));
    const d = plan.diagnostics.find((x) => x.code === 'MISSING_PROPERTY')!;
    expect(d.range!.start.line + 1).toBe(18);
    expect(d.message).toContain('"title"');
  });

  it('uses the district\'s own terminology', async () => {
    const files = applyEdits(baseFiles(), [
      ...readCase('unknown-strategy').edits,
      { file: 'plan.yaml', find: 'strategy: {singular: Strategy, plural: Strategies}', replace: 'strategy: High Leverage District Strategy\n  action: Strategic Action' },
    ]);
    const plan = await loadFiles(files);
    const d = plan.diagnostics.find((x) => x.code === 'UNKNOWN_STRATEGY')!;
    expect(d.message).toBe('Strategic Action "alpha-1" is aligned to high leverage district strategy "asess", which plan.yaml does not define');
    expect(plan.context.terms.strategy.plural).toBe('High Leverage District Strategies');
  });
});
