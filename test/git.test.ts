// Plans at git revisions: plan diff between commits that add, remove, change, re-align and rename;
// --rev for validate, status and report; CODEOWNERS from the plan.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

function edit(file: string, find: string, replace: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(find)) throw new Error(`${find} not in ${file}`);
  writeFileSync(file, text.replace(find, replace));
}

let repo: string;
let plan: string;
const revs: Record<string, string> = {};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'plan-git-'));
  git(repo, 'init', '-q', '-b', 'main');
  plan = join(repo, 'plans', 'district');
  cpSync(join(FIXTURES, 'rollup'), plan, { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  revs.base = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'tag', 'feb-board');
  // 1: an action added, one removed, a title changed, a rating changed
  edit(join(plan, 'schools/a.yaml'), '  - {id: a2, title: A two., strategy: s1, owner: principal, progress: {fall: {rating: 2}, winter: {rating: 2}}}\n', '');
  edit(join(plan, 'schools/b.yaml'), 'actions:\n', 'actions:\n  - {id: b3, title: B three., strategy: s2, owner: principal, progress: {winter: {rating: 3}}}\n');
  edit(join(plan, 'schools/a.yaml'), 'title: A one.', 'title: A one (renamed in words).');
  edit(join(plan, 'schools/b.yaml'), "{id: b1, title: B one., strategy: s1, owner: principal, progress: {fall: {rating: 1}, winter: {rating: 3}}}", "{id: b1, title: B one., strategy: s1, owner: principal, progress: {fall: {rating: 1}, winter: {rating: 1}}}");
  git(repo, 'commit', '-qam', 'add, remove, change, re-rate');
  revs.one = git(repo, 'rev-parse', 'HEAD');
  // 2: an action re-aligned, an id renamed, a goal target changed
  edit(join(plan, 'schools/a.yaml'), '{id: a3, title: A three., strategy: s2,', '{id: a3, title: A three., strategy: s3,');
  edit(join(plan, 'schools/a.yaml'), '{id: a4, title: A four.', '{id: a4-renamed, title: A four.');
  edit(join(plan, 'plan.yaml'), 'target: {value: 60, school_year: 2020-21}', 'target: {value: 55, school_year: 2020-21}');
  git(repo, 'commit', '-qam', 're-align, rename, retarget');
  revs.two = git(repo, 'rev-parse', 'HEAD');
});

const diffJson = async (...args: string[]) => {
  const result = await runCli(['diff', ...args, '--plan', 'plans/district', '--format', 'json'], { cwd: repo });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
};

