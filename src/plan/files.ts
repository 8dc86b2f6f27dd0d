// What checking one plan file yields: its diagnostics, a summary of the ids it declares for the
// rules that span files, and (when asked for) its data. The loader makes these; rules and the model
// read them.
import type { DataPath, Diagnostic } from '../diagnostics.js';
import type { FileKind } from '../schema/definitions.js';

/** An id a file declares, for the plan-wide uniqueness check. */
export type DeclaredId = [id: string, path: DataPath];

/** What the cross-file rules need to know of a file, without its whole data. */
export interface FileSummary {
  /** The school or office an action plan file belongs to. */
  owner?: string;
  /** The school year an action plan file is for, when it names one (one file per school year). */
  schoolYear?: string;
  declared: DeclaredId[];
  /** Strategy ids that actions in this file carry out. */
  strategiesCarried: string[];
  /** The file records approvals of its plan (a compliance profile's). */
  approved?: true;
}

export interface FileResult {
  file: string;
  kind: FileKind;
  diagnostics: Diagnostic[];
  /** Null when the file could not be parsed. */
  summary: FileSummary | null;
  data?: Record<string, unknown>;
}

