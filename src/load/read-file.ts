// Turns one plan file's bytes into data, or into the one diagnostic that says why it cannot be read
// as a plan file: not readable at all, not UTF-8 text, nested absurdly deep (checked before any parser builds a tree),
// not well-formed YAML, or not a mapping. Nothing here knows the plan's rules.
import { readConfined, readRegularFile, type FileStamp } from '../confine.js';
import type { FileResult } from '../plan/files.js';
import { diagnostic, type RuleCode } from '../rules/codes.js';
import type { FileKind } from '../schema/definitions.js';
import { decodeSource } from './decode.js';
import { SourceLocator } from './locate.js';
import { findExcessiveNesting } from './nesting.js';
import { parseYaml } from './parse.js';
import { unreadableFile } from './unreadable.js';

export interface FileTask {
  /** Relative to the plan directory, with forward slashes. */
  file: string;
  kind: FileKind;
  /** The file's bytes; or, for a worker thread that reads the file itself, where it is. */
  bytes?: Uint8Array;
  path?: string;
  /** With `path`: the folder (a real path) the file must resolve inside (see confine.ts). */
  root?: string;
  /**
   * The file was listed as a plain entry (not a link) of a plan folder inside `root`: it is opened
   * without following a link, which keeps the rule without resolving the path (thousands of files
   * make that worth it). Should it have become a link since, the open fails and it is refused.
   */
  listedPlain?: boolean;
}

export type ReadFile = { ok: true; text: string; data: Record<string, unknown>; bytes: Uint8Array; stamp?: FileStamp } | { ok: false; result: FileResult };

export function readPlanFile(task: FileTask): ReadFile {
  const { file, kind } = task;
  let bytes = task.bytes;
  let stamp: FileStamp | undefined;
  if (!bytes) {
    try {
      if (task.path === undefined || task.root === undefined) throw new Error(`plan file ${file} given neither its bytes nor where it may be read`);
      ({ bytes, stamp } = task.listedPlain ? readRegularFile(task.path, 'plan-file', file) : readConfined(task.path, 'plan-file', [task.root], file));
    } catch (error) {
      return { ok: false, result: unreadableFile(file, kind, error) };
    }
  }
  const fail = (code: RuleCode, message: string, hint: string, position?: { line: number; column: number }): ReadFile => ({
    ok: false,
    result: { file, kind, summary: null, diagnostics: [diagnostic(code, { message, file, path: [], hint, ...(position ? { range: { start: position, end: position } } : {}) })] },
  });
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return fail(decoded.code, capitalize(decoded.message), decoded.hint, decoded.position);
  const text = decoded.text;
  const deep = findExcessiveNesting(text);
  if (deep) {
    return fail(
      'NESTING_TOO_DEEP',
      'The YAML is nested far more deeply than a plan needs (over a hundred levels)',
      'Check this line for runaway indentation or unclosed brackets; plan files need only a few levels of nesting.',
      deep,
    );
  }
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const position = parsed.code === 'ALIAS_EXPANSION' ? new SourceLocator(text).firstAlias().start : parsed.position;
    return fail(parsed.code, capitalize(parsed.message), parsed.hint, position);
  }
  return { ok: true, text, data: parsed.data, bytes, ...(stamp ? { stamp } : {}) };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
