// The history of targets (issue 27): built from the git history of a copy of EH2020 in which
// targets move, with and without a reason, a measure is removed and a strategy moved; read as the
// library gives it, as plan validate --changes-since warns of it, as the board report's appendix
// and as the website's plan updates page.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { planHistory } from '../src/history/history.js';
import { ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const repo = mkdtempSync(join(tmpdir(), 'plan-history-'));
const planDir = join(repo, 'plan');
const commits: Record<string, string> = {};

function git(args: string[], date?: string): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', ...(date ? { GIT_AUTHOR_DATE: `${date}T12:00:00Z`, GIT_COMMITTER_DATE: `${date}T12:00:00Z` } : {}) };
  return execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
}

/** Edits plan.yaml as a document (comments kept) and commits it on `date`. */
function commit(name: string, date: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const file = join(planDir, 'plan.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, doc.toString());
  git(['commit', '-qam', name], date);
  commits[name] = git(['rev-parse', '--short=7', 'HEAD']);
}

const goalIndex = (doc: ReturnType<typeof parseDocument>, id: string) => (doc.get('goals') as YAMLSeq<YAMLMap>).items.findIndex((g) => g.get('id') === id);

beforeAll(() => {
  cpSync(join(ROOT, 'plans', 'eh2020'), planDir, { recursive: true });
  git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-qm', 'adopted'], '2023-08-01');
  commits.adopted = git(['rev-parse', '--short=7', 'HEAD']);
  commit('new count', '2023-09-15', (doc) => {
    const at = goalIndex(doc, 'chronic-absence');
    doc.setIn(['goals', at, 'metric', 'target', 'value'], 11);
    doc.setIn(['goals', at, 'metric', 'milestones'], doc.createNode([{ value: 12.5, school_year: '2018-19' }]));
    doc.setIn(['goals', at, 'changes'], doc.createNode([{ date: '2023-09-10', what: 'target 10% → 11%', reason: 'The state now counts a student absent for half a day as absent.' }]));
  });
  commit('lower reading target', '2023-10-01', (doc) => doc.setIn(['goals', goalIndex(doc, 'grade3-reading'), 'metric', 'target', 'value'], 58));
  commit('retire a measure, move a strategy', '2023-11-01', (doc) => {
    (doc.get('goals') as YAMLSeq).delete(goalIndex(doc, 'chronic-absence'));
    doc.deleteIn(['translations', 'es', 'items', 'chronic-absence']);
    doc.setIn(['plan', 'changes'], doc.createNode([{ date: '2023-10-20', reason: 'The attendance measure moved to the schools’ own plans.' }]));
    const theories = doc.get('theories') as YAMLSeq<YAMLMap>;
    const toa4 = theories.items.find((t) => t.get('id') === 'toa4')!.get('strategies') as YAMLSeq<YAMLMap>;
    const toa3 = theories.items.find((t) => t.get('id') === 'toa3')!.get('strategies') as YAMLSeq<YAMLMap>;
    const at = toa4.items.findIndex((s) => s.get('id') === 'toa4-time');
    const time = toa4.items[at]!;
    toa4.delete(at);
    time.set('changes', doc.createNode([{ date: '2023-10-25', reason: 'Time is planned with the workforce now.' }]));
    toa3.add(time);
  });
  // A cycle's ratings (a school plan with no goals: the plan is not read again for it), then a school's own goal moved.
  editFile('schools/oconnell.yaml', '2019-fall-sam: {rating: 1, evidence: 35% of observed lessons.}', '2019-fall-sam: {rating: 2, evidence: 45% of observed lessons.}', 'ratings', '2023-11-15');
  editFile('schools/ehms.yaml', 'target: {value: 60, school_year: 2019-20}', 'target: {value: 55, school_year: 2019-20}', 'school goal', '2023-11-20');
});

function editFile(file: string, find: string, replace: string, name: string, date: string): void {
  const path = join(planDir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(find)) throw new Error(`${file} has no ${find}`);
  writeFileSync(path, text.replace(find, replace));
  git(['commit', '-qam', name], date);
  commits[name] = git(['rev-parse', '--short=7', 'HEAD']);
}

describe("the plan's history of targets", () => {
  it('lists each target moved, each measure removed and each item moved, by commit date, with the note given in the same commit', async () => {
    const history = await planHistory(planDir);
    expect(history.since).toEqual({ commit: commits.adopted, date: '2023-08-01' });
    expect(history.until).toEqual({ commit: commits['school goal'], date: '2023-11-20' });
    expect(history.revisions).toBe(5);
    const said = history.entries.map((e) => `${e.date} ${e.op} ${e.id}${e.part ? ` ${e.part} ${JSON.stringify(e.old)}→${JSON.stringify(e.new)}` : ''}${e.from ? ` from ${e.from} to ${e.to}` : ''}: ${e.notes.map((n) => n.reason).join(' ') || '(none)'}`);
    expect(said).toEqual([
      '2023-09-15 target chronic-absence target {"value":10,"when":"2019-20"}→{"value":11,"when":"2019-20"}: The state now counts a student absent for half a day as absent.',
      '2023-09-15 target chronic-absence milestone null→{"value":12.5,"when":"2018-19"}: The state now counts a student absent for half a day as absent.',
      '2023-10-01 target grade3-reading target {"value":60,"when":"2019-20"}→{"value":58,"when":"2019-20"}: (none)',
      '2023-11-01 moved toa4-time from toa4 to toa3: Time is planned with the workforce now.',
      '2023-11-01 removed chronic-absence: The attendance measure moved to the schools’ own plans.',
      '2023-11-20 target ehms-math-growth target {"value":60,"when":"2019-20"}→{"value":55,"when":"2019-20"}: (none)',
    ]);
  });

  it('starts after a revision or a date: changes made on the date are listed', async () => {
    const fromRev = await planHistory(planDir, { since: commits['new count'] });
    expect(fromRev.entries.map((e) => e.date)).toEqual(['2023-10-01', '2023-11-01', '2023-11-01', '2023-11-20']);
    const fromDate = await planHistory(planDir, { since: '2023-10-01' });
    expect(fromDate.entries.map((e) => e.id)).toEqual(['grade3-reading', 'toa4-time', 'chronic-absence', 'ehms-math-growth']);
    expect(fromDate.since?.commit).toBe(commits['new count']);
  });

  it('plan validate --changes-since warns at the measure whose target moved with no note, and not once a note dated on or before the change is added later', async () => {
    const before = await runCli(['validate', planDir, '--changes-since', '2023-09-01']);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/plan\.yaml\n\s+\d+:5\s+warning\s+the target of measure "grade3-reading" changed from 60 \(2019-20\) to 58 \(2019-20\) on 2023-10-01 \(commit [0-9a-f]{7}\) with no note of why\s+CHANGE_WITHOUT_NOTE/);
    expect(before.stdout).toContain('Add a note under the changes of the measure, dated on or before 2023-10-01');
    expect(before.stdout).not.toContain('chronic-absence');
    // --max-warnings makes it a gate in CI.
    expect((await runCli(['validate', planDir, '--changes-since', '2023-09-01', '--max-warnings', '0'])).code).toBe(1);

    commit('explain the reading target', '2023-12-01', (doc) => doc.setIn(['goals', goalIndex(doc, 'grade3-reading'), 'changes'], doc.createNode([{ date: '2023-09-28', reason: 'The reading assessment was re-normed.' }])));
    const after = await runCli(['validate', planDir, '--changes-since', '2023-09-01', '--format', 'json']);
    // What is left is the school's own goal, moved with no note: placed at the goal in the school's file.
    expect(JSON.parse(after.stdout).diagnostics.filter((d: { code: string }) => d.code === 'CHANGE_WITHOUT_NOTE').map((d: { planFile: string; message: string }) => `${d.planFile}: ${d.message}`)).toEqual([
      expect.stringMatching(/^schools\/ehms\.yaml: the target of measure "ehms-math-growth" changed from 60 \(2019-20\) to 55 \(2019-20\) on 2023-11-20 \(commit [0-9a-f]{7}\) with no note of why$/),
    ]);
    const history = await planHistory(planDir);
    expect(history.entries.find((e) => e.id === 'grade3-reading')!.notes.map((n) => n.reason)).toEqual(['The reading assessment was re-normed.']);
    // The plan as it stood at a revision is checked against the history up to it.
    const atRev = await runCli(['validate', planDir, '--rev', commits['lower reading target']!, '--changes-since', commits.adopted!]);
    expect(atRev.stdout).toContain('CHANGE_WITHOUT_NOTE');
  });

  it('plan history prints it grouped by reason, a row per change as CSV, and JSON', async () => {
    const text = await runCli(['history', planDir, '--since', '2023-09-01'], { env: { NO_COLOR: '1', COLUMNS: '200' } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('The state now counts a student absent for half a day as absent. (decided September 10, 2023)\n  September 15, 2023  Goal Reduce chronic absenteeism across PK-12. (chronic-absence): Target 2019-20: 10% → 11%');
    expect(text.stdout).toMatch(/No reason given in the plan\n {2}November 20, 2023 {2}Goal Increase the share of students meeting their mathematics growth target\. \(ehms-math-growth\): Target 2019-20: 60% → 55%/);
    const csv = (await runCli(['history', planDir, '--format', 'csv'])).stdout.trim().split('\r\n');
    expect(csv[0]).toBe('date,commit,op,kind,id,title,file,part,when,old,new,from,to,reason,note_date');
    expect(csv).toContainEqual(expect.stringMatching(/^2023-11-20,[0-9a-f]{7},target,goal,ehms-math-growth,Increase the share of students meeting their mathematics growth target\.,schools\/ehms\.yaml,target,2019-20,60,55,,,,$/));
    const json = JSON.parse((await runCli(['history', planDir, '--format', 'json', '--rev', commits['new count']!])).stdout);
    expect(json.history.entries.map((e: { id: string }) => e.id)).toEqual(['chronic-absence', 'chronic-absence']);
    const outside = mkdtempSync(join(tmpdir(), 'plan-no-git-'));
    cpSync(join(ROOT, 'plans', 'eh2020'), outside, { recursive: true });
    const noGit = await runCli(['history', outside]);
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toContain('is not inside a git repository');
  });

  it('says when the repository is a shallow clone, whose history starts where the clone does', async () => {
    const shallow = mkdtempSync(join(tmpdir(), 'plan-shallow-'));
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo}`, shallow]);
    const history = await planHistory(join(shallow, 'plan'));
    expect(history.shallow).toBe(true);
    expect((await planHistory(planDir)).shallow).toBe(false);
    const site = await runCli(['site', join(shallow, 'plan'), '--out', join(shallow, 'site'), '--lang', 'en']);
    expect(site.code).toBe(0);
    expect(site.stderr).toContain('plan site: warning: the repository is a shallow clone');
    expect(readFileSync(join(shallow, 'site', 'updates.html'), 'utf8')).toContain('This copy of the plan&#x27;s repository keeps only its recent history');
  });

  it('refuses a revision that looks like an option, and a folder outside git, in the words of the user', async () => {
    const option = await runCli(['report', planDir, '--format', 'html', '--out', join(repo, 'out'), '--changes-since', '--output=/tmp/plan-history-x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('unknown revision "--output=/tmp/plan-history-x"');
    const outside = mkdtempSync(join(tmpdir(), 'plan-no-git-'));
    cpSync(join(ROOT, 'plans', 'eh2020'), outside, { recursive: true });
    const noGit = await runCli(['validate', outside, '--changes-since', '2023-01-01']);
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toMatch(/is not inside a git repository/);
    expect(noGit.stderr).not.toMatch(/\n\s+at /);
  });

  it("adds the plan's updates to the board report, grouped by reason, with the changes given no reason last", async () => {
    const out = join(repo, 'reports');
    const made = await runCli(['report', planDir, '--type', 'board', '--format', 'html', '--out', out, '--changes-since', '2023-09-01', '--as-of', '2024-01-10']);
    expect(made.code).toBe(0);
    const html = readFileSync(made.stdout.trim(), 'utf8');
    const appendix = html.slice(html.indexOf('id="updates-heading"'));
    expect(appendix).toContain('Changes to the plan&#x27;s targets, measures and items from August 1, 2023 to December 1, 2023 (6 revisions of the plan)');
    const headings = [...appendix.matchAll(/<h3[^>]*>([^<]+)<\/h3>/g)].map((m) => m[1]).slice(0, 4);
    expect(headings).toEqual(['The state now counts a student absent for half a day as absent.', 'The reading assessment was re-normed.', 'Time is planned with the workforce now.', 'The attendance measure moved to the schools’ own plans.']);
    expect(appendix).toContain('Target 2019-20: 10% → 11%');
    expect(appendix).toContain('Milestone 2018-19 added: 12.5%');
    expect(appendix).toContain('Moved from 4. Responsibly Invest District Resources to 3. Talented and Diverse Work Force');
    // A school's report has no such appendix.
    const school = await runCli(['report', planDir, '--type', 'school', '--school', 'ehms', '--format', 'html', '--out', out, '--changes-since', '2023-09-01']);
    expect(school.code).toBe(2);
  });

  it('publishes a plan updates page on the website, in each language, and each measure its own changes', async () => {
    const site = join(repo, 'site');
    const made = await runCli(['site', planDir, '--out', site, '--as-of', '2024-01-10']);
    expect(made.code).toBe(0);
    const page = readFileSync(join(site, 'updates.html'), 'utf8');
    expect(page).toContain('<h1 class="site-title">Plan updates</h1>');
    expect(page).toMatch(/<a href="measures\/grade3-reading\.html"[^>]*>Increase the share of grade 3/);
    expect(page).toContain('Target 2019-20: 60% → 58%');
    const es = readFileSync(join(site, 'es', 'updates.html'), 'utf8');
    expect(es).toContain('<h1 class="site-title">Cambios del plan</h1>');
    expect(es).toContain('Meta 2019-20: 60% → 58%');
    expect(es).toContain('Meta intermedia 2018-19 añadida: 12.5%');
    // Each measure is named as the plan names it now, in Spanish where it translates it (unmarked); one removed since, as it was.
    expect(es).toMatch(/grade3-reading\.html">Aumentar la proporción de estudiantes de 3\.er grado/);
    expect(es).toContain('<span lang="en">Reduce chronic absenteeism across PK-12.</span>');
    const measure = readFileSync(join(site, 'measures', 'grade3-reading.html'), 'utf8');
    expect(measure).toMatch(/<td class="nowrap">October 1, 2023<\/td><td>Target 2019-20: 60% → 58%<\/td><td[^>]*>The reading assessment was re-normed\.<\/td>/);
    // Every page links to the updates page.
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<a href="updates.html">Plan updates</a>');
    expect(readFileSync(join(site, 'es', 'measures', 'grade3-reading.html'), 'utf8')).toContain('<a href="../../es/updates.html">Cambios del plan</a>');
  });
});
