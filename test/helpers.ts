// Builds plans for tests: the base fixture on disk, with a case's edits applied, held in memory.
import { findBrowser } from '../src/report/browser.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { load } from 'js-yaml';
import { loadPlan, type LoadedPlan } from '../src/load/load-plan.js';
import { MemorySource } from '../src/load/source.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** The Chromium the PDF and accessibility tests print with, or null where there is none. */
export function chromiumPath(): string | null {
  try {
    return findBrowser(undefined, process.env);
  } catch {
    return null;
  }
}
export const ROOT = join(import.meta.dirname, '..');

export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export interface RuleCase {
  description: string;
  /** Options for the loader, e.g. requireRatings. */
  options?: { requireRatings?: string };
  edits: Array<{ file: string; find?: string; replace?: string; content?: string; delete?: boolean; copy?: string }>;
  expect: string[];
}

export function readCase(name: string): RuleCase {
  return load(readFileSync(join(FIXTURES, 'rules', `${name}.yaml`), 'utf8')) as RuleCase;
}

export function applyEdits(base: Record<string, string>, edits: RuleCase['edits']): Record<string, string> {
  const files = { ...base };
  for (const edit of edits) {
    if (edit.delete) delete files[edit.file];
    else if (edit.copy !== undefined) files[edit.file] = base[edit.copy]!;
    else if (edit.content !== undefined) files[edit.file] = edit.content;
    else {
      const text = files[edit.file];
      if (text === undefined) throw new Error(`edit of a missing file ${edit.file}`);
      const count = text.split(edit.find!).length - 1;
      if (count !== 1) throw new Error(`"${edit.find}" occurs ${count} times in ${edit.file}; a case must match exactly once`);
      files[edit.file] = text.replace(edit.find!, edit.replace!);
    }
  }
  return files;
}

export function baseFiles(): Record<string, string> {
  return readTree(join(FIXTURES, 'base'));
}

export async function loadFiles(
  files: Record<string, string | Uint8Array>,
  threads: number | 'auto' = 0,
  options: RuleCase['options'] = {},
): Promise<LoadedPlan> {
  return loadPlan(new MemorySource('test-plan', files), { threads, ...options });
}

export function codes(plan: LoadedPlan): string[] {
  return plan.diagnostics.map((d) => d.code).sort();
}

/** Writes files into a new temporary directory and returns its path. */
export function materialize(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-test-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/**
 * A sample plan in a git repository of its own, made of commits on fixed dates (so that every run
 * builds the same history): `files` as adopted, then each later version given with its date.
 */
export function planRepository(files: Record<string, string>, later: Array<{ date: string; message: string; files: Record<string, string> }> = []): string {
  const repo = mkdtempSync(join(tmpdir(), 'plan-repo-'));
  const dir = join(repo, 'plan');
  const git = (args: string[], date: string) =>
    execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 'Planning office', GIT_AUTHOR_EMAIL: 'planning@example.org', GIT_COMMITTER_NAME: 'Planning office', GIT_COMMITTER_EMAIL: 'planning@example.org', GIT_AUTHOR_DATE: `${date}T12:00:00Z`, GIT_COMMITTER_DATE: `${date}T12:00:00Z` }, stdio: 'pipe' });
  const write = (tree: Record<string, string>) => {
    for (const [rel, content] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
  };
  write(files);
  git(['init', '-q'], '2019-08-01');
  git(['add', '-A'], '2019-08-01');
  git(['commit', '-qm', 'The plan as adopted'], '2019-08-01');
  for (const step of later) {
    write(step.files);
    git(['commit', '-qam', step.message], step.date);
  }
  return dir;
}

/** EH2020 with a year of history: its chronic absence target moved, with the reason the plan gives. */
export function eh2020WithHistory(): string {
  const files = readTree(join(ROOT, 'plans', 'eh2020'));
  const moved = applyEdits(files, [
    { file: 'plan.yaml', find: '      target: {value: 10, school_year: 2019-20}\n', replace: '      target: {value: 11, school_year: 2019-20}\n' },
    { file: 'plan.yaml', find: '        - {value: 11.9, school_year: 2019-20, cycle: 2020-midyear, note: Year to date at mid-year.}\n', replace: '        - {value: 11.9, school_year: 2019-20, cycle: 2020-midyear, note: Year to date at mid-year.}\n    changes:\n      - {date: 2020-01-14, what: target 10% → 11%, reason: The state now counts a student absent for half a school day as absent.}\n' },
  ]);
  return planRepository(files, [{ date: '2020-01-15', message: 'Chronic absence: the target follows the new state count', files: { 'plan.yaml': moved['plan.yaml']! } }]);
}

/** The axe-core rules every page is held to: WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** axe-core's violations on a page it has been injected into, a line each: "rule (count): first target". */
export function axeViolations(page: { evaluate<T>(fn: (tags: string[]) => Promise<T>, tags: string[]): Promise<T> }): Promise<string[]> {
  return page.evaluate(async (tags: string[]) => {
    // Runs in the page: its globals are the browser's.
    const w = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } };
    const result = await w.axe.run(w.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(' ')}`);
  }, AXE_TAGS);
}
