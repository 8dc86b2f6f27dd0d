// Rules report findings against a path in the file's data; the file processor turns them into
// diagnostics with source positions, parsing for positions only when there is something to place.
import type { DataPath, Severity } from '../diagnostics.js';
import { RULES, type RuleCode } from './codes.js';

export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  path: DataPath;
  /** Point at the key rather than the value (an unknown property, a duplicate key). */
  target: 'value' | 'key';
  hint?: string;
  /** Another place the finding concerns (the first use of a duplicated id), named in the message by its line. */
  related?: { file?: string; path: DataPath };
}

export class Findings {
  readonly list: Finding[] = [];

  add(code: RuleCode, path: DataPath, message: string, hint?: string, target: 'value' | 'key' = 'value'): void {
    this.list.push({ code, severity: RULES[code].severity, message, path, target, ...(hint ? { hint } : {}) });
  }

  /** A finding about a second use of something first used at `firstPath` in the same file. */
  addRepeat(code: RuleCode, path: DataPath, firstPath: DataPath, message: string, hint: string): void {
    this.list.push({ code, severity: RULES[code].severity, message, path, target: 'value', hint, related: { path: firstPath } });
  }
}
