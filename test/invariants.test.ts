// The rules the code keeps, as ARCHITECTURE.md states them, each held here or by the test it names.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ROOT } from './helpers.js';

const parsed: string[] = [];
vi.mock('../src/load/parse.js', async (original) => {
  const real = await original<typeof import('../src/load/parse.js')>();
  return { ...real, parseYaml: (text: string) => (parsed.push(text.slice(0, 80)), real.parseYaml(text)) };
});

describe('invariants', () => {
  it('the core never touches the terminal: only src/cli/ writes to stdout or stderr, exits, colours or parses arguments', () => {
    const offenders: string[] = [];
    for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const path = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      const module = path.slice(join(ROOT, 'src').length + 1);
      if (module.startsWith('cli/')) continue;
      const code = readFileSync(path, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      if (/process\.(stdout|stderr|exit)\b|from 'chalk'|from 'commander'/.test(code)) offenders.push(module);
    }
    expect(offenders).toEqual([]);
  });

  it('a plan is read with each file parsed once', async () => {
    const { openPlan, rollUp, comparePlans } = await import('../src/index.js');
    parsed.length = 0;
    const plan = await openPlan(join(ROOT, 'plans', 'eh2020'));
    const files = 1 + readdirSync(join(ROOT, 'plans', 'eh2020', 'schools')).length + readdirSync(join(ROOT, 'plans', 'eh2020', 'offices')).length;
    expect(parsed).toHaveLength(files);
    // Rolling up and comparing the plan read work from what is in memory: no file is parsed again.
    rollUp(plan, { cycle: '2020-midyear' });
    comparePlans(plan, plan);
    expect(parsed).toHaveLength(files);
  });

  it('heavy modules are loaded only by the commands that need them: validate and status load no browser, spreadsheet or template library', () => {
    const loaded = (...argv: string[]) => JSON.parse(execFileSync(process.execPath, [join(ROOT, 'test', 'support', 'modules-loaded.mjs'), ...argv], { cwd: ROOT, encoding: 'utf8' })) as { code: number; heavy: string[] };
    for (const argv of [['validate', 'plans/eh2020'], ['status', 'plans/eh2020', '--cycle', '2020-midyear']]) expect(loaded(...argv)).toEqual({ code: 0, heavy: [] });
    // And the hook hears them when they are loaded: a report loads its template engine.
    expect(loaded('report', 'plans/eh2020', '--format', 'html', '--out', mkdtempSync(join(tmpdir(), 'plan-invariant-'))).heavy.some((m) => m.startsWith('handlebars'))).toBe(true);
  });
});
