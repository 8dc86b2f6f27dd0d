// What the validation formatters take: the diagnostics and how to name files to the reader.
import type { Diagnostic } from '../diagnostics.js';

export interface ValidationReport {
  /** The plan directory as the user named it. */
  planDir: string;
  diagnostics: readonly Diagnostic[];
  errorCount: number;
  warningCount: number;
  fileCount: number;
  /** Name of a plan file as the reader should see it (relative to the working directory). */
  displayPath(file: string): string;
}

/** 1-based line and column, as editors and CI systems count. */
export function lineColumn(d: Diagnostic): { line: number; column: number; endLine: number; endColumn: number } | null {
  if (!d.range) return null;
  return {
    line: d.range.start.line + 1,
    column: d.range.start.column + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.column + 1,
  };
}
