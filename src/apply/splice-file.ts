// One action plan file's updates written into its text and read back. It needs nothing from the
// other files, so a large run does it on a worker thread (see apply.ts) while this thread checks
// the plan as it will be; a small one does it here.
import { readFileSync } from 'node:fs';
import jsYaml from 'js-yaml';
import { decodeSource } from '../load/decode.js';
import type { ProgressEntry } from '../plan/model.js';
import { groupBy } from '../group-by.js';
import { sameData } from '../same-data.js';
import { spliceEntries, SpliceError, type EntryEdit, type Written } from './splice.js';
import { writeReserved } from '../write-file.js';

export interface FileSplice {
  file: string;
  /** Where to read the file (a worker reads it itself), or its bytes. */
  path?: string;
  bytes?: Uint8Array;
  edits: EntryEdit[];
  /** Where to write the new text at once (a temporary name the caller renames into place). */
  temporary?: string;
  /** Each cycle's place in time. */
  order: ReadonlyMap<string, number>;
}

export type SpliceOutcome =
  /** `writeError`: the new text could not be written to the temporary name. */
  | { file: string; bytes: Uint8Array; writeError?: string }
  /** The file's layout does not let plan write this action's update safely. */
  | { file: string; refused: { action: string; message: string } };

const encoder = new TextEncoder();

export function spliceFile(task: FileSplice): SpliceOutcome {
  const bytes = task.bytes ?? new Uint8Array(readFileSync(task.path!));
  const decoded = decodeSource(bytes);
  if (!decoded.ok) throw new Error(`${task.file} could not be read again: ${decoded.message}`);
  const bom = bytes[0] === 0xef ? '\uFEFF' : '';
  try {
    const { text, written } = spliceEntries(decoded.text, task.edits, task.order, (flow) => jsYaml.load(flow));
    verifyWritten(written, task.edits);
    const out = encoder.encode(bom + text);
    // Written here, on the thread that made it: the main thread is busy checking, and would leave an
    // asynchronous write waiting.
    const writeError = task.temporary ? writeReserved(task.temporary, out) : undefined;
    return { file: task.file, bytes: out, ...(writeError !== undefined ? { writeError } : {}) };
  } catch (error) {
    if (!(error instanceof SpliceError)) throw error;
    return { file: task.file, refused: { action: error.action, message: error.message } };
  }
}

/**
 * The lines written for each update, read back on their own, must say exactly what was meant: the
 * entry set and, where a one-line map of cycles was rewritten, every other cycle as the file had it. A miss
 * is a fault in plan, and stops the run before anything is written.
 */
function verifyWritten(written: readonly Written[], edits: readonly EntryEdit[]): void {
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
