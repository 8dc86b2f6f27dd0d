// One action plan file's updates written into its text and read back: the lines written must say
// exactly what was meant before the new text is kept. It needs nothing from the other files, so a
// large run does it on a worker thread, beside the file's data (see apply-file.ts).
import jsYaml from 'js-yaml';
import type { ProgressEntry } from '../plan/model.js';
import { groupBy } from '../group-by.js';
import { sameData } from '../same-data.js';
import { spliceEntries, SpliceError, type EntryEdit, type Written } from './splice.js';
import { parseYaml } from '../load/parse.js';
import { SourceLocator } from '../load/locate.js';

/**
 * The new text of a file, read again whole and compared, as data, with what it was meant to hold:
 * the file as it was with only the intended entries set. Null when they agree; otherwise where they
 * first differ (its path and line in the new text), so that the run writes nothing and says where.
 * This is the last word on every edit: whatever the splice did, a description that lost a line or
 * a key written at the wrong indentation cannot reach the disk.
 */
export function differsFromIntended(newText: string, intended: Record<string, unknown>): { path: Array<string | number>; line: number } | null {
  const reread = parseYaml(newText);
  if (!reread.ok) return { path: [], line: (reread.position?.line ?? 0) + 1 };
  const path = firstDifference(reread.data, intended, []);
  if (!path) return null;
  return { path, line: new SourceLocator(newText).rangeOf(path).start.line + 1 };
}

function firstDifference(a: unknown, b: unknown, path: Array<string | number>): Array<string | number> | null {
  if (sameData(a, b)) return null;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    for (let i = 0; i < Math.max(a.length, list.length); i++) {
      const found = firstDifference(a[i], list[i], [...path, i]);
      if (found) return found;
    }
    return path;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const found = firstDifference(x[key], y[key], [...path, key]);
    if (found) return found;
  }
  return path;
}

export type SpliceOutcome =
  | { text: string }
  /** The file's layout does not let plan write this action's update safely. */
  | { refused: { action: string; message: string } };

/** The file's text with each edit's entry set; `order` gives each cycle's place in time. */
export function spliceText(text: string, edits: readonly EntryEdit[], order: ReadonlyMap<string, number>): SpliceOutcome {
  try {
    const spliced = spliceEntries(text, edits, order, (flow) => jsYaml.load(flow));
    verifyWritten(spliced.written, edits);
    return { text: spliced.text };
  } catch (error) {
    if (!(error instanceof SpliceError)) throw error;
    return { refused: { action: error.action, message: error.message } };
  }
}

/**
 * The lines written for each update, read back on their own, must say exactly what was meant: the
 * entry set and, where a one-line map of cycles was rewritten, every other cycle as the file had it. A miss
 * is a fault in plan, and stops the run before anything is written. Lines written by the rules alone
 * read back by construction, and are not parsed again.
 */
function verifyWritten(all: readonly Written[], edits: readonly EntryEdit[]): void {
  const written = all.filter((w) => !w.ruled);
  if (!written.length) return;
  const byAction = groupBy(edits, (e) => e.action);
  // One document for the file's lines: a list with each edit's lines as an item, read in one parse.
  const document = written.map((w) => `-\n${w.yaml.replace(/^/gm, '  ')}`).join('\n');
  let read: unknown[] | undefined;
  try {
    read = jsYaml.load(document) as unknown[];
  } catch {
    read = undefined;
  }
  written.forEach((w, i) => {
    const set = byAction.get(w.action)!;
    const edit = set.find((u) => u.cycle === w.cycle)!;
    const item = read?.[i];
    const map = (w.holds === 'progress' ? (item as { progress?: unknown } | undefined)?.progress : item) as Record<string, ProgressEntry> | undefined;
    const expected = w.holds === 'progress' ? { ...w.before, ...Object.fromEntries(set.map((u) => [u.cycle, u.entry])) } : { [w.cycle]: edit.entry };
    if (!map || !sameData(map, expected)) {
      throw new Error(`the update of ${w.action} for ${w.cycle} would not read back as written (${JSON.stringify(w.yaml)}); nothing was written`);
    }
  });
}
