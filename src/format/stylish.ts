// The default output for people: diagnostics grouped by file, position, severity, message, code,
// and the suggested fix beneath.
import type { Diagnostic } from '../diagnostics.js';
import type { Paint } from './paint.js';
import { lineColumn, type ValidationReport } from './report.js';

export interface StylishOptions {
  paint: Paint;
  /** Leave warnings out of the listing (the exit code still counts them). */
  quiet?: boolean;
}

export function formatStylish(report: ValidationReport, { paint, quiet = false }: StylishOptions): string {
  const shown = quiet ? report.diagnostics.filter((d) => d.severity === 'error') : report.diagnostics;
  const lines: string[] = [];
  const byFile = new Map<string, typeof shown[number][]>();
  for (const d of shown) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  for (const [file, list] of byFile) {
    lines.push(paint.underline(report.displayPath(file)));
    const positions = list.map((d) => {
      const lc = lineColumn(d);
      return lc ? `${lc.line}:${lc.column}` : '';
    });
    const width = Math.max(...positions.map((p) => p.length));
    list.forEach((d, i) => {
      const severity = d.severity === 'error' ? paint.red('error  ') : paint.yellow('warning');
      lines.push(`  ${paint.dim(positions[i]!.padEnd(width))}  ${severity}  ${d.message}  ${paint.dim(d.code)}`);
      if (d.hint) lines.push(`  ${' '.repeat(width)}           ${paint.dim(`→ ${d.hint}`)}`);
    });
    lines.push('');
  }
  lines.push(summaryLine(report, paint));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(report: ValidationReport, paint: Paint): string {
  const { errorCount, warningCount, fileCount } = report;
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (errorCount === 0 && warningCount === 0) return paint.green(`✔ ${report.planDir}: the plan is valid (${files} checked)`);
  const parts = `${errorCount} error${errorCount === 1 ? '' : 's'}, ${warningCount} warning${warningCount === 1 ? '' : 's'}`;
  if (errorCount === 0) return paint.yellow(`✔ ${report.planDir}: the plan is valid, with ${parts.replace(/^0 errors, /, '')} (${files} checked)`);
  return paint.red(paint.bold(`✖ ${report.planDir}: ${parts} (${files} checked)`));
}

/** A few errors on one line each (file:line:column, message, code) and how many more there are: for a command that stops on them. */
export function formatBrief(diagnostics: readonly Diagnostic[], limit = 5): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const lines = errors.slice(0, limit).map((d) => {
    const lc = lineColumn(d);
    return `  ${d.file}${lc ? `:${lc.line}:${lc.column}` : ''}  ${d.message}  ${d.code}`;
  });
  if (errors.length > limit) lines.push(`  ... and ${errors.length - limit} more: run plan validate on it.`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
