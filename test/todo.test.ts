// plan todo: who still owes which updates for a cycle, and by when; reminders stop once an update is in.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, FIXTURES, materialize, readTree } from './helpers.js';
import { runCli } from './run-cli.js';

const rollup = readTree(join(FIXTURES, 'rollup'));

describe('plan todo', () => {
  it('lists the actions of the cycle with no update yet, by plan and owner, with how long is left', async () => {
    const text = await runCli(['todo', 'test/fixtures/rollup', '--cycle', 'winter', '--as-of', '2020-02-10']);
    expect(text.code).toBe(0);
    // Winter SAM: a3 and b2 have no winter entry; the other four actions that report are rated
    expect(text.stdout).toBe(
      '2 of 6 action steps still to update for Winter SAM (due February 15, 2020, in 5 days).\n\nSchool A\n  Principal:\n    a3  A three.\n\nSchool B\n  Principal:\n    b2  B two.\n',
    );
    const json = JSON.parse((await runCli(['todo', 'test/fixtures/rollup', '--cycle', 'winter', '--format', 'json', '--as-of', '2020-03-01'])).stdout);
    expect(json).toMatchObject({ version: 1, expected: 6, owed: 2, daysLeft: -15 });
    expect(json.groups.map((g: { plan: { id: string }; actions: Array<{ id: string }> }) => [g.plan.id, g.actions.map((a) => a.id)])).toEqual([
      ['a', ['a3']],
      ['b', ['b2']],
    ]);
    const csv = (await runCli(['todo', 'test/fixtures/rollup', '--cycle', 'winter', '--format', 'csv', '--as-of', '2020-03-01'])).stdout.split('\r\n');
    expect(csv[0]).toBe('plan,owner,handle,email,action,title,cycle,due');
    expect(csv[1]).toBe('School A,Principal,,,a3,A three.,winter,2020-02-15');
    const markdown = (await runCli(['todo', 'test/fixtures/rollup', '--cycle', 'winter', '--format', 'markdown', '--as-of', '2020-03-01'])).stdout;
    expect(markdown).toContain('2 of 6 action steps still to update for Winter SAM (due February 15, 2020, 15 days overdue).');
    expect(markdown).toContain('- [ ] `a3` A three.');
  });

  it('stops listing an action once it has a rating, or a reason for none', async () => {
    const updated = materialize(
      applyEdits(rollup, [
        { file: 'schools/a.yaml', find: '{id: a3, title: A three., strategy: s2, owner: principal, progress: {fall: {rating: 1}}}', replace: '{id: a3, title: A three., strategy: s2, owner: principal, progress: {fall: {rating: 1}, winter: {rating: 2}}}' },
        { file: 'schools/b.yaml', find: 'progress: {fall: {rating: 2}}', replace: 'progress: {fall: {rating: 2}, winter: {rating: null, evidence: Paused while the program was redesigned.}}' },
      ]),
    );
    const result = await runCli(['todo', updated, '--cycle', 'winter', '--as-of', '2020-03-01']);
    expect(result.stdout).toBe('Every one of the 6 action steps that report in Winter SAM has its update.\n');
  });

  it('names the owner to remind, with a handle, and defaults to the next cycle due', async () => {
    const json = JSON.parse((await runCli(['todo', 'plans/eh2020', '--format', 'json', '--as-of', '2020-05-10'])).stdout);
    expect(json.cycle.id).toBe('2020-spring-sam');
    expect(json.groups[0]).toMatchObject({ plan: { id: 'oconnell' }, owner: { id: 'climate-team', name: 'School Climate Team' } });
    const unknown = await runCli(['todo', 'plans/eh2020', '--cycle', 'summer']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown reporting cycle "summer"');
  });
});

describe('a new plan with nothing rated yet', () => {
  it('reads "not rated", not "not enough ratings", and todo says when no action reports in a cycle', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = join(mkdtempSync(join(tmpdir(), 'plan-fresh-')), 'plan');
    expect((await runCli(['init', dir, '--start', '2025-07-01', '--end', '2030-06-30'])).code).toBe(0);
    const status = await runCli(['status', dir, '--cycle', '2026-midyear'], { env: { COLUMNS: '120' } });
    expect(status.stdout).toMatch(/Whole plan: District Strategic Plan +○○○ not rated/);
    expect(status.stdout).not.toContain('not enough ratings');
    const todo = await runCli(['todo', dir, '--cycle', '2025-fall-sam', '--as-of', '2025-10-01']);
    expect(todo.stdout).toBe('No action steps report in Fall SAM 2025-26.\n');
  });
});
