// SARIF 2.1.0 for code scanning (GitHub and other tools that read static-analysis results): one run,
// a rules table with every code the toolkit can emit, and each diagnostic at its file, with a
// region in 1-based lines and columns. URIs are relative to the working directory (the repository
// root in CI), under the %SRCROOT% base.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type RuleCode } from '../rules/codes.js';
import { lineColumn, type ValidationReport } from './report.js';

export interface SarifOptions {
  toolVersion: string;
}

const CODES = Object.keys(RULES) as RuleCode[];
const INDEX = new Map(CODES.map((code, i) => [code, i]));

// NOT_A_MAPPING -> NotAMapping: SARIF's rule name is a readable identifier.
function ruleName(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  // A plan outside the working directory is named by an absolute path: a file: URI, no base.
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function formatSarif(report: ValidationReport, options: SarifOptions): string {
  const rules = CODES.map((code) => ({
    id: code,
    name: ruleName(code),
    shortDescription: { text: RULES[code].description },
    fullDescription: { text: RULES[code].description },
    help: { text: `${RULES[code].description} The README's "What is checked" table lists every code.` },
    defaultConfiguration: { level: RULES[code].severity === 'error' ? 'error' : 'warning' },
  }));
  const results = report.diagnostics.map((d) => {
    const lc = lineColumn(d);
    const text = d.hint ? `${d.message}. ${d.hint}` : `${d.message}.`;
    return {
      ruleId: d.code,
      ...(INDEX.has(d.code as RuleCode) ? { ruleIndex: INDEX.get(d.code as RuleCode)! } : {}),
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(report.displayPath(d.file)),
            ...(lc ? { region: { startLine: lc.line, startColumn: lc.column, endLine: lc.endLine, endColumn: lc.endColumn } } : {}),
          },
        },
      ],
      ...(d.related?.length
        ? {
            relatedLocations: d.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: {
                artifactLocation: artifactLocation(report.displayPath(r.file)),
                ...(r.range ? { region: { startLine: r.range.start.line + 1, startColumn: r.range.start.column + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.column + 1 } } : {}),
              },
            })),
          }
        : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'plan',
            fullName: 'plan-as-code: plan validate',
            semanticVersion: options.toolVersion,
            version: options.toolVersion,
            informationUri: 'https://github.com/plan-as-code/plan',
            rules,
          },
        },
        // Columns come from the yaml package's line counter, which counts UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
