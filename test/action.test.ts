// The GitHub Action's steps, run as the runner runs them (bash scripts with the runner's variables)
// on temporary git repositories shaped like real pull requests: one that adds the plan, one whose
// base has errors, one with errors of its own, one that touches no plan file. And the sticky
// comment, against a local stand-in for the GitHub API.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from './helpers.js';

const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitEnv } }).trim();

function edit(file: string, find: string, replace: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(find)) throw new Error(`${find} not in ${file}`);
  writeFileSync(file, text.replace(find, replace));
}

/** A repository with a base commit on main and the pull request's commit checked out. */
function pullRequest(base: (repo: string) => void, head: (repo: string) => void): { repo: string; baseSha: string } {
  const repo = mkdtempSync(join(tmpdir(), 'plan-action-'));
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# The district\'s plans\n');
  base(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  const baseSha = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '-q', '-b', 'pr');
  head(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'the change', '--allow-empty');
  return { repo, baseSha };
}

const addPlan = (repo: string) => cpSync(join(FIXTURES, 'base'), join(repo, 'plans', 'district'), { recursive: true });
const unknownStrategy = (repo: string) => edit(join(repo, 'plans/district/schools/alpha.yaml'), 'strategy: assess', 'strategy: asess');

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

class Runner {
  readonly temp = mkdtempSync(join(tmpdir(), 'plan-runner-temp-'));
  readonly summary = join(this.temp, '..', `${this.temp.split('/').pop()}-summary.md`);
  constructor(readonly repo: string) {
    writeFileSync(this.summary, '');
  }

  step(script: string, env: Record<string, string>): StepRun {
    const output = join(this.temp, `${script}.output`);
    writeFileSync(output, '');
    const result = spawnSync('bash', [join(ROOT, 'action', script)], {
      cwd: this.repo,
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...gitEnv, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: this.summary, RUNNER_TEMP: this.temp, PLAN_DIR: 'plans/district', ...env },
    });
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
  }

  /** Every step, in the order action.yml runs them. */
  all(baseSha: string, extra: Record<string, string> = {}) {
    const validate = this.step('validate.sh', { MAX_WARNINGS: '', REQUIRE_RATINGS: '', ...extra });
    const diff = this.step('diff.sh', { BASE_SHA: baseSha });
    const report = this.step('report.sh', { REPORT_TYPE: 'board', REPORT_FORMAT: 'html' });
    const finish = this.step('finish.sh', {
      VALIDATE_EXIT: validate.outputs['exit-code'] ?? '',
      ERROR_COUNT: validate.outputs['error-count'] ?? '',
      WARNING_COUNT: validate.outputs['warning-count'] ?? '',
      MAX_WARNINGS: extra.MAX_WARNINGS ?? '',
    });
    return { validate, diff, report, finish, diffText: diff.outputs.file ? readFileSync(diff.outputs.file, 'utf8') : '' };
  }
}

const clean = (repo: string) => git(repo, 'status', '--porcelain', '--untracked-files=all');

