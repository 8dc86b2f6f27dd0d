// Machine-readable output. The shape is documented in the README and versioned by `version`.
import { formatDataPath } from '../diagnostics.js';
import { lineColumn, type ValidationReport } from './report.js';

export function formatJson(report: ValidationReport): string {
  const output = {
    version: 1,
    plan: report.planDir,
    valid: report.errorCount === 0,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    fileCount: report.fileCount,
    diagnostics: report.diagnostics.map((d) => {
      const lc = lineColumn(d);
      return {
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.hint ? { hint: d.hint } : {}),
        file: report.displayPath(d.file),
        planFile: d.file,
        path: formatDataPath(d.path),
        line: lc?.line ?? null,
        column: lc?.column ?? null,
        endLine: lc?.endLine ?? null,
        endColumn: lc?.endColumn ?? null,
        ...(d.related?.length
          ? { related: d.related.map((r) => ({ file: report.displayPath(r.file), planFile: r.file, path: formatDataPath(r.path), line: r.range ? r.range.start.line + 1 : null, column: r.range ? r.range.start.column + 1 : null, message: r.message })) }
          : {}),
      };
    }),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
