// Findings become diagnostics here, and only here: each is placed at its line and column, and a
// related place (the first use of a duplicated id) is kept as data and named in the message by its
// line, in one wording whether it is in the same file or another.
import type { DataPath, Diagnostic, Range } from '../diagnostics.js';
import { formatDataPath } from '../diagnostics.js';
import { diagnostic } from './codes.js';
import type { Finding } from './findings.js';

/** What finds a data path's place in a file's text (the loader's SourceLocator). */
export interface Locator {
  rangeOf(path: DataPath, target?: 'value' | 'key'): Range;
}

/** A file's locator, or null when its text cannot be had (then places are named by data path). */
export type LocatorFor = (file: string) => Locator | null;

export function placeFindings(findings: readonly Finding[], file: string, locatorFor: LocatorFor): Diagnostic[] {
  return findings.map((finding) => {
    const at = finding.file ?? file;
    const locator = locatorFor(at);
    let message = finding.message;
    const related: Diagnostic['related'] = [];
    if (finding.related) {
      const relatedFile = finding.related.file ?? at;
      const relatedLocator = locatorFor(relatedFile);
      const range = relatedLocator?.rangeOf(finding.related.path);
      const line = range ? `line ${range.start.line + 1}` : '';
      const where = relatedFile === at ? `at ${line || formatDataPath(finding.related.path)}` : `in ${relatedFile}${line ? ` ${line}` : ''}`;
      message = `${message}; it is first used ${where}`;
      related.push({ file: relatedFile, path: finding.related.path, ...(range ? { range } : {}), message: 'first used here' });
    }
    return diagnostic(finding.code, {
      message,
      file: at,
      path: finding.path,
      ...(locator ? { range: locator.rangeOf(finding.path, finding.target) } : {}),
      ...(finding.hint ? { hint: finding.hint } : {}),
      ...(related.length ? { related } : {}),
    });
  });
}