describe('plan diff between revisions', () => {
  it('finds additions, removals, field changes and rating changes, with the rollup effect', async () => {
    const diff = await diffJson(revs.base!, revs.one!);
    const ops = diff.changes.map((c: { op: string; id: string }) => `${c.op} ${c.id}`).sort();
    expect(ops).toEqual(['added b3', 'changed a1', 'removed a2']);
    const a1 = diff.changes.find((c: { id: string }) => c.id === 'a1');
    expect(a1.fields).toEqual([{ path: 'title', old: 'A one.', new: 'A one (renamed in words).' }]);
    expect(diff.ratings).toEqual([
      { kind: 'action', id: 'b1', title: 'B one.', cycle: 'winter', old: 3, new: 1, textChanged: false, holistic: false, file: 'schools/b.yaml' },
    ]);
    // winter s1: a1 2, b1 1 (was 2, 2, 3: a2 gone, b1 down) -> 1.5 -> 2, unchanged; s2 gains b3 = 3
    const effects = diff.effects.filter((e: { cycle: string }) => e.cycle === 'winter').map((e: { kind: string; id: string; old: number | null; new: number | null }) => `${e.kind} ${e.id} ${e.old}->${e.new}`);
    expect(effects).toContain('strategy s2 null->3');
    expect(diff.summary).toMatchObject({ added: 1, removed: 1, changed: 1, renamed: 0, ratings: 1 });
  });

  it('calls a moved action re-aligned and a new id with the same content a rename', async () => {
    const diff = await diffJson(revs.one!, revs.two!);
    const realigned = diff.changes.find((c: { id: string }) => c.id === 'a3');
    expect(realigned.realigned).toEqual({ from: 's2', to: 's3', fromTheory: 't1', toTheory: 't2' });
    const renamed = diff.changes.find((c: { op: string }) => c.op === 'renamed');
    expect(renamed).toMatchObject({ kind: 'action', from: 'a4', id: 'a4-renamed' });
    expect(diff.changes.some((c: { op: string; id: string }) => c.op === 'removed' && c.id === 'a4')).toBe(false);
    const goal = diff.changes.find((c: { kind: string }) => c.kind === 'goal');
    expect(goal.fields).toEqual([{ path: 'metric.target.value', old: 60, new: 55 }]);
    expect(diff.summary).toMatchObject({ renamed: 1, realigned: 1, goalTargets: 1 });
  });

  it('is empty for a plan compared with itself, and --exit-code says so', async () => {
    const same = await diffJson(revs.two!, revs.two!);
    expect(same).toMatchObject({ empty: true, changes: [], ratings: [], effects: [] });
    expect((await runCli(['diff', 'HEAD', '--plan', 'plans/district', '--exit-code'], { cwd: repo })).code).toBe(0);
    expect((await runCli(['diff', 'feb-board', '--plan', 'plans/district', '--exit-code'], { cwd: repo })).code).toBe(1);
  });

  it('compares the working tree with the merge base by default, and directories too', async () => {
    edit(join(plan, 'schools/b.yaml'), 'B one.', 'B one (edited).');
    const text = await runCli(['diff', '--plan', 'plans/district'], { cwd: repo });
    expect(text.stdout).toContain('(merge base) → plans/district (working tree)');
    expect(text.stdout).toContain('title: "B one." → "B one (edited)."');
    git(repo, 'checkout', '-q', '--', '.');
    const dirs = await runCli(['diff', join(FIXTURES, 'rollup'), 'plans/district', '--plan', 'plans/district', '--format', 'json'], { cwd: repo });
    expect(JSON.parse(dirs.stdout).summary.renamed).toBe(1);
  });

  it('writes every kind of change in text and markdown', async () => {
    const text = (await runCli(['diff', revs.base!, revs.two!, '--plan', 'plans/district'], { cwd: repo })).stdout;
    for (const expected of ['+ b3', '- a2', '→ renamed a4 → a4-renamed', 're-aligned: strategy s2 (t1) → s3 (t2)', 'metric.target.value: 60 → 55', 'Action Step b1, Winter SAM: 3 On track → 1 Needs urgent attention', 'Effect on the rollup']) {
      expect(text, expected).toContain(expected);
    }
    const markdown = (await runCli(['diff', revs.base!, revs.two!, '--plan', 'plans/district', '--format', 'markdown'], { cwd: repo })).stdout;
    expect(markdown.split('\n')[0]).toMatch(/^### Plan changes: /);
    expect(markdown).toContain('| Action Steps | 1 | 1 | 2 | 1 | 1 |');
    expect(markdown).toContain('<details><summary>Action Steps (5)</summary>');
    expect(markdown).toContain('**re-aligned** from `s2` (t1) to `s3` (t2)');
  });

  it('names the side that fails to load, and an unknown revision, with exit 2', async () => {
    edit(join(plan, 'plan.yaml'), 'version: 1', 'version: 1\nversion: 2');
    const broken = await runCli(['diff', 'HEAD', '--plan', 'plans/district'], { cwd: repo });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('HEAD (plans/district (working tree)) has 1 error');
    expect(broken.stderr).toContain('DUPLICATE_KEY');
    git(repo, 'checkout', '-q', '--', '.');
    const unknown = await runCli(['diff', 'no-such-tag', '--plan', 'plans/district'], { cwd: repo });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown revision "no-such-tag"');
  });
});

describe('--rev: the plan as it stood at a revision', () => {
  it('validates, rolls up and reports from a tag, through the same loader', async () => {
    // the working tree has moved on: a4 was renamed, a2 removed
    const status = JSON.parse((await runCli(['status', 'plans/district', '--rev', 'feb-board', '--cycle', 'winter', '--format', 'json'], { cwd: repo })).stdout);
    expect(status.rollup.actions.map((a: { id: string }) => a.id)).toContain('a2');
    expect(status.rollup.plan).toMatchObject({ rating: 3, actions: { rated: 4, total: 6 } });
    const valid = await runCli(['validate', 'plans/district', '--rev', 'feb-board'], { cwd: repo });
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('feb-board:plans/district');
    const out = mkdtempSync(join(tmpdir(), 'plan-rev-'));
    const report = await runCli(['report', 'plans/district', '--rev', 'feb-board', '--type', 'school', '--school', 'a', '--cycle', 'winter', '--format', 'html', '--out', out], { cwd: repo });
    expect(report.code).toBe(0);
    expect(readFileSync(join(out, readdirSync(out)[0]!), 'utf8')).toContain('A two.');
    expect((await runCli(['validate', 'plans/district', '--rev', 'nope'], { cwd: repo })).code).toBe(2);
  });
});

describe('plan codeowners', () => {
  it('writes review requests from the owners the plan names, keeps other lines, and checks', async () => {
    const eh = mkdtempSync(join(tmpdir(), 'plan-owners-'));
    git(eh, 'init', '-q', '-b', 'main');
    cpSync(join(ROOT, 'plans', 'eh2020'), join(eh, 'plans', 'eh2020'), { recursive: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(eh, '.github'));
    writeFileSync(join(eh, '.github', 'CODEOWNERS'), '# the district\'s own line\n/docs/ @ehps/communications\n');
    expect((await runCli(['codeowners', 'plans/eh2020', '--check'], { cwd: eh })).code).toBe(1);
    const written = await runCli(['codeowners', 'plans/eh2020'], { cwd: eh });
    expect(written.code).toBe(0);
    const file = readFileSync(join(eh, '.github', 'CODEOWNERS'), 'utf8');
    expect(file.startsWith("# the district's own line\n/docs/ @ehps/communications\n")).toBe(true);
    expect(file).toMatch(/^\/plans\/eh2020\/plan\.yaml +@ehps\/planning-office$/m);
    expect(file).toMatch(/^\/plans\/eh2020\/schools\/ehms\.yaml +@ehps\/ehms-principal @ehps\/planning-office$/m);
    expect(file).toMatch(/^\/plans\/eh2020\/offices\/teaching-learning\.yaml +@ehps\/teaching-learning @ehps\/planning-office$/m);
    expect((await runCli(['codeowners', 'plans/eh2020', '--check'], { cwd: eh })).code).toBe(0);
    edit(join(eh, 'plans', 'eh2020', 'schools', 'ehms.yaml'), '@ehps/ehms-principal', '@ehps/ehms-new-principal');
    const stale = await runCli(['codeowners', 'plans/eh2020', '--check'], { cwd: eh });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('@ehps/ehms-new-principal');
  });
});

describe('CI integration files', () => {
  it('action.yml and the example workflow are valid YAML that call real commands', () => {
    const action = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Array<{ run: string }> }; inputs: Record<string, unknown> };
    expect(action.runs.using).toBe('composite');
    // Each step is a script in action/, which the action names by path.
    const runs = action.runs.steps.map((s) => s.run).join('\n');
    const scripts = [...runs.matchAll(/\$GITHUB_ACTION_PATH\/(action\/[\w.-]+)/g)].map((m) => readFileSync(join(ROOT, m[1]!), 'utf8'));
    const commands = [runs, ...scripts].join('\n');
    for (const call of ['args=(validate', 'plan diff "$BASE_SHA"', 'args=(report', 'plan codeowners "$PLAN_DIR"']) expect(commands).toContain(call);
    expect(commands).toContain('--format github');
    expect(commands).toContain('--format markdown');
    const workflow = load(readFileSync(join(ROOT, 'examples', 'plan-pull-request.yml'), 'utf8')) as { jobs: { plan: { steps: Array<{ uses?: string; with?: Record<string, unknown> }> } } };
    const usesAction = workflow.jobs.plan.steps.find((s) => s.uses?.endsWith('/plan@v1'))!;
    for (const input of Object.keys(usesAction.with!)) expect(action.inputs, input).toHaveProperty(input);
    expect(commands).toContain('args=(site "$PLAN_DIR"');
    const site = load(readFileSync(join(ROOT, 'examples', 'plan-site.yml'), 'utf8')) as { jobs: { build: { steps: Array<{ uses?: string; with?: Record<string, unknown> }> } } };
    const siteAction = site.jobs.build.steps.find((s) => s.uses?.endsWith('/plan@v1'))!;
    for (const input of Object.keys(siteAction.with!)) expect(action.inputs, input).toHaveProperty(input);
  });
});

