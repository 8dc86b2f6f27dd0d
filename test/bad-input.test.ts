// Bad input gets a clear error at its file and line, never a stack trace, a crash or a hang.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../src/load/load-plan.js';
import { DirectorySource } from '../src/load/source.js';
import { findExcessiveNesting } from '../src/load/nesting.js';
import { parseYaml } from '../src/load/parse.js';
import { applyEdits, baseFiles, FIXTURES, loadFiles } from './helpers.js';
import { runCli } from './run-cli.js';

const BAD = join(FIXTURES, 'bad-input');

interface Expected {
  code: string;
  file: string;
  line: number | null;
}

describe('bad input fixtures', () => {
  for (const name of readdirSync(BAD).sort()) {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(join(BAD, name, 'expected.json'), 'utf8')) as Expected[];
      const plan = await loadPlan(new DirectorySource(join(BAD, name), name));
      const errors = plan.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => ({ code: d.code, file: d.file, line: d.range ? d.range.start.line + 1 : null }))).toEqual(expected);
      for (const d of errors) expect(d.hint, `${d.code} suggests a fix`).toBeTruthy();
    });
  }
});

function tempPlan(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-bad-'));
  const base = readFileSync(join(BAD, 'duplicate-key', 'plan.yaml'), 'utf8').replace('  title: Plan again\n', '');
  writeFileSync(join(dir, 'plan.yaml'), base);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

describe('hazards', () => {
  const deepBlock = `school: a\nactions:\n${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')}\n`;
  const deepFlow = `school: a\nactions: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
  const deepSeq = `school: a\nactions:\n  ${'- '.repeat(6000)}x\n`;

  it('rejects deep nesting before any parser builds a tree', () => {
    expect(findExcessiveNesting(deepBlock)).toMatchObject({ line: 201 });
    expect(findExcessiveNesting(deepFlow)).toMatchObject({ line: 1 });
    expect(findExcessiveNesting(deepSeq)).toMatchObject({ line: 2 });
    expect(findExcessiveNesting('a: "[[[[[[[["\nb: [x, [y, {z: 1}]]\n', 3)).toBeNull();
  });

  it('reports deep nesting through the CLI with exit 1 and no crash', async () => {
    for (const content of [deepBlock, deepFlow, deepSeq]) {
      const dir = tempPlan({ 'schools/a.yaml': content });
      // The deepest block is over the plan file limit (12 MB of indentation): raised, to reach the nesting check.
      const result = await runCli(['validate', dir, '--format', 'json', '--limit', 'plan-file=64MB']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('');
      const output = JSON.parse(result.stdout);
      expect(output.diagnostics[0]).toMatchObject({ code: 'NESTING_TOO_DEEP', planFile: 'schools/a.yaml' });
    }
  });

  it('rejects an alias that refers to itself', () => {
    const result = parseYaml('school: a\nactions: &x [*x]\n');
    expect(result.ok ? 'parsed' : result.code).toMatch(/ALIAS_EXPANSION|YAML_SYNTAX/);
  });

  it('keeps unquoted dates as text, so date checks see what was written', () => {
    const result = parseYaml('due: 2019-11-22\nwhen: 2019-11-22T10:00:00Z\n');
    expect(result.ok && result.data).toEqual({ due: '2019-11-22', when: '2019-11-22T10:00:00Z' });
  });

  it('reports a file it cannot read, and goes on with the others', async () => {
    const dir = tempPlan({ 'schools/b.yaml': 'school: b\nactions: []\n' });
    mkdirSync(join(dir, 'schools', 'broken.yaml'));
    const plan = await loadPlan(new DirectorySource(dir));
    expect(plan.diagnostics.map((d) => d.code).sort()).toEqual(['FILE_UNREADABLE', 'UNKNOWN_SCHOOL']);
    expect(plan.diagnostics.find((d) => d.code === 'FILE_UNREADABLE')).toMatchObject({ file: 'schools/broken.yaml' });
    expect(plan.diagnostics.find((d) => d.code === 'FILE_UNREADABLE')!.message).toContain('folder');
  });
});

describe('messages that give the fix (issue 24)', () => {
  it('says where an apostrophe closes single-quoted text too soon, and how to write it', () => {
    const result = parseYaml("school: a\ntitle: 'Coach teachers' skills.'\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('the quoted text ends at the apostrophe in "Coach teachers\'"');
    expect(result.hint).toContain("'Coach teachers'' skills.'");
    expect(result.position).toEqual({ line: 1, column: 22 });
  });

  it('tells a goal numbered as the document numbers it (id: 1.1) to put the number in quotes', async () => {
    const plan = await loadFiles(applyEdits(baseFiles(), [{ file: 'offices/central.yaml', find: 'id: central-1', replace: 'id: 1.1' }]));
    const wrong = plan.diagnostics.find((d) => d.code === 'WRONG_TYPE')!;
    expect(wrong.message).toContain('must be text, not the number 1.1');
    expect(wrong.hint).toContain('id: "1.1"');
  });
});
