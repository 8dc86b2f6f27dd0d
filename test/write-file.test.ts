// Files are written all or none: staged under temporary names, renamed into place together, or
// removed, leaving every file as it was.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepReplaced, StagedWrites, writeAll, WriteFailedError, writeReserved } from '../src/write-file.js';

/** What a worker thread does with a reserved name: the new text, then the file it replaces kept under a second name. */
function writeAsAThreadDoes(staged: StagedWrites, path: string, text: string): boolean | null {
  const temporary = staged.reserve(path);
  expect(writeReserved(temporary, new TextEncoder().encode(text))).toBeUndefined();
  const kept = keepReplaced(path, temporary);
  staged.settle(temporary, undefined, kept);
  return kept;
}

/** Removes the staged file for `name` from a folder's staging folder: its rename will fail. */
function loseStaged(folder: string, name: string): void {
  const staging = join(folder, readdirSync(folder).find((entry) => entry.startsWith('.plan-staged-'))!);
  rmSync(join(staging, readdirSync(staging).find((entry) => entry.endsWith(name))!));
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-write-'));
  mkdirSync(join(dir, 'schools'));
  writeFileSync(join(dir, 'schools', 'a.yaml'), 'old a\n');
  writeFileSync(join(dir, 'schools', 'b.yaml'), 'old b\n');
  return dir;
}

describe('staged writes', () => {
  it('commit renames every staged file into place and leaves no temporary file', async () => {
    const dir = folder();
    const staged = new StagedWrites();
    staged.stage(join(dir, 'schools', 'a.yaml'), 'new a\n');
    staged.stage(join(dir, 'schools', 'b.yaml'), new TextEncoder().encode('new b\n'));
    // Until commit, the files are as they were.
    expect(readFileSync(join(dir, 'schools', 'a.yaml'), 'utf8')).toBe('old a\n');
    await staged.commit();
    expect(readFileSync(join(dir, 'schools', 'a.yaml'), 'utf8')).toBe('new a\n');
    expect(readFileSync(join(dir, 'schools', 'b.yaml'), 'utf8')).toBe('new b\n');
    expect(readdirSync(join(dir, 'schools')).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a file staged twice ends with what was staged last', async () => {
    const dir = folder();
    const staged = new StagedWrites();
    staged.stage(join(dir, 'schools', 'a.yaml'), 'first\n');
    staged.stage(join(dir, 'schools', 'b.yaml'), 'new b\n');
    staged.stage(join(dir, 'schools', 'a.yaml'), 'second\n');
    await staged.commit();
    expect(readFileSync(join(dir, 'schools', 'a.yaml'), 'utf8')).toBe('second\n');
    expect(readdirSync(join(dir, 'schools')).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('discard removes what was staged and changes nothing', async () => {
    const dir = folder();
    const staged = new StagedWrites();
    staged.stage(join(dir, 'schools', 'a.yaml'), 'new a\n');
    await staged.discard();
    expect(readFileSync(join(dir, 'schools', 'a.yaml'), 'utf8')).toBe('old a\n');
    expect(readdirSync(join(dir, 'schools')).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a file that cannot be written stops them all: nothing is renamed, nothing is left behind', async () => {
    const dir = folder();
    // A folder where a file is: the write under it fails.
    writeFileSync(join(dir, 'offices'), 'not a folder\n');
    await expect(writeAll([
      { path: join(dir, 'schools', 'a.yaml'), content: 'new a\n' },
      { path: join(dir, 'offices', 'c.yaml'), content: 'new c\n' },
    ])).rejects.toThrow();
    expect(readFileSync(join(dir, 'schools', 'a.yaml'), 'utf8')).toBe('old a\n');
    expect(readdirSync(join(dir, 'schools')).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a file that cannot be put in place puts back those already moved: every file as it was, a new one gone', async () => {
    const dir = folder();
    const staged = new StagedWrites();
    staged.stage(join(dir, 'schools', 'a.yaml'), 'new a\n');
    staged.stage(join(dir, 'schools', 'b.yaml'), 'new b\n');
    staged.stage(join(dir, 'schools', 'c.yaml'), 'new c\n');
    await staged.prepare([join(dir, 'schools', 'a.yaml')]);
    // The writes land; then one temporary file goes missing, and its rename fails where the others succeed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stagingFolder = readdirSync(join(dir, 'schools')).find((name) => name.startsWith('.plan-staged-'))!;
    expect(readdirSync(join(dir, 'schools', stagingFolder))).toHaveLength(3);
    loseStaged(join(dir, 'schools'), 'b.yaml');
    const error = await staged.commit().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WriteFailedError);
    expect((error as WriteFailedError).message).toMatch(/could not write .*b\.yaml: ENOENT/);
    expect(readFileSync(join(dir, 'schools', 'a.yaml'), 'utf8')).toBe('old a\n');
    expect(readFileSync(join(dir, 'schools', 'b.yaml'), 'utf8')).toBe('old b\n');
    expect(readdirSync(join(dir, 'schools')).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('files written and kept by another thread (as plan apply\'s are) are put back as well when one cannot be put in place', async () => {
    const dir = folder();
    const staged = new StagedWrites();
    const paths = ['a.yaml', 'b.yaml', 'c.yaml'].map((name) => join(dir, 'schools', name));
    await staged.prepare(paths);
    for (const path of paths) expect(writeAsAThreadDoes(staged, path, `new ${path.slice(-6, -5)}\n`)).toBe(!path.endsWith('c.yaml'));
    loseStaged(join(dir, 'schools'), 'b.yaml');
    await expect(staged.commit()).rejects.toThrow(/could not write .*b\.yaml: ENOENT/);
    expect(readFileSync(paths[0]!, 'utf8')).toBe('old a\n');
    expect(readFileSync(paths[1]!, 'utf8')).toBe('old b\n');
    expect(readdirSync(join(dir, 'schools')).sort()).toEqual(['a.yaml', 'b.yaml']);

    // And with nothing in the way, every file moves in and nothing is left beside them.
    const again = new StagedWrites();
    await again.prepare(paths);
    for (const path of paths) writeAsAThreadDoes(again, path, 'newer\n');
    await again.commit();
    for (const path of paths) expect(readFileSync(path, 'utf8')).toBe('newer\n');
    expect(readdirSync(join(dir, 'schools')).sort()).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
  });

  it('says a file that could not be written in the plan\'s terms, not as a fault of plan', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'offices'), 'not a folder\n');
    const { runCli } = await import('./run-cli.js');
    const init = await runCli(['init', join(dir, 'offices', 'new-plan')]);
    expect(init.code).toBe(2);
    expect(init.stderr).not.toMatch(/internal error/);
    expect(init.stderr).toMatch(/ENOTDIR.*new-plan/);
  });
});

