// Every command in the documentation is run (issue 29), so that the docs cannot rot. Each page runs
// in a sandbox of its own: a folder holding a copy of the sample plans, with `plan` the command this
// checkout builds. A page's ```console blocks run in order; each line "$ command" runs in bash (a
// "# exits N" at its end says the exit code it must have, else 0), and the lines after it that are
// not "..." must appear in what it prints. A ```yaml block after <!-- file: PATH --> (or
// <!-- append: PATH -->) is written to PATH (or added to its end) before the commands after it run.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

type Step = { kind: 'run'; command: string; exit: number; expected: string[]; line: number } | { kind: 'write'; path: string; text: string; append: boolean };

/** A page's steps, in order. */
export function stepsOf(markdown: string): Step[] {
  const steps: Step[] = [];
  const block = /(?:<!-- (file|append): ([^ ]+) -->\s*\n)?```(\w*)\n([\s\S]*?)```/g;
  for (const m of markdown.matchAll(block)) {
    const [, directive, path, lang, body] = m as unknown as [string, string | undefined, string | undefined, string, string];
    const line = markdown.slice(0, m.index).split('\n').length;
    if (directive && path) steps.push({ kind: 'write', path, text: body, append: directive === 'append' });
    if (lang !== 'console') continue;
    let current: Extract<Step, { kind: 'run' }> | null = null;
    // A here-document ("<<'EOF'" to "EOF") is part of its command.
    let until: string | null = null;
    body.split('\n').forEach((text, i) => {
      if (until !== null && current) {
        current.command += `\n${text}`;
        if (text === until) until = null;
      } else if (text.startsWith('$ ')) {
        const exits = /\s+# exits (\d+)$/.exec(text);
        current = { kind: 'run', command: text.slice(2).replace(/\s+# exits \d+$/, ''), exit: exits ? Number(exits[1]) : 0, expected: [], line: line + i + 1 };
        steps.push(current);
        until = /<<-?'?(\w+)'?/.exec(text)?.[1] ?? null;
      } else if (current && text.trim() && text.trim() !== '...') current.expected.push(text.trimEnd());
    });
  }
  return steps;
}

const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs', 'guide'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/guide/${f}`),
];

describe('the commands in the documentation', () => {
  it('finds commands to run on the pages that show them', () => {
    const counted = Object.fromEntries(PAGES.map((page) => [page, stepsOf(readFileSync(join(ROOT, page), 'utf8')).filter((s) => s.kind === 'run').length]));
    for (const page of ['README.md', 'docs/guide/first-plan.md', 'docs/guide/reporting-cycle.md']) expect(counted[page], page).toBeGreaterThan(3);
  });

  for (const page of PAGES) {
    const steps = stepsOf(readFileSync(join(ROOT, page), 'utf8'));
    if (!steps.some((s) => s.kind === 'run')) continue;
    it(`${page}: every command runs as the page says`, () => {
      const sandbox = mkdtempSync(join(tmpdir(), 'plan-docs-'));
      cpSync(join(ROOT, 'plans'), join(sandbox, 'plans'), { recursive: true });
      const bin = join(sandbox, '.bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'plan'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'plan.js')}" "$@"\n`, { mode: 0o755 });
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1', COLUMNS: '100', GIT_AUTHOR_NAME: 'Planning Office', GIT_AUTHOR_EMAIL: 'planning@example.org', GIT_COMMITTER_NAME: 'Planning Office', GIT_COMMITTER_EMAIL: 'planning@example.org' };
      for (const step of steps) {
        if (step.kind === 'write') {
          const path = join(sandbox, step.path);
          mkdirSync(dirname(path), { recursive: true });
          (step.append ? appendFileSync : writeFileSync)(path, step.text);
          continue;
        }
        const run = spawnSync('bash', ['-c', step.command], { cwd: sandbox, env, encoding: 'utf8', timeout: 180_000 });
        const output = `${run.stdout}${run.stderr}`.split('\n').map((l) => l.trimEnd()).join('\n');
        const where = `${page}:${step.line}: $ ${step.command}\n${output}`;
        expect(run.status, where).toBe(step.exit);
        for (const line of step.expected) expect(output, where).toContain(line);
      }
    }, 600_000);
  }
});
