// Commands run in this process through main(), with their output captured: every command, its exit
// code and its streams. And the library's pieces that commands are built from, called directly:
// the semantic diff, the status view, CODEOWNERS entries, the status and diff formatters.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { codeownersEntries } from '../src/codeowners.js';
import { diffPlans } from '../src/diff/diff.js';
import { formatDiffMarkdown, formatDiffText } from '../src/format/diff.js';
import { NO_PAINT } from '../src/format/paint.js';
import { formatStatusCsv, formatStatusMarkdown } from '../src/format/status-data.js';
import { buildModel } from '../src/plan/model.js';
import { computeRollup } from '../src/rollup/rollup.js';
import { buildView } from '../src/status/view.js';
import { loadPlan } from '../src/load/load-plan.js';
import { DirectorySource, MemorySource } from '../src/load/source.js';
import { applyEdits, FIXTURES, materialize, readTree, ROOT } from './helpers.js';

async function run(argv: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env: { NO_COLOR: '1', ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const rollupFiles = readTree(join(FIXTURES, 'rollup'));

async function model(files: Record<string, string>) {
  const loaded = await loadPlan(new MemorySource('plan', files), { keepData: true, threads: 0 });
  expect(loaded.errorCount).toBe(0);
  return buildModel(loaded);
}

describe('every command through main()', () => {
  it('validate: 0 for a valid plan, 1 with its errors, 2 for a folder that is not there', async () => {
    const valid = await run(['validate', 'test/fixtures/base']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/the plan is valid/);
    const broken = materialize(applyEdits(readTree(join(FIXTURES, 'base')), [{ file: 'schools/alpha.yaml', find: 'strategy: assess', replace: 'strategy: asess' }]));
    const invalid = await run(['validate', broken, '--format', 'json']);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).diagnostics.map((d: { code: string }) => d.code)).toContain('UNKNOWN_STRATEGY');
    const missing = await run(['validate', 'no/such/plan']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/plan: no such directory');
  });

  it('status: the rollup as JSON, and an unknown cycle is a usage error', async () => {
    const json = await run(['status', 'test/fixtures/rollup', '--cycle', 'winter', '--format', 'json', '--as-of', '2020-03-01']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).rollup.plan).toMatchObject({ rating: 3, reporting: true, actions: { rated: 4, total: 6 } });
    const unknown = await run(['status', 'test/fixtures/rollup', '--cycle', 'summer']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown reporting cycle "summer"[\s\S]*Valid ids: fall/);
  });

  it('report: an HTML file in --out, and a usage error for a school report without a school', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-main-report-'));
    const report = await run(['report', 'test/fixtures/rollup', '--format', 'html', '--cycle', 'winter', '--out', out, '--as-of', '2020-03-01']);
    expect(report.code).toBe(0);
    expect(readdirSync(out)).toEqual(['rollup-board-winter.html']);
    const noSchool = await run(['report', 'test/fixtures/rollup', '--type', 'school', '--format', 'html', '--out', out]);
    expect(noSchool.code).toBe(2);
    expect(noSchool.stderr).toContain('--type school needs --school ID or --all-schools');
    expect(noSchool.stderr).toContain('Schools with action plans: a, b');
  });

  it('diff, init, schema, codeowners and --version', async () => {
    const base = materialize(rollupFiles);
    const head = materialize(applyEdits(rollupFiles, [{ file: 'schools/a.yaml', find: 'title: A one.', replace: 'title: A first.' }]));
    const diff = await run(['diff', base, head, '--plan', head, '--format', 'markdown']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('**changed** `a1` A first.');
    expect((await run(['diff', base, base, '--plan', base, '--exit-code'])).code).toBe(0);
    expect((await run(['diff', base, head, '--plan', head, '--exit-code'])).code).toBe(1);

    const fresh = join(mkdtempSync(join(tmpdir(), 'plan-main-init-')), 'new');
    const init = await run(['init', fresh, '--district', 'Springfield Public Schools', '--start', '2025-07-01', '--end', '2030-06-30']);
    expect(init.code).toBe(0);
    expect((await run(['validate', fresh])).code).toBe(0);
    expect((await run(['init', fresh])).code).toBe(2);

    const schema = await run(['schema', 'school']);
    expect(JSON.parse(schema.stdout).title).toBeTruthy();
    expect((await run(['schema', 'district'])).code).toBe(2);

    const owners = await run(['codeowners', fresh, '--check', '--out', join(fresh, 'CODEOWNERS')]);
    expect(owners.code).toBe(1);
    expect((await run(['codeowners', fresh, '--out', join(fresh, 'CODEOWNERS')])).code).toBe(0);
    expect((await run(['codeowners', fresh, '--check', '--out', join(fresh, 'CODEOWNERS')])).code).toBe(0);

    const version = await run(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect((await run(['validate', '--no-such-option'])).code).toBe(2);
  });
});

describe('the pieces commands are made of', () => {
  it('diffPlans: a change of title, a re-alignment and a rating, with the effect on the rollup', async () => {
    const before = await model(rollupFiles);
    const after = await model(
      applyEdits(rollupFiles, [
        { file: 'schools/a.yaml', find: 'title: A one.', replace: 'title: A first.' },
        { file: 'schools/a.yaml', find: '{id: a3, title: A three., strategy: s2', replace: '{id: a3, title: A three., strategy: s1' },
        { file: 'schools/a.yaml', find: '{id: a2, title: A two., strategy: s1, owner: principal, progress: {fall: {rating: 2}, winter: {rating: 2}}}', replace: '{id: a2, title: A two., strategy: s1, owner: principal, progress: {fall: {rating: 2}, winter: {rating: 3}}}' },
      ]),
    );
    const diff = diffPlans(before, after, { base: 'before', head: 'after' });
    expect(diff.summary).toMatchObject({ changed: 2, realigned: 1, ratings: 1 });
    expect(diff.changes.find((c) => c.id === 'a1')!.fields).toEqual([{ path: 'title', old: 'A one.', new: 'A first.' }]);
    expect(diff.changes.find((c) => c.id === 'a3')!.realigned).toMatchObject({ from: 's2', to: 's1' });
    expect(diff.ratings).toEqual([expect.objectContaining({ id: 'a2', cycle: 'winter', old: 2, new: 3 })]);
    expect(diff.effects.some((e) => e.cycle === 'winter' && e.kind === 'strategy' && e.id === 's1')).toBe(true);
    const text = formatDiffText(after, diff, NO_PAINT);
    expect(text).toContain('re-aligned: strategy s2 (t1) → s1 (t1)');
    expect(formatDiffMarkdown(after, diff)).toMatch(/\| Action Steps \| {2}\| {2}\| 2 \| {2}\| 1 \|/);
  });

  it('the status view: rows by school at the top depth, in CSV and Markdown', async () => {
    const m = await model(rollupFiles);
    const rollup = computeRollup(m, { cycle: 'winter', asOf: '2020-03-01' });
    const view = buildView(m, rollup, 'school', 'top');
    expect(view.rows.map((r) => [r.kind, r.id, r.rating])).toEqual([
      ['plan', 'rollup', 3],
      ['school', 'a', 2],
      ['school', 'b', 1],
    ]);
    const csv = formatStatusCsv(m, view).split('\r\n');
    expect(csv[0]).toBe('kind,depth,id,parent,title,rating,label,computed,holistic,divergent,rated,total,trend,previous,reporting,held');
    expect(csv[2]).toMatch(/^school,1,a,,School A,2,Progressing,/);
    expect(formatStatusMarkdown(m, rollup, view)).toContain('| &nbsp;&nbsp;School B | 1 Needs urgent attention |');
  });

  it('codeownersEntries: the planning office, each office lead and each school leader with a handle', async () => {
    const loaded = await loadPlan(new DirectorySource(join(ROOT, 'plans', 'eh2020')), { keepData: true, threads: 0 });
    const { entries, warnings } = codeownersEntries(buildModel(loaded), 'plans/eh2020');
    expect(entries[0]).toMatchObject({ pattern: '/plans/eh2020/', owners: ['@ehps/planning-office'] });
    expect(entries.find((e) => e.pattern === '/plans/eh2020/schools/ehms.yaml')!.owners).toEqual(['@ehps/ehms-principal', '@ehps/planning-office']);
    expect(entries.every((e) => e.owners.length > 0)).toBe(true);
    expect(warnings).toEqual([]);
  });
});
