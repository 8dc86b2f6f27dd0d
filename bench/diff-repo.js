// A git repository with two revisions of the synthetic district that differ in 1% of their
// actions (a title and a rating each), for timing plan diff.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schoolId } from './generate.js';

const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.org' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();

/** Returns the repository and its two revisions; builds it once from the generated district. */
export function diffRepository(districtDir, work, schools, label = `${schools}`) {
  const repo = join(work, `diff-repo-${label}`);
  const marker = join(repo, '.bench-ready');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8'));
  rmSync(repo, { recursive: true, force: true });
  cpSync(districtDir, join(repo, 'district'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  // 1% of 25 actions x N schools: one action in every fourth school... at N=2000, 500 actions.
  const changed = Math.round(schools * 25 * 0.01);
  for (let k = 0; k < changed; k++) {
    const n = Math.floor((k * schools) / changed);
    const file = join(repo, 'district', 'schools', `${schoolId(n)}.yaml`);
    const lines = readFileSync(file, 'utf8').split('\n');
    const title = lines.findIndex((l) => l.startsWith('    title: '));
    lines[title] = `${lines[title]} (revised)`;
    const rating = lines.findIndex((l, i) => i > title && l.startsWith('        rating: '));
    const value = Number(lines[rating].slice(-1));
    lines[rating] = `        rating: ${value === 3 ? 1 : value + 1}`;
    writeFileSync(file, lines.join('\n'));
  }
  git(repo, 'commit', '-qam', `revise ${changed} actions`);
  const head = git(repo, 'rev-parse', 'HEAD');
  const result = { repo, base, head, changed };
  writeFileSync(marker, JSON.stringify(result));
  return result;
}
