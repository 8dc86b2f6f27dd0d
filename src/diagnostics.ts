// Diagnostics are data: a stable code, a severity, a message in the plan's own terms, and where.
// Text for people is made from them by the formatters, at the edge.

export type Severity = 'error' | 'warning';

/** A path inside a YAML document: keys and sequence indexes from the root. */
export type DataPath = readonly (string | number)[];

/** A 0-based position in a file. Formatters add 1 when they print. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Another place a diagnostic concerns (the first use of a duplicated id), as SARIF's relatedLocations. */
export interface RelatedLocation {
  file: string;
  path: DataPath;
  range?: Range;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** The file, relative to the plan directory, with forward slashes. */
  file: string;
  /** Where in the file's data the problem is; empty for a problem with the file as a whole. */
  path: DataPath;
  range?: Range;
  /** What to do about it. */
  hint?: string;
  related?: RelatedLocation[];
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file === 'plan.yaml' ? -1 : b.file === 'plan.yaml' ? 1 : a.file < b.file ? -1 : 1;
  const la = a.range?.start.line ?? -1;
  const lb = b.range?.start.line ?? -1;
  if (la !== lb) return la - lb;
  const ca = a.range?.start.column ?? -1;
  const cb = b.range?.start.column ?? -1;
  if (ca !== cb) return ca - cb;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}

export function formatDataPath(path: DataPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${key}` : key;
  }
  return out;
}
