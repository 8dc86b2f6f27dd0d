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
}

export class Findings {
  readonly list: Finding[] = [];

  add(code: RuleCode, path: DataPath, message: string, hint?: string, target: 'value' | 'key' = 'value'): void {
    this.list.push({ code, severity: RULES[code].severity, message, path, target, ...(hint ? { hint } : {}) });
  }
}