describe('loading two revisions together', () => {
  it('gives each side exactly the diagnostics a full load gives', async () => {
    const { GitRevisionSource } = await import('../src/load/git-source.js');
    const { loadPlan } = await import('../src/load/load-plan.js');
    const { loadPlanPair } = await import('../src/load/load-pair.js');
    edit(join(plan, 'schools/b.yaml'), 'strategy: s3', 'strategy: s33');
    git(repo, 'commit', '-qam', 'a broken alignment');
    const broken = git(repo, 'rev-parse', 'HEAD');
    const open = (rev: string) => GitRevisionSource.open(plan, rev);
    const [b1, h1, b2, h2] = await Promise.all([open(revs.two!), open(broken), open(revs.two!), open(broken)]);
    const pair = await loadPlanPair(b1, h1, { threads: 0 });
    const alone = { base: await loadPlan(b2, { keepData: true, threads: 0 }), head: await loadPlan(h2, { keepData: true, threads: 0 }) };
    for (const s of [b1, h1, b2, h2]) s.close();
    expect(pair.head.diagnostics).toEqual(alone.head.diagnostics);
    expect(pair.base.diagnostics).toEqual(alone.base.diagnostics);
    expect(pair.head.diagnostics.map((d) => d.code)).toContain('UNKNOWN_STRATEGY');
    git(repo, 'reset', '-q', '--hard', revs.two!);
  });
});

describe('plan diff with a plan folder where a revision goes', () => {
  it('stops and says "did you mean --plan" instead of reading the plan as removed', async () => {
    const run = await runCli(['diff', 'plans/eh2020'], { cwd: ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('plans/eh2020 is a plan folder, and plan diff takes revisions');
    expect(run.stderr).toContain('Did you mean: plan diff --plan plans/eh2020');
    expect(run.stdout).toBe('');
  });
});