describe('the GitHub Action on pull requests', () => {
  it('a pull request that adds the plan: the diff presents a new plan, and nothing fails', () => {
    const { repo, baseSha } = pullRequest(() => undefined, addPlan);
    const run = new Runner(repo).all(baseSha);
    expect(run.validate.code).toBe(0);
    expect(run.validate.outputs).toMatchObject({ 'exit-code': '0', 'error-count': '0' });
    expect(run.diff.code).toBe(0);
    expect(run.diffText).toContain('A new plan');
    expect(run.diffText).toMatch(/\| Theories of Action \| 1 \|/);
    expect(run.report.code).toBe(0);
    expect(readdirSync(run.report.outputs.dir!)).toEqual([expect.stringMatching(/^test-board-[\w-]+\.html$/)]);
    expect(run.finish.code).toBe(0);
    // Everything went to RUNNER_TEMP: the checkout is as the pull request left it.
    expect(clean(repo)).toBe('');
    expect(run.diff.outputs.file!.startsWith(run.report.outputs.dir!.split('/plan-as-code/')[0]!)).toBe(true);
  });

  it("a pull request that fixes a broken base: the base's errors are named, the diff still shows the change", () => {
    const { repo, baseSha } = pullRequest(
      (r) => {
        addPlan(r);
        unknownStrategy(r);
      },
      (r) => edit(join(r, 'plans/district/schools/alpha.yaml'), 'strategy: asess', 'strategy: assess'),
    );
    const run = new Runner(repo).all(baseSha);
    expect(run.diff.code).toBe(0);
    expect(run.diffText).toMatch(/has 1 error \(plan validate lists them\); compared as far as it can be read/);
    expect(run.diffText).toMatch(/\*\*changed\*\* `alpha-1`/);
    expect(run.diffText).toContain('**re-aligned** from `asess` (not in the plan) to `assess` (learning)');
    expect(run.finish.code).toBe(0);
    expect(clean(repo)).toBe('');
  });

  it('a pull request with errors: annotations, then the diff and the report step run, then the action fails', () => {
    const { repo, baseSha } = pullRequest(addPlan, unknownStrategy);
    const run = new Runner(repo).all(baseSha);
    expect(run.validate.code).toBe(0);
    expect(run.validate.stdout).toMatch(/^::error file=plans\/district\/schools\/alpha\.yaml,line=\d+,.*UNKNOWN_STRATEGY/m);
    expect(run.validate.outputs).toMatchObject({ 'exit-code': '1', 'error-count': '1' });
    expect(run.diff.code).toBe(0);
    expect(run.diffText).toContain('**re-aligned** from `assess` (learning) to `asess` (not in the plan)');
    expect(run.report.code).toBe(0);
    expect(run.report.stdout).toMatch(/::notice title=plan report::No report was made: the plan has errors/);
    expect(run.report.outputs.dir).toBeUndefined();
    expect(run.finish.code).toBe(1);
    expect(run.finish.stderr).toContain('plan validate found 1 errors');
    expect(clean(repo)).toBe('');
  });

  it('a pull request that touches no plan file: no changes to the plan; too many warnings fail at the end', () => {
    const { repo, baseSha } = pullRequest(addPlan, (r) => writeFileSync(join(r, 'README.md'), '# Plans\n\nUpdated.\n'));
    const runner = new Runner(repo);
    const run = runner.all(baseSha);
    expect(run.diffText).toContain('No changes to the plan.');
    expect(run.finish.code).toBe(0);
    const strict = runner.all(baseSha, { MAX_WARNINGS: '0' });
    const warnings = Number(strict.validate.outputs['warning-count']);
    expect(strict.finish.code).toBe(warnings > 0 ? 1 : 0);
    expect(readFileSync(runner.summary, 'utf8')).toContain('No changes to the plan.');
  });

  it('a base commit missing from a shallow clone is fetched, and a base that cannot be read is said, not failed', () => {
    const { repo } = pullRequest(addPlan, unknownStrategy);
    const run = new Runner(repo).step('diff.sh', { BASE_SHA: '0123456789012345678901234567890123456789' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/::warning title=plan diff::The change could not be compared with its base/);
    expect(readFileSync(run.outputs.file!, 'utf8')).toContain('could not be compared with its base (0123456789)');
  });
});

interface Comment {
  id: number;
  user: { login: string };
  body: string;
}

async function withGithub(comments: Comment[], options: { readOnly?: boolean }, run: (api: string) => void | Promise<void>): Promise<Array<{ method: string; url: string; body?: { body: string } }>> {
  const calls: Array<{ method: string; url: string; body?: { body: string } }> = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let data = '';
    request.on('data', (chunk) => (data += chunk));
    request.on('end', () => {
      calls.push({ method: request.method!, url: request.url!, ...(data ? { body: JSON.parse(data) } : {}) });
      response.setHeader('content-type', 'application/json');
      if (request.headers.authorization !== 'Bearer t0ken') return void response.writeHead(401).end('{}');
      if (request.method === 'GET') return void response.end(JSON.stringify(comments));
      if (options.readOnly) return void response.writeHead(403, 'Forbidden').end('{"message":"Resource not accessible by integration"}');
      response.end(JSON.stringify({ id: 99 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
  return calls;
}

function comment(api: string, diffFile: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'action', 'comment.mjs')], {
      env: { PATH: process.env.PATH!, GITHUB_API_URL: api, GITHUB_TOKEN: 't0ken', GITHUB_REPOSITORY: 'ehps/plans', PR_NUMBER: '7', PLAN_DIR: 'plans/eh2020', DIFF_FILE: diffFile },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('the sticky diff comment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-comment-'));
  const diffFile = join(dir, 'plan-diff.md');
  writeFileSync(diffFile, '### Plan changes\n\nNo changes to the plan.\n');
  const marker = '<!-- plan-as-code: plans/eh2020 -->';

  it("updates its own comment in place, never another bot's with the same marker", async () => {
    const comments: Comment[] = [
      { id: 1, user: { login: 'someone' }, body: `${marker}\nquoted by a person` },
      { id: 2, user: { login: 'other-bot[bot]' }, body: `${marker}\nanother bot` },
      { id: 3, user: { login: 'github-actions[bot]' }, body: '<!-- plan-as-code: plans/other -->\nanother plan' },
      { id: 4, user: { login: 'github-actions[bot]' }, body: `${marker}\nthe last run` },
    ];
    let result: { code: number | null; stdout: string } | undefined;
    const calls = await withGithub(comments, {}, async (api) => {
      result = await comment(api, diffFile);
    });
    expect(result!.code).toBe(0);
    expect(result!.stdout).toContain('updated comment 4');
    const writes = calls.filter((c) => c.method !== 'GET');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.method).toBe('PATCH');
    expect(writes[0]!.url).toBe('/repos/ehps/plans/issues/comments/4');
    expect(writes[0]!.body!.body).toBe(`${marker}\n### Plan changes\n\nNo changes to the plan.\n`);
  });

  it('creates one when there is none, and on a read-only token (a fork) says so without failing', async () => {
    let created: { code: number | null; stdout: string } | undefined;
    const calls = await withGithub([], {}, async (api) => {
      created = await comment(api, diffFile);
    });
    expect(created!.stdout).toContain('created comment 99');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/repos/ehps/plans/issues/7/comments']);

    let fork: { code: number | null; stdout: string } | undefined;
    await withGithub([], { readOnly: true }, async (api) => {
      fork = await comment(api, diffFile);
    });
    expect(fork!.code).toBe(0);
    expect(fork!.stdout).toMatch(/::notice title=plan comment::No comment posted: the token cannot write to this pull request \(pull requests from forks get a read-only token\)/);
  });
});

describe("the plan's website in the Action", () => {
  it('builds the site into RUNNER_TEMP for the Pages workflow, with the published address in its sitemap; a plan with errors gets none, and the step does not fail', () => {
    const { repo } = pullRequest(addPlan, () => undefined);
    const runner = new Runner(repo);
    const site = runner.step('site.sh', { SITE_BASE_URL: 'https://ehps.github.io/plan/' });
    expect(site.code).toBe(0);
    const dir = site.outputs.dir!;
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
    expect(readFileSync(join(dir, 'sitemap.xml'), 'utf8')).toContain('<loc>https://ehps.github.io/plan/index.html</loc>');
    expect(clean(repo)).toBe('');
    const broken = pullRequest(addPlan, unknownStrategy);
    const none = new Runner(broken.repo).step('site.sh', { SITE_BASE_URL: '' });
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/::notice title=plan site::No website was built: the plan has errors/);
    expect(none.outputs.dir).toBeUndefined();
  });
});

describe('the workflow files', () => {
  it('use current major versions and name no step script that does not exist', () => {
    const workflow = readFileSync(join(ROOT, 'examples', 'plan-pull-request.yml'), 'utf8');
    expect(workflow).toContain('actions/checkout@v6');
    expect(workflow).toContain('actions/setup-node@v6');
    expect(workflow).toContain('actions/upload-artifact@v7');
    // The website's: the official Pages actions, fed the folder the Action's site output names.
    const pages = readFileSync(join(ROOT, 'examples', 'plan-site.yml'), 'utf8');
    for (const uses of ['actions/configure-pages@v5', 'actions/upload-pages-artifact@v4', 'actions/deploy-pages@v4']) expect(pages).toContain(uses);
    expect(pages).toContain('path: ${{ steps.plan.outputs.site }}');
    const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    for (const [, script] of action.matchAll(/\$GITHUB_ACTION_PATH\/(action\/[\w.-]+)/g)) expect(existsSync(join(ROOT, script!))).toBe(true);
    expect(action).not.toMatch(/apt-get/);
    expect(action).not.toMatch(/> *plan-diff\.md/);
  });
});
