// GitHub Actions workflow commands, so that each problem shows on the pull request's changed lines.
// Escaping follows @actions/core: %, CR and LF in the message; also : and , in properties.
import { formatDataPath } from '../diagnostics.js';
import { lineColumn, type ValidationReport } from './report.js';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: ValidationReport, { quiet = false } = {}): string {
  const lines: string[] = [];
  for (const d of report.diagnostics) {
    if (quiet && d.severity !== 'error') continue;
    const lc = lineColumn(d);
    const props = [`file=${escapeProperty(report.displayPath(d.file))}`];
    if (lc) props.push(`line=${lc.line}`, `col=${lc.column}`, `endLine=${lc.endLine}`, `endColumn=${lc.endColumn}`);
    props.push(`title=${escapeProperty(`plan ${d.code}`)}`);
    const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
    lines.push(`::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(message)}`);
  }
  const { errorCount, warningCount } = report;
  lines.push(`plan validate: ${errorCount} error${errorCount === 1 ? '' : 's'}, ${warningCount} warning${warningCount === 1 ? '' : 's'} in ${report.planDir}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A Markdown table of every diagnostic for $GITHUB_STEP_SUMMARY: GitHub shows only ten annotations of
 * each severity per step, so the full list goes to the job summary.
 */
export function formatStepSummary(report: ValidationReport): string {
  const { errorCount, warningCount } = report;
  const lines = [
    `### plan validate: ${report.planDir}`,
    '',
    errorCount === 0 ? `The plan is valid (${warningCount} warning${warningCount === 1 ? '' : 's'}).` : `**${errorCount} error${errorCount === 1 ? '' : 's'}**, ${warningCount} warning${warningCount === 1 ? '' : 's'}.`,
    '',
  ];
  if (report.diagnostics.length) {
    lines.push('| | File | Line | Code | Problem |', '|---|---|---|---|---|');
    for (const d of report.diagnostics) {
      const lc = lineColumn(d);
      const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      lines.push(
        `| ${d.severity === 'error' ? '❌' : '⚠️'} | ${cell(report.displayPath(d.file))} | ${lc?.line ?? ''} | ${d.code} | ${cell(d.message)}${d.hint ? `<br>${cell(d.hint)}` : ''} (${cell(formatDataPath(d.path))}) |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
