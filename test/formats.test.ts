// The output formats. GitHub annotations are checked to the letter (their syntax is the product);
// the others by structure.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { escapeData, escapeProperty, formatGithub, formatStepSummary } from '../src/format/github.js';
import { formatJson } from '../src/format/json.js';
import { NO_PAINT } from '../src/format/paint.js';
import type { ValidationReport } from '../src/format/report.js';
import { formatStylish } from '../src/format/stylish.js';

const diagnostics: Diagnostic[] = [
  {
    code: 'UNKNOWN_STRATEGY',
    severity: 'error',
    message: 'Action Step "a1" is aligned to strategy "s9", which plan.yaml does not define',
    hint: 'Did you mean "s1"?',
    file: 'schools/alpha.yaml',
    path: ['actions', 0, 'strategy'],
    range: { start: { line: 19, column: 14 }, end: { line: 19, column: 16 } },
  },
  {
    code: 'ACTION_WITHOUT_TIMELINE',
    severity: 'warning',
    message: 'Action Step "a1" has no timeline: 100% sure,\nreally',
    file: 'schools/alpha.yaml',
    path: ['actions', 0],
    range: { start: { line: 17, column: 4 }, end: { line: 17, column: 4 } },
  },
  {
    code: 'PLAN_FILE_MISSING',
    severity: 'error',
    message: 'plans/x has no plan.yaml',
    file: 'plan.yaml',
    path: [],
  },
];

const report: ValidationReport = {
  planDir: 'plans/x',
  diagnostics,
  errorCount: 2,
  warningCount: 1,
  fileCount: 2,
  displayPath: (file) => `plans/x/${file}`,
};

describe('stylish', () => {
  const text = formatStylish(report, { paint: NO_PAINT });
  it('groups by file with 1-based positions, codes and hints', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('plans/x/schools/alpha.yaml');
    expect(lines[1]).toMatch(/^ {2}20:15 +error +Action Step "a1" is aligned to strategy "s9".* UNKNOWN_STRATEGY$/);
    expect(lines[2]).toContain('→ Did you mean "s1"?');
    expect(text).toContain('plans/x/plan.yaml');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ plans/x: 2 errors, 1 warning (2 files checked)');
  });
  it('leaves warnings out with quiet', () => {
    expect(formatStylish(report, { paint: NO_PAINT, quiet: true })).not.toContain('ACTION_WITHOUT_TIMELINE');
  });
  it('says when the plan is valid', () => {
    const clean = formatStylish({ ...report, diagnostics: [], errorCount: 0, warningCount: 0 }, { paint: NO_PAINT });
    expect(clean).toBe('✔ plans/x: the plan is valid (2 files checked)\n');
  });
});

describe('json', () => {
  it('has the documented shape, with 1-based positions', () => {
    const output = JSON.parse(formatJson(report));
    expect(output).toMatchObject({ version: 1, plan: 'plans/x', valid: false, errorCount: 2, warningCount: 1, fileCount: 2 });
    expect(output.diagnostics[0]).toEqual({
      code: 'UNKNOWN_STRATEGY',
      severity: 'error',
      message: 'Action Step "a1" is aligned to strategy "s9", which plan.yaml does not define',
      hint: 'Did you mean "s1"?',
      file: 'plans/x/schools/alpha.yaml',
      planFile: 'schools/alpha.yaml',
      path: 'actions[0].strategy',
      line: 20,
      column: 15,
      endLine: 20,
      endColumn: 17,
    });
    expect(output.diagnostics[2]).toMatchObject({ line: null, column: null, path: '' });
  });
});

describe('github', () => {
  it('escapes data and properties as @actions/core does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });
  it('writes one workflow command per diagnostic', () => {
    expect(formatGithub(report).split('\n')).toEqual([
      '::error file=plans/x/schools/alpha.yaml,line=20,col=15,endLine=20,endColumn=17,title=plan UNKNOWN_STRATEGY::Action Step "a1" is aligned to strategy "s9", which plan.yaml does not define%0ADid you mean "s1"?',
      '::warning file=plans/x/schools/alpha.yaml,line=18,col=5,endLine=18,endColumn=5,title=plan ACTION_WITHOUT_TIMELINE::Action Step "a1" has no timeline: 100%25 sure,%0Areally',
      '::error file=plans/x/plan.yaml,title=plan PLAN_FILE_MISSING::plans/x has no plan.yaml',
      'plan validate: 2 errors, 1 warning in plans/x',
      '',
    ]);
  });
  it('summarises every diagnostic for the job summary', () => {
    const summary = formatStepSummary(report);
    expect(summary).toContain('**2 errors**, 1 warning.');
    expect(summary.split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| ⚠️'))).toHaveLength(3);
  });
});
