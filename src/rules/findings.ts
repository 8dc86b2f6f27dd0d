// Rules report findings against a path in the file's data; the file processor turns them into
// diagnostics with source positions, parsing for positions only when there is something to place.
import type { DataPath } from '../diagnostics.js';
import type { RuleCode } from './codes.js';

export interface Finding {
  code: RuleCode;
  /** The file it is in; the file being checked when left out. */
  file?: string;
  message: string;
  path: DataPath;
  /** Point at the key rather than the value (an unknown property, a duplicate key). */
  target: 'value' | 'key';
  hint?: string;
  /** Another place the finding concerns (the first use of a duplicated id); the file being checked when no file is named. */
  related?: { file?: string; path: DataPath };
}

export class Findings {
  readonly list: Finding[] = [];

  add(code: RuleCode, path: DataPath, message: string, hint?: string, target: 'value' | 'key' = 'value'): void {
    this.list.push({ code, message, path, target, ...(hint ? { hint } : {}) });
  }

  /** A finding about a second use of something first used at `firstPath` in the same file. */
  addRepeat(code: RuleCode, path: DataPath, firstPath: DataPath, message: string, hint: string): void {
    this.list.push({ code, message, path, target: 'value', hint, related: { path: firstPath } });
  }
}
